import Crypto
import Foundation

/// Admin tokens are stored as SHA-256 hex digests only; a stolen results file
/// holds no usable credential.
public enum AdminToken {
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
