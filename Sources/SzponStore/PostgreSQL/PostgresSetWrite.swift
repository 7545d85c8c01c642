import Foundation
import PostgresNIO

/// A group's batches written with a few multi-row statements instead of one round trip per
/// row, inside the transaction `PostgresGroupCommitter` opened. The answers are those of the
/// row-by-row writer (`PostgresRowWrite`) running the batches one after the other:
///
/// 1. the first copy of each record id in the group goes into one `INSERT … ON CONFLICT (id)
///    DO NOTHING RETURNING id`: the ids it returns are stored by this group, the others were
///    there before (or another node's transaction stored them first: the insert waited for it);
/// 2. one query reads the digests of those others;
/// 3. the batches are walked in order, in Swift: a first copy inserted here is stored, a later
///    copy of it or of a stored id is a duplicate when the digests match, else a conflict;
///    invalid records are rejections;
/// 4. each derived table's rows of the stored records go in with one statement (per chunk);
///    conflicts and rejections with their own upserts, each key's copies in rounds (one
///    statement per round), so a key sent twice in the group is counted twice, as it is
///    row by row;
/// 5. duplicates read their stored detail with one query per kind.
///
/// A statement that fails aborts the whole transaction; the committer then runs the group
/// row by row with a savepoint per batch, so that only the batch at fault fails.
struct PostgresSetWrite {
    /// At most this many binds per statement (the protocol's limit is 65,535), and at most
    /// `maxRowsPerStatement` rows: bigger statements parse slower than they save.
    static let maxBindsPerStatement = 30_000
    static let maxRowsPerStatement = 1_000

    private struct Position: Hashable {
        var batch: Int
        var item: Int
    }

    private struct DetailRequest {
        var position: Position
        var id: String
        var query: StoredDetailQuery
    }

    let batches: [IngestBatch]

    func write(on connection: PostgresConnection) async throws -> [[IngestResult]] {
        // 1. The first copy of each valid record.
        var first: [String: Position] = [:]
        var recordRows: [[SQLValue]] = []
        for (b, batch) in batches.enumerated() {
            for (i, item) in batch.items.enumerated() {
                guard case let .valid(record, payload, _, _) = item.content, first[record.id] == nil else { continue }
                first[record.id] = Position(batch: b, item: i)
                recordRows.append(IngestPipeline.recordValues(record, payload: payload, item: item,
                                                              receivedAt: batch.receivedAt, source: batch.source))
            }
        }
        var inserted = Set<String>()
        for row in try await Self.insert(recordRows, sql: Self.insertRecords, on: connection) {
            if let id = row["id"].string { inserted.insert(id) }
        }

        // 2. What is stored under the ids that were there already.
        let earlier = first.keys.filter { !inserted.contains($0) }.sorted()
        var storedDigests: [String: String] = [:]
        if !earlier.isEmpty {
            var bindings = PostgresBindings(capacity: 1)
            try bindings.append(earlier)
            for row in try await connection.rows(postgres: "SELECT id, digest FROM records WHERE id = ANY($1)", bindings) {
                if let id = row["id"].string, let digest = row["digest"].string { storedDigests[id] = digest }
            }
        }

        // 3. Each record's answer, as the batches would get it one after the other.
        var results: [[IngestResult]] = []
        var derived = OrderedRows()
        var conflicts = Rounds()
        var rejections = Rounds()
        var details: [DetailRequest] = []
        for (b, batch) in batches.enumerated() {
            var answers: [IngestResult] = []
            answers.reserveCapacity(batch.items.count)
            for (i, item) in batch.items.enumerated() {
                switch item.content {
                case let .rejected(rejection, truncated):
                    rejections.add(key: [item.digest], IngestPipeline.rejectionValues(
                        rejection, item: item, truncated: truncated, receivedAt: batch.receivedAt, source: batch.source))
                    answers.append(IngestResult(id: rejection.id, status: .rejected, reason: rejection.reason))

                case let .valid(record, _, derivation, storedDetail):
                    if inserted.contains(record.id), first[record.id] == Position(batch: b, item: i) {
                        for row in derivation.rows { derived.add(sql: row.sql, row.values) }
                        answers.append(IngestResult(id: record.id, status: .stored, detail: derivation.detail))
                        continue
                    }
                    // Stored by this group (its first copy's digest) or before it.
                    let stored = inserted.contains(record.id)
                        ? first[record.id].map { batches[$0.batch].items[$0.item].digest }
                        : storedDigests[record.id]
                    if stored == item.digest {
                        if let storedDetail {
                            details.append(DetailRequest(position: Position(batch: b, item: answers.count),
                                                         id: record.id, query: storedDetail))
                        }
                        answers.append(IngestResult(id: record.id, status: .duplicate))
                    } else {
                        conflicts.add(key: [record.id, item.digest], [
                            .text(record.id), .text(item.digest), .text(item.raw), .text(batch.source.rawValue),
                            .text(batch.receivedAt), .text(batch.receivedAt),
                        ])
                        answers.append(IngestResult(id: record.id, status: .conflict, reason: IngestPipeline.conflictReason))
                    }
                }
            }
            results.append(answers)
        }

        // 4. The rows.
        for (sql, rows) in derived.groups {
            try await Self.insert(sql, rows: rows, on: connection)
        }
        for round in conflicts.rounds {
            try await Self.insert(IngestPipeline.upsertConflict, rows: round, on: connection)
        }
        for round in rejections.rounds {
            try await Self.insert(IngestPipeline.upsertRejection, rows: round, on: connection)
        }

        // 5. Duplicates' details, read after this group's own rows went in.
        var byQuery: [String: [DetailRequest]] = [:]
        var queryOrder: [String] = []
        for request in details {
            if byQuery[request.query.sql] == nil { queryOrder.append(request.query.sql) }
            byQuery[request.query.sql, default: []].append(request)
        }
        for sql in queryOrder {
            let requests = byQuery[sql] ?? []
            let found = try await Self.storedDetails(requests, on: connection)
            for request in requests {
                results[request.position.batch][request.position.item].detail = found[request.id] ?? nil
            }
        }
        return results
    }

    /// Runs a one-row `INSERT … VALUES (…) …` for many rows, in chunks; the rows it returns.
    @discardableResult
    private static func insert(_ sql: String, rows: [[SQLValue]], on connection: PostgresConnection) async throws
        -> [SQLRow] {
        try await insert(rows, sql: MultiRowInsert(sql).sql(rows:), on: connection)
    }

    /// The columns `IngestPipeline.recordValues` gives, in its order; its last value is the
    /// learner code's tag, which finds the person.
    static let recordColumns = ["id", "kind", "site", "bundle", "content_hash", "created_at", "device", "payload", "raw",
                                "digest", "received_at", "source", "learner"]

    /// `IngestPipeline.insertRecord … RETURNING id` for many rows, with each record's person
    /// found by one join instead of a subquery per row, which PostgreSQL would plan row by
    /// row. (Should the record log's values change shape, the statement fails and the group
    /// is written row by row with the pipeline's own SQL.)
    static func insertRecords(rows: Int) -> String {
        let columns = recordColumns.joined(separator: ", ")
        let row = "(" + Array(repeating: "?", count: recordColumns.count + 1).joined(separator: ", ") + ")"
        return """
            INSERT INTO records (\(columns), person_id)
            SELECT \(recordColumns.map { "v." + $0 }.joined(separator: ", ")), people.id
            FROM (VALUES \(Array(repeating: row, count: rows).joined(separator: ", "))) AS v(\(columns), code_tag)
            LEFT JOIN people ON people.code_tag = v.code_tag
            ON CONFLICT (id) DO NOTHING RETURNING id
            """
    }

    @discardableResult
    private static func insert(_ rows: [[SQLValue]], sql: (Int) -> String, on connection: PostgresConnection)
        async throws -> [SQLRow] {
        guard let width = rows.first?.count, width > 0 else { return [] }
        let perStatement = max(1, min(maxRowsPerStatement, maxBindsPerStatement / width))
        var returned: [SQLRow] = []
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + perStatement)
            let chunk = rows[start..<end]
            returned += try await connection.rows(sql(chunk.count), chunk.flatMap { $0 })
            start = end
        }
        return returned
    }

    /// A handler's stored-detail query (one `?`: the record id) run for many ids at once,
    /// joined laterally to the list of ids.
    private static func storedDetails(_ requests: [DetailRequest], on connection: PostgresConnection) async throws
        -> [String: IngestDetail?] {
        guard let query = requests.first?.query else { return [:] }
        let ids = Array(Set(requests.map(\.id))).sorted()
        let perID = query.sql.replacingOccurrences(of: "?", with: "szpon_keys.szpon_id")
        let sql = """
            SELECT szpon_keys.szpon_id, szpon_detail.*
            FROM unnest($1::text[]) AS szpon_keys(szpon_id)
            CROSS JOIN LATERAL (SELECT * FROM (\(perID)) AS szpon_one LIMIT 1) AS szpon_detail
            """
        var bindings = PostgresBindings(capacity: 1)
        try bindings.append(ids)
        var found: [String: IngestDetail?] = [:]
        for row in try await connection.rows(postgres: sql, bindings) {
            if let id = row["szpon_id"].string { found[id] = query.decode(row) }
        }
        return found
    }
}

/// Upserts of keyed rows: the n-th copy of every key goes into round n, so that no statement
/// touches a row twice (`ON CONFLICT DO UPDATE` refuses that) and each key's copies apply in
/// the order they came.
private struct Rounds {
    private(set) var rounds: [[[SQLValue]]] = []
    private var seen: [[String]: Int] = [:]

    mutating func add(key: [String], _ values: [SQLValue]) {
        let round = seen[key, default: 0]
        seen[key] = round + 1
        if round == rounds.count { rounds.append([]) }
        rounds[round].append(values)
    }
}
