import Foundation
import Testing
@testable import SzponStore

/// The server rebuilds an attempt's draw from its seed exactly as score.js does.
struct LayoutTests {
    func bank(_ count: Int, draw: Int?, shuffle: Bool) -> JSONValue {
        var quiz: [String: JSONValue] = [
            "shuffle": .bool(shuffle),
            "questions": .array((1...count).map { .object(["id": .string("q\($0)"), "type": .string("truefalse"), "answer": .bool(true), "points": .number(1)]) }),
        ]
        if let draw { quiz["draw"] = .number(Double(draw)) }
        return .object(quiz)
    }

    @Test func mulberry32MatchesScoreJS() {
        // The same numbers tests/js/score-layout.test.js pins for seed 123456789.
        var random = Layout.Random(state: 123_456_789)
        let values = (0..<3).map { _ in String(format: "%.10f", random.next()) }
        #expect(values == ["0.2577907438", "0.9707721116", "0.7853280143"])
    }

    @Test func drawMatchesScoreJS() {
        #expect(Layout.questions(bank(6, draw: 4, shuffle: true), seed: 123_456_789) == ["q6", "q3", "q1", "q4"])
        let kept = Layout.questions(bank(6, draw: 4, shuffle: false), seed: 123_456_789)
        #expect(kept == ["q1", "q3", "q4", "q6"], "without shuffle the drawn questions keep the author's order")
        #expect(Layout.questions(bank(3, draw: nil, shuffle: false), seed: 7) == ["q1", "q2", "q3"])
    }

    @Test func seedIsReadLikeUnsignedShift() {
        #expect(Layout.seed(.number(123_456_789)) == 123_456_789)
        #expect(Layout.seed(.number(-1)) == UInt32.max)
        #expect(Layout.seed(.number(4_294_967_297)) == 1)
        #expect(Layout.seed(.string("1")) == nil)
    }

    @Test func recordListingOtherQuestionsThanItsSeedDrewIsFlagged() {
        let quiz = bank(6, draw: 4, shuffle: true)
        let book = AnswerKeyBook(manifest: ServerManifest(site: "s", quizzes: ["z": .init(current: "h", page: "", versions: ["h": quiz])]))
        func record(questions: [String], responses: [String: JSONValue]) -> IncomingRecord {
            let payload: JSONValue = .object([
                "quiz": .string("z"), "seed": .number(123_456_789), "questions": .array(questions.map { .string($0) }),
                "responses": .object(responses),
                "score": .object(["points": .number(Double(responses.count)), "passed": .null]),
            ])
            return IncomingRecord(id: "x", kind: .attempt, site: "s", bundle: "site", contentHash: "h", createdAt: "t",
                                  device: nil, payload: payload, raw: payload)
        }
        let honest = book.evaluate(record(questions: ["q6", "q3", "q1", "q4"], responses: ["q6": .bool(true), "q3": .bool(true)]))
        #expect(honest.score?.points == 2 && honest.score?.max == 4 && !honest.mismatch)
        // Claims to have been shown only the two it got right: still scored over the four its seed drew.
        let cheat = book.evaluate(record(questions: ["q6", "q3"], responses: ["q6": .bool(true), "q3": .bool(true)]))
        #expect(cheat.score?.max == 4 && cheat.score?.points == 2)
        #expect(cheat.mismatch)
    }
}
