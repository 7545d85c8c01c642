import Foundation
import HummingbirdOTP
import SzponStore

/// The admin page's second factor: TOTP (RFC 6238: HMAC-SHA-1, 30-second steps, 6 digits,
/// what every authenticator app does by default) through HummingbirdOTP, plus ten one-time
/// recovery codes for a lost phone.
///
/// The store keeps the secret as it is (a code cannot be checked without it) and the recovery
/// codes only hashed. A code is accepted for the current step or one step either side (clock
/// drift), and only once: the store remembers the last accepted step and refuses it and every
/// earlier one.
public enum AdminTOTP {
    public static let timeStep = 30
    public static let digits = 6
    public static let recoveryCodeCount = 10
    /// Steps accepted on either side of the server's current one.
    static let drift: Int64 = 1

    public struct Enrolment: Sendable {
        /// The HMAC key, as stored.
        public let secret: String
        /// `otpauth://totp/…`: for an authenticator app (as a QR code or pasted).
        public let uri: String
        /// Shown once; each signs in once in place of a code.
        public let recoveryCodes: [String]
    }

    /// A new secret, its otpauth:// address and fresh recovery codes, for `account`
    /// (shown in the authenticator app as "szpon:account").
    public static func enrolment(account: String) -> Enrolment {
        // HummingbirdOTP takes the secret as text and uses its UTF-8 bytes as the key: 32
        // random letters and digits are 190 bits, above RFC 4226's recommended 160.
        let secret = randomString(length: 32, alphabet: Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"))
        let uri = TOTP(secret: secret, length: digits, timeStep: timeStep, hashFunction: .sha1)
            .createAuthenticatorURL(label: "szpon:" + account, issuer: "szpon")
        let codes = (0..<recoveryCodeCount).map { _ in
            let code = randomString(length: 10, alphabet: Array(recoveryAlphabet))
            return String(code.prefix(5)) + "-" + String(code.suffix(5))
        }
        return Enrolment(secret: secret, uri: uri, recoveryCodes: codes)
    }

    /// 32 symbols, none easily misread (no l, o, 0, 1): 5 bits each, 50 bits a code.
    static let recoveryAlphabet = "abcdefghijkmnpqrstuvwxyz23456789"

    /// What the store keeps of a recovery code: the hash of its normalised form, so that
    /// "ABCDE-FGHIJ", "abcde fghij" and "abcdefghij" are the same code.
    public static func recoveryCodeHash(_ code: String) -> String {
        AdminToken.hash(normalised(code))
    }

    static func normalised(_ code: String) -> String {
        String(code.lowercased().filter { !$0.isWhitespace && $0 != "-" })
    }

    /// A typed code is a TOTP code when it is six digits, a recovery code otherwise.
    static func isTOTPCode(_ code: String) -> Bool {
        let code = normalised(code)
        return code.count == digits && code.allSatisfy { $0.isASCII && $0.isNumber }
    }

    static func step(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / Double(timeStep)).rounded(.down))
    }

    /// The time step whose code `code` is, within the drift window around `now`; nil if none.
    static func matchingStep(code: String, secret: String, now: Date) -> Int64? {
        guard isTOTPCode(code), let typed = Int(normalised(code)) else { return nil }
        let totp = TOTP(secret: secret, length: digits, timeStep: timeStep, hashFunction: .sha1)
        let current = step(at: now)
        for candidate in (current - drift)...(current + drift) {
            let start = Date(timeIntervalSince1970: Double(candidate) * Double(timeStep))
            if totp.compute(date: start) == typed { return candidate }
        }
        return nil
    }

    private static func randomString(length: Int, alphabet: [Character]) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
