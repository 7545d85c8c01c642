import Foundation

/// The one timestamp bundles may carry. Archives and manifests must be byte-identical
/// for the same input, so nothing reads the clock: the time is `SOURCE_DATE_EPOCH`
/// (https://reproducible-builds.org/specs/source-date-epoch/) when it is set, and a
/// fixed date otherwise.
public enum SourceDate {
    /// 2000-01-01T00:00:00Z, the modification time of every entry when
    /// `SOURCE_DATE_EPOCH` is not set.
    public static let fallback: Int64 = 946_684_800

    /// `SOURCE_DATE_EPOCH` as seconds since 1970, or nil when it is unset or not a
    /// non-negative integer.
    public static func environmentEpoch(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Int64? {
        guard let raw = environment["SOURCE_DATE_EPOCH"]?.trimmingCharacters(in: .whitespaces),
              let seconds = Int64(raw), seconds >= 0 else { return nil }
        return seconds
    }

    /// The modification time given to archive entries.
    public static func archiveTime(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Int64 {
        environmentEpoch(environment) ?? fallback
    }

    /// `seconds` as `2000-01-01T00:00:00Z`.
    public static func iso8601(_ seconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
