import Foundation
import PostgresNIO
import Testing
@testable import SzponStore

/// PostgreSQL writes a group's records with its own multi-row statement; it must name the
/// very columns the record log's one-row SQL does, in the order of its values.
@Suite("PostgreSQL multi-row statements")
struct PostgresSetWriteTests {
    @Test("the multi-row records insert names the record log's columns, in order")
    func recordColumns() throws {
        let sql = IngestPipeline.insertRecord
        let open = try #require(sql.firstIndex(of: "("))
        let close = try #require(sql[open...].firstIndex(of: ")"))
        let columns = sql[sql.index(after: open)..<close].split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(columns == PostgresSetWrite.recordColumns + ["person_id"])
    }

    @Test("a one-row INSERT becomes n rows: the VALUES row repeated, the rest kept")
    func multiRowInsert() {
        let insert = MultiRowInsert("INSERT INTO t (a, value) VALUES (?, (SELECT x FROM y WHERE z = ?)) ON CONFLICT DO NOTHING")
        #expect(insert.sql(rows: 2) == "INSERT INTO t (a, value) VALUES (?, (SELECT x FROM y WHERE z = ?)), "
            + "(?, (SELECT x FROM y WHERE z = ?)) ON CONFLICT DO NOTHING")
        #expect(SQLText.postgres(insert.sql(rows: 2)).contains("($3, (SELECT x FROM y WHERE z = $4))"))
    }

    @Test("placeholders are numbered as SQLText numbers them, around non-ASCII text too")
    func numbering() {
        for sql in ["SELECT 1", "?", "a = ? AND b = ?", "-- żółw ? 🐢\nINSERT INTO t VALUES (?, 'ą', ?)",
                    PostgresSetWrite.insertRecords(rows: 12)] {
            #expect(PostgresConnection.numbered(sql) == SQLText.postgres(sql))
        }
    }
}
