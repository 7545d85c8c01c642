import Dispatch
import HummingbirdBcrypt

/// Passwords: bcrypt at cost 12 (a quarter of a second or so per try, which is the point),
/// run on a dispatch queue so the server's event loops and its async tasks are not held
/// while it works.
enum PanelPassword {
    static let cost: UInt8 = 12
    static let minimumLength = 12
    /// Longer is refused: bcrypt reads 72 bytes, and a huge one is only work for us.
    static let maximumLength = 200

    enum Problem: Equatable {
        case tooShort
        case tooLong
        case mismatch
    }

    /// Why a new password (and its confirmation) is refused; nil when it is fine.
    static func problem(_ password: String, confirmation: String) -> Problem? {
        if password.count < minimumLength { return .tooShort }
        // A NUL would end the password early for bcrypt's C code.
        if password.count > maximumLength || password.contains("\0") { return .tooLong }
        if password != confirmation { return .mismatch }
        return nil
    }

    static func hash(_ password: String) async -> String {
        await offLoop { Bcrypt.hash(password, cost: cost) }
    }

    /// Checks a password; without a hash (no such account, or no password set) it checks
    /// against a throwaway one, so the answer takes as long either way.
    static func verify(_ password: String, hash: String?) async -> Bool {
        await offLoop {
            let matches = Bcrypt.verify(password, hash: hash ?? standIn)
            return hash != nil && matches
        }
    }

    private static let standIn = Bcrypt.hash("szpon: no such account", cost: cost)

    private static func offLoop<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: work()) }
        }
    }
}
