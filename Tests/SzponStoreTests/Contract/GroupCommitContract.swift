import Foundation
import Testing
@testable import SzponStore

@Suite("Contract: Group commit")
struct GroupCommitTests {
    @Test("50 concurrent ingests of 20 records: all 1000 stored once, in fewer transactions than calls", arguments: Backend.all)
    func concurrentIngest(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        let batches: [[JSONValue]] = (0..<50).map { call in
            (0..<20).map { index in
                index % 2 == 0
                    ? attempt(device: "device-\(call)", answers: ["q1": "right", "q2": index % 4 == 0 ? "wrong" : "half"])
                    : progress(lesson: "l\(index)", device: "device-\(call)")
            }
        }
        let results = try await withThrowingTaskGroup(of: (Int, [IngestResult]).self) { group in
            for (call, batch) in batches.enumerated() {
                group.addTask { (call, try await store.ingest(batch, source: .sync)) }
            }
            var results: [Int: [IngestResult]] = [:]
            for try await (call, answer) in group { results[call] = answer }
            return results
        }
        for (call, batch) in batches.enumerated() {
            let answer = try #require(results[call])
            #expect(answer.statuses == Array(repeating: .stored, count: 20))
            #expect(answer.map(\.id) == batch.map { $0["id"]?.string })
        }
        let counts = try await store.counts()
        #expect(counts.records == 1000)
        #expect(try await store.rows("SELECT COUNT(DISTINCT id) FROM records") == [["1000"]])
        #expect(try await store.rows("SELECT COUNT(*) FROM attempt_scores") == [["500"]])

        let statistics = await store.commitStatistics()
        #expect(statistics.batches == 50)
        #expect(statistics.records == 1000)
        #expect(statistics.transactions < 50, "group commit shared no transaction: \(statistics)")

        // Sent again, concurrently: every record a duplicate, nothing new.
        let again = try await withThrowingTaskGroup(of: [IngestResult].self) { group in
            for batch in batches { group.addTask { try await store.ingest(batch, source: .sync) } }
            var all: [IngestResult] = []
            for try await answer in group { all += answer }
            return all
        }
        #expect(again.count == 1000 && again.allSatisfy { $0.status == .duplicate })
        #expect(try await store.counts().records == 1000)
    }

    @Test("concurrent copies of one record: exactly one is stored, the rest are duplicates", arguments: Backend.all)
    func concurrentCopies(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        let copy = attempt(answers: ["q1": "right"])
        let statuses = try await withThrowingTaskGroup(of: IngestStatus.self) { group in
            for _ in 0..<30 { group.addTask { try await store.ingest([copy], source: .sync)[0].status } }
            var all: [IngestStatus] = []
            for try await status in group { all.append(status) }
            return all
        }
        #expect(statuses.filter { $0 == .stored }.count == 1)
        #expect(statuses.filter { $0 == .duplicate }.count == 29)
        #expect(try await store.counts().records == 1)
    }

    @Test("a lone ingest is committed at once, in its own transaction", arguments: Backend.all)
    func loneIngest(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        for lesson in ["l1", "l2", "l3"] {
            _ = try await store.ingest([progress(lesson: lesson)], source: .sync)
        }
        #expect(await store.commitStatistics() == CommitStatistics(transactions: 3, batches: 3, records: 3))
    }
}
