import Foundation
import SzponStore

/// The report as CSV in long form (section, subject, item, measure, value), one fact
/// per row, so it opens in any spreadsheet without a layout of its own.
public enum ReportCSV {
    public static func render(_ report: Report, labels: ReportLabels) -> String {
        var rows: [[String]] = [["section", "subject", "item", "measure", "value"]]
        for course in report.courses {
            rows.append(["course", course.course, "", "attempts", String(course.attempts)])
            rows.append(["course", course.course, "", "pass_rate", number(course.passRate)])
            rows.append(["course", course.course, "", "average_percent", number(course.averagePercent)])
            rows.append(["course", course.course, "", "learners", String(course.learners)])
            rows.append(["course", course.course, "", "learners_passed", String(course.learnersPassed)])
            rows.append(["course", course.course, "", "learners_completed", String(course.learnersCompleted)])
        }
        for quiz in report.quizzes {
            let texts = labels.questionTexts(quiz: quiz.quiz)
            for question in quiz.questions {
                let item = texts[question.question] ?? question.question
                rows.append(["question", quiz.quiz, item, "answered", String(question.answered)])
                rows.append(["question", quiz.quiz, item, "share_correct", number(question.difficulty)])
                rows.append(["question", quiz.quiz, item, "average_points", number(question.averagePoints)])
            }
        }
        for survey in report.surveys {
            if survey.omittedQuestions > 0 {
                rows.append(["survey", survey.survey, "", "omitted_questions", String(survey.omittedQuestions)])
            }
            for question in survey.questions {
                let definition = labels.surveyQuestion(survey: survey.survey, question: question.question)
                let item = definition?.text ?? question.question
                let type = definition?.type
                for value in question.values where type != "matrix" && type != "multiple" {
                    rows.append(["survey", survey.survey, item, "answer: " + labels.surveyValue(value.value, definition), String(value.count)])
                }
                for choice in question.choices where type != "matrix" {
                    rows.append(["survey", survey.survey, item, "chosen: " + labels.surveyValue(choice.value, definition), String(choice.count)])
                }
                for cell in question.cells where type == "matrix" || type == nil {
                    let row = definition?.rows[safe: cell.row] ?? String(cell.row + 1)
                    rows.append(["survey", survey.survey, item, "\(row): " + labels.surveyValue(cell.value, definition, column: true), String(cell.count)])
                }
                for text in question.texts {
                    rows.append(["survey_text", survey.survey, item, text.createdAt, text.text])
                }
            }
        }
        if report.codedRecords > 0 {
            rows.append(["records", "", "", "with_learner_code", String(report.codedRecords)])
            rows.append(["records", "", "", "unattributed", String(report.unattributedRecords)])
        }
        for conflict in report.conflicts {
            rows.append(["conflict", conflict.recordID, conflict.source.rawValue, conflict.receivedAt, String(conflict.times)])
        }
        for rejection in report.rejections {
            rows.append(["rejected", rejection.recordID ?? "", rejection.source.rawValue, rejection.receivedAt, rejection.reason])
        }
        return rows.map { $0.map(cell).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func number(_ value: Double?) -> String {
        guard let value else { return "" }
        return String(format: "%.4g", value)
    }

    /// RFC 4180 quoting, and formula injection neutralised (OWASP): a cell a spreadsheet
    /// would run as a formula gets a leading apostrophe.
    static func cell(_ text: String) -> String {
        var value = text
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            value = "'" + value
        }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
