import Foundation

/// One statement with its arguments (`?` placeholders, the same SQL on both backends).
struct SQLStatement: Sendable {
    var sql: String
    var values: [SQLValue]

    init(_ sql: String, _ values: [SQLValue] = []) {
        self.sql = sql
        self.values = values
    }
}

/// A people-store operation, written once for both backends: each runs it in one
/// transaction as `prelude`, then `reads`, then the `plan` (pure Swift, deciding from what
/// was read) and the writes it returns. GRDB's transactions are synchronous closures and
/// postgres-nio's are asynchronous, so the logic lives here, between the SQL, not in either.
struct PeopleOperation<Output: Sendable>: Sendable {
    /// Whether the operation writes; a reading one runs on a read connection (SQLite) and
    /// without the people lock (PostgreSQL).
    var writes: Bool
    /// Whether a writing operation takes the people lock on PostgreSQL; the secret's
    /// insert-if-missing needs none (`ON CONFLICT DO NOTHING` waits for the other insert).
    var lock = true
    var prelude: [SQLStatement] = []
    var reads: [SQLStatement]
    var plan: @Sendable ([[SQLRow]]) throws -> PeoplePlan<Output>
}

struct PeoplePlan<Output: Sendable>: Sendable {
    var writes: [SQLStatement]
    var output: Output

    init(_ output: Output, writes: [SQLStatement] = []) {
        self.writes = writes
        self.output = output
    }
}

/// The advisory lock key every writing people operation takes on PostgreSQL (the
/// migrations take 7312045501).
enum PeopleLock {
    static let key: Int64 = 7312045502
}
