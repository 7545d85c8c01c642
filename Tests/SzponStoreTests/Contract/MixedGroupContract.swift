import Foundation
import Testing
@testable import SzponStore

/// A group commit writes many requests together (PostgreSQL: a few multi-row statements for
/// the whole group); each record must still get the answer it gets when the requests come
/// one after the other.
@Suite("Contract: Mixed groups")
struct MixedGroupTests {
    static let expected = ServerScore(points: 1.5, max: 2, percent: 75, passed: true, pending: false)

    @Test("one batch mixing new records, duplicates, conflicts and rejections answers each as if sent one by one",
          arguments: Backend.all)
    func mixedBatch(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        let storedAttempt = attempt(answers: ["q1": "right", "q2": "half"])
        let storedProgress = progress(lesson: "l1")
        #expect(try await store.ingest([storedAttempt, storedProgress], source: .sync).statuses == [.stored, .stored])

        let progressID = try #require(storedProgress["id"]?.string)
        let changedProgress = progress(id: progressID, lesson: "other")
        let freshID = newID()
        // A quiz that lists a question twice: its second score row is dropped, not an error.
        let fresh = attempt(id: freshID, answers: ["q1": "right"], questions: ["q1", "q1"])
        let freshScore = IngestDetail.score(ServerScore(points: 2, max: 2, percent: 100, passed: true, pending: false))
        let freshChanged = attempt(id: freshID, answers: ["q1": "wrong"])
        let invalid = record(kind: "nonsense", payload: [:])
        let answer = try await store.ingest(
            [fresh, storedAttempt, changedProgress, invalid, fresh, freshChanged, invalid, storedProgress],
            source: .sync)
        #expect(answer.statuses == [.stored, .duplicate, .conflict, .rejected, .duplicate, .conflict, .rejected,
                                    .duplicate])
        #expect(answer.map(\.detail) == [freshScore, .score(Self.expected), nil, nil, freshScore, nil, nil, nil])
        #expect(answer[2].reason == IngestPipeline.conflictReason && answer[5].reason == IngestPipeline.conflictReason)
        #expect(answer[3].reason == "unknown kind 'nonsense'")

        #expect(try await store.counts() == StoreCounts(records: 3, recordsByKind: ["attempt": 2, "progress": 1],
                                                       conflicts: 2, rejections: 1))
        let conflicted: [[String?]] = [progressID, freshID].sorted().map { [$0, "1"] }
        #expect(try await store.rows("SELECT record_id, times FROM conflicts ORDER BY record_id") == conflicted)
        #expect(try await store.rows("SELECT times FROM rejections") == [["2"]])
        #expect(try await store.rows("SELECT COUNT(*) FROM question_scores WHERE record_id = ?", [freshID]) == [["1"]])
        #expect(try await store.rows("SELECT lesson FROM progress") == [["l1"]])
    }

    @Test("concurrent requests sharing records, conflicts and rejections: one stored copy, every other answered",
          arguments: Backend.all)
    func mixedConcurrentRequests(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        let storedAttempt = attempt(answers: ["q1": "right", "q2": "half"])
        let storedProgress = progress(lesson: "l1")
        _ = try await store.ingest([storedAttempt, storedProgress], source: .sync)
        let progressID = try #require(storedProgress["id"]?.string)
        let changedProgress = progress(id: progressID, lesson: "other")
        let invalid = record(kind: "nonsense", payload: [:])
        let shared = attempt(answers: ["q1": "right", "q2": "half"])
        let twoFacedID = newID()
        let twoFaced = [progress(id: twoFacedID, lesson: "a"), progress(id: twoFacedID, lesson: "b")]

        let calls = 16
        let batches: [[JSONValue]] = (0..<calls).map { call in
            [
                attempt(device: "device-\(call)", answers: ["q1": "right", "q2": "wrong"]),
                storedAttempt,
                changedProgress,
                surveyResponse(responses: ["ocena": .number(Double(call))]),
                invalid,
                shared,
                twoFaced[call % 2],
                progress(lesson: "l\(call)"),
            ]
        }
        let answers = try await withThrowingTaskGroup(of: (Int, [IngestResult]).self) { group in
            for (call, batch) in batches.enumerated() {
                group.addTask { (call, try await store.ingest(batch, source: .sync)) }
            }
            var answers: [Int: [IngestResult]] = [:]
            for try await (call, answer) in group { answers[call] = answer }
            return answers
        }.sorted { $0.key < $1.key }.map(\.value)

        for answer in answers {
            #expect(answer.map(\.id) == [answer[0].id, storedAttempt["id"]?.string, progressID, answer[3].id,
                                         invalid["id"]?.string, shared["id"]?.string, twoFacedID, answer[7].id])
            #expect(answer[0].status == .stored && answer[3].status == .stored && answer[7].status == .stored)
            #expect(answer[1].status == .duplicate && answer[1].detail == .score(Self.expected))
            #expect(answer[2].status == .conflict && answer[4].status == .rejected)
            #expect([.stored, .duplicate].contains(answer[5].status) && answer[5].detail == .score(Self.expected))
        }
        // Exactly one copy of each shared id is stored; the rest of its copies agree with it.
        #expect(answers.filter { $0[5].status == .stored }.count == 1)
        let twoFacedStatuses = answers.map { $0[6].status }
        #expect(twoFacedStatuses.filter { $0 == .stored }.count == 1)
        let storedCall = try #require(twoFacedStatuses.firstIndex(of: .stored))
        for (call, status) in twoFacedStatuses.enumerated() where call != storedCall {
            #expect(status == (call % 2 == storedCall % 2 ? .duplicate : .conflict), "call \(call)")
        }

        #expect(try await store.counts().records == 2 + calls * 3 + 2)
        #expect(try await store.rows("SELECT COUNT(*) FROM attempt_scores") == [["\(1 + calls + 1)"]])
        #expect(try await store.rows("SELECT COUNT(*) FROM survey_answers") == [["\(calls)"]])
        let conflicted: [[String?]] = [[progressID, "\(calls)"], [twoFacedID, "\(calls / 2)"]]
            .sorted { ($0[0] ?? "") < ($1[0] ?? "") }
        #expect(try await store.rows("SELECT record_id, times FROM conflicts ORDER BY record_id") == conflicted)
        #expect(try await store.rows("SELECT times FROM rejections") == [["\(calls)"]])

        // All sent again: nothing new is stored, every conflict and rejection counted again.
        let again = try await withThrowingTaskGroup(of: [IngestResult].self) { group in
            for batch in batches { group.addTask { try await store.ingest(batch, source: .sync) } }
            var all: [[IngestResult]] = []
            for try await answer in group { all.append(answer) }
            return all
        }
        for answer in again {
            #expect(answer.statuses.filter { $0 == .stored }.isEmpty)
            #expect(answer[0].detail == .score(ServerScore(points: 1, max: 2, percent: 50, passed: false, pending: false)))
        }
        #expect(try await store.counts().records == 2 + calls * 3 + 2)
        #expect(try await store.rows("SELECT times FROM rejections") == [["\(2 * calls)"]])
        #expect(try await store.rows("SELECT times FROM conflicts WHERE record_id = ?", [progressID]) == [["\(2 * calls)"]])
    }

    @Test("a row the database refuses fails only its own request, not those sharing its transaction",
          arguments: Backend.all)
    func refusedRow(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        try await Self.refuse(lesson: "poison", in: store)
        let outcomes = await withTaskGroup(of: (Int, [IngestStatus]?).self) { group in
            for index in 0..<20 {
                group.addTask {
                    var batch = [attempt(answers: ["q1": "right"]), surveyResponse(responses: ["a": .number(1)])]
                        + (0..<3).map { _ in progress(lesson: "l\(index)") }
                    if index % 4 == 0 { batch.insert(progress(lesson: "poison"), at: 3) }
                    return (index, try? await store.ingest(batch, source: .sync).statuses)
                }
            }
            var outcomes: [Int: [IngestStatus]?] = [:]
            for await (index, statuses) in group { outcomes[index] = statuses }
            return outcomes
        }
        for (index, statuses) in outcomes {
            if index % 4 == 0 {
                #expect(statuses == nil, "batch \(index) holds the refused row, yet it was answered")
            } else {
                #expect(statuses == Array(repeating: .stored, count: 5), "batch \(index)")
            }
        }
        #expect(try await store.counts().records == 15 * 5)
        #expect(try await store.rows("SELECT COUNT(*) FROM attempt_scores") == [["15"]])
        #expect(try await store.rows("SELECT COUNT(*) FROM survey_answers") == [["15"]])
    }

    /// Makes the database refuse a progress row for `lesson`, on either backend, as a full
    /// disk or a broken constraint would.
    static func refuse(lesson: String, in store: any ContractStore) async throws {
        if let store = store as? SQLiteResultStore {
            try await store.executeOnWriter("""
                CREATE TRIGGER refuse_lesson BEFORE INSERT ON progress WHEN NEW.lesson = '\(lesson)'
                BEGIN SELECT RAISE(ABORT, 'injected fault'); END;
                """)
        } else if let store = store as? PostgresResultStore {
            try await store.execute("ALTER TABLE progress ADD CONSTRAINT refuse_lesson CHECK (lesson <> '\(lesson)')")
        }
    }
}
