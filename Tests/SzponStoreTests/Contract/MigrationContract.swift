import Foundation
import Testing
@testable import SzponStore

@Suite("Contract: migrations")
struct MigrationContract {
    @Test("reopening keeps the data and runs each migration once", arguments: Backend.all)
    func reopen(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let batch = [progress(lesson: "l1"), attempt(answers: ["q1": "right"]),
                     surveyResponse(responses: ["a": json("[1, 2]")])]
        #expect(try await fixture.store.ingest(batch, source: .sync).statuses == [.stored, .stored, .stored])
        try await fixture.store.addAdminToken(hash: "h", label: "admin")
        let before = try await fixture.store.report(ReportFilter())

        let again = try await fixture.reopen()
        #expect(try await again.counts().records == 3)
        #expect(try await again.ingest(batch, source: .sync).statuses == [.duplicate, .duplicate, .duplicate])
        #expect(try await again.isAdminToken(hash: "h"))
        var after = try await again.report(ReportFilter())
        after.generatedAt = before.generatedAt
        #expect(after == before)
        let table = backend == .sqlite ? "grdb_migrations" : "szpon_migrations"
        let column = backend == .sqlite ? "identifier" : "name"
        #expect(try await again.rows("SELECT \(column) FROM \(table) ORDER BY \(column)").map { $0[0] }
                == Migrations.all.map(\.name))
    }

    @Test("migration names are unique and the schema version is their count")
    func list() {
        #expect(Set(Migrations.all.map(\.name)).count == Migrations.all.count)
        #expect(Migrations.version == Migrations.all.count)
        #expect(Migrations.all.allSatisfy { !$0.sqlite.isEmpty && !$0.postgres.isEmpty })
    }
}

@Suite("A results file from the previous release")
struct PreviousReleaseTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// results-v1.sqlite was written by szpon 6c1da5f (Fixtures/make-results-v1.py), with
    /// that release's own report beside it.
    @Test("opens with every row kept and the same report figures")
    func migrates() async throws {
        let files = try TemporaryStore()
        defer { files.remove() }
        try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent("results-v1.sqlite"),
                                         to: URL(fileURLWithPath: files.path))
        let store = try files.open()
        #expect(try await store.counts() == StoreCounts(
            records: 16,
            recordsByKind: ["attempt": 4, "survey_response": 4, "progress": 5, "booking_request": 1,
                            "task_update": 1, "event_registration": 1],
            conflicts: 1, rejections: 2))
        #expect(try await store.rows("SELECT COUNT(*) FROM attempt_scores") == [["4"]])
        #expect(try await store.rows("SELECT COUNT(*) FROM question_scores") == [["6"]])
        #expect(try await store.rows("SELECT COUNT(*) FROM progress") == [["5"]])
        #expect(try await store.rows("SELECT COUNT(*) FROM admin_tokens") == [["1"]])
        #expect(try await store.rows("SELECT identifier FROM grdb_migrations ORDER BY identifier").map { $0[0] }
                == Migrations.all.map(\.name))
        #expect(try await store.writerPragma("user_version") == String(Migrations.version))

        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent("results-v1.report.json"))
        let old = try JSONDecoder().decode(Report.self, from: data)
        var new = try await store.report(ReportFilter())
        new.generatedAt = old.generatedAt
        #expect(new.counts == old.counts)
        #expect(new.courses == old.courses)
        #expect(new.quizzes == old.quizzes)
        #expect(new.surveys == old.surveys)
        #expect(new.flagged == old.flagged)
        #expect(new.conflicts == old.conflicts)
        #expect(new.rejections == old.rejections)
        #expect(new == old)

        // A record stored by the old release still answers duplicate.
        let stored = try #require(try await store.rows("SELECT raw FROM records WHERE kind = 'progress' ORDER BY id").first?[0])
        #expect(try await store.ingest([json(stored ?? "")], source: .sync).statuses == [.duplicate])
    }
}
