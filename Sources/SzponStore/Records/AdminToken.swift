import Crypto
import Foundation
import SzponContent

/// Admin tokens are stored as SHA-256 hex digests only; a stolen results file
/// holds no usable credential.
public enum AdminToken {
    public static func hash(_ token: String) -> String {
        ContentHash.hex(SHA256.hash(data: Data(token.utf8)))
    }
}
