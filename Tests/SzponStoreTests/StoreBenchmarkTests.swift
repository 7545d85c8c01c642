import Foundation
import Testing
@testable import SzponStore

/// Ingest throughput with group commit, on a real file. Off unless SZPON_STORE_BENCH is set:
///   swift build -c release --product szponPackageTests -Xswiftc -enable-testing
///   SZPON_STORE_BENCH=1 swift test -c release --skip-build --filter StoreBenchmark
@Suite("Store benchmark")
struct StoreBenchmark {
    @Test("concurrent ingest throughput", .enabled(if: ProcessInfo.processInfo.environment["SZPON_STORE_BENCH"] != nil))
    func throughput() async throws {
        for (clients, perBatch, rounds) in [(1, 50, 200), (50, 20, 10), (200, 50, 10)] {
            let files = try TemporaryStore()
            defer { files.remove() }
            let store = try files.open()
            let start = Date()
            for _ in 0..<rounds {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for client in 0..<clients {
                        group.addTask {
                            // Half attempts (3 derived rows each), half lesson marks.
                            let batch = (0..<perBatch).map { index in
                                index % 2 == 0
                                    ? attempt(device: "d\(client)", answers: ["q1": "right", "q2": "half"])
                                    : progress(lesson: "l\(index)", device: "d\(client)")
                            }
                            _ = try await store.ingest(batch, source: .sync)
                        }
                    }
                    try await group.waitForAll()
                }
            }
            let seconds = Date().timeIntervalSince(start)
            let statistics = await store.commitStatistics()
            print("""
                store benchmark: \(clients) concurrent clients × \(perBatch) records: \(statistics.records) records \
                in \(String(format: "%.2f", seconds)) s = \(Int(Double(statistics.records) / seconds)) records/s; \
                \(statistics.batches) calls in \(statistics.transactions) transactions
                """)
            #expect(statistics.records == clients * perBatch * rounds)
        }
    }
}
