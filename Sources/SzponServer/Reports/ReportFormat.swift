import Foundation
import SzponMarkdown

/// Numbers, times and texts in a report as the staff who read it write them: a decimal
/// comma on Polish sites (`62,5%`, `0,5 / 1`), a point on English ones, and the store's
/// ISO UTC times as the local time in Poland (Europe/Warsaw, with summer time).
public struct ReportFormat: Sendable {
    public let language: String

    /// Where the staff are: every time in a report is shown in this zone.
    public static let timeZone = TimeZone(identifier: "Europe/Warsaw") ?? TimeZone(secondsFromGMT: 3600)!

    public init(language: String) {
        self.language = language
    }

    var english: Bool { language == "en" || language.hasPrefix("en-") }

    /// At most one decimal, none for whole numbers: `62,5`, `100`, `0,3`.
    public func number(_ value: Double) -> String {
        // Client percentages are stored as sent (1e300 is valid JSON); Int() of those traps.
        guard value.isFinite, abs(value) < 1e15 else { return String(format: "%g", value) }
        let rounded = (value * 10).rounded() / 10
        let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
        return english ? text : text.replacingOccurrences(of: ".", with: ",")
    }

    /// A share (0…1) as a percentage: `0.625` → `62,5%`; nil → `—`.
    public func percent(share: Double?) -> String { share.map { number($0 * 100) + "%" } ?? "—" }

    /// A value already in percent: `62.5` → `62,5%`; nil → `—`.
    public func percent(_ value: Double?) -> String { value.map { number($0) + "%" } ?? "—" }

    /// Points out of the most: `0,5 / 1`; without a maximum just the points.
    public func points(_ value: Double?, of most: Double?) -> String {
        guard let value else { return "—" }
        return number(value) + (most.map { " / " + number($0) } ?? "")
    }

    /// An ISO 8601 UTC time from the store (`2026-03-29T01:30:00.000Z`) in Warsaw time:
    /// `29.03.2026, 03:30` in Polish, `29 Mar 2026, 03:30` in English. Text that is not such
    /// a time comes back as it is.
    public func dateTime(_ iso: String) -> String {
        guard let date = Self.parse(iso) else { return iso }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        guard let year = c.year, let month = c.month, let day = c.day, let hour = c.hour, let minute = c.minute else { return iso }
        let time = String(format: "%02d:%02d", hour, minute)
        if english {
            return "\(day) \(Self.englishMonths[month - 1]) \(year), \(time)"
        }
        return String(format: "%02d.%02d.%04d, ", day, month, year) + time
    }

    /// A calendar day in Warsaw: `03.12.2026` in Polish, `3 Dec 2026` in English.
    public func date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        guard let year = c.year, let month = c.month, let day = c.day else { return "" }
        if english { return "\(day) \(Self.englishMonths[month - 1]) \(year)" }
        return String(format: "%02d.%02d.%04d", day, month, year)
    }

    static let englishMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// ISO 8601 with or without fractional seconds.
    static func parse(_ iso: String) -> Date? {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = withFraction.date(from: iso) { return date }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        return plain.date(from: iso)
    }

    /// An author's Markdown (question texts) as plain text; learners' answers never pass here.
    public func text(_ markdown: String) -> String { Markdown.plainText(markdown) }

    /// A Likert answer (the chosen point's index from 0) in the theme's words, when the
    /// theme has them: `likert5_1` … `likert5_5`, `likert7_1` … `likert7_7`.
    public static func likert(_ index: Int, scale: Int?, strings: [String: String]) -> String? {
        let points = scale ?? 5
        guard (0..<points).contains(index) else { return nil }
        return strings["likert\(points)_\(index + 1)"].map { "\(index + 1) – \($0)" }
    }

    /// A 0–10 rating as `9 / 10`.
    public static func rating(_ value: Int, scale: Int?) -> String {
        "\(value) / \(scale ?? 10)"
    }
}
