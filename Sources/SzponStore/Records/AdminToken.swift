import Crypto
import Foundation

/// Admin tokens are stored as SHA-256 hex digests only; a stolen results file
/// holds no usable credential. Session ids and recovery codes are stored the same way.
public enum AdminToken {
    public static func hash(_ token: String) -> String {
        ContentHash.hex(SHA256.hash(data: Data(token.utf8)))
    }

    /// How many hex characters of the hash name a token in the CLI (`szpon admin tokens`).
    public static let shortIDLength = 12

    /// `count` random bytes from the system's generator, base64url without padding.
    public static func randomBase64URL(bytes count: Int = 32) -> String {
        var bytes = [UInt8](repeating: 0, count: count)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = UInt8.random(in: .min ... .max, using: &generator) }
        return base64URL(Data(bytes))
    }

    /// HMAC-SHA256 of `message` under `key`, base64url: values derived from a secret (the
    /// form token of a session, from its id) that nobody without the secret can make.
    public static func mac(_ message: String, key: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: Data(key.utf8)))
        return base64URL(Data(code))
    }

    /// Compares two secrets in time that depends on their lengths only, not on where they differ.
    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }

    /// Base64url (RFC 4648, section 5) without padding.
    public static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
