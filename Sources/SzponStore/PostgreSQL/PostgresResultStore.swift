import Foundation
import Logging
import PostgresNIO

/// The results store in a PostgreSQL database, for several `szpon serve` nodes sharing one.
///
/// The same ingest pipeline as SQLite (`IngestPipeline`) and the same report SQL
/// (`ReportSQL`). Each node commits concurrent `ingest` calls in shared transactions (group
/// commit: one transaction per group of up to 1,000 records, each table's rows in multi-row
/// statements, two groups at once, answers only after `COMMIT`; `PostgresGroupCommitter`).
/// Between nodes the unique constraints decide: `INSERT … ON CONFLICT DO NOTHING` waits for
/// another transaction inserting the same id and then sees its row, so no id is stored
/// twice and no check-then-insert race exists. A group that deadlocks with another node's is
/// rolled back whole and run again (nothing of it was acknowledged).
public final class PostgresResultStore: ResultStore {
    public struct Location: Sendable, Hashable {
        public var host: String
        public var port: Int
        public var username: String
        public var password: String?
        public var database: String
        /// A schema to keep the tables in (created if missing); nil: the default search path.
        public var schema: String?
        /// `sslmode=disable` turns TLS off; otherwise it is used when the server offers it.
        public var tls: Bool

        /// `postgres://user[:password]@host[:port]/database[?schema=NAME&sslmode=disable]`
        public init?(url text: String) {
            guard let url = URLComponents(string: text), ["postgres", "postgresql"].contains(url.scheme ?? ""),
                  let host = url.host, !host.isEmpty else { return nil }
            self.host = host
            port = url.port ?? 5432
            username = url.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
            password = url.password.flatMap { $0.removingPercentEncoding }
            let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
            database = path.isEmpty ? username : (path.removingPercentEncoding ?? path)
            let items = url.queryItems ?? []
            schema = items.first { $0.name == "schema" }?.value
            tls = items.first { $0.name == "sslmode" }?.value != "disable"
            if let schema, schema.isEmpty || !schema.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) {
                return nil
            }
        }
    }

    public let location: Location
    public let acceptedSites: Set<String>?
    private let context: IngestContext
    let client: PostgresClient
    private let runner: Task<Void, Never>
    private let committer: PostgresGroupCommitter

    /// Connects, creates the schema if asked, and runs the migrations this database lacks.
    /// - Parameter maxConnections: this node's pool; the server's `max_connections` must cover
    ///   every node's.
    public static func open(_ location: Location, acceptedSites: Set<String>? = nil, scorer: AttemptScorer? = nil,
                            maxConnections: Int = 8) async throws -> PostgresResultStore {
        try await open(location, acceptedSites: acceptedSites, scorer: scorer, maxConnections: maxConnections,
                       faultInjection: nil)
    }

    static func open(_ location: Location, acceptedSites: Set<String>?, scorer: AttemptScorer?, maxConnections: Int,
                     faultInjection: (@Sendable (String?) throws -> Void)?) async throws -> PostgresResultStore {
        if let schema = location.schema {
            // A client without the search path, to create the schema it names.
            let setup = PostgresClient(configuration: configuration(location, schema: nil, maxConnections: 1))
            let task = Task { await setup.run() }
            defer { task.cancel() }
            try await setup.withConnection { connection in
                try await connection.script("CREATE SCHEMA IF NOT EXISTS \(schema)")
            }
        }
        let client = PostgresClient(configuration: configuration(location, schema: location.schema,
                                                                 maxConnections: maxConnections))
        let runner = Task { await client.run() }
        do {
            try await client.withConnection { connection in try await Self.migrate(connection) }
        } catch {
            runner.cancel()
            throw error
        }
        return PostgresResultStore(location: location, acceptedSites: acceptedSites, scorer: scorer, client: client,
                                   runner: runner, faultInjection: faultInjection)
    }

    private init(location: Location, acceptedSites: Set<String>?, scorer: AttemptScorer?, client: PostgresClient,
                 runner: Task<Void, Never>, faultInjection: (@Sendable (String?) throws -> Void)?) {
        self.location = location
        self.acceptedSites = acceptedSites
        self.context = IngestContext(scorer: scorer)
        self.client = client
        self.runner = runner
        self.committer = PostgresGroupCommitter(client: client, faultInjection: faultInjection)
    }

    private static func configuration(_ location: Location, schema: String?, maxConnections: Int) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password,
            database: location.database, tls: location.tls ? .prefer(.makeClientConfiguration()) : .disable)
        configuration.options.maximumConnections = max(2, maxConnections)
        configuration.options.minimumConnections = 0
        if let schema {
            configuration.options.additionalStartupParameters = [("search_path", schema)]
        }
        return configuration
    }

    /// Runs, in one transaction under an advisory lock (nodes starting together wait for
    /// each other), the migrations not yet recorded in `szpon_migrations`.
    static func migrate(_ connection: PostgresConnection) async throws {
        try await connection.script("BEGIN")
        do {
            try await connection.script("SELECT pg_advisory_xact_lock(7312045501)")
            try await connection.script("""
                CREATE TABLE IF NOT EXISTS szpon_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)
                """)
            let applied = Set(try await connection.rows("SELECT name FROM szpon_migrations").compactMap { $0["name"].string })
            let known = Set(Migrations.all.map(\.name))
            if !applied.isSubset(of: known) {
                throw ResultStoreError.newerSchema(found: applied.count, supported: Migrations.version)
            }
            for migration in Migrations.all where !applied.contains(migration.name) {
                try await connection.script(migration.postgres)
                try await connection.run("INSERT INTO szpon_migrations (name, applied_at) VALUES (?, ?)",
                                         [.text(migration.name), .text(IncomingRecord.timestamp())])
            }
            try await connection.script("COMMIT")
        } catch {
            try? await connection.script("ROLLBACK")
            throw error
        }
    }

    /// Stops the pool; the store must not be used afterwards.
    public func close() async {
        runner.cancel()
    }

    deinit {
        runner.cancel()
    }

    // MARK: - ResultStore

    public func ingest(_ records: [JSONValue], source: IngestSource) async throws -> [IngestResult] {
        if records.isEmpty { return [] }
        let job = IngestBatch(
            items: records.map { IngestPipeline.prepare($0, acceptedSites: acceptedSites, context: context) },
            source: source, receivedAt: IncomingRecord.timestamp())
        return try await committer.submit(job)
    }

    public func report(_ filter: ReportFilter) async throws -> Report {
        try await snapshot { reader in try await ReportSQL(reader: reader, filter: filter).report() }
    }

    public func gradebook(_ filter: ReportFilter) async throws -> [GradebookRow] {
        try await snapshot { reader in try await ReportSQL(reader: reader, filter: filter).gradebook() }
    }

    public func counts() async throws -> StoreCounts {
        try await snapshot { reader in try await ReportSQL.counts(reader) }
    }

    /// Reads on one connection in one repeatable-read, read-only transaction: one snapshot.
    private func snapshot<T: Sendable>(_ body: @Sendable (ConnectionReader) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await connection.script("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            do {
                let result = try await body(ConnectionReader(connection: connection))
                try await connection.script("COMMIT")
                return result
            } catch {
                try? await connection.script("ROLLBACK")
                throw error
            }
        }
    }

    private func rows(_ sql: String, _ arguments: [SQLValue] = []) async throws -> [SQLRow] {
        try await client.withConnection { connection in try await connection.rows(sql, arguments) }
    }

    private func run(_ sql: String, _ arguments: [SQLValue] = []) async throws -> Int {
        try await client.withConnection { connection in try await connection.run(sql, arguments) }
    }

    /// Several statements in one transaction.
    private func transaction<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await connection.script("BEGIN")
            do {
                let result = try await body(connection)
                try await connection.script("COMMIT")
                return result
            } catch {
                try? await connection.script("ROLLBACK")
                throw error
            }
        }
    }

    public func addAdminToken(hash: String, label: String) async throws {
        try await run("""
            INSERT INTO admin_tokens (hash, label, created_at) VALUES (?, ?, ?)
            ON CONFLICT (hash) DO UPDATE SET label = excluded.label
            """, [.text(hash), .text(label), .text(IncomingRecord.timestamp())])
    }

    public func isAdminToken(hash: String) async throws -> Bool {
        try await rows("SELECT 1 AS found FROM admin_tokens WHERE hash = ?", [.text(hash)]).isEmpty == false
    }

    public func adminTokens() async throws -> [AdminTokenInfo] {
        try await rows("""
            SELECT t.hash, t.label, t.created_at, CASE WHEN o.token_hash IS NOT NULL THEN 1 ELSE 0 END AS totp,
                   (SELECT COUNT(*) FROM admin_recovery_codes r
                    WHERE r.token_hash = t.hash AND r.used_at IS NULL) AS codes
            FROM admin_tokens t LEFT JOIN admin_totp o ON o.token_hash = t.hash
            ORDER BY t.created_at, t.hash
            """).map { row in
            AdminTokenInfo(hash: row["hash"].string ?? "", label: row["label"].string ?? "",
                           createdAt: Self.date(row["created_at"].string) ?? Date(timeIntervalSince1970: 0),
                           totp: row["totp"].bool ?? false, recoveryCodesLeft: row["codes"].int ?? 0)
        }
    }

    @discardableResult
    public func removeAdminToken(hash: String) async throws -> Bool {
        try await run("DELETE FROM admin_tokens WHERE hash = ? RETURNING hash", [.text(hash)]) > 0
    }

    public func createAdminSession(_ session: AdminSession) async throws -> Bool {
        try await transaction { connection in
            try await connection.run("DELETE FROM admin_sessions WHERE expires_at <= ?",
                                     [.text(IncomingRecord.timestamp(session.createdAt))])
            // Inserted only while the token exists, in the same statement as the check.
            return try await connection.run("""
                INSERT INTO admin_sessions (hash, token_hash, created_at, expires_at, second_factor)
                SELECT CAST(? AS TEXT), hash, CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS INTEGER)
                FROM admin_tokens WHERE hash = ?
                RETURNING hash
                """, [.text(session.hash), .text(IncomingRecord.timestamp(session.createdAt)),
                      .text(IncomingRecord.timestamp(session.expiresAt)), SQLValue(session.secondFactor),
                      .text(session.tokenHash)]) > 0
        }
    }

    public func adminSession(hash: String, now: Date) async throws -> AdminSession? {
        guard let row = try await rows("""
            SELECT hash, token_hash, created_at, expires_at, second_factor FROM admin_sessions WHERE hash = ?
            """, [.text(hash)]).first else { return nil }
        let session = AdminSession(hash: row["hash"].string ?? "", tokenHash: row["token_hash"].string ?? "",
                                   createdAt: Self.date(row["created_at"].string) ?? .distantPast,
                                   expiresAt: Self.date(row["expires_at"].string) ?? .distantPast,
                                   secondFactor: row["second_factor"].bool ?? false)
        guard session.expiresAt > now else {
            _ = try await removeAdminSession(hash: hash)
            return nil
        }
        return session
    }

    @discardableResult
    public func removeAdminSession(hash: String) async throws -> Bool {
        try await run("DELETE FROM admin_sessions WHERE hash = ? RETURNING hash", [.text(hash)]) > 0
    }

    @discardableResult
    public func removeExpiredAdminSessions(now: Date) async throws -> Int {
        try await run("DELETE FROM admin_sessions WHERE expires_at <= ? RETURNING hash", [.text(IncomingRecord.timestamp(now))])
    }

    public func enrolAdminTOTP(tokenHash: String, secret: String, recoveryCodeHashes: [String], now: Date) async throws -> Bool {
        try await transaction { connection in
            // Locks the token's row, so a revocation waits for the enrolment or comes first.
            guard try await connection.run("SELECT hash FROM admin_tokens WHERE hash = ? FOR UPDATE",
                                           [.text(tokenHash)]) > 0 else { return false }
            // The old secret's recovery codes go with it (ON DELETE CASCADE).
            try await connection.run("DELETE FROM admin_totp WHERE token_hash = ?", [.text(tokenHash)])
            try await connection.run("""
                INSERT INTO admin_totp (token_hash, secret, last_step, enrolled_at) VALUES (?, ?, NULL, ?)
                """, [.text(tokenHash), .text(secret), .text(IncomingRecord.timestamp(now))])
            for code in recoveryCodeHashes {
                try await connection.run("""
                    INSERT INTO admin_recovery_codes (token_hash, code_hash, used_at) VALUES (?, ?, NULL)
                    ON CONFLICT (token_hash, code_hash) DO NOTHING
                    """, [.text(tokenHash), .text(code)])
            }
            try await connection.run("DELETE FROM admin_sessions WHERE token_hash = ?", [.text(tokenHash)])
            return true
        }
    }

    public func adminTOTP(tokenHash: String) async throws -> AdminTOTPState? {
        try await rows("SELECT secret, last_step FROM admin_totp WHERE token_hash = ?", [.text(tokenHash)]).first.map {
            AdminTOTPState(secret: $0["secret"].string ?? "", lastStep: $0["last_step"].int.map(Int64.init))
        }
    }

    public func acceptAdminTOTPStep(tokenHash: String, step: Int64) async throws -> Bool {
        try await run("""
            UPDATE admin_totp SET last_step = ? WHERE token_hash = ? AND (last_step IS NULL OR last_step < ?)
            RETURNING token_hash
            """, [.integer(step), .text(tokenHash), .integer(step)]) > 0
    }

    public func useAdminRecoveryCode(tokenHash: String, codeHash: String, now: Date) async throws -> Bool {
        try await run("""
            UPDATE admin_recovery_codes SET used_at = ?
            WHERE token_hash = ? AND code_hash = ? AND used_at IS NULL
            RETURNING code_hash
            """, [.text(IncomingRecord.timestamp(now)), .text(tokenHash), .text(codeHash)]) > 0
    }

    private static let storedTime = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    private static func date(_ text: String?) -> Date? {
        text.flatMap { try? storedTime.parse($0) }
    }

    // MARK: - Beyond the protocol

    /// Group commit at work on this node: transactions and batches committed since it opened.
    public func commitStatistics() async -> CommitStatistics {
        await committer.commitStatistics
    }

    /// For tests: every row of a query (`?` placeholders), each column as text (nil for NULL).
    func textRows(_ sql: String, _ arguments: [String?] = []) async throws -> [[String?]] {
        try await rows(sql, arguments.map(SQLValue.init)).map { $0.values.map(\.string) }
    }

    /// For tests: runs SQL (several statements allowed) outside any transaction.
    func execute(_ sql: String) async throws {
        try await client.withConnection { connection in try await connection.script(sql) }
    }
}

/// Report reads on one connection (inside `snapshot`).
struct ConnectionReader: SQLReader, @unchecked Sendable {
    let connection: PostgresConnection

    func rows(_ sql: String, _ arguments: [SQLValue]) async throws -> [SQLRow] {
        try await connection.rows(sql, arguments)
    }
}
