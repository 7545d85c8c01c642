import Foundation

/// Staff accounts for `/panel`, on both backends (`SQLiteResultStore` and
/// `PostgresResultStore`, each through `StaffSQL`, so both run the same SQL). The store
/// keeps no secret in a usable form: invitation tokens and session ids by their SHA-256
/// (`AdminToken.hash`), passwords as bcrypt hashes made by the server.
public protocol StaffStore: Sendable {
    /// Stores an invitation for the person, replacing (and so voiding) every earlier one of
    /// theirs. False when there is no such person.
    func createStaffInvitation(_ invitation: StaffInvitation) async throws -> Bool
    /// The invitation with that token hash if it is still usable at `now`: not used, not
    /// expired, its person active.
    func staffInvitation(tokenHash: String, now: Date) async throws -> StaffInvitation?
    /// Uses the invitation and sets the person's password in one transaction; every open
    /// session of the person ends. The person's id; nil when the invitation is not usable
    /// (used meanwhile, expired, superseded, its person gone or inactive).
    func acceptStaffInvitation(tokenHash: String, passwordHash: String, now: Date) async throws -> String?
    /// The active person whose id is `login`, or else whose email is `login` (ignoring
    /// ASCII case), with their password hash if they have set one.
    func staffCredential(login: String) async throws -> StaffCredential?

    /// Stores a session, after removing every session expired at its `createdAt`. False when
    /// its person is not, or no longer, active.
    func createStaffSession(_ session: StaffSession) async throws -> Bool
    /// The session with that hash if it is still valid at `now`; an expired one is removed.
    func staffSession(hash: String, now: Date) async throws -> StaffSession?
    /// Signs a session out. True when it was there.
    func removeStaffSession(hash: String) async throws -> Bool

    /// When the account (`StaffAccountKey`) may next try to sign in, if that is after `now`.
    func staffSignInBlocked(account: String, now: Date) async throws -> Date?
    /// Counts a failed sign-in of the account under `policy`; until when it is now held
    /// back (nil: not held back). Atomic, so nodes sharing the store count every failure.
    func recordStaffSignInFailure(account: String, policy: SignInPolicy, now: Date) async throws -> Date?
    /// Forgets the account's failures (after a right password).
    func clearStaffSignInFailures(account: String) async throws
}

/// A one-time invitation to set a password, as `szpon people invite` makes it.
public struct StaffInvitation: Sendable, Hashable {
    /// Hex SHA-256 of the token in the link.
    public var tokenHash: String
    public var personID: String
    public var createdAt: Date
    public var expiresAt: Date
    public var usedAt: Date?

    /// How long a link works: a week, long enough for someone on leave for a few days.
    public static let lifetime: TimeInterval = 7 * 24 * 60 * 60

    public init(tokenHash: String, personID: String, createdAt: Date, expiresAt: Date? = nil, usedAt: Date? = nil) {
        self.tokenHash = tokenHash
        self.personID = personID
        self.createdAt = createdAt
        self.expiresAt = expiresAt ?? createdAt.addingTimeInterval(Self.lifetime)
        self.usedAt = usedAt
    }
}

/// Who a login names, and their password hash (nil until they accept an invitation).
public struct StaffCredential: Sendable, Hashable {
    public var personID: String
    public var passwordHash: String?

    public init(personID: String, passwordHash: String?) {
        self.personID = personID
        self.passwordHash = passwordHash
    }
}

/// A signed-in person's panel session; the cookie holds the random id, the store its hash.
/// It lasts a fixed `lifetime` from sign-in (activity does not extend it).
public struct StaffSession: Sendable, Hashable {
    /// Hex SHA-256 of the session id.
    public var hash: String
    public var personID: String
    public var createdAt: Date
    public var expiresAt: Date

    public static let lifetime: TimeInterval = 8 * 60 * 60

    public init(hash: String, personID: String, createdAt: Date, expiresAt: Date? = nil) {
        self.hash = hash
        self.personID = personID
        self.createdAt = createdAt
        self.expiresAt = expiresAt ?? createdAt.addingTimeInterval(Self.lifetime)
    }
}

/// How failed sign-ins hold an account back, the same numbers as `AdminAttemptLimiter`
/// holds a client back: the first `freeFailures` cost nothing, then each failure makes the
/// account wait `slowStep` seconds longer than the one before; from the `lockAfter`th on,
/// each locks it for `lockout`. Failures older than `forgetAfter` are forgotten.
public struct SignInPolicy: Sendable, Hashable {
    public var freeFailures = 5
    public var slowStep: TimeInterval = 10
    public var lockAfter = 20
    public var lockout: TimeInterval = 15 * 60
    public var forgetAfter: TimeInterval = 60 * 60

    public init() {}

    /// Until when an account with `failures` failures, the last at `now`, waits; nil: not at all.
    public func blockedUntil(failures: Int, now: Date) -> Date? {
        if failures >= lockAfter { return now.addingTimeInterval(lockout) }
        if failures >= freeFailures { return now.addingTimeInterval(slowStep * Double(failures - freeFailures + 1)) }
        return nil
    }
}

/// The key failed sign-ins are counted under: a person's, however they typed their login
/// (id or email), or else the login itself, so that a login naming no one is held back
/// exactly as one naming someone (the answers never tell the two apart). Hashed, so the
/// table holds no email typed by mistake.
public enum StaffAccountKey {
    public static func person(_ id: String) -> String { AdminToken.hash("person:" + id) }
    public static func login(_ login: String) -> String { AdminToken.hash("login:" + login.lowercased()) }
}

/// The audit log's actions written for staff accounts.
extension AuditAction {
    public static let invite = "person.invite"
    public static let passwordSet = "person.password-set"
}
