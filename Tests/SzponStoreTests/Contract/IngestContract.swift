import Foundation
import Testing
@testable import SzponStore

@Suite("Contract: Ingest: stored, duplicate, conflict, rejected")
struct IngestTests {
    @Test("the same batch three times: one row per record; stored, then duplicate, duplicate", arguments: Backend.all)
    func retries(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        let batch = [
            attempt(answers: ["q1": "right", "q2": "wrong"]),
            progress(lesson: "01-wstep"),
            surveyResponse(responses: ["ocena": .number(3), "uwagi": .string("Dobrze")]),
        ]
        let first = try await store.ingest(batch, source: .sync)
        let second = try await store.ingest(batch, source: .sync)
        let third = try await store.ingest(batch, source: .file)
        #expect(first.statuses == [.stored, .stored, .stored])
        #expect(second.statuses == [.duplicate, .duplicate, .duplicate])
        #expect(third.statuses == [.duplicate, .duplicate, .duplicate])
        #expect(first.map(\.id) == batch.map { $0["id"]?.string })
        #expect(second.map(\.id) == first.map(\.id))

        let counts = try await store.counts()
        #expect(counts.records == 3)
        #expect(counts[.attempt] == 1 && counts[.progress] == 1 && counts[.surveyResponse] == 1)
        #expect(counts.conflicts == 0 && counts.rejections == 0)
        #expect(try await store.rows("SELECT COUNT(*) FROM attempt_scores") == [["1"]])
        #expect(try await store.rows("SELECT COUNT(*) FROM question_scores") == [["2"]])
        #expect(try await store.rows("SELECT COUNT(*) FROM survey_answers") == [["2"]])
        #expect(try await store.rows("SELECT COUNT(*) FROM progress") == [["1"]])
        // The first arrival is what is kept.
        #expect(try await store.rows("SELECT DISTINCT source FROM records") == [["sync"]])
    }

    @Test("an attempt's server score comes back when stored, and again for its duplicate", arguments: Backend.all)
    func scores(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        let batch = [attempt(answers: ["q1": "right", "q2": "half"])]
        let stored = try await store.ingest(batch, source: .sync)
        let expected = ServerScore(points: 1.5, max: 2, percent: 75, passed: true, pending: false)
        #expect(stored.first?.detail == .score(expected))
        #expect(stored.first?.score == expected)
        let duplicate = try await store.ingest(batch, source: .sync)
        #expect(duplicate.first?.status == .duplicate)
        #expect(duplicate.first?.detail == .score(expected))
    }

    @Test("kinds without a detail answer none; a conflict or a rejection carries none", arguments: Backend.all)
    func details(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let id = newID()
        let first = try await fixture.store.ingest(
            [progress(id: id, lesson: "l1"), surveyResponse(responses: ["a": .number(1)]),
             record(kind: "booking_request", payload: ["slot": .string("s1")])], source: .sync)
        #expect(first.map(\.status) == [.stored, .stored, .stored])
        #expect(first.map(\.detail) == [nil, nil, nil])
        let attemptID = newID()
        _ = try await fixture.store.ingest([attempt(id: attemptID, answers: ["q1": "right"])], source: .sync)
        let later = try await fixture.store.ingest(
            [attempt(id: attemptID, answers: ["q1": "wrong"]), record(kind: "nonsense", payload: [:])], source: .sync)
        #expect(later.map(\.status) == [.conflict, .rejected])
        #expect(later.map(\.detail) == [nil, nil])
    }

    @Test("without a scorer an attempt is stored unscored and flagged unknown-version", arguments: Backend.all)
    func noScorer(backend: Backend) async throws {
        guard let fixture = try await backend.open(scorer: nil) else { return }
        defer { fixture.remove() }
        let store = fixture.store
        let results = try await store.ingest([attempt(answers: ["q1": "right"], clientPercent: 100)], source: .sync)
        #expect(results.first?.status == .stored)
        #expect(results.first?.score == nil)
        let rows = try await store.rows("SELECT key_status, client_percent, server_max FROM attempt_scores")
        #expect(rows == [["unknown-version", "100.0", nil]])
        let report = try await store.report(ReportFilter())
        #expect(report.flagged.map(\.keyStatus) == ["unknown-version"])
    }

    @Test("same id, other content: conflict; the stored row stays; each version kept once", arguments: Backend.all)
    func conflicts(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        let id = newID()
        let original = progress(id: id, lesson: "01-wstep", completed: true)
        let changed = progress(id: id, lesson: "01-wstep", completed: false)
        let changedAgain = progress(id: id, lesson: "02-dalej", completed: true)

        #expect(try await store.ingest([original], source: .sync).statuses == [.stored])
        let storedRaw = try await store.rows("SELECT raw, payload, digest FROM records WHERE id = ?", [id])

        let conflict = try await store.ingest([changed], source: .sync)
        #expect(conflict.statuses == [.conflict])
        #expect(conflict.first?.id == id)
        #expect(conflict.first?.reason == "a different record with this id is already stored")
        #expect(try await store.ingest([changed], source: .file).statuses == [.conflict])
        #expect(try await store.ingest([changedAgain], source: .sync).statuses == [.conflict])
        // The original still answers duplicate.
        #expect(try await store.ingest([original], source: .sync).statuses == [.duplicate])

        #expect(try await store.rows("SELECT raw, payload, digest FROM records WHERE id = ?", [id]) == storedRaw)
        #expect(try await store.rows("SELECT completed FROM progress") == [["1"]])
        let kept = try await store.rows("SELECT record_id, times, source FROM conflicts ORDER BY times DESC")
        #expect(kept == [[id, "2", "sync"], [id, "1", "sync"]])
        #expect(try await store.counts().conflicts == 2)
        #expect(try await store.counts().records == 1)
    }

    @Test("repeats inside one batch behave as if sent one after the other", arguments: Backend.all)
    func repeatsInOneBatch(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        let id = newID()
        let a = progress(id: id, lesson: "l1")
        let b = progress(id: id, lesson: "l2")
        let results = try await store.ingest([a, a, b, b, a], source: .sync)
        #expect(results.statuses == [.stored, .duplicate, .conflict, .conflict, .duplicate])
        #expect(try await store.counts().records == 1)
        #expect(try await store.rows("SELECT times FROM conflicts") == [["2"]])
    }

    @Test("an uppercase id is the same record as its lowercase form", arguments: Backend.all)
    func idCase(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        let id = newID()
        let results = try await store.ingest([progress(id: id.uppercased(), lesson: "l1")], source: .sync)
        #expect(results.first?.id == id)
        #expect(try await store.rows("SELECT id FROM records") == [[id]])
    }

    @Test("invalid records are rejected with reasons and kept; valid ones in the batch are stored", arguments: Backend.all)
    func rejections(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        let good = progress(lesson: "l1")
        let badKindID = newID()
        var badKind = progress(id: badKindID, lesson: "l1").object!
        badKind["kind"] = .string("foo")
        let batch: [JSONValue] = [
            good,
            .object(badKind),
            .string("not a record"),
            record(kind: "attempt", payload: ["quiz": .string("q")]),
            surveyResponse(responses: ["a": .number(1)]),
        ]
        let results = try await store.ingest(batch, source: .file)
        #expect(results.statuses == [.stored, .rejected, .rejected, .rejected, .stored])
        #expect(results[1].id == badKindID)
        #expect(results[1].reason == "unknown kind 'foo'")
        #expect(results[2].id == nil)
        #expect(results[2].reason == "a record must be a JSON object")
        #expect(results[3].reason == "'payload.responses' must be an object")
        #expect(results[0].reason == nil)

        var counts = try await store.counts()
        #expect(counts.records == 2 && counts.rejections == 3)
        let kept = try await store.rows("SELECT reason, raw, source, times FROM rejections WHERE record_id = ?", [badKindID])
        #expect(kept.count == 1)
        #expect(kept.first?[0] == "unknown kind 'foo'")
        #expect(kept.first?[1] == String(decoding: JSONValue.object(badKind).canonical, as: UTF8.self))
        #expect(kept.first?[2] == "file")

        // A device resends what was not stored: the same rejection is counted, not copied.
        let again = try await store.ingest(batch, source: .sync)
        #expect(again.statuses == [.duplicate, .rejected, .rejected, .rejected, .duplicate])
        counts = try await store.counts()
        #expect(counts.rejections == 3)
        #expect(try await store.rows("SELECT times, source FROM rejections WHERE record_id = ?", [badKindID]) == [["2", "sync"]])
    }

    @Test("records for a site the server does not serve are rejected", arguments: Backend.all)
    func acceptedSites(backend: Backend) async throws {
        guard let fixture = try await backend.open(acceptedSites: ["akademia"]) else { return }
        defer { fixture.remove() }
        let store = fixture.store
        let results = try await store.ingest([
            record(kind: "progress", site: "akademia", payload: ["course": .string("c"), "lesson": .string("l")]),
            record(kind: "progress", site: "obca", payload: ["course": .string("c"), "lesson": .string("l")]),
        ], source: .sync)
        #expect(results.statuses == [.stored, .rejected])
        #expect(results[1].reason == "site 'obca' is not served here")
        #expect(try await store.counts().rejections == 1)
    }

    @Test("an empty batch answers nothing and writes nothing", arguments: Backend.all)
    func emptyBatch(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        #expect(try await store.ingest([], source: .sync).isEmpty)
        #expect(await store.commitStatistics().transactions == 0)
    }

    @Test("a batch that fails mid-way leaves nothing: no record, no conflict, no rejection", arguments: Backend.all)
    func allOrNothing(backend: Backend) async throws {
        let poison = newID()
        guard let fixture = try await backend.open(faultInjection: { id in
            if id == poison { throw InjectedFault() }
        }) else { return }
        defer { fixture.remove() }
        let store = fixture.store
        let existing = progress(lesson: "l0")
        _ = try await store.ingest([existing], source: .sync)
        var conflicting = existing.object!
        conflicting["payload"] = .object(["course": .string("kurs-a"), "lesson": .string("other")])
        let batch: [JSONValue] = [
            progress(lesson: "l1"),
            attempt(answers: ["q1": "right"]),
            surveyResponse(responses: ["a": .number(1)]),
            .object(conflicting),
            .string("rejected"),
            progress(id: poison, lesson: "l2"),
            progress(lesson: "l3"),
        ]
        await #expect(throws: InjectedFault.self) {
            try await store.ingest(batch, source: .sync)
        }
        let counts = try await store.counts()
        #expect(counts == StoreCounts(records: 1, recordsByKind: ["progress": 1], conflicts: 0, rejections: 0))
        for table in ["attempt_scores", "question_scores", "survey_answers"] {
            #expect(try await store.rows("SELECT COUNT(*) FROM \(table)") == [["0"]])
        }
        // The same batch without the poisoned record goes through whole.
        let results = try await store.ingest(batch.filter { $0["id"]?.string != poison }, source: .sync)
        #expect(results.statuses == [.stored, .stored, .stored, .conflict, .rejected, .stored])
    }

    @Test("a failing batch does not poison the batches sharing its transaction", arguments: Backend.all)
    func failureIsolation(backend: Backend) async throws {
        let poison = newID()
        guard let fixture = try await backend.open(faultInjection: { id in
            if id == poison { throw InjectedFault() }
        }) else { return }
        defer { fixture.remove() }
        let store = fixture.store
        let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
            for index in 0..<20 {
                group.addTask {
                    var batch = (0..<5).map { _ in progress(lesson: "l\(index)") }
                    if index % 4 == 0 { batch.insert(progress(id: poison, lesson: "x"), at: 2) }
                    do {
                        let results = try await store.ingest(batch, source: .sync)
                        return (index, results.allSatisfy { $0.status == .stored })
                    } catch {
                        return (index, false)
                    }
                }
            }
            var outcomes: [Int: Bool] = [:]
            for await (index, ok) in group { outcomes[index] = ok }
            return outcomes
        }
        for (index, ok) in outcomes {
            #expect(ok == (index % 4 != 0), "batch \(index)")
        }
        #expect(try await store.counts().records == 15 * 5)
    }

    @Test("survey question ids that differ only after a U+0000 do not fail the batch they came in", arguments: Backend.all)
    func nulInQuestionIDs(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        // SQLite takes bound text up to the first NUL: both ids were "a", and the primary key
        // of survey_answers failed the whole batch, so a device retried it forever.
        let bad = surveyResponse(responses: ["a\u{0}b": .number(1), "a\u{0}c": .number(2)])
        let good = progress(lesson: "01-wstep")
        let results = try await store.ingest([bad, good], source: .sync)
        #expect(results.statuses == [.rejected, .stored])
        #expect(try await store.rows("SELECT COUNT(*) FROM survey_answers") == [["0"]])
    }
}
