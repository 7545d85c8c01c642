import ArgumentParser
import Foundation
import SzponStore

/// `--db` as every command takes it: a SQLite file or a PostgreSQL database
/// (`StoreLocation`), opened through `openStore`.
enum StoreOption {
    static let help = "The results store: PATH, sqlite:PATH or postgres://user@host/db."

    /// The parsed location; exits 1 with a message for one that cannot be read.
    static func location(_ text: String) throws -> StoreLocation {
        do {
            return try StoreLocation.parse(text)
        } catch {
            Terminal.error("error: --db: \(error)")
            throw ExitCode(1)
        }
    }

    /// The location for messages: a PostgreSQL URL without its password.
    static func name(_ text: String) -> String {
        (try? StoreLocation.parse(text))?.description ?? text
    }

    /// Opens the store, creating it if needed (SQLite: the file; PostgreSQL: the tables).
    /// With `existing`, a SQLite file that is not there exits 1 with a message instead.
    static func open(_ text: String, existing: Bool = false, acceptedSites: Set<String>? = nil,
                     scorer: AttemptScorer? = nil) async throws -> any ResultStore {
        let location = try location(text)
        if existing, case let .sqlite(path) = location, !FileManager.default.fileExists(atPath: path) {
            Terminal.error("error: no results file at \(path) (pass --db PATH or postgres://user@host/db)")
            throw ExitCode(1)
        }
        return try await openStore(location, acceptedSites: acceptedSites, scorer: scorer)
    }
}
