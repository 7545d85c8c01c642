import Foundation
import Testing
@testable import SzponStore

/// Failures injected into the results file itself, with SQL on the store's own writer
/// connection, so the store's code runs unchanged:
/// - at COMMIT: a trigger on `records` inserts a row that breaks a DEFERRED foreign key.
///   SQLite checks deferred keys only when the outermost transaction commits, so every
///   statement of the batch (and the savepoint around it) succeeds and the COMMIT fails,
///   as it does on a full disk or an I/O error at the final write;
/// - mid-batch: a trigger that RAISE(ABORT)s on the derived rows of a survey response,
///   after the batch's earlier records were written.
/// Either way the ingest must throw (the server answers 503), nothing of the batch may
/// stay, and once the fault is gone the same batch is stored whole.
@Suite("A failing commit")
struct CommitFailureTests {
    static let failAtCommit = """
        CREATE TABLE fault_parent (id TEXT PRIMARY KEY);
        CREATE TABLE fault_child (parent TEXT REFERENCES fault_parent(id) DEFERRABLE INITIALLY DEFERRED);
        CREATE TRIGGER fault_at_commit AFTER INSERT ON records
        BEGIN INSERT INTO fault_child (parent) VALUES ('no such parent'); END;
        """
    static let removeFailAtCommit = "DROP TRIGGER fault_at_commit; DROP TABLE fault_child; DROP TABLE fault_parent;"

    static let failMidBatch = """
        CREATE TRIGGER fault_mid_batch BEFORE INSERT ON survey_answers
        BEGIN SELECT RAISE(ABORT, 'injected fault'); END;
        """

    static let tables = ["records", "attempt_scores", "question_scores", "survey_answers", "progress", "conflicts", "rejections"]

    /// Row counts of every table the ingest writes.
    func counts(_ store: SQLiteResultStore) async throws -> [String: String] {
        var counts: [String: String] = [:]
        for table in Self.tables {
            counts[table] = try await store.rows("SELECT COUNT(*) FROM \(table)")[0][0] ?? "NULL"
        }
        return counts
    }

    /// An attempt, a survey response, a progress mark and an invalid record: every table.
    func mixedBatch() -> [JSONValue] {
        [
            attempt(answers: ["q1": "right", "q2": "half"]),
            surveyResponse(responses: ["ocena": .number(4), "uwagi": .string("Dobrze")]),
            progress(lesson: "l1"),
            record(id: "not-a-uuid", kind: "progress", payload: ["course": .string("kurs-a")]),
        ]
    }

    @Test("a COMMIT that fails makes the ingest throw and leaves nothing; the resend is stored")
    func failureAtCommit() async throws {
        let files = try TemporaryStore()
        defer { files.remove() }
        let store = try files.open()
        #expect(try await store.ingest([progress(lesson: "before")], source: .sync).statuses == [.stored])
        let before = try await counts(store)
        #expect(before["records"] == "1" && before["progress"] == "1")

        try await store.executeOnWriter(Self.failAtCommit)
        let batch = mixedBatch()
        do {
            let answer = try await store.ingest(batch, source: .sync)
            Issue.record("the ingest answered \(answer.statuses) although its transaction did not commit")
        } catch {
            #expect("\(error)".contains("FOREIGN KEY constraint failed"), "not the injected commit failure: \(error)")
        }
        try await store.executeOnWriter(Self.removeFailAtCommit)
        #expect(try await counts(store) == before, "a batch whose commit failed left rows behind")

        let resent = try await store.ingest(batch, source: .sync)
        #expect(resent.statuses == [.stored, .stored, .stored, .rejected])
        #expect(try await counts(store) == [
            "records": "4", "attempt_scores": "1", "question_scores": "2", "survey_answers": "2",
            "progress": "2", "conflicts": "0", "rejections": "1",
        ])
    }

    @Test("a statement that fails mid-batch rolls back the records written before it")
    func failureMidBatch() async throws {
        let files = try TemporaryStore()
        defer { files.remove() }
        let store = try files.open()
        try await store.executeOnWriter(Self.failMidBatch)
        // The attempt and its scores are written before the survey response fails.
        let batch = mixedBatch()
        await #expect(throws: (any Error).self) { try await store.ingest(batch, source: .sync) }
        #expect(try await counts(store) == Dictionary(uniqueKeysWithValues: Self.tables.map { ($0, "0") }))

        // A batch with no survey answer still goes in: the fault is in the data, not the store.
        #expect(try await store.ingest([progress(lesson: "l2")], source: .sync).statuses == [.stored])

        try await store.executeOnWriter("DROP TRIGGER fault_mid_batch")
        #expect(try await store.ingest(batch, source: .sync).statuses == [.stored, .stored, .stored, .rejected])
        #expect(try await store.rows("SELECT COUNT(*) FROM records") == [["4"]])
        #expect(try await store.rows("SELECT COUNT(*) FROM survey_answers") == [["2"]])
    }
}
