import Foundation
import Testing
@testable import SzponStore

/* The server's rescoring against the browser's: every case in
   Fixtures/scoring-vectors.json was scored by themes/default/assets/js/score.js
   (tests/js/make-vectors.js), and Scorer must give the same points, maximum,
   fraction and state, and for attempts the same points, max, percent, passed and
   pending. Then AnswerKeyBook: versions, unknown versions, client mismatches. */

private let fixtureURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/scoring-vectors.json")

private func loadVectors() throws -> JSONValue {
    try JSONValue.parse(Data(contentsOf: fixtureURL))
}

/// A number in the fixture: JSON numbers only (null is nil).
private func number(_ value: JSONValue?, _ comment: String) -> Double? {
    switch value {
    case let .number(n)?: return n
    case .null?, nil: return nil
    default:
        Issue.record("\(comment): expected a number, found \(String(describing: value))")
        return nil
    }
}

private func describe(_ outcome: Scorer.Outcome) -> String {
    "\(outcome.points)/\(outcome.max) \(outcome.state) (fraction \(outcome.fraction))"
}

/// `swift test --filter ScorerTests` runs all of them.
@Suite struct ScorerTests {}

extension ScorerTests { @Suite struct Vectors {
    @Test func fixtureIsThere() throws {
        let vectors = try loadVectors()
        #expect(vectors["format"]?.string == "szpon-scoring-vectors")
        #expect((vectors["questions"]?.array?.count ?? 0) > 300)
        #expect((vectors["attempts"]?.array?.count ?? 0) > 40)
    }

    @Test func everyQuestionCaseScoresAsInTheBrowser() throws {
        let cases = try loadVectors()["questions"]?.array ?? []
        var failures: [String] = []
        for item in cases {
            let name = item["name"]?.string ?? "?"
            guard let question = item["question"], let expected = item["expected"] else {
                Issue.record("\(name): malformed case")
                continue
            }
            let got = Scorer.evaluate(question, response: item["response"])
            let want = Scorer.Outcome(points: number(expected["points"], name) ?? .nan, max: number(expected["max"], name) ?? .nan,
                                      fraction: number(expected["fraction"], name) ?? .nan, state: expected["state"]?.string ?? "?")
            if got != want { failures.append("\(name): Swift \(describe(got)), score.js \(describe(want))") }
            // The public form agrees with the detailed one.
            let evaluation = Scorer.question(question, response: item["response"])
            #expect(evaluation.points == got.points && evaluation.max == got.max && evaluation.state == got.state, "\(name)")
        }
        if !failures.isEmpty { Issue.record("\(failures.count) of \(cases.count) cases differ:\n\(failures.joined(separator: "\n"))") }
    }

    @Test func everyAttemptCaseScoresAsInTheBrowser() throws {
        let cases = try loadVectors()["attempts"]?.array ?? []
        var failures: [String] = []
        for item in cases {
            let name = item["name"]?.string ?? "?"
            guard let quiz = item["quiz"], let expected = item["expected"] else {
                Issue.record("\(name): malformed case")
                continue
            }
            let shown = item["shown"]?.array?.map { $0.string ?? "" }
            let (score, outcomes) = Scorer.scoreAttempt(quiz, responses: item["responses"], shown: shown)
            var problems: [String] = []
            if score.points != number(expected["points"], name) { problems.append("points \(String(describing: score.points)) vs \(String(describing: expected["points"]))") }
            if score.max != number(expected["max"], name) { problems.append("max \(score.max) vs \(String(describing: expected["max"]))") }
            if score.percent != number(expected["percent"], name) { problems.append("percent \(String(describing: score.percent)) vs \(String(describing: expected["percent"]))") }
            if score.passed != expected["passed"]?.bool { problems.append("passed \(String(describing: score.passed)) vs \(String(describing: expected["passed"]))") }
            if score.pending != expected["pending"]?.bool { problems.append("pending \(score.pending) vs \(String(describing: expected["pending"]))") }
            let want = expected["questions"]?.object ?? [:]
            if Set(outcomes.map(\.id)) != Set(want.keys) || outcomes.count != want.count {
                problems.append("questions \(outcomes.map(\.id)) vs \(want.keys.sorted())")
            }
            for (id, outcome) in outcomes {
                guard let w = want[id] else { continue }
                let wanted = Scorer.Outcome(points: number(w["points"], name) ?? .nan, max: number(w["max"], name) ?? .nan,
                                            fraction: number(w["fraction"], name) ?? .nan, state: w["state"]?.string ?? "?")
                if outcome != wanted { problems.append("\(id): \(describe(outcome)) vs \(describe(wanted))") }
            }
            // The public form gives the same score and one evaluation per question.
            let (publicScore, evaluations) = Scorer.attempt(quiz, responses: item["responses"], shown: shown)
            #expect(publicScore == score && evaluations.map(\.question) == outcomes.map(\.id), "\(name)")
            if !problems.isEmpty { failures.append("\(name): " + problems.joined(separator: "; ")) }
        }
        if !failures.isEmpty { Issue.record("\(failures.count) of \(cases.count) attempts differ:\n\(failures.joined(separator: "\n"))") }
    }

    /// Every attempt vector again, through the book and the AttemptScorer the store calls.
    @Test func theStoreScorerAgreesWithTheVectors() throws {
        let cases = try loadVectors()["attempts"]?.array ?? []
        var checked = 0
        for (index, item) in cases.enumerated() {
            let name = item["name"]?.string ?? "?"
            guard let quiz = item["quiz"], let expected = item["expected"] else { continue }
            let shown = item["shown"]?.array?.compactMap(\.string)
            // The book counts each shown id once, and every question of a quiz without `draw`:
            // only vectors that show the whole quiz (or do not say) go through it.
            let allIDs = quiz["questions"]?.array?.compactMap { $0["id"]?.string } ?? []
            if let shown, Set(shown) != Set(allIDs) || shown.count != allIDs.count { continue }
            let hash = "v\(index)"
            let book = AnswerKeyBook(manifest: keysManifest(quizID: "quiz", versions: [hash: quiz], current: hash))
            let clientScore: JSONValue = expected["points"]?.isNull == true ? .null : expected
            var payload: [String: JSONValue] = ["quiz": .string("quiz"), "responses": item["responses"] ?? .null, "score": clientScore]
            if let shownValue = item["shown"], !shownValue.isNull { payload["questions"] = shownValue }
            let evaluation = book.scorer(record(hash: hash, payload: .object(payload)))
            #expect(evaluation.keyStatus == .scored, "\(name)")
            #expect(evaluation.score?.points == number(expected["points"], name), "\(name)")
            #expect(evaluation.score?.percent == number(expected["percent"], name), "\(name)")
            #expect(evaluation.score?.passed == expected["passed"]?.bool, "\(name)")
            #expect(evaluation.mismatch == false, "\(name)")
            checked += 1
        }
        #expect(checked > 40)
    }
} }

extension ScorerTests { @Suite struct JavaScriptSemantics {
    @Test func numbersPrintAsJavaScriptPrintsThem() {
        let cases: [(Double, String)] = [
            (0, "0"), (-0.0, "0"), (42, "42"), (-3.75, "-3.75"), (4.5, "4.5"), (1e21, "1e+21"), (1e20, "100000000000000000000"),
            (123456789012345680000, "123456789012345680000"), (1e-7, "1e-7"), (1.5e-7, "1.5e-7"), (0.000001, "0.000001"),
            (0.1 + 0.2, "0.30000000000000004"), (5e-324, "5e-324"), (.greatestFiniteMagnitude, "1.7976931348623157e+308"),
            (.infinity, "Infinity"), (-.infinity, "-Infinity"), (.nan, "NaN"), (100, "100"), (1.25e22, "1.25e+22"), (0.5, "0.5"),
        ]
        for (value, text) in cases { #expect(JS.numberString(value) == text, "\(value)") }
    }

    @Test func mathRoundGoesHalfUp() {
        #expect(JS.round(2.5) == 3)
        #expect(JS.round(-2.5) == -2)
        #expect(JS.round(0.49999999999999994) == 0)
        #expect(JS.round(100.49999999999999) == 100)
        #expect(Scorer.round(1.005) == 1)
        #expect(Scorer.round(0.125) == 0.13)
    }

    @Test func multipleWithAResponseScoreJSCannotReadPicksNothing() {
        // score.js throws a TypeError on "0".filter; the server scores it as no choice.
        let q: JSONValue = .object(["id": .string("q"), "type": .string("multiple"), "points": .number(1),
                                    "answers": .array([.object(["correct": .bool(true)]), .object(["correct": .bool(false)])])])
        for response: JSONValue in [.string("0"), .number(1), .bool(true), .object(["0": .number(0)])] {
            let outcome = Scorer.evaluate(q, response: response)
            #expect(outcome.points == 0 && outcome.state == "incorrect", "\(response)")
        }
    }

    /// 50,000 entries fit in one record; comparing each with all before it took minutes.
    /// No clock here (the machines are shared): a regression shows as a test that takes minutes.
    @Test func multipleWithAHugeResponseDropsRepeats() {
        let q: JSONValue = .object(["id": .string("q"), "type": .string("multiple"), "points": .number(1),
                                    "answers": .array([.object(["correct": .bool(true)]), .object(["correct": .bool(false)])])])
        // Each [0] is an object of its own (kept, naming answer 0 but never === the number 0).
        let arrays = Scorer.evaluate(q, response: JSONValue.array(Array(repeating: JSONValue.array([.number(0)]), count: 50_000)))
        // Repeats of a primitive count once.
        let zeros = Scorer.evaluate(q, response: JSONValue.array(Array(repeating: JSONValue.number(0), count: 50_000) + [.string("0"), .number(-0.0)]))
        #expect(arrays.points == 0 && arrays.state == "incorrect")
        #expect(zeros.points == 1 && zeros.state == "correct")
    }
} }

// MARK: - The answer keys, from the server manifest

private func keysManifest(quizID: String, versions: [String: JSONValue], current: String, course: String? = "kurs") -> ServerManifest {
    ServerManifest(site: "akademia", quizzes: [
        quizID: .init(current: current, course: course, page: "courses/kurs/test.html", versions: versions),
    ])
}

private func record(hash: String?, payload: JSONValue, id: String = "3b1f0a52-6c1e-4c4e-9a55-0f7e1f1f6a10") -> IncomingRecord {
    let raw: JSONValue = .object(["id": .string(id), "kind": .string("attempt"), "site": .string("akademia"), "bundle": .string("site"),
                                  "contentHash": hash.map(JSONValue.string) ?? .null, "createdAt": .string("2026-11-23T10:15:00.000Z"),
                                  "device": .string("c0d8"), "payload": payload])
    return IncomingRecord(id: id, kind: .attempt, site: "akademia", bundle: "site", contentHash: hash,
                          createdAt: "2026-11-23T10:15:00.000Z", device: "c0d8", payload: payload, raw: raw)
}

/// An answer keys file as `szpon build` wrote it before the server manifest (which still
/// loads, converted), after the quiz was edited once: version "aaa…"
/// had "Ziemia jest płaska" (false) and a numeric question; version "bbb…" (current) asks
/// whether the Earth is round (true), keeps the numeric one and adds an essay.
private let keysJSON = #"""
{
  "format": "szpon-answer-keys",
  "version": 1,
  "site": "akademia",
  "origins": ["null", "https://intranet.example"],
  "quizzes": {
    "geografia": {
      "course": "geografia-kurs",
      "current": "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
      "page": "courses/geografia-kurs/test.html",
      "versions": {
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": {
          "graded": true, "hash": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "id": "geografia", "mode": "after", "pass": 50, "shuffle": false,
          "questions": [
            {"answer": false, "id": "ksztalt", "points": 1, "text": "Ziemia jest płaska.", "type": "truefalse"},
            {"answers": [{"max": 8849, "min": 8848, "weight": 100}], "id": "everest", "points": 1, "text": "Wysokość Mount Everestu (m)?", "type": "numeric"},
            {"answers": [{"text": "Wisła", "weight": 100}], "caseSensitive": false, "ignoreDiacritics": true, "id": "rzeka", "points": 1,
             "text": "Najdłuższa rzeka Polski?", "type": "short"}
          ]
        },
        "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb": {
          "graded": true, "hash": "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "id": "geografia", "mode": "exam", "pass": 50, "shuffle": false,
          "questions": [
            {"answer": true, "id": "ksztalt", "points": 1, "text": "Ziemia jest okrągła.", "type": "truefalse"},
            {"answers": [{"max": 8849, "min": 8848, "weight": 100}], "id": "everest", "points": 1, "text": "Wysokość Mount Everestu (m)?", "type": "numeric"},
            {"feedback": "Oceni prowadzący.", "id": "esej", "points": 2, "text": "Opisz klimat Polski.", "type": "essay"}
          ]
        }
      }
    }
  },
  "surveys": {
    "ankieta": {
      "current": "cccccccccccccccccccccccccccccccc",
      "page": "ankieta.html",
      "versions": {"cccccccccccccccccccccccccccccccc": {"anonymous": true, "id": "ankieta", "title": "Ankieta",
        "questions": [{"id": "ocena", "type": "rating", "text": "Ocena", "required": true, "scale": 5}]}}
    }
  }
}
"""#

private let old = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
private let current = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

private func temporaryFile(_ contents: String?) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("szpon-keys-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent("answer-keys.json").path
    if let contents { try Data(contents.utf8).write(to: URL(fileURLWithPath: path)) }
    return path
}

private func geographyBook() throws -> AnswerKeyBook {
    AnswerKeyBook(manifest: try ServerManifest.load(path: temporaryFile(keysJSON)))
}

private func clientScore(points: Double, max: Double, percent: Double, passed: Bool?, pending: Bool = false) -> JSONValue {
    .object(["points": .number(points), "max": .number(max), "percent": .number(percent), "passed": passed.map(JSONValue.bool) ?? .null,
             "pending": .bool(pending), "questions": .object([:])])
}

extension ScorerTests { @Suite struct AnswerKeys {
    @Test func readsTheKeysFile() throws {
        let book = try geographyBook()
        #expect(book.site == "akademia")
        #expect(book.origins == ["null", "https://intranet.example"])
        #expect(book.quizIDs == ["geografia"])
        #expect(book.currentVersion(ofQuiz: "geografia") == current)
        #expect(book.course(ofQuiz: "geografia") == "geografia-kurs")
        #expect(book.quiz("geografia", version: old)?["questions"]?[0]?["answer"] == .bool(false))
        #expect(book.quiz("geografia", version: current)?["mode"]?.string == "exam")
        #expect(book.quiz("geografia", version: "ffff") == nil)
        #expect(book.quiz("historia", version: current) == nil)
        #expect(book.currentVersion(ofQuiz: "historia") == nil)
        #expect(book.survey("ankieta", version: "cccccccccccccccccccccccccccccccc")?.questions.first?.scale == 5)
        #expect(book.currentVersion(ofSurvey: "ankieta") == "cccccccccccccccccccccccccccccccc")
        #expect(book.survey("ankieta", version: old) == nil)
    }

    @Test func questionTextsPreferTheCurrentVersion() throws {
        let texts = try geographyBook().questionTexts(quiz: "geografia")
        #expect(texts == [
            "ksztalt": "Ziemia jest okrągła.", "everest": "Wysokość Mount Everestu (m)?",
            "esej": "Opisz klimat Polski.", "rzeka": "Najdłuższa rzeka Polski?",
        ])
        #expect(try geographyBook().questionTexts(quiz: "historia").isEmpty)
    }

    @Test func anAttemptAtAnOlderVersionIsScoredWithItsOwnKey() throws {
        let book = try geographyBook()
        // "Ziemia jest płaska": false is right in the old version (in the current one the
        // statement is different and true is right).
        let payload: JSONValue = .object([
            "quiz": .string("geografia"), "course": .string("geografia-kurs"), "attempt": .number(1), "seed": .number(7),
            "questions": .array([.string("ksztalt"), .string("everest"), .string("rzeka")]),
            "responses": .object(["ksztalt": .bool(false), "everest": .string("8 848,5"), "rzeka": .string("wisla")]),
            "score": clientScore(points: 3, max: 3, percent: 100, passed: true),
        ])
        let evaluation = book.scorer(record(hash: old, payload: payload))
        #expect(evaluation.keyStatus == .scored)
        #expect(evaluation.quiz == "geografia")
        #expect(evaluation.course == "geografia-kurs")
        #expect(evaluation.score == ServerScore(points: 3, max: 3, percent: 100, passed: true, pending: false))
        #expect(evaluation.questions == [
            QuestionEvaluation(question: "ksztalt", points: 1, max: 1, state: "correct"),
            QuestionEvaluation(question: "everest", points: 1, max: 1, state: "correct"),
            QuestionEvaluation(question: "rzeka", points: 1, max: 1, state: "correct"),
        ])
        #expect(evaluation.clientPoints == 3 && evaluation.clientPercent == 100 && evaluation.clientPassed == true)
        #expect(evaluation.mismatch == false)

        // The same answers against the current key: false is now wrong.
        let now = book.scorer(record(hash: current, payload: payload))
        #expect(now.score?.points == 1)
        #expect(now.questions.map(\.question) == ["ksztalt", "everest", "esej"], "the current version's questions count, not the listed ones")
        #expect(now.mismatch == true)
    }

    @Test func anUnknownVersionIsFlaggedNotScored() throws {
        let book = try geographyBook()
        let payload: JSONValue = .object([
            "quiz": .string("geografia"), "course": .string("inny-kurs"),
            "responses": .object(["ksztalt": .bool(true)]), "score": clientScore(points: 1, max: 1, percent: 100, passed: true),
        ])
        for hash: String? in ["0123456789abcdef0123456789abcdef", nil] {
            let evaluation = book.scorer(record(hash: hash, payload: payload))
            #expect(evaluation.keyStatus == .unknownVersion)
            #expect(evaluation.score == nil)
            #expect(evaluation.questions.isEmpty)
            #expect(evaluation.mismatch == false)
            #expect(evaluation.quiz == "geografia")
            #expect(evaluation.course == "inny-kurs")
            #expect(evaluation.clientPoints == 1 && evaluation.clientPassed == true)
        }
        var other = payload.object!
        other["quiz"] = .string("historia")
        other["course"] = nil
        let unknownQuiz = book.scorer(record(hash: current, payload: .object(other)))
        #expect(unknownQuiz.keyStatus == .unknownVersion && unknownQuiz.quiz == "historia" && unknownQuiz.course == nil)
        // Without a course in the payload, the keys file's course is used.
        other["quiz"] = .string("geografia")
        #expect(book.scorer(record(hash: current, payload: .object(other))).course == "geografia-kurs")
    }

    @Test func aClientScoreThatDiffersIsAMismatch() throws {
        let book = try geographyBook()
        func evaluate(_ score: JSONValue) -> AttemptEvaluation {
            book.scorer(record(hash: old, payload: .object([
                "quiz": .string("geografia"), "questions": .array([.string("ksztalt"), .string("everest"), .string("rzeka")]),
                "responses": .object(["ksztalt": .bool(false), "everest": .string("9000"), "rzeka": .string("Odra")]), "score": score,
            ])))
        }
        // The server: 1 of 3, 33.3%, not passed at 50.
        #expect(evaluate(clientScore(points: 1, max: 3, percent: 33.3, passed: false)).mismatch == false)
        #expect(evaluate(clientScore(points: 1.004, max: 3, percent: 33.3, passed: false)).mismatch == false)
        #expect(evaluate(clientScore(points: 1.006, max: 3, percent: 33.5, passed: false)).mismatch == true)
        #expect(evaluate(clientScore(points: 3, max: 3, percent: 100, passed: true)).mismatch == true)
        #expect(evaluate(clientScore(points: 1, max: 3, percent: 33.3, passed: true)).mismatch == true)
        #expect(evaluate(clientScore(points: 1, max: 3, percent: 33.3, passed: nil)).mismatch == true)
        #expect(evaluate(.object(["passed": .bool(false)])).mismatch == true, "a score without points")
        let claimed = evaluate(clientScore(points: 3, max: 3, percent: 100, passed: true))
        #expect(claimed.clientPoints == 3 && claimed.clientPercent == 100 && claimed.clientPassed == true)
        #expect(claimed.score?.points == 1, "the server's score stands")
    }

    @Test func anExamAttemptWithoutAClientScoreIsScoredByTheServer() throws {
        let book = try geographyBook()
        let payload: JSONValue = .object([
            "quiz": .string("geografia"), "questions": .array([.string("esej"), .string("ksztalt"), .string("everest")]),
            "responses": .object(["ksztalt": .bool(true), "everest": .string("8848"), "esej": .string("Umiarkowany, przejściowy.")]),
            "score": .null,
        ])
        let evaluation = book.scorer(record(hash: current, payload: payload))
        #expect(evaluation.keyStatus == .scored)
        // 2 of 4 with the essay pending: 50% passes already at pass 50.
        #expect(evaluation.score == ServerScore(points: 2, max: 4, percent: 50, passed: true, pending: true))
        #expect(evaluation.questions.map(\.state) == ["pending", "correct", "correct"])
        #expect(evaluation.clientPoints == nil && evaluation.clientPercent == nil && evaluation.clientPassed == nil)
        #expect(evaluation.mismatch == false)

        // One wrong: 1 of 4 now, 3 of 4 if the essay gets full marks, so passed is unknown.
        var wrong = payload.object!
        wrong["responses"] = .object(["ksztalt": .bool(false), "everest": .string("8848"), "esej": .string("Tekst.")])
        let pending = book.scorer(record(hash: current, payload: .object(wrong)))
        #expect(pending.score == ServerScore(points: 1, max: 4, percent: 25, passed: nil, pending: true))
        #expect(pending.mismatch == false)
        // A record without the score key at all is exam mode too.
        wrong["score"] = nil
        #expect(book.scorer(record(hash: current, payload: .object(wrong))).mismatch == false)
    }

    @Test func shownQuestionsCountOnceAndMissingOnesAreSkipped() throws {
        let book = try geographyBook()
        let payload: JSONValue = .object([
            "quiz": .string("geografia"),
            "questions": .array([.string("ksztalt"), .string("ksztalt"), .string("ksztalt"), .string("usunięte"), .string("everest")]),
            "responses": .object(["ksztalt": .bool(false), "everest": .string("1")]),
            "score": clientScore(points: 3, max: 4, percent: 75, passed: true),
        ])
        let evaluation = book.scorer(record(hash: old, payload: payload))
        // The list is not the version's questions, so the version's questions count: 1 of 3.
        #expect(evaluation.score == ServerScore(points: 1, max: 3, percent: 33.3, passed: false, pending: false))
        #expect(evaluation.questions.map(\.question) == ["ksztalt", "everest", "rzeka"])
        #expect(evaluation.mismatch == true, "the client counted a repeated question three times")
        // Without the list of shown questions, all of the version's questions count.
        var all = payload.object!
        all["questions"] = nil
        #expect(book.scorer(record(hash: old, payload: .object(all))).score?.max == 3)
    }

    @Test func aMissingFileIsAnEmptyBook() throws {
        let book = AnswerKeyBook(manifest: try ServerManifest.load(path: temporaryFile(nil)))
        #expect(book.site == nil)
        #expect(book.origins.isEmpty)
        #expect(book.quizIDs.isEmpty)
        let evaluation = book.scorer(record(hash: current, payload: .object(["quiz": .string("geografia"), "score": .null])))
        #expect(evaluation.keyStatus == .unknownVersion)
    }

    @Test func anEmptyBookKnowsNoQuiz() {
        let book = AnswerKeyBook()
        #expect(book.site == nil && book.quizIDs.isEmpty)
        #expect(book.quiz("a", version: "b") == nil && book.survey("a", version: "b") == nil)
    }
} }
