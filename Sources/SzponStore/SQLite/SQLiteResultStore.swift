import Crypto
import Foundation
import SzponContent
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
    public static let schemaVersion = SQLiteSchema.version

    public let path: String
    public let acceptedSites: Set<String>?
    private let scorer: AttemptScorer?
    private let pool: DatabasePool
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
        self.scorer = scorer

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
            if found > SQLiteSchema.version {
                throw ResultStoreError.newerSchema(found: found, supported: SQLiteSchema.version)
            }
        }
        try SQLiteSchema.migrator.migrate(pool)
        try pool.writeWithoutTransaction { db in
            if try Int.fetchOne(db, sql: "PRAGMA user_version") != SQLiteSchema.version {
                try db.execute(sql: "PRAGMA user_version = \(SQLiteSchema.version)")
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
        let job = IngestJob(
            records: records.map(prepare),
            source: source,
            receivedAt: IncomingRecord.timestamp()
        )
        return try await committer.submit(job)
    }

    public func report(_ filter: ReportFilter) async throws -> Report {
        try await pool.read { db in try ReportQueries(db: db, filter: filter).report() }
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
        try await pool.read { db in try ReportQueries.counts(db) }
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

    // MARK: - Preparing (outside the transaction)

    private func prepare(_ value: JSONValue) -> PreparedRecord {
        let canonical = value.canonical
        let digest = ContentHash.hex(SHA256.hash(data: canonical))
        switch IncomingRecord.validate(value, canonical: canonical) {
        case let .failure(rejection):
            return .rejected(rejection, canonical: canonical, digest: digest)
        case let .success(record):
            if let acceptedSites, !acceptedSites.contains(record.site) {
                let rejection = RecordRejection(id: record.id, reason: "site '\(record.site)' is not served here")
                return .rejected(rejection, canonical: canonical, digest: digest)
            }
            var evaluation: AttemptEvaluation?
            if record.kind == .attempt {
                evaluation = scorer?(record) ?? Self.unscored(record)
            }
            var answers: [(question: String, json: String)] = []
            if record.kind == .surveyResponse, let responses = record.payload["responses"]?.object {
                // Unanswered questions (null) get no row.
                answers = responses.filter { !$0.value.isNull }.sorted { $0.key < $1.key }.map {
                    ($0.key, String(decoding: $0.value.canonical, as: UTF8.self))
                }
            }
            return PreparedRecord(
                id: record.id, digest: digest, raw: String(decoding: canonical, as: UTF8.self),
                content: .valid(record, payload: String(decoding: record.payload.canonical, as: UTF8.self),
                                evaluation: evaluation, surveyAnswers: answers)
            )
        }
    }

    /// An attempt's evaluation when the store has no scorer: the client's score, flagged.
    static func unscored(_ record: IncomingRecord) -> AttemptEvaluation {
        let client = record.payload["score"]
        return AttemptEvaluation(
            quiz: record.payload["quiz"]?.string ?? "",
            course: record.payload["course"]?.string,
            keyStatus: .unknownVersion,
            score: nil,
            questions: [],
            clientPoints: client?["points"]?.number,
            clientPercent: client?["percent"]?.number,
            clientPassed: client?["passed"]?.bool,
            mismatch: false
        )
    }

    // MARK: - Writing (inside the transaction)

    private static func write(_ job: IngestJob, into db: Database,
                              faultInjection: (@Sendable (String?) throws -> Void)?) throws -> [IngestResult] {
        var results: [IngestResult] = []
        results.reserveCapacity(job.records.count)
        for record in job.records {
            try faultInjection?(record.id)
            switch record.content {
            case let .rejected(rejection, truncated):
                try db.cachedStatement(sql: """
                    INSERT INTO rejections (record_id, reason, raw, raw_truncated, digest, source, received_at, last_received_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(digest) DO UPDATE SET
                        times = times + 1, last_received_at = excluded.last_received_at,
                        reason = excluded.reason, source = excluded.source
                    """).execute(arguments: [
                        rejection.id, rejection.reason, record.raw, truncated, record.digest,
                        job.source.rawValue, job.receivedAt, job.receivedAt,
                    ])
                results.append(IngestResult(id: rejection.id, status: .rejected, reason: rejection.reason))

            case let .valid(incoming, payload, evaluation, surveyAnswers):
                try db.cachedStatement(sql: """
                    INSERT INTO records (id, kind, site, bundle, content_hash, created_at, device, payload, raw, digest,
                                         received_at, source)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO NOTHING
                    """).execute(arguments: [
                        incoming.id, incoming.kind.rawValue, incoming.site, incoming.bundle, incoming.contentHash,
                        incoming.createdAt, incoming.device, payload,
                        record.raw, record.digest, job.receivedAt, job.source.rawValue,
                    ])
                if db.changesCount > 0 {
                    try writeDetails(of: incoming, evaluation: evaluation, surveyAnswers: surveyAnswers, into: db)
                    results.append(IngestResult(id: incoming.id, status: .stored, score: evaluation?.score))
                    continue
                }
                let storedDigest = try String.fetchOne(
                    db.cachedStatement(sql: "SELECT digest FROM records WHERE id = ?"), arguments: [incoming.id])
                if storedDigest == record.digest {
                    results.append(IngestResult(id: incoming.id, status: .duplicate,
                                                score: try storedScore(of: incoming.id, in: db)))
                } else {
                    try db.cachedStatement(sql: """
                        INSERT INTO conflicts (record_id, digest, raw, source, received_at, last_received_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT(record_id, digest) DO UPDATE SET
                            times = times + 1, last_received_at = excluded.last_received_at
                        """).execute(arguments: [
                            incoming.id, record.digest, record.raw, job.source.rawValue, job.receivedAt, job.receivedAt,
                        ])
                    results.append(IngestResult(id: incoming.id, status: .conflict,
                                                reason: "a different record with this id is already stored"))
                }
            }
        }
        return results
    }

    /// The rows derived from a newly stored record, for the reports.
    private static func writeDetails(of record: IncomingRecord, evaluation: AttemptEvaluation?,
                                     surveyAnswers: [(question: String, json: String)], into db: Database) throws {
        switch record.kind {
        case .attempt:
            guard let evaluation else { return }
            let score = evaluation.score
            try db.cachedStatement(sql: """
                INSERT INTO attempt_scores (record_id, quiz, course, key_status, client_points, client_percent,
                    client_passed, server_points, server_max, server_percent, server_passed, pending, mismatch)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                    record.id, evaluation.quiz, evaluation.course ?? record.payload["course"]?.string,
                    evaluation.keyStatus.rawValue, evaluation.clientPoints, evaluation.clientPercent,
                    evaluation.clientPassed, score?.points, score?.max, score?.percent, score?.passed,
                    score?.pending ?? false, evaluation.mismatch,
                ])
            let statement = try db.cachedStatement(sql: """
                INSERT INTO question_scores (record_id, quiz, question, position, points, max, state)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(record_id, question) DO NOTHING
                """)
            for (position, question) in evaluation.questions.enumerated() {
                try statement.execute(arguments: [
                    record.id, evaluation.quiz, question.question, position, question.points, question.max, question.state,
                ])
            }

        case .surveyResponse:
            guard let survey = record.payload["survey"]?.string else { return }
            let statement = try db.cachedStatement(sql: """
                INSERT INTO survey_answers (record_id, survey, question, value) VALUES (?, ?, ?, ?)
                """)
            for answer in surveyAnswers {
                try statement.execute(arguments: [record.id, survey, answer.question, answer.json])
            }

        case .progress:
            guard let course = record.payload["course"]?.string else { return }
            try db.cachedStatement(sql: """
                INSERT INTO progress (record_id, course, lesson, completed) VALUES (?, ?, ?, ?)
                """).execute(arguments: [
                    record.id, course, record.payload["lesson"]?.string, record.payload["completed"]?.bool ?? true,
                ])

        case .bookingRequest, .taskUpdate, .eventRegistration:
            break
        }
    }

    private static func storedScore(of id: String, in db: Database) throws -> ServerScore? {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT server_points, server_max, server_percent, server_passed, pending
                FROM attempt_scores WHERE record_id = ?
                """),
            arguments: [id])
        guard let row, let max: Double = row["server_max"] else { return nil }
        return ServerScore(points: row["server_points"], max: max, percent: row["server_percent"],
                           passed: row["server_passed"], pending: row["pending"])
    }
}

/// A record ready for the writer.
struct PreparedRecord: Sendable {
    enum Content: Sendable {
        /// `payload` and the survey answers are canonical JSON text, made before the transaction.
        case valid(IncomingRecord, payload: String, evaluation: AttemptEvaluation?,
                   surveyAnswers: [(question: String, json: String)])
        case rejected(RecordRejection, truncated: Bool)
    }

    /// The lowercase id of a valid record, or the rejection's id.
    var id: String?
    /// Hex SHA-256 of the whole canonical JSON.
    var digest: String
    /// Canonical JSON; for a rejected record cut to `maxStoredRejection` bytes.
    var raw: String
    var content: Content

    /// Rejected records are kept for an admin to read, not to replay: 64 KiB is plenty.
    static let maxStoredRejection = 64 * 1024

    static func rejected(_ rejection: RecordRejection, canonical: Data, digest: String) -> PreparedRecord {
        let truncated = canonical.count > maxStoredRejection
        let raw = String(decoding: truncated ? canonical.prefix(maxStoredRejection) : canonical, as: UTF8.self)
        return PreparedRecord(id: rejection.id, digest: digest, raw: raw,
                              content: .rejected(rejection, truncated: truncated))
    }
}
