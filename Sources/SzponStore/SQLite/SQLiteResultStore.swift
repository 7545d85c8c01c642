import Crypto
import Foundation
import GRDB

/// The results store in one SQLite file (GRDB `DatabasePool`, WAL, `synchronous = FULL`).
///
/// Concurrent `ingest` calls share write transactions (group commit, see `GroupCommitter`);
/// reports read from a snapshot while writes go on.
///
/// Without a scorer, an attempt is stored with an `attempt_scores` row holding the client's
/// score, `key_status` `unknown-version` and no server score, so it shows among the flagged
/// attempts and its `IngestResult.score` is nil.
public final class SQLiteResultStore: ResultStore {
    /// The schema version of files this build writes; `PRAGMA user_version` of the file.
    public static var schemaVersion: Int { Migrations.version }

    public let path: String
    public let acceptedSites: Set<String>?
    private let context: IngestContext
    let pool: DatabasePool
    private let committer: GroupCommitter

    /// Opens (creating if needed) and migrates the results file at `path`.
    /// - Parameters:
    ///   - acceptedSites: the site ids this server takes records for; nil takes any.
    ///   - scorer: rescores attempts from the answer keys.
    /// - Throws: `ResultStoreError.newerSchema` for a file written by a newer szpon, or the
    ///   database's error.
    public convenience init(path: String, acceptedSites: Set<String>? = nil, scorer: AttemptScorer? = nil) throws {
        try self.init(path: path, acceptedSites: acceptedSites, scorer: scorer, faultInjection: nil)
    }

    /// `faultInjection` is a test hook: called inside the transaction with each record's id
    /// (nil for a rejected one) just before the record is written; what it throws aborts the batch.
    init(path: String, acceptedSites: Set<String>?, scorer: AttemptScorer?,
         faultInjection: (@Sendable (String?) throws -> Void)?) throws {
        self.path = path
        self.acceptedSites = acceptedSites
        self.context = IngestContext(scorer: scorer)

        var configuration = Configuration()
        configuration.label = "szpon.results"
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        let pool = try DatabasePool(path: path, configuration: configuration)
        try pool.writeWithoutTransaction { db in
            // GRDB sets NORMAL when it enables WAL; a 2xx must mean durable, so FULL, on the
            // one writer connection, which lives as long as the pool.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Record ids are random UUIDs, so inserts touch pages all over the indexes: a
            // larger page cache (32 MiB, default 2 MiB) saves re-reading them every transaction.
            try db.execute(sql: "PRAGMA cache_size = -32768")
            let found = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            if found > Migrations.version {
                throw ResultStoreError.newerSchema(found: found, supported: Migrations.version)
            }
        }
        try SQLiteSchema.migrator.migrate(pool)
        try pool.writeWithoutTransaction { db in
            if try Int.fetchOne(db, sql: "PRAGMA user_version") != Migrations.version {
                try db.execute(sql: "PRAGMA user_version = \(Migrations.version)")
            }
        }
        self.pool = pool
        self.committer = GroupCommitter(pool: pool) { db, job in
            try Self.write(job, into: db, faultInjection: faultInjection)
        }
    }

    // MARK: - ResultStore

    public func ingest(_ records: [JSONValue], source: IngestSource) async throws -> [IngestResult] {
        if records.isEmpty { return [] }
        let context = self.context
        let acceptedSites = self.acceptedSites
        let batch = IngestBatch(
            items: records.map { IngestPipeline.prepare($0, acceptedSites: acceptedSites, context: context) },
            source: source,
            receivedAt: IncomingRecord.timestamp()
        )
        return try await committer.submit(batch)
    }

    public func report(_ filter: ReportFilter) async throws -> Report {
        try await ReportSQL(reader: try snapshot(), filter: filter).report()
    }

    public func gradebook(_ filter: ReportFilter) async throws -> [GradebookRow] {
        try await ReportSQL(reader: try snapshot(), filter: filter).gradebook()
    }

    public func addAdminToken(hash: String, label: String) async throws {
        let now = IncomingRecord.timestamp()
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO admin_tokens (hash, label, created_at) VALUES (?, ?, ?)
                    ON CONFLICT(hash) DO UPDATE SET label = excluded.label
                    """,
                arguments: [hash, label, now]
            )
        }
    }

    public func isAdminToken(hash: String) async throws -> Bool {
        try await pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM admin_tokens WHERE hash = ?)", arguments: [hash])
                ?? false
        }
    }

    public func adminTokens() async throws -> [AdminTokenInfo] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT t.hash, t.label, t.created_at, o.token_hash IS NOT NULL AS totp,
                       (SELECT COUNT(*) FROM admin_recovery_codes r
                        WHERE r.token_hash = t.hash AND r.used_at IS NULL) AS codes
                FROM admin_tokens t LEFT JOIN admin_totp o ON o.token_hash = t.hash
                ORDER BY t.created_at, t.hash
                """).map { row in
                    AdminTokenInfo(hash: row["hash"], label: row["label"],
                                   createdAt: Self.date(row["created_at"]) ?? Date(timeIntervalSince1970: 0),
                                   totp: row["totp"], recoveryCodesLeft: row["codes"])
                }
        }
    }

    /// Revokes a token; its sessions, TOTP secret and recovery codes go with it (ON DELETE CASCADE).
    @discardableResult
    public func removeAdminToken(hash: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM admin_tokens WHERE hash = ?", arguments: [hash])
            return db.changesCount > 0
        }
    }

    public func createAdminSession(_ session: AdminSession) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM admin_sessions WHERE expires_at <= ?",
                           arguments: [IncomingRecord.timestamp(session.createdAt)])
            // Inserted only while the token exists, in the same transaction as the check, so a
            // token revoked meanwhile leaves no session behind.
            try db.execute(
                sql: """
                    INSERT INTO admin_sessions (hash, token_hash, created_at, expires_at, second_factor)
                    SELECT ?, hash, ?, ?, ? FROM admin_tokens WHERE hash = ?
                    """,
                arguments: [session.hash, IncomingRecord.timestamp(session.createdAt),
                            IncomingRecord.timestamp(session.expiresAt), session.secondFactor, session.tokenHash]
            )
            return db.changesCount > 0
        }
    }

    public func adminSession(hash: String, now: Date) async throws -> AdminSession? {
        let session = try await pool.read { db -> AdminSession? in
            try Row.fetchOne(db, sql: """
                SELECT hash, token_hash, created_at, expires_at, second_factor FROM admin_sessions WHERE hash = ?
                """, arguments: [hash]).map { row in
                    AdminSession(hash: row["hash"], tokenHash: row["token_hash"],
                                 createdAt: Self.date(row["created_at"]) ?? .distantPast,
                                 expiresAt: Self.date(row["expires_at"]) ?? .distantPast,
                                 secondFactor: row["second_factor"])
                }
        }
        guard let session else { return nil }
        guard session.expiresAt > now else {
            _ = try await removeAdminSession(hash: hash)
            return nil
        }
        return session
    }

    @discardableResult
    public func removeAdminSession(hash: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM admin_sessions WHERE hash = ?", arguments: [hash])
            return db.changesCount > 0
        }
    }

    @discardableResult
    public func removeExpiredAdminSessions(now: Date) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM admin_sessions WHERE expires_at <= ?", arguments: [IncomingRecord.timestamp(now)])
            return db.changesCount
        }
    }

    public func enrolAdminTOTP(tokenHash: String, secret: String, recoveryCodeHashes: [String], now: Date) async throws -> Bool {
        try await pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM admin_tokens WHERE hash = ?)",
                                    arguments: [tokenHash]) == true else { return false }
            // The old secret's recovery codes go with it (ON DELETE CASCADE).
            try db.execute(sql: "DELETE FROM admin_totp WHERE token_hash = ?", arguments: [tokenHash])
            try db.execute(sql: "INSERT INTO admin_totp (token_hash, secret, last_step, enrolled_at) VALUES (?, ?, NULL, ?)",
                           arguments: [tokenHash, secret, IncomingRecord.timestamp(now)])
            let statement = try db.makeStatement(sql: """
                INSERT INTO admin_recovery_codes (token_hash, code_hash, used_at) VALUES (?, ?, NULL)
                ON CONFLICT(token_hash, code_hash) DO NOTHING
                """)
            for code in recoveryCodeHashes {
                try statement.execute(arguments: [tokenHash, code])
            }
            // Every page session of the token from now on has passed the new second factor.
            try db.execute(sql: "DELETE FROM admin_sessions WHERE token_hash = ?", arguments: [tokenHash])
            return true
        }
    }

    public func adminTOTP(tokenHash: String) async throws -> AdminTOTPState? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT secret, last_step FROM admin_totp WHERE token_hash = ?", arguments: [tokenHash])
                .map { AdminTOTPState(secret: $0["secret"], lastStep: $0["last_step"]) }
        }
    }

    public func acceptAdminTOTPStep(tokenHash: String, step: Int64) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: """
                UPDATE admin_totp SET last_step = ? WHERE token_hash = ? AND (last_step IS NULL OR last_step < ?)
                """, arguments: [step, tokenHash, step])
            return db.changesCount > 0
        }
    }

    public func useAdminRecoveryCode(tokenHash: String, codeHash: String, now: Date) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: """
                UPDATE admin_recovery_codes SET used_at = ?
                WHERE token_hash = ? AND code_hash = ? AND used_at IS NULL
                """, arguments: [IncomingRecord.timestamp(now), tokenHash, codeHash])
            return db.changesCount > 0
        }
    }

    public func counts() async throws -> StoreCounts {
        try await ReportSQL.counts(try snapshot())
    }

    /// Every query of a report reads the same WAL snapshot.
    private func snapshot() throws -> SnapshotReader {
        SnapshotReader(snapshot: try pool.makeSnapshot())
    }

    private static let storedTime = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// A stored time (ISO 8601 UTC with milliseconds) as a date.
    private static func date(_ text: String?) -> Date? {
        text.flatMap { try? storedTime.parse($0) }
    }

    // MARK: - Beyond the protocol

    /// Group commit at work: transactions and batches committed since the store was opened.
    public func commitStatistics() async -> CommitStatistics {
        await committer.commitStatistics
    }

    /// Closes the file; the store must not be used afterwards.
    public func close() throws {
        try pool.close()
    }

    // MARK: - For tests (internal: `@testable import`), so tests need not import GRDB

    /// Every row of a query on a read snapshot, each column as text (nil for NULL).
    func rows(_ sql: String, _ arguments: [String?] = []) async throws -> [[String?]] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { row in
                row.databaseValues.map(Self.text)
            }
        }
    }

    /// A pragma as the writer connection sees it (readers are separate connections).
    func writerPragma(_ name: String) async throws -> String? {
        try await pool.writeWithoutTransaction { db in
            try Row.fetchOne(db, sql: "PRAGMA \(name)").flatMap { Self.text($0.databaseValues.first ?? .null) }
        }
    }

    /// Runs SQL outside any transaction on the writer.
    func executeOnWriter(_ sql: String) async throws {
        try await pool.writeWithoutTransaction { db in try db.execute(sql: sql) }
    }

    private static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: return nil
        case let .int64(number): return String(number)
        case let .double(number): return String(number)
        case let .string(string): return string
        case let .blob(data): return ContentHash.hex(data)
        }
    }

    // MARK: - Writing (inside the transaction)

    /// The record log's rules, the same SQL as on PostgreSQL (`IngestPipeline`).
    private static func write(_ batch: IngestBatch, into db: Database,
                              faultInjection: (@Sendable (String?) throws -> Void)?) throws -> [IngestResult] {
        var results: [IngestResult] = []
        results.reserveCapacity(batch.items.count)
        var derived = SQLiteDerivedRows()
        for item in batch.items {
            try faultInjection?(item.id)
            switch item.content {
            case let .rejected(rejection, truncated):
                try db.cachedStatement(sql: IngestPipeline.upsertRejection).execute(arguments: StatementArguments(
                    IngestPipeline.rejectionValues(rejection, item: item, truncated: truncated,
                                                   receivedAt: batch.receivedAt, source: batch.source)))
                results.append(IngestResult(id: rejection.id, status: .rejected, reason: rejection.reason, detail: nil))

            case let .valid(record, payload, derivation, storedDetail):
                try db.cachedStatement(sql: IngestPipeline.insertRecord).execute(arguments: StatementArguments(
                    IngestPipeline.recordValues(record, payload: payload, item: item, receivedAt: batch.receivedAt,
                                                source: batch.source)))
                if db.changesCount > 0 {
                    derived.add(derivation.rows)
                    results.append(IngestResult(id: record.id, status: .stored, detail: derivation.detail))
                    continue
                }
                let stored = try String.fetchOne(db.cachedStatement(sql: IngestPipeline.storedDigest),
                                                 arguments: [record.id])
                if stored == item.digest {
                    var detail: IngestDetail?
                    if storedDetail != nil, !derived.isEmpty { try derived.flush(into: db) }
                    if let storedDetail,
                       let row = try Row.fetchOne(db.cachedStatement(sql: storedDetail.sql), arguments: [record.id]) {
                        detail = storedDetail.decode(SQLRow(row))
                    }
                    results.append(IngestResult(id: record.id, status: .duplicate, detail: detail))
                } else {
                    try db.cachedStatement(sql: IngestPipeline.upsertConflict).execute(arguments: [
                        record.id, item.digest, item.raw, batch.source.rawValue, batch.receivedAt, batch.receivedAt,
                    ])
                    results.append(IngestResult(id: record.id, status: .conflict, reason: IngestPipeline.conflictReason,
                                                detail: nil))
                }
            }
        }
        try derived.flush(into: db)
        return results
    }
}
