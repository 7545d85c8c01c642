/// One question (or description) read from a Moodle GIFT file (https://docs.moodle.org/en/GIFT_format),
/// with GIFT's escapes resolved and every part's text format kept, before it becomes szpon quiz YAML.
public struct GiftQuestion: Sendable, Hashable {
    /// GIFT's `[html]`, `[markdown]`, `[plain]` and `[moodle]` text formats; `moodle` is the default.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        case moodle, html, plain, markdown
    }

    /// Text as written in the GIFT file (escapes resolved, format prefix removed).
    public struct Text: Sendable, Hashable {
        public var text: String
        public var format: Format

        public init(_ text: String, format: Format = .moodle) {
            self.text = text
            self.format = format
        }
    }

    /// A multiple-choice answer: `=right`, `~wrong`, `~%50%partial`, each with an optional `#feedback`.
    public struct Choice: Sendable, Hashable {
        public var text: Text
        /// Written with `=`.
        public var isRight: Bool
        /// The `%n%` percentage, when the file gives one.
        public var weight: Double?
        public var feedback: Text?
        public var location: SourceLocation

        /// Percent of the points this answer earns.
        public var credit: Double { weight ?? (isRight ? 100 : 0) }
    }

    /// A short answer: `=text`, `=%50%text`, `*` as a wildcard.
    public struct ShortAnswer: Sendable, Hashable {
        /// Compared with what the learner types, so it stays plain text.
        public var text: String
        public var weight: Double?
        public var feedback: Text?
        public var location: SourceLocation
    }

    public enum NumericValue: Sendable, Hashable {
        /// `1822` (tolerance nil) or `1822:2`.
        case value(Double, tolerance: Double?)
        /// `3.141..3.142`.
        case range(min: Double, max: Double)
    }

    public struct NumericAnswer: Sendable, Hashable {
        public var value: NumericValue
        public var weight: Double?
        public var feedback: Text?
        public var location: SourceLocation
    }

    /// `=left -> right`. The right-hand side is plain text, as in Moodle.
    public struct Pair: Sendable, Hashable {
        public var left: Text
        public var right: String
    }

    public enum Body: Sendable, Hashable {
        case multipleChoice([Choice])
        /// GIFT writes the feedback for a wrong answer first, then for a right one: `{F#wrong#right}`.
        case trueFalse(Bool, feedbackWhenWrong: Text?, feedbackWhenRight: Text?)
        case shortAnswer([ShortAnswer])
        /// `otherFeedback` is the `~#feedback` shown for any other number.
        case numeric([NumericAnswer], otherFeedback: Text?)
        /// Distractors are `= -> Chat`: right-hand choices that belong to no left item.
        case matching(pairs: [Pair], distractors: [String])
        case essay
        /// An item with no answers (Moodle's "description" question type): text shown among the
        /// questions, its `::name::` as a title.
        case description
    }

    /// `::name::`, when given.
    public var name: String?
    /// The `$CATEGORY:` path in force, without Moodle's `$course$`-style context; nil before any category.
    public var category: [String]?
    /// The question text; a missing-word question has `_____` where its answers were.
    public var text: Text
    /// `####general feedback`.
    public var generalFeedback: Text?
    public var body: Body
    /// Where the question starts in the GIFT file.
    public var location: SourceLocation

    public var kindName: String {
        switch body {
        case .multipleChoice: return "multiple choice"
        case .trueFalse: return "true/false"
        case .shortAnswer: return "short answer"
        case .numeric: return "numeric"
        case .matching: return "matching"
        case .essay: return "essay"
        case .description: return "description"
        }
    }

    /// A description, not a question: it has no answers and no points.
    public var isDescription: Bool { body == .description }
}
