import Foundation
import Testing
@testable import SzponStore

@Suite("The results file")
struct SchemaTests {
    @Test("WAL, synchronous FULL on the writer, user_version is the schema version")
    func pragmas() async throws {
        let files = try TemporaryStore()
        defer { files.remove() }
        let store = try files.open()
        #expect(try await store.writerPragma("journal_mode") == "wal")
        #expect(try await store.writerPragma("synchronous") == "2")  // FULL
        #expect(try await store.writerPragma("user_version") == String(SQLiteResultStore.schemaVersion))
        #expect(try await store.writerPragma("foreign_keys") == "1")
        #expect(try await store.rows("PRAGMA journal_mode") == [["wal"]])
    }

    @Test("reopening keeps the data and runs each migration once")
    func reopen() async throws {
        let files = try TemporaryStore()
        defer { files.remove() }
        let batch = [progress(lesson: "l1"), attempt(answers: ["q1": "right"])]
        do {
            let store = try files.open()
            _ = try await store.ingest(batch, source: .sync)
            try await store.addAdminToken(hash: "h", label: "admin")
            try store.close()
        }
        let store = try files.open()
        #expect(try await store.counts().records == 2)
        #expect(try await store.ingest(batch, source: .sync).statuses == [.duplicate, .duplicate])
        #expect(try await store.isAdminToken(hash: "h"))
        #expect(try await store.rows("SELECT identifier FROM grdb_migrations ORDER BY identifier").map { $0[0] }
                == Migrations.all.map(\.name))
        #expect(try await store.writerPragma("user_version") == String(SQLiteResultStore.schemaVersion))
        try store.close()

        let third = try files.open()
        #expect(try await third.rows("SELECT COUNT(*) FROM grdb_migrations") == [[String(Migrations.all.count)]])
        #expect(try await third.counts().records == 2)
    }

    @Test("a file from a newer szpon is refused, not migrated")
    func newerFile() async throws {
        let files = try TemporaryStore()
        defer { files.remove() }
        do {
            let store = try files.open()
            try await store.executeOnWriter("PRAGMA user_version = \(SQLiteResultStore.schemaVersion + 1)")
            try store.close()
        }
        #expect(throws: ResultStoreError.newerSchema(found: SQLiteResultStore.schemaVersion + 1,
                                                     supported: SQLiteResultStore.schemaVersion)) {
            _ = try files.open()
        }
    }

    @Test("the tables and indexes the reports need exist")
    func tables() async throws {
        let files = try TemporaryStore()
        defer { files.remove() }
        let store = try files.open()
        let tables = try await store.rows(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb_%' ORDER BY name")
        // At least these: later migrations add tables of their own.
        let names = Set(tables.compactMap { $0[0] })
        let needed: Set = [
            "admin_recovery_codes", "admin_sessions", "admin_tokens", "admin_totp", "attempt_scores", "audit_log",
            "conflicts", "people", "person_groups", "progress", "question_scores", "records", "rejections",
            "server_secrets", "survey_answer_items", "survey_answers", "survey_responses",
        ]
        #expect(needed.subtracting(names).isEmpty, "missing: \(needed.subtracting(names).sorted())")
        let indexes = try await store.rows(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        #expect(indexes.map { $0[0] }.contains("question_scores_quiz"))
        #expect(indexes.map { $0[0] }.contains("survey_answers_survey"))
        #expect(indexes.map { $0[0] }.contains("survey_answer_items_survey"))
        #expect(indexes.map { $0[0] }.contains("records_person"))
        #expect(indexes.map { $0[0] }.contains("person_groups_group"))
    }
}
