import Foundation
import PostgresNIO

/// Group commit on PostgreSQL, as `GroupCommitter` does it on SQLite: calls queue their
/// batch; a writer takes what is queued (up to `maxRecordsPerTransaction` records), writes
/// it in one transaction with a few multi-row statements (`PostgresSetWrite`), and answers
/// every batch only after `COMMIT` returned. When a statement fails, the group is run again
/// row by row with a savepoint per batch: the batch that throws is rolled back to its
/// savepoint and its caller gets the error, the others are stored. If the transaction
/// fails, every caller of it does. A deadlock or serialization failure with another node
/// rolls the group back whole and runs it again, a few times. Up to `maxWriters` groups are
/// written at once, each on its own connection; they meet as two nodes' groups do.
actor PostgresGroupCommitter {
    private struct Waiter {
        var batch: IngestBatch
        var continuation: CheckedContinuation<[IngestResult], any Error>
    }

    private let client: PostgresClient
    private let faultInjection: (@Sendable (String?) throws -> Void)?
    private let maxRecordsPerTransaction: Int
    private let maxWriters: Int
    private var pending: [Waiter] = []
    private var writers = 0
    private var statistics = CommitStatistics(transactions: 0, batches: 0, records: 0)

    /// - Parameters:
    ///   - maxRecordsPerTransaction: a group's size, so that its answers do not wait long.
    ///   - maxWriters: groups written at once, each on its own connection: while one waits
    ///     for its statements or its `COMMIT`, the next one is sent.
    init(client: PostgresClient, maxRecordsPerTransaction: Int = 1_000, maxWriters: Int = 2,
         faultInjection: (@Sendable (String?) throws -> Void)?) {
        self.client = client
        self.faultInjection = faultInjection
        self.maxRecordsPerTransaction = maxRecordsPerTransaction
        self.maxWriters = max(1, maxWriters)
    }

    var commitStatistics: CommitStatistics { statistics }

    func submit(_ batch: IngestBatch) async throws -> [IngestResult] {
        try await withCheckedThrowingContinuation { continuation in
            pending.append(Waiter(batch: batch, continuation: continuation))
            if writers < maxWriters {
                writers += 1
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
                    let (outcomes, committed) = try await Self.write(batches, client: client, faultInjection: faultInjection)
                    // Committed: only now may anyone hear "stored".
                    if committed { statistics.transactions += 1 }
                    for (waiter, outcome) in zip(group, outcomes) {
                        if case .success = outcome {
                            statistics.batches += 1
                            statistics.records += waiter.batch.items.count
                        }
                        waiter.continuation.resume(with: outcome)
                    }
                } catch {
                    if attempt < 5, Self.retried.contains(error.postgresState ?? "") { continue }
                    for waiter in group { waiter.continuation.resume(throwing: error) }
                }
                break
            }
        }
        writers -= 1
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
        -> (outcomes: [Result<[IngestResult], any Error>], committed: Bool) {
        // The tests' injected faults come before any SQL: a batch they fail writes nothing,
        // as it would be rolled back to its savepoint.
        var failed: [Int: any Error] = [:]
        if let faultInjection {
            for (index, batch) in batches.enumerated() {
                do {
                    for item in batch.items { try faultInjection(item.id) }
                } catch {
                    failed[index] = error
                }
            }
        }
        let live = batches.indices.filter { failed[$0] == nil }
        var written: [Result<[IngestResult], any Error>] = []
        if !live.isEmpty {
            written = try await client.withConnection { connection in
                try await Self.transaction(live.map { batches[$0] }, on: connection)
            }
        }
        var next = written.makeIterator()
        let outcomes = batches.indices.map { index in failed[index].map { .failure($0) } ?? next.next()! }
        return (outcomes, !live.isEmpty)
    }

    /// One transaction for the group, committed before it returns: multi-row statements,
    /// or, when one of them fails, row by row with a savepoint per batch.
    private static func transaction(_ batches: [IngestBatch], on connection: PostgresConnection) async throws
        -> [Result<[IngestResult], any Error>] {
        var outcomes: [Result<[IngestResult], any Error>]
        try await connection.script("BEGIN")
        do {
            outcomes = try await PostgresSetWrite(batches: batches).write(on: connection).map { .success($0) }
        } catch {
            try? await connection.script("ROLLBACK")
            // A lost connection fails the group; a deadlock runs it again whole (the caller).
            guard let state = error.postgresState, !retried.contains(state) else { throw error }
            try await connection.script("BEGIN")
            do {
                outcomes = try await rowByRow(batches, on: connection)
            } catch {
                try? await connection.script("ROLLBACK")
                throw error
            }
        }
        do {
            try await connection.script("COMMIT")
        } catch {
            try? await connection.script("ROLLBACK")
            throw error
        }
        return outcomes
    }

    /// Inside the transaction: each batch under its own savepoint; a batch that throws is
    /// rolled back to it and its caller gets the error.
    private static func rowByRow(_ batches: [IngestBatch], on connection: PostgresConnection) async throws
        -> [Result<[IngestResult], any Error>] {
        var outcomes: [Result<[IngestResult], any Error>] = []
        for batch in batches {
            try await connection.script("SAVEPOINT batch")
            do {
                let results = try await PostgresRowWrite.write(batch, on: connection, faultInjection: nil)
                try await connection.script("RELEASE SAVEPOINT batch")
                outcomes.append(.success(results))
            } catch {
                // A deadlock aborts the transaction: the whole group is run again.
                if retried.contains(error.postgresState ?? "") { throw error }
                try await connection.script("ROLLBACK TO SAVEPOINT batch; RELEASE SAVEPOINT batch")
                outcomes.append(.failure(error))
            }
        }
        return outcomes
    }

    /// Deadlock and serialization failure: the group is rolled back whole and run again.
    static let retried: Set<String> = ["40P01", "40001"]
}
