/// A survey, written as a ```` ```survey ```` block.
public struct Survey: Sendable, Hashable, Codable {
    public var id: String
    public var title: String?
    /// No learner identity is stored with the answers.
    public var anonymous: Bool
    /// Markdown shown after the answers are saved.
    public var thankYou: String?
    public var questions: [SurveyQuestion]

    public static let keys = ["id", "title", "anonymous", "thank_you", "questions"]
}

public struct SurveyQuestion: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case likert, rating, single, multiple, text, matrix
    }

    public var id: String
    public var kind: Kind
    public var text: String
    public var required: Bool
    /// Likert: 5 or 7 points. Rating: always 0–10.
    public var scale: Int?
    public var options: [String] = []
    public var rows: [String] = []
    public var columns: [String] = []

    public static let keys = ["id", "type", "text", "required", "scale", "options", "rows", "columns"]
}
