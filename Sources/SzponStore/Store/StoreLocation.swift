import Foundation

/// Where the results live, as `--db` names it: a SQLite file (`results.sqlite`,
/// `sqlite:PATH`) or a PostgreSQL database (`postgres://user@host/db`, optionally
/// `?schema=NAME` and `sslmode=disable`). Every CLI command opens its store through
/// `openStore`, never a backend directly.
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresResultStore.Location)

    public struct ParseError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func parse(_ text: String) throws -> StoreLocation {
        let lowered = text.lowercased()
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            guard let location = PostgresResultStore.Location(url: text) else {
                throw ParseError(description: "'\(text)' is not a PostgreSQL URL like postgres://user@host:5432/database")
            }
            return .postgres(location)
        }
        if lowered.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw ParseError(description: "sqlite: needs a file path (sqlite:results.sqlite)") }
            return .sqlite(path: path)
        }
        if text.isEmpty { throw ParseError(description: "--db is empty") }
        return .sqlite(path: text)
    }

    /// The location for messages: a PostgreSQL URL without its password.
    public var description: String {
        switch self {
        case let .sqlite(path): return path
        case let .postgres(location):
            return "postgres://\(location.username)@\(location.host):\(location.port)/\(location.database)"
                + (location.schema.map { "?schema=\($0)" } ?? "")
        }
    }

    public var isPostgres: Bool {
        if case .postgres = self { return true }
        return false
    }
}

/// Opens (creating and migrating if needed) the store at `location`.
public func openStore(_ location: StoreLocation, acceptedSites: Set<String>? = nil, scorer: AttemptScorer? = nil,
                      maxConnections: Int = 8) async throws -> any ResultStore {
    switch location {
    case let .sqlite(path):
        return try SQLiteResultStore(path: path, acceptedSites: acceptedSites, scorer: scorer)
    case let .postgres(postgres):
        return try await PostgresResultStore.open(postgres, acceptedSites: acceptedSites, scorer: scorer,
                                                  maxConnections: maxConnections)
    }
}
