import Foundation

/// A quiz or graded test, written as a ```` ```quiz ```` block in a lesson.
public struct Quiz: Sendable, Hashable, Codable {
    public enum FeedbackMode: String, Sendable, Hashable, Codable, CaseIterable {
        /// Feedback right after each answer is checked.
        case immediate
        /// Feedback after the whole quiz is submitted.
        case after
        /// No key in the published page; the server scores the attempt.
        case exam
    }

    public var id: String
    public var title: String?
    public var graded: Bool
    public var mode: FeedbackMode
    /// Percent needed to pass; nil means the course's passing score.
    public var pass: Int?
    public var shuffle: Bool
    /// Number of questions drawn at random from the bank; nil draws all.
    public var draw: Int?
    /// Attempt limit; nil means unlimited.
    public var attempts: Int?
    /// Minutes; nil means untimed.
    public var timeLimit: Int?
    public var questions: [Question]

    public static let keys = ["id", "title", "graded", "mode", "pass", "shuffle", "draw", "attempts", "time_limit", "questions"]
}

public struct Question: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case single, multiple, truefalse, short, numeric, matching, ordering, cloze, essay
    }

    public struct Answer: Sendable, Hashable, Codable {
        public var text: String
        public var correct: Bool
        /// Percent of the question's points; negative for a penalty. Nil: all-or-nothing.
        public var weight: Double?
        public var feedback: String?
    }

    public struct Pair: Sendable, Hashable, Codable {
        public var left: String
        public var right: String
    }

    /// An accepted short answer. `*` in `text` matches any run of characters.
    public struct TextAnswer: Sendable, Hashable, Codable {
        public var text: String
        /// Percent of the question's points.
        public var weight: Double
        public var feedback: String?
    }

    /// An accepted numeric range. Both bounds nil: any other number (for feedback).
    public struct NumericAnswer: Sendable, Hashable, Codable {
        public var min: Double?
        public var max: Double?
        /// Percent of the question's points.
        public var weight: Double
        public var feedback: String?
    }

    public struct Blank: Sendable, Hashable, Codable {
        /// Accepted answers; the first is shown as the right one.
        public var accept: [String]
    }

    public var id: String
    public var kind: Kind
    /// Markdown.
    public var text: String
    public var points: Double
    public var feedback: String?

    public var answers: [Answer] = []
    public var truth: Bool?
    public var feedbackTrue: String?
    public var feedbackFalse: String?
    /// Short answers, in the order they are tried.
    public var textAnswers: [TextAnswer] = []
    public var caseSensitive: Bool = false
    public var ignoreDiacritics: Bool = false
    public var numericAnswers: [NumericAnswer] = []
    public var pairs: [Pair] = []
    /// Extra right-hand choices of a matching question that belong to no pair.
    public var distractors: [String] = []
    public var items: [String] = []
    /// Cloze blanks in order of appearance in `text`.
    public var blanks: [Blank] = []

    public static let keys = [
        "id", "type", "text", "points", "feedback", "answers", "answer", "feedback_true", "feedback_false",
        "accept", "case_sensitive", "ignore_diacritics", "tolerance", "min", "max", "pairs", "distractors", "items",
    ]
    public static let answerKeys = ["text", "correct", "weight", "feedback"]
    public static let numericAnswerKeys = ["answer", "tolerance", "min", "max", "weight", "feedback"]

    /// The right-hand items of a matching question as the learner sees them: each once, in
    /// alphabetical order (so the page does not give the pairs away). The answer key indexes this list.
    public var matchingChoices: [String] { Array(Set(pairs.map(\.right) + distractors)).sorted() }

    /// Whether the question can be scored automatically.
    public var isAutoGraded: Bool { kind != .essay }
}

extension Question {
    /// Splits cloze text into literal runs and blanks: `Papier do [[niebieskiego|niebieski]] pojemnika`.
    public static func clozeParts(_ text: String) -> [ClozePart] {
        var parts: [ClozePart] = []
        var rest = Substring(text)
        while let open = rest.range(of: "[["), let close = rest[open.upperBound...].range(of: "]]") {
            parts.append(.text(String(rest[..<open.lowerBound])))
            let inner = rest[open.upperBound..<close.lowerBound]
            let accept = inner.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            parts.append(.blank(Blank(accept: accept)))
            rest = rest[close.upperBound...]
        }
        parts.append(.text(String(rest)))
        return parts
    }

    public enum ClozePart: Sendable, Hashable {
        case text(String)
        case blank(Blank)
    }
}
