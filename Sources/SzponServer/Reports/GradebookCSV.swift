import Foundation
import SzponStore

/// The gradebook (`GradebookRow`) as CSV: one row per attempt and question, in the report
/// CSV's quoting (formula injection neutralised). Numbers keep a decimal point and times
/// stay ISO 8601 UTC, so a spreadsheet or script reads them in any locale; `local_time` adds
/// the attempt's time in Warsaw (`2026-03-29 03:30`), as a teacher would write it.
public enum GradebookCSV {
    static let header = [
        "attempt", "created_at", "local_time", "received_at", "device", "learner_code", "person", "attribution",
        "course", "course_title", "quiz", "quiz_version", "key_status",
        "question", "question_text", "position", "state", "points", "max_points",
        "server_points", "server_max", "server_percent", "server_passed", "client_percent", "client_passed",
    ]

    public static func render(_ rows: [GradebookRow], labels: ReportLabels) -> String {
        let titles = ReportTitles(labels: labels)
        let format = ReportFormat(language: labels.language)
        var texts: [String: [String: String]] = [:]
        var lines = [header.map(ReportCSV.cell).joined(separator: ",")]
        for row in rows {
            if texts[row.quiz] == nil { texts[row.quiz] = labels.questionTexts(quiz: row.quiz) }
            let questionText = row.question.flatMap { texts[row.quiz]?[$0] }.map(format.text) ?? ""
            let fields: [String] = [
                row.attemptID, row.createdAt, localTime(row.createdAt), row.receivedAt, row.device ?? "",
                row.learner ?? "", row.person ?? "",
                row.person != nil ? "person" : row.learner != nil ? "unattributed" : "anonymous",
                row.course ?? "", row.course.map(titles.course) ?? "", row.quiz, row.contentHash ?? "", row.keyStatus,
                row.question ?? "", questionText, row.position.map { String($0 + 1) } ?? "", row.state ?? "",
                ReportCSV.number(row.points), ReportCSV.number(row.maxPoints),
                ReportCSV.number(row.serverPoints), ReportCSV.number(row.serverMax), ReportCSV.number(row.serverPercent),
                flag(row.serverPassed), ReportCSV.number(row.clientPercent), flag(row.clientPassed),
            ]
            lines.append(fields.map(ReportCSV.cell).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func flag(_ value: Bool?) -> String { value.map { $0 ? "yes" : "no" } ?? "" }

    /// `2026-03-29 03:30` in Europe/Warsaw; text that is not a time comes back as it is.
    static func localTime(_ iso: String) -> String {
        guard let date = ReportFormat.parse(iso) else { return iso }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = ReportFormat.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }
}
