import GRDB

/// How many group transactions and batches the store has committed since it was opened.
public struct CommitStatistics: Sendable, Hashable, Codable {
    /// Write transactions committed for `ingest` (each one fsync with `synchronous = FULL`).
    public var transactions: Int
    /// `ingest` calls committed (a batch is one call).
    public var batches: Int
    /// Records in those batches.
    public var records: Int

    public init(transactions: Int, batches: Int, records: Int) {
        self.transactions = transactions
        self.batches = batches
        self.records = records
    }
}

/// Group commit: concurrent `ingest` calls share write transactions.
///
/// Each call appends its batch to `pending` and suspends. When no write is under way, a
/// single writer task starts: it takes everything pending (up to `maxRecordsPerTransaction`
/// records, at least one batch), runs ONE write transaction in which every batch gets its
/// own savepoint, and resumes each waiter only after the commit returned. Batches that
/// arrive while a transaction runs wait for the next one, so under load the number of
/// commits (fsyncs) stays near the number the disk can do, while each commit carries many
/// requests; with no load a batch is written at once, with no added delay.
///
/// A batch whose processing throws is rolled back to its savepoint and its caller gets the
/// error; the other batches of the transaction are unaffected. If the transaction itself
/// fails (the commit, the disk), every caller of that transaction gets the error and
/// nothing of theirs is written.
actor GroupCommitter {
    typealias Work = @Sendable (Database, IngestBatch) throws -> [IngestResult]

    private struct Waiter {
        var job: IngestBatch
        var continuation: CheckedContinuation<[IngestResult], any Error>
    }

    private let pool: DatabasePool
    private let work: Work
    private let maxRecordsPerTransaction: Int
    private var pending: [Waiter] = []
    private var writing = false
    private var statistics = CommitStatistics(transactions: 0, batches: 0, records: 0)

    init(pool: DatabasePool, maxRecordsPerTransaction: Int = 20_000, work: @escaping Work) {
        self.pool = pool
        self.work = work
        self.maxRecordsPerTransaction = maxRecordsPerTransaction
    }

    var commitStatistics: CommitStatistics { statistics }

    /// Suspends until the batch's transaction committed (or failed).
    func submit(_ job: IngestBatch) async throws -> [IngestResult] {
        try await withCheckedThrowingContinuation { continuation in
            pending.append(Waiter(job: job, continuation: continuation))
            if !writing {
                writing = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let group = takeGroup()
            let jobs = group.map(\.job)
            let work = self.work
            do {
                let outcomes: [Result<[IngestResult], any Error>] = try await pool.write { db in
                    var outcomes: [Result<[IngestResult], any Error>] = []
                    outcomes.reserveCapacity(jobs.count)
                    for job in jobs {
                        var results: [IngestResult] = []
                        do {
                            try db.inSavepoint {
                                results = try work(db, job)
                                return .commit
                            }
                            outcomes.append(.success(results))
                        } catch {
                            outcomes.append(.failure(error))
                        }
                    }
                    return outcomes
                }
                // Committed: only now may anyone hear "stored".
                statistics.transactions += 1
                for (waiter, outcome) in zip(group, outcomes) {
                    if case .success = outcome {
                        statistics.batches += 1
                        statistics.records += waiter.job.items.count
                    }
                    waiter.continuation.resume(with: outcome)
                }
            } catch {
                for waiter in group {
                    waiter.continuation.resume(throwing: error)
                }
            }
        }
        writing = false
    }

    private func takeGroup() -> [Waiter] {
        var count = 0
        var taken = 0
        for waiter in pending {
            if taken > 0 && count + waiter.job.items.count > maxRecordsPerTransaction { break }
            count += waiter.job.items.count
            taken += 1
        }
        let group = Array(pending.prefix(taken))
        pending.removeFirst(taken)
        return group
    }
}
