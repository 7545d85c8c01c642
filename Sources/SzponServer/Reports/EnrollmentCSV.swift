import Foundation
import SzponStore

/// Enrollment as CSV, one row per person and course, for /panel's download and
/// `szpon people enrollment --format csv`. Overdue is a word in its own column, not a
/// colour. Dates are Warsaw calendar days, as staff count deadlines.
public enum EnrollmentCSV {
    public static func render(_ entries: [EnrollmentEntry], titles: [String: String]) -> String {
        var lines = [["person", "name", "groups", "course", "course_title", "assigned", "due", "lessons_done",
                      "lessons_total", "status", "passed", "overdue"].joined(separator: ",")]
        for entry in entries {
            let fields = [
                entry.personID, entry.name, entry.groups.joined(separator: "|"), entry.course, titles[entry.course] ?? entry.course,
                day(entry.assignedAt), entry.dueAt.map(day) ?? "", String(entry.lessonsDone), String(entry.lessonsTotal),
                entry.status.rawValue, entry.passed ? "yes" : "no", entry.overdue ? "yes" : "no",
            ]
            lines.append(fields.map(ReportCSV.cell).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = ReportFormat.timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }
}
