import GRDB

/// The derived rows of one batch's stored records, written table by table in multi-row
/// INSERTs when the batch ends: a few statements per batch instead of one per row, in
/// the one writer every request waits on. The rows are the same, and so is the order
/// within each table; tables are written in the order they first appear, so a parent
/// row (`survey_responses`) still goes in before its children.
struct SQLiteDerivedRows {
    /// Rows per statement: 256 rows of the widest derived table bind 3,328 values, far
    /// under SQLite's limit of 32,766.
    static let rowsPerStatement = 256

    private var pending = OrderedRows()
    private var templates: [String: MultiRowInsert] = [:]

    var isEmpty: Bool { pending.groups.isEmpty }

    mutating func add(_ rows: [DerivedRow]) {
        for row in rows { pending.add(sql: row.sql, row.values) }
    }

    /// Writes what is pending. Called at the end of a batch, and before anything reads
    /// the derived tables back (a resend of a record earlier in the same batch).
    mutating func flush(into db: Database) throws {
        for (sql, rows) in pending.groups {
            var start = 0
            while start < rows.count {
                let end = min(start + Self.rowsPerStatement, rows.count)
                let statement = end - start == 1 ? sql : template(sql).sql(rows: end - start)
                var values: [SQLValue] = []
                values.reserveCapacity((end - start) * rows[start].count)
                for row in rows[start..<end] { values.append(contentsOf: row) }
                try db.cachedStatement(sql: statement).execute(arguments: StatementArguments(values))
                start = end
            }
        }
        pending = OrderedRows()
    }

    private mutating func template(_ sql: String) -> MultiRowInsert {
        if let template = templates[sql] { return template }
        let template = MultiRowInsert(sql)
        templates[sql] = template
        return template
    }
}
