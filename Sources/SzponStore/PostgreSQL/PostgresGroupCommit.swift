import Foundation
import PostgresNIO

/// Group commit on PostgreSQL, as `GroupCommitter` does it on SQLite: calls queue their
/// batch; one writer takes what is queued, runs one transaction with a savepoint per batch,
/// and answers every batch only after `COMMIT` returned. A batch that throws is rolled back
/// to its savepoint and its caller gets the error; if the transaction fails, every caller
/// of it does. A deadlock or serialization failure with another node rolls the group back
/// whole and runs it again, a few times.
actor PostgresGroupCommitter {
    private struct Waiter {
        var batch: IngestBatch
        var continuation: CheckedContinuation<[IngestResult], any Error>
    }

    private let client: PostgresClient
    private let faultInjection: (@Sendable (String?) throws -> Void)?
    private let maxRecordsPerTransaction: Int
    private var pending: [Waiter] = []
    private var writing = false
    private var statistics = CommitStatistics(transactions: 0, batches: 0, records: 0)

    init(client: PostgresClient, maxRecordsPerTransaction: Int = 20_000,
         faultInjection: (@Sendable (String?) throws -> Void)?) {
        self.client = client
        self.faultInjection = faultInjection
        self.maxRecordsPerTransaction = maxRecordsPerTransaction
    }

    var commitStatistics: CommitStatistics { statistics }

    func submit(_ batch: IngestBatch) async throws -> [IngestResult] {
        try await withCheckedThrowingContinuation { continuation in
            pending.append(Waiter(batch: batch, continuation: continuation))
            if !writing {
                writing = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let group = takeGroup()
            let batches = group.map(\.batch)
            var attempt = 0
            while true {
                attempt += 1
                do {
                    let outcomes = try await Self.write(batches, client: client, faultInjection: faultInjection)
                    // Committed: only now may anyone hear "stored".
                    statistics.transactions += 1
                    for (waiter, outcome) in zip(group, outcomes) {
                        if case .success = outcome {
                            statistics.batches += 1
                            statistics.records += waiter.batch.items.count
                        }
                        waiter.continuation.resume(with: outcome)
                    }
                } catch {
                    if attempt < 5, ["40P01", "40001"].contains(error.postgresState ?? "") { continue }
                    for waiter in group { waiter.continuation.resume(throwing: error) }
                }
                break
            }
        }
        writing = false
    }

    private func takeGroup() -> [Waiter] {
        var count = 0
        var taken = 0
        for waiter in pending {
            if taken > 0 && count + waiter.batch.items.count > maxRecordsPerTransaction { break }
            count += waiter.batch.items.count
            taken += 1
        }
        let group = Array(pending.prefix(taken))
        pending.removeFirst(taken)
        return group
    }

    private static func write(_ batches: [IngestBatch], client: PostgresClient,
                              faultInjection: (@Sendable (String?) throws -> Void)?) async throws
        -> [Result<[IngestResult], any Error>] {
        try await client.withConnection { connection in
            try await connection.script("BEGIN")
            do {
                var outcomes: [Result<[IngestResult], any Error>] = []
                for batch in batches {
                    try await connection.script("SAVEPOINT batch")
                    do {
                        let results = try await Self.write(batch, on: connection, faultInjection: faultInjection)
                        try await connection.script("RELEASE SAVEPOINT batch")
                        outcomes.append(.success(results))
                    } catch {
                        // A deadlock aborts the transaction: the whole group is run again.
                        if ["40P01", "40001"].contains(error.postgresState ?? "") { throw error }
                        try await connection.script("ROLLBACK TO SAVEPOINT batch; RELEASE SAVEPOINT batch")
                        outcomes.append(.failure(error))
                    }
                }
                try await connection.script("COMMIT")
                return outcomes
            } catch {
                try? await connection.script("ROLLBACK")
                throw error
            }
        }
    }

    /// The record log's rules, as `SQLiteResultStore.write` applies them.
    private static func write(_ batch: IngestBatch, on connection: PostgresConnection,
                              faultInjection: (@Sendable (String?) throws -> Void)?) async throws -> [IngestResult] {
        var results: [IngestResult] = []
        results.reserveCapacity(batch.items.count)
        for item in batch.items {
            try faultInjection?(item.id)
            switch item.content {
            case let .rejected(rejection, truncated):
                try await connection.run(IngestPipeline.upsertRejection, IngestPipeline.rejectionValues(
                    rejection, item: item, truncated: truncated, receivedAt: batch.receivedAt, source: batch.source))
                results.append(IngestResult(id: rejection.id, status: .rejected, reason: rejection.reason))

            case let .valid(record, payload, derivation, storedDetail):
                let inserted = try await connection.run(
                    IngestPipeline.insertRecord + " RETURNING id",
                    IngestPipeline.recordValues(record, payload: payload, item: item, receivedAt: batch.receivedAt,
                                                source: batch.source))
                if inserted > 0 {
                    for row in derivation.rows { try await connection.run(row.sql, row.values) }
                    results.append(IngestResult(id: record.id, status: .stored, detail: derivation.detail))
                    continue
                }
                let stored = try await connection.rows(IngestPipeline.storedDigest, [.text(record.id)]).first?["digest"].string
                if stored == item.digest {
                    var detail: IngestDetail?
                    if let storedDetail, let row = try await connection.rows(storedDetail.sql, [.text(record.id)]).first {
                        detail = storedDetail.decode(row)
                    }
                    results.append(IngestResult(id: record.id, status: .duplicate, detail: detail))
                } else {
                    try await connection.run(IngestPipeline.upsertConflict, [
                        .text(record.id), .text(item.digest), .text(item.raw), .text(batch.source.rawValue),
                        .text(batch.receivedAt), .text(batch.receivedAt),
                    ])
                    results.append(IngestResult(id: record.id, status: .conflict, reason: IngestPipeline.conflictReason))
                }
            }
        }
        return results
    }
}
