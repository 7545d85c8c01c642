import Foundation

/// A signed-in admin page session. The cookie holds a random id; the store keeps only its
/// SHA-256 (`AdminToken.hash`), so a copied results file holds no usable session.
/// A session ends at `expiresAt` (fixed: signing in again starts a new one), when it is
/// signed out, or when its token is revoked.
public struct AdminSession: Sendable, Hashable {
    /// Hex SHA-256 of the session id.
    public var hash: String
    /// Hex SHA-256 of the token the session was signed in with.
    public var tokenHash: String
    public var createdAt: Date
    public var expiresAt: Date
    /// The sign-in passed a second factor (a TOTP code or a recovery code).
    public var secondFactor: Bool

    public init(hash: String, tokenHash: String, createdAt: Date, expiresAt: Date, secondFactor: Bool) {
        self.hash = hash
        self.tokenHash = tokenHash
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.secondFactor = secondFactor
    }
}

/// An admin token as `szpon admin tokens` lists it; the token itself is never stored.
public struct AdminTokenInfo: Sendable, Hashable {
    /// Hex SHA-256 of the token.
    public var hash: String
    public var label: String
    public var createdAt: Date
    /// A TOTP second factor is enrolled.
    public var totp: Bool
    /// Recovery codes not used yet (0 without TOTP).
    public var recoveryCodesLeft: Int

    /// The first 12 hex characters of the hash: how the CLI names a token.
    public var shortID: String { String(hash.prefix(AdminToken.shortIDLength)) }

    public init(hash: String, label: String, createdAt: Date, totp: Bool, recoveryCodesLeft: Int) {
        self.hash = hash
        self.label = label
        self.createdAt = createdAt
        self.totp = totp
        self.recoveryCodesLeft = recoveryCodesLeft
    }
}

/// A token's TOTP second factor, as the server checks it.
public struct AdminTOTPState: Sendable, Hashable {
    /// The shared secret (the key of RFC 6238's HMAC): kept as it is, since checking a code
    /// needs it. It is useless without the token, which is stored only hashed.
    public var secret: String
    /// The last time step (Unix time / 30 s) whose code was accepted; that code and every
    /// earlier one are refused, so a code works once.
    public var lastStep: Int64?

    public init(secret: String, lastStep: Int64?) {
        self.secret = secret
        self.lastStep = lastStep
    }
}
