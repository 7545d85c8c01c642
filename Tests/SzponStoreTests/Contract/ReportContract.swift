import Foundation
import Testing
@testable import SzponStore

@Suite("Contract: Reports")
struct ReportTests {
    static let htmlText = "Świetny kurs <b>!</b> & \"cytat\" </script>\nnowa linia"

    /// A small school: four attempts at one quiz (TestScorer passes at 60%), lesson marks
    /// from three devices (one unmarks a lesson later), three survey responses.
    private func school(backend: Backend) async throws -> (any ContractStore, StoreFixture)? {
        guard let fixture = try await backend.open() else { return nil }
        let store = fixture.store
        let batch: [JSONValue] = [
            // 50%, 100%, 25%, 50%: one passed of four, mean 56.25%.
            attempt(device: "d1", answers: ["q1": "right", "q2": "wrong"], questions: ["q1", "q2"]),
            attempt(device: "d1", answers: ["q1": "right", "q2": "right"], questions: ["q1", "q2"]),
            attempt(device: "d2", answers: ["q1": "wrong", "q2": "half"], questions: ["q1", "q2"]),
            attempt(device: "d3", answers: ["q1": "right"], questions: ["q1", "q2"]),
            // Another course: an unknown quiz version and a client/server mismatch.
            attempt(quiz: "test-b", course: "kurs-b", device: "d9", contentHash: "0bad", answers: ["x": "right"]),
            attempt(quiz: "test-b", course: "kurs-b", device: "d9", answers: ["x": "right"], clientPercent: 50,
                    createdAt: "2026-11-24T08:00:00.000Z"),
            progress(lesson: "l1", device: "d1"),
            progress(lesson: "l2", device: "d1"),
            progress(lesson: "l1", device: "d2"),
            progress(lesson: "l2", device: "d2", createdAt: "2026-11-23T10:00:00.000Z"),
            progress(lesson: "l2", completed: false, device: "d2", createdAt: "2026-11-23T11:00:00.000Z"),
            progress(lesson: "l1", device: "d4"),
            surveyResponse(device: "d1", responses: [
                "ocena": .number(4), "wybor": json("[0, 2]"), "macierz": json("[1, 0]"), "uwagi": .string(Self.htmlText),
            ], createdAt: "2026-11-23T09:00:00.000Z"),
            surveyResponse(device: "d2", responses: [
                "ocena": .number(4), "wybor": json("[2]"), "macierz": json("[1, null]"), "uwagi": .string("Za długo"),
            ], createdAt: "2026-11-23T12:00:00.000Z"),
            surveyResponse(device: nil, responses: [
                "ocena": .number(2), "wybor": json("[]"), "macierz": json("[0, 0]"), "uwagi": .null,
            ], createdAt: "2026-11-23T10:00:00.000Z"),
        ]
        let results = try await store.ingest(batch, source: .sync)
        #expect(results.allSatisfy { $0.status == .stored })
        return (store, fixture)
    }

    @Test("course: attempts, pass rate, mean percent, learners, lesson and course completion", arguments: Backend.all)
    func course(backend: Backend) async throws {
        guard let (store, fixture) = try await school(backend: backend) else { return }
        defer { fixture.remove() }
        let report = try await store.report(ReportFilter())
        #expect(report.courses.map(\.course) == ["kurs-a", "kurs-b"])
        let course = try #require(report.courses.first)
        #expect(course.attempts == 4)
        #expect(course.decidedAttempts == 4)
        #expect(course.passedAttempts == 1)
        #expect(course.passRate == 0.25)
        #expect(course.averagePercent == 56.25)
        #expect(course.learners == 4)  // d1, d2, d3 attempted; d1, d2, d4 marked lessons
        #expect(course.learnersPassed == 1)
        #expect(course.lessons == [
            LessonReport(lesson: "l1", learners: 3, completedBy: 3),
            LessonReport(lesson: "l2", learners: 2, completedBy: 1),  // d2 unmarked it later
        ])
        #expect(course.learnersCompleted == 1)  // only d1 has both lessons

        let other = report.courses[1]
        #expect(other.attempts == 2)
        #expect(other.decidedAttempts == 1)  // the unknown version has no server score
        #expect(other.passRate == 1)
    }

    /// The new user's bug: with lessons l1..l3 in the course and no device reporting l3,
    /// "completed all lessons" counted d1, who did two of three.
    @Test("course completion follows the course's real lesson list from the manifest", arguments: Backend.all)
    func completionAgainstLessonList(backend: Backend) async throws {
        guard let (store, fixture) = try await school(backend: backend) else { return }
        defer { fixture.remove() }
        let lessons = ["kurs-a": ["l1", "l2", "l3"]]
        var course = try #require(try await store.report(ReportFilter(requiredLessons: lessons)).courses.first)
        #expect(course.learnersCompleted == 0)
        #expect(course.lessons.map(\.lesson) == ["l1", "l2", "l3"])  // course order, l3 listed with zeros
        #expect(course.lessons.last == LessonReport(lesson: "l3", learners: 0, completedBy: 0))

        _ = try await store.ingest([progress(lesson: "l3", device: "d1")], source: .sync)
        course = try #require(try await store.report(ReportFilter(requiredLessons: lessons)).courses.first)
        #expect(course.learnersCompleted == 1)

        // A lesson that is not required (or no longer in the course) does not hold anyone back.
        _ = try await store.ingest([progress(lesson: "stara", completed: false, device: "d1")], source: .sync)
        course = try #require(try await store.report(ReportFilter(requiredLessons: lessons)).courses.first)
        #expect(course.learnersCompleted == 1)
        #expect(course.lessons.map(\.lesson) == ["l1", "l2", "l3", "stara"])
    }
    @Test("gradebook: one row per attempt and question, oldest first, with device, times and both scores", arguments: Backend.all)
    func gradebook(backend: Backend) async throws {
        guard let (store, fixture) = try await school(backend: backend) else { return }
        defer { fixture.remove() }
        let rows = try await store.gradebook(ReportFilter(course: "kurs-a"))
        // Four attempts at two questions each; kurs-b's are filtered out.
        #expect(rows.count == 8)
        #expect(Set(rows.map(\.course)) == ["kurs-a"])
        #expect(Set(rows.map(\.attemptID)).count == 4)
        let d3 = rows.filter { $0.device == "d3" }
        #expect(d3.map(\.question) == ["q1", "q2"])
        #expect(d3.map(\.position) == [0, 1])
        #expect(d3.map(\.state) == ["correct", "unanswered"])
        #expect(d3.map(\.points) == [1, 0])
        #expect(d3.allSatisfy { $0.serverPercent == 50 && $0.serverPassed == false && $0.serverMax == 2 })
        #expect(d3.allSatisfy { $0.createdAt == "2026-11-23T10:15:00.000Z" && !$0.receivedAt.isEmpty })

        // The unknown version has no question rows, but its attempt is there, with the
        // client's score beside an empty server score.
        let other = try await store.gradebook(ReportFilter(course: "kurs-b"))
        let unknown = try #require(other.first { $0.keyStatus == "unknown-version" })
        #expect(unknown.question == nil)
        #expect(unknown.serverPercent == nil)
        let mismatch = try #require(other.first { $0.keyStatus == "scored" })
        #expect(mismatch.clientPercent == 50)
        #expect(mismatch.serverPercent == 100)
        #expect(other.map(\.createdAt) == other.map(\.createdAt).sorted())
    }

    @Test("quiz questions: answered, share fully correct, mean points", arguments: Backend.all)
    func questions(backend: Backend) async throws {
        guard let (store, fixture) = try await school(backend: backend) else { return }
        defer { fixture.remove() }
        let report = try await store.report(ReportFilter(course: "kurs-a"))
        #expect(report.courses.map(\.course) == ["kurs-a"])
        let quiz = try #require(report.quizzes.first)
        #expect(report.quizzes.count == 1)
        #expect(quiz.quiz == "test-1" && quiz.course == "kurs-a")
        #expect(quiz.attempts == 4 && quiz.passedAttempts == 1 && quiz.passRate == 0.25)
        #expect(quiz.questions == [
            QuestionReport(question: "q1", shown: 4, answered: 4, correct: 3, pending: 0, difficulty: 0.75,
                           averagePoints: 0.75, maxPoints: 1),
            QuestionReport(question: "q2", shown: 4, answered: 3, correct: 1, pending: 0, difficulty: 1.0 / 3.0,
                           averagePoints: 0.5, maxPoints: 1),
        ])
        // The course filter narrows flagged attempts too.
        #expect(report.flagged.isEmpty)
    }

    @Test("survey: distribution per value, per member, per matrix cell; free text verbatim, newest first", arguments: Backend.all)
    func survey(backend: Backend) async throws {
        guard let (store, fixture) = try await school(backend: backend) else { return }
        defer { fixture.remove() }
        let report = try await store.report(ReportFilter())
        let survey = try #require(report.surveys.first)
        #expect(survey.survey == "ankieta")
        #expect(survey.responses == 3)
        let questions = Dictionary(uniqueKeysWithValues: survey.questions.map { ($0.question, $0) })

        let rating = try #require(questions["ocena"])
        #expect(rating.answers == 3)
        #expect(rating.values == [ValueCount(value: .number(2), count: 1), ValueCount(value: .number(4), count: 2)])

        let multiple = try #require(questions["wybor"])
        #expect(multiple.answers == 3)
        #expect(multiple.choices == [ValueCount(value: .number(0), count: 1), ValueCount(value: .number(2), count: 2)])

        let matrix = try #require(questions["macierz"])
        #expect(matrix.cells == [
            CellCount(row: 0, value: .number(0), count: 1),
            CellCount(row: 0, value: .number(1), count: 2),
            CellCount(row: 1, value: .number(0), count: 2),
        ])

        let text = try #require(questions["uwagi"])
        #expect(text.answers == 2)  // null means unanswered
        #expect(text.textCount == 2)
        #expect(text.texts.map(\.text) == ["Za długo", Self.htmlText])
        #expect(text.texts.map(\.createdAt) == ["2026-11-23T12:00:00.000Z", "2026-11-23T09:00:00.000Z"])
        #expect(text.values.isEmpty && text.choices.isEmpty)

        let limited = try await store.report(ReportFilter(limit: 1))
        let limitedText = try #require(limited.surveys.first?.questions.first { $0.question == "uwagi" })
        #expect(limitedText.texts.map(\.text) == ["Za długo"])
        #expect(limitedText.textCount == 2)

        #expect(try await store.report(ReportFilter(survey: "inna")).surveys.isEmpty)
    }

    @Test("made-up survey question ids and values cannot blow up the report: the most answered are kept", arguments: Backend.all)
    func surveyCaps(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        let extra = SurveyReport.maxQuestions + 100
        // One response with hundreds of ids, one with a list of thousands of values.
        var many: [String: JSONValue] = ["ocena": .number(4), "wybor": json("[0]")]
        for index in 0..<extra { many["junk-\(index)"] = .number(Double(index)) }
        let values = JSONValue.array((0..<(SurveyReport.maxCounts + 500)).map { .number(Double($0)) })
        let batch = [surveyResponse(responses: many), surveyResponse(responses: ["ocena": .number(4), "wybor": values])]
        #expect(try await store.ingest(batch, source: .sync).statuses == [.stored, .stored])

        let survey = try #require(try await store.report(ReportFilter()).surveys.first)
        #expect(survey.questions.count == SurveyReport.maxQuestions)
        #expect(survey.omittedQuestions == extra + 2 - SurveyReport.maxQuestions)
        // Answered twice, so kept ahead of the ids answered once.
        let rating = try #require(survey.questions.first { $0.question == "ocena" }, "the most answered question stays")
        #expect(rating.values == [ValueCount(value: .number(4), count: 2)])
        let list = try #require(survey.questions.first { $0.question == "wybor" })
        #expect(list.choices.count == SurveyReport.maxCounts && list.cells.count == SurveyReport.maxCounts)
        #expect(list.choices.first == ValueCount(value: .number(0), count: 2))
    }

    @Test("flagged attempts: unknown versions and client/server mismatches, newest first", arguments: Backend.all)
    func flagged(backend: Backend) async throws {
        guard let (store, fixture) = try await school(backend: backend) else { return }
        defer { fixture.remove() }
        let report = try await store.report(ReportFilter(course: "kurs-b"))
        try #require(report.flagged.count == 2)
        #expect(report.flagged.map(\.keyStatus) == ["scored", "unknown-version"])  // same receivedAt: newer createdAt first
        #expect(report.flagged[0].mismatch)
        #expect(report.flagged[0].clientPercent == 50 && report.flagged[0].serverPercent == 100)
        #expect(report.flagged[1].contentHash == "0bad" && report.flagged[1].serverPercent == nil)
    }

    @Test("conflicts and rejections, newest first, capped, raw text cut short", arguments: Backend.all)
    func adminLists(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        let id = newID()
        _ = try await store.ingest([progress(id: id, lesson: "l1")], source: .sync)
        _ = try await store.ingest([progress(id: id, lesson: "l2")], source: .file)
        let long = String(repeating: "y", count: 2000)
        _ = try await store.ingest([record(kind: "nope", payload: ["long": .string(long)])], source: .sync)
        try await Task.sleep(for: .milliseconds(5))
        _ = try await store.ingest([.string("newest")], source: .file)

        let report = try await store.report(ReportFilter())
        #expect(report.conflicts.count == 1)
        #expect(report.conflicts[0].recordID == id)
        #expect(report.conflicts[0].source == .file)
        #expect(report.conflicts[0].raw.contains("\"lesson\":\"l2\""))
        #expect(report.rejections.map(\.reason) == ["a record must be a JSON object", "unknown kind 'nope'"])
        #expect(report.rejections[0].raw == "\"newest\"")
        #expect(report.rejections[1].raw.count == Report.rawPreviewLength)
        #expect(report.rejections[1].source == .sync)
        #expect(report.counts.rejections == 2 && report.counts.conflicts == 1)

        let capped = try await store.report(ReportFilter(limit: 1))
        #expect(capped.rejections.map(\.reason) == ["a record must be a JSON object"])
    }

    @Test("the report encodes as JSON", arguments: Backend.all)
    func codable(backend: Backend) async throws {
        guard let (store, fixture) = try await school(backend: backend) else { return }
        defer { fixture.remove() }
        let report = try await store.report(ReportFilter())
        let data = try JSONEncoder().encode(report)
        #expect(try JSONDecoder().decode(Report.self, from: data) == report)
        let filter = try JSONDecoder().decode(ReportFilter.self, from: Data(#"{"course":"kurs-a"}"#.utf8))
        #expect(filter == ReportFilter(course: "kurs-a"))
    }
}
