import Foundation
import GRDB

/// The results file's schema: `Migrations.all`, run through GRDB's `DatabaseMigrator`, which
/// records the names it ran in `grdb_migrations` (so files made before the shared list
/// still know "v1" and "v2"). `PRAGMA user_version` mirrors `Migrations.version`, so that
/// other tools (and an older szpon, which refuses a newer file) can read it without GRDB.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in Migrations.all {
            migrator.registerMigration(migration.name) { db in
                try db.execute(sql: migration.sqlite)
            }
        }
        return migrator
    }
}

extension SQLValue: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue {
        switch self {
        case .null: return .null
        case let .integer(number): return number.databaseValue
        case let .real(number): return number.databaseValue
        case let .text(text): return text.databaseValue
        }
    }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> SQLValue? {
        switch dbValue.storage {
        case .null: return .null
        case let .int64(number): return .integer(number)
        case let .double(number): return .real(number)
        case let .string(text): return .text(text)
        case let .blob(data): return .text(ContentHash.hex(data))
        }
    }
}

extension StatementArguments {
    /// Bound values for a statement. GRDB's generic `init(_: some Sequence<some
    /// DatabaseValueConvertible>)` maps through a key path that the runtime builds
    /// anew on every call from another module: a tenth of the ingest server's CPU.
    init(_ values: [SQLValue]) {
        self.init(values.map { Optional<any DatabaseValueConvertible>.some($0.databaseValue) })
    }
}

extension SQLRow {
    init(_ row: Row) {
        self.init(columns: Array(row.columnNames),
                  values: row.databaseValues.map { SQLValue.fromDatabaseValue($0) ?? .null })
    }
}

/// Report reads on one SQLite read snapshot (WAL), so every query of a report sees the
/// same state while writes go on.
struct SnapshotReader: SQLReader {
    let snapshot: DatabaseSnapshot

    func rows(_ sql: String, _ arguments: [SQLValue]) async throws -> [SQLRow] {
        try await snapshot.read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map(SQLRow.init)
        }
    }
}
