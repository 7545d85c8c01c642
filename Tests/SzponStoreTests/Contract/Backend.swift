import Foundation
import Testing
@testable import SzponStore

/// The store backends every contract case runs against. PostgreSQL uses the database in
/// `SZPON_TEST_POSTGRES` (a URL; `make test` starts a throwaway cluster and sets it), one
/// fresh schema per test. Without it the PostgreSQL cases are skipped with a notice, unless
/// `CI` is set: then they fail.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    static let all = Backend.allCases

    var testDescription: String { rawValue }

    static var postgresURL: String? {
        let url = ProcessInfo.processInfo.environment["SZPON_TEST_POSTGRES"] ?? ""
        return url.isEmpty ? nil : url
    }

    /// A fresh, empty store, or nil when this backend is not available here (PostgreSQL
    /// without SZPON_TEST_POSTGRES; that fails the test under CI).
    func open(acceptedSites: Set<String>? = nil, scorer: AttemptScorer? = TestScorer.score,
              faultInjection: (@Sendable (String?) throws -> Void)? = nil) async throws -> StoreFixture? {
        switch self {
        case .sqlite:
            let files = try TemporaryStore()
            let store = try files.open(acceptedSites: acceptedSites, scorer: scorer, faultInjection: faultInjection)
            return StoreFixture(store: store, reopen: { try files.open(acceptedSites: acceptedSites, scorer: scorer) },
                                remove: { files.remove() })
        case .postgres:
            guard let base = Self.postgresURL else {
                if ProcessInfo.processInfo.environment["CI"] != nil {
                    Issue.record("SZPON_TEST_POSTGRES is not set, but CI is: the PostgreSQL contract cases must run")
                } else {
                    print("notice: SZPON_TEST_POSTGRES is not set; skipping the PostgreSQL case (make test sets it)")
                }
                return nil
            }
            let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            let url = base + (base.contains("?") ? "&" : "?") + "schema=\(schema)&sslmode=disable"
            guard let location = PostgresResultStore.Location(url: url) else {
                Issue.record("SZPON_TEST_POSTGRES is not a postgres:// URL: \(base)")
                return nil
            }
            let store = try await PostgresResultStore.open(location, acceptedSites: acceptedSites, scorer: scorer,
                                                           maxConnections: 4, faultInjection: faultInjection)
            return StoreFixture(
                store: store,
                reopen: { try await PostgresResultStore.open(location, acceptedSites: acceptedSites, scorer: scorer) },
                remove: {
                    Task {
                        try? await store.execute("DROP SCHEMA \(schema) CASCADE")
                        await store.close()
                    }
                })
        }
    }
}

/// What the contract cases need beyond `ResultStore`: raw SQL for counting derived rows (the
/// same SQL on both backends, `?` placeholders, values as text) and group-commit figures.
protocol ContractStore: ResultStore {
    func rows(_ sql: String, _ arguments: [String?]) async throws -> [[String?]]
    func commitStatistics() async -> CommitStatistics
}

extension SQLiteResultStore: ContractStore {}

extension PostgresResultStore: ContractStore {
    func rows(_ sql: String, _ arguments: [String?]) async throws -> [[String?]] {
        try await textRows(sql, arguments)
    }
}

struct StoreFixture: Sendable {
    let store: any ContractStore
    /// A second store on the same file or database, as another process opens it.
    let reopen: @Sendable () async throws -> any ContractStore
    let remove: @Sendable () -> Void
}

extension ContractStore {
    func rows(_ sql: String) async throws -> [[String?]] { try await rows(sql, []) }
}
