import Foundation

/// Where learners' records are kept: SQLite (`SQLiteResultStore`) by default.
///
/// Ingest rules (xAPI / ODK Central): a record is stored once per id. The digest of a
/// record is the SHA-256 of its canonical JSON (`JSONValue.canonical` of the whole record).
/// - same id, same digest: `duplicate` (with the stored attempt's server score), nothing written;
/// - same id, different digest: `conflict`; the first stored record wins and the new version is
///   kept aside once per distinct digest for an admin;
/// - invalid, or for a site the store does not serve: `rejected` with a reason, and kept in the
///   rejections table (once per distinct content, with a count of how often it came).
/// Records repeated inside one batch behave as if they were sent one after the other.
public protocol ResultStore: PeopleStore, StaffStore, EnrollmentStore {
    /// Validates, rescoring attempts with the store's scorer, and writes the batch in one durable
    /// transaction. One result per input, in order. Never a partial write of a batch: either every
    /// stored/conflict/rejected row of the batch is committed, or the call throws and nothing is.
    func ingest(_ records: [JSONValue], source: IngestSource) async throws -> [IngestResult]
    func report(_ filter: ReportFilter) async throws -> Report
    /// The attempt-level export (`GradebookRow`), narrowed by the filter's course and site.
    func gradebook(_ filter: ReportFilter) async throws -> [GradebookRow]
    /// Adds a token (by its hash; the store never sees the token), or relabels it if known.
    func addAdminToken(hash: String, label: String) async throws
    func isAdminToken(hash: String) async throws -> Bool
    /// Every admin token, oldest first.
    func adminTokens() async throws -> [AdminTokenInfo]
    /// Revokes a token: removes it with its sessions, its TOTP secret and its recovery codes,
    /// in one transaction. True when it was there.
    func removeAdminToken(hash: String) async throws -> Bool

    // Admin page sessions (see `AdminSession`). Times are compared as instants.

    /// Stores a new session, after removing every session expired at `session.createdAt`.
    /// False (nothing stored) when its token is not, or no longer, known.
    func createAdminSession(_ session: AdminSession) async throws -> Bool
    /// The session with that hash if it is still valid at `now`; an expired one is removed
    /// and nil returned.
    func adminSession(hash: String, now: Date) async throws -> AdminSession?
    /// Signs a session out. True when it was there.
    func removeAdminSession(hash: String) async throws -> Bool
    /// Removes the sessions expired at `now`; how many.
    func removeExpiredAdminSessions(now: Date) async throws -> Int

    // TOTP second factor (see `AdminTOTPState`).

    /// Enrols (or enrols again) a token: the secret and the recovery codes (by hash) replace
    /// any earlier ones, and the token's open sessions end. False when the token is unknown.
    func enrolAdminTOTP(tokenHash: String, secret: String, recoveryCodeHashes: [String], now: Date) async throws -> Bool
    /// The token's TOTP state; nil when none is enrolled.
    func adminTOTP(tokenHash: String) async throws -> AdminTOTPState?
    /// Accepts the code of time step `step` once: true, and `step` becomes the last accepted
    /// step, only if it is later than the last accepted one (atomically, so two sign-ins with
    /// the same code cannot both pass).
    func acceptAdminTOTPStep(tokenHash: String, step: Int64) async throws -> Bool
    /// Uses a recovery code (by hash): true the first time, false after, or for an unknown code.
    func useAdminRecoveryCode(tokenHash: String, codeHash: String, now: Date) async throws -> Bool
    /// Records by kind, conflicts, rejections (for tests and the admin page).
    func counts() async throws -> StoreCounts
}

/// How much the store holds.
public struct StoreCounts: Sendable, Hashable, Codable {
    /// All stored records.
    public var records: Int
    /// Stored records by `RecordKind.rawValue`; kinds with no record are absent.
    public var recordsByKind: [String: Int]
    /// Distinct conflicting versions kept aside.
    public var conflicts: Int
    /// Distinct rejected records kept.
    public var rejections: Int

    public init(records: Int, recordsByKind: [String: Int], conflicts: Int, rejections: Int) {
        self.records = records
        self.recordsByKind = recordsByKind
        self.conflicts = conflicts
        self.rejections = rejections
    }

    public subscript(kind: RecordKind) -> Int { recordsByKind[kind.rawValue] ?? 0 }
}

/// Errors of a store, beyond the database's own.
public enum ResultStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file was written by a newer szpon (its schema version is higher than ours).
    case newerSchema(found: Int, supported: Int)

    public var description: String {
        switch self {
        case let .newerSchema(found, supported):
            return "the results file has schema version \(found), but this szpon knows only up to \(supported); update szpon"
        }
    }
}
