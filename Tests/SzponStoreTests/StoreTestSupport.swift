import Foundation
@testable import SzponStore

/// A results file in a fresh temporary folder; the folder goes when the test ends.
struct TemporaryStore {
    let folder: URL
    var path: String { folder.appendingPathComponent("results.sqlite").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("szpon-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func open(acceptedSites: Set<String>? = nil, scorer: AttemptScorer? = TestScorer.score,
              faultInjection: (@Sendable (String?) throws -> Void)? = nil) throws -> SQLiteResultStore {
        try SQLiteResultStore(path: path, acceptedSites: acceptedSites, scorer: scorer, faultInjection: faultInjection)
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }
}

struct InjectedFault: Error {}

func newID() -> String { UUID().uuidString.lowercased() }

/// A record as the browser's `store.js` makes it.
func record(id: String = newID(), kind: String, site: String = "akademia", bundle: String = "site",
            contentHash: String? = nil, createdAt: String = "2026-11-23T10:15:00.000Z", device: String? = "device-1",
            payload: [String: JSONValue]) -> JSONValue {
    .object([
        "id": .string(id),
        "kind": .string(kind),
        "site": .string(site),
        "bundle": .string(bundle),
        "contentHash": contentHash.map(JSONValue.string) ?? .null,
        "createdAt": .string(createdAt),
        "device": device.map(JSONValue.string) ?? .null,
        "payload": .object(payload),
    ])
}

/// An attempt; `answers` by question id: "right", "half", "wrong" (TestScorer's key).
func attempt(id: String = newID(), quiz: String = "test-1", course: String = "kurs-a", device: String? = "device-1",
             contentHash: String = "abc123", answers: [String: String], questions: [String]? = nil,
             clientPercent: Double? = nil, createdAt: String = "2026-11-23T10:15:00.000Z") -> JSONValue {
    var payload: [String: JSONValue] = [
        "quiz": .string(quiz),
        "course": .string(course),
        "lesson": .string("01-wstep"),
        "questions": .array((questions ?? answers.keys.sorted()).map(JSONValue.string)),
        "responses": .object(answers.mapValues(JSONValue.string)),
        "score": .null,
    ]
    if let clientPercent {
        payload["score"] = .object(["percent": .number(clientPercent)])
    }
    return record(id: id, kind: "attempt", contentHash: contentHash, createdAt: createdAt, device: device, payload: payload)
}

func progress(id: String = newID(), course: String = "kurs-a", lesson: String, completed: Bool = true,
              device: String = "device-1", createdAt: String = "2026-11-23T10:15:00.000Z") -> JSONValue {
    record(id: id, kind: "progress", createdAt: createdAt, device: device, payload: [
        "course": .string(course), "lesson": .string(lesson), "completed": .bool(completed),
    ])
}

func surveyResponse(id: String = newID(), survey: String = "ankieta", device: String? = nil,
                    responses: [String: JSONValue], createdAt: String = "2026-11-23T10:15:00.000Z") -> JSONValue {
    record(id: id, kind: "survey_response", contentHash: "5eed", createdAt: createdAt, device: device, payload: [
        "survey": .string(survey), "page": .string("ankiety/ankieta"), "responses": .object(responses),
    ])
}

/// A stand-in for the real scorer (owned elsewhere), with a trivial key: every question is
/// worth 1 point; "right" scores 1, "half" 0.5, anything else 0, no answer is unanswered.
/// Passes at 60%. Content hash "0bad" has no key. A client percent that differs from
/// the server's is a mismatch.
enum TestScorer {
    static let score: AttemptScorer = { record in
        let payload = record.payload
        let quiz = payload["quiz"]?.string ?? ""
        let course = payload["course"]?.string
        let clientPercent = payload["score"]?["percent"]?.number
        if record.contentHash == "0bad" {
            return AttemptEvaluation(quiz: quiz, course: course, keyStatus: .unknownVersion, score: nil, questions: [],
                                     clientPoints: nil, clientPercent: clientPercent, clientPassed: nil, mismatch: false)
        }
        let responses = payload["responses"]?.object ?? [:]
        let shown = payload["questions"]?.array?.compactMap(\.string) ?? responses.keys.sorted()
        var questions: [QuestionEvaluation] = []
        for question in shown {
            switch responses[question]?.string {
            case "right"?: questions.append(QuestionEvaluation(question: question, points: 1, max: 1, state: "correct"))
            case "half"?: questions.append(QuestionEvaluation(question: question, points: 0.5, max: 1, state: "partial"))
            case nil: questions.append(QuestionEvaluation(question: question, points: 0, max: 1, state: "unanswered"))
            default: questions.append(QuestionEvaluation(question: question, points: 0, max: 1, state: "incorrect"))
            }
        }
        let points = questions.reduce(0) { $0 + $1.points }
        let max = Double(questions.count)
        let percent = max > 0 ? points / max * 100 : 0
        let score = ServerScore(points: points, max: max, percent: percent, passed: percent >= 60, pending: false)
        return AttemptEvaluation(quiz: quiz, course: course, keyStatus: .scored, score: score, questions: questions,
                                 clientPoints: nil, clientPercent: clientPercent, clientPassed: nil,
                                 mismatch: clientPercent.map { $0 != percent } ?? false)
    }
}

extension Array where Element == IngestResult {
    var statuses: [IngestStatus] { map(\.status) }
}

/// JSON from text, so hand-made values stay readable: `json(#"{"a": [1, 2]}"#)`.
func json(_ text: String) -> JSONValue {
    do {
        return try JSONValue.parse(Data(text.utf8))
    } catch {
        fatalError("bad JSON in a test: \(text)")
    }
}
