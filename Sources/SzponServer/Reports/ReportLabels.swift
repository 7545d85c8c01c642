import Foundation
import SzponStore

/// Names for what the store only knows by id: question texts and survey options,
/// from the server manifest of the built site.
public struct ReportLabels: Sendable {
    public struct SurveyQuestion: Sendable {
        public var text: String
        public var type: String
        public var options: [String]
        public var rows: [String]
        public var columns: [String]
        public var scale: Int?
    }

    let book: AnswerKeyBook
    public let language: String

    public init(book: AnswerKeyBook, language: String = "pl") {
        self.book = book
        self.language = language
    }

    public func questionTexts(quiz: String) -> [String: String] { book.questionTexts(quiz: quiz) }

    /// Each course's required lessons, so "completed" means the course's real lesson list.
    public var requiredLessons: [String: [String]] { ReportFilter.requiredLessons(of: book.manifest) }

    /// The survey's questions in the author's order, with their labels.
    public func surveyQuestions(survey: String) -> [(id: String, question: SurveyQuestion)] {
        guard let version = book.currentVersion(ofSurvey: survey), let definition = book.survey(survey, version: version) else { return [] }
        return definition.questions.map { item in
            (item.id, SurveyQuestion(text: item.text, type: item.type, options: item.options, rows: item.rows,
                                     columns: item.columns, scale: item.scale))
        }
    }

    public func surveyQuestion(survey: String, question: String) -> SurveyQuestion? {
        surveyQuestions(survey: survey).first { $0.id == question }?.question
    }

    /// A stored answer value in words: the option, the matrix column or the number itself.
    public func surveyValue(_ value: JSONValue, _ question: SurveyQuestion?, column: Bool = false) -> String {
        guard let number = value.number else { return value.string ?? (value.isNull ? "—" : "?") }
        // Stored answers are whatever a browser sent: 1e300 is a valid JSON number, and
        // Int(1e300) traps, which took the whole server down with every report after it.
        guard abs(number) < 1e15, let index = Int(exactly: number.rounded(.towardZero)) else { return String(number) }
        if let question {
            if column, let label = question.columns[safe: index] { return label }
            if !column, (question.type == "single" || question.type == "multiple"), let label = question.options[safe: index] { return label }
            if question.type == "likert" { return "\(index + 1)" }
        }
        return number == number.rounded() ? String(index) : String(number)
    }
}
