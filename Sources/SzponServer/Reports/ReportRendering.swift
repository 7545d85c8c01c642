import Foundation
import SzponStore

/// One entry point for the CLI and the admin API, so both show the same report.
public enum ReportRendering {
    /// `theme` is the theme folder for the HTML page (nil: the default theme, found as
    /// `szpon build` finds it); `staff` adds the signed-in /admin page's controls.
    public static func render(_ report: Report, format: String, labels: ReportLabels, title: String,
                              theme: String? = nil, staff: ReportHTML.StaffControls? = nil) -> String {
        switch format {
        case "csv": return ReportCSV.render(report, labels: labels)
        case "json":
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: (try? encoder.encode(report)) ?? Data("{}".utf8), as: UTF8.self)
        default:
            return ReportHTML.render(report, labels: labels, titles: ReportTitles(labels: labels), title: title,
                                     theme: StaffTheme(directory: theme, language: labels.language), staff: staff)
        }
    }

    /// The attempt-level export, as `csv` or `json`.
    public static func renderGradebook(_ rows: [GradebookRow], format: String, labels: ReportLabels) -> String {
        if format == "json" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: (try? encoder.encode(rows)) ?? Data("[]".utf8), as: UTF8.self)
        }
        return GradebookCSV.render(rows, labels: labels)
    }

    public static func contentType(_ format: String) -> String {
        switch format {
        case "csv": return "text/csv; charset=utf-8"
        case "json": return "application/json; charset=utf-8"
        default: return "text/html; charset=utf-8"
        }
    }
}
