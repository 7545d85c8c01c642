import Foundation
import Yams

/// When a matter can be booked: desks, weekly hours, slot length and exceptions.
/// Parsed and validated at build time; the booking capability uses it later.
public struct BookingRules: Sendable, Hashable, Codable {
    public struct TimeRange: Sendable, Hashable, Codable {
        /// Minutes since midnight.
        public var start: Int
        public var end: Int
    }

    public struct Exception: Sendable, Hashable, Codable {
        /// ISO date, `YYYY-MM-DD`.
        public var date: String
        /// Empty when the office is closed that day.
        public var hours: [TimeRange]
    }

    public static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    public var desks: Int
    public var slotMinutes: Int
    /// Keyed by `mon` … `sun`.
    public var hours: [String: [TimeRange]]
    public var exceptions: [Exception]

    static let schema = KeySchema.mapping([
        "desks": .value, "slot_minutes": .value,
        "hours": .mapping(Dictionary(uniqueKeysWithValues: weekdays.map { ($0, KeySchema.value) })),
        "exceptions": .sequence(.mapping(["date": .value, "closed": .value, "hours": .value, "note": .value])),
    ])

    /// Validates a `booking:` node; every problem is reported, nothing is thrown.
    public static func parse(_ node: Node, reader: YAMLReader) -> (BookingRules?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        guard case .mapping = node else {
            return (nil, [reader.location(of: node).error("'booking' should be a mapping with desks, slot_minutes, hours and exceptions")])
        }
        func int(_ key: String) -> Int? {
            guard let value = node.value(forKey: key) else {
                diagnostics.append(reader.location(of: node).error("missing required field '\(key)' in booking"))
                return nil
            }
            guard let number = value.int else {
                diagnostics.append(reader.location(of: value).error("'\(key)' should be a whole number", hint: value.scalar.map { "found '\($0.string)'" }))
                return nil
            }
            return number
        }
        let desks = int("desks")
        if let desks, desks < 1 {
            diagnostics.append(reader.location(node.markOf(key: "desks")).error("booking needs at least 1 desk, found \(desks)"))
        }
        let slot = int("slot_minutes")
        if let slot, !(5...240).contains(slot) {
            diagnostics.append(reader.location(node.markOf(key: "slot_minutes")).error(
                "slot_minutes must be between 5 and 240, found \(slot)"))
        }

        var weekly: [String: [TimeRange]] = [:]
        if let hours = node.value(forKey: "hours") {
            if case let .mapping(mapping) = hours {
                for (key, value) in mapping {
                    guard let day = key.string, weekdays.contains(day) else { continue } // reported as unknown key
                    if let ranges = parseRanges(value, reader: reader, diagnostics: &diagnostics, slot: slot) {
                        weekly[day] = ranges
                    }
                }
                if mapping.count == 0 {
                    diagnostics.append(reader.location(of: hours).error("booking hours name no day"))
                }
            } else {
                diagnostics.append(reader.location(of: hours).error(
                    "booking 'hours' should map days to hours", hint: "e.g. mon: \"08:00-16:00\""))
            }
        } else {
            diagnostics.append(reader.location(of: node).error("missing required field 'hours' in booking",
                                                               hint: "add weekly hours, e.g. hours: { mon: \"08:00-16:00\" }"))
        }

        var exceptions: [Exception] = []
        if let list = node.value(forKey: "exceptions") {
            if case let .sequence(items) = list {
                var seen: Set<String> = []
                for item in items {
                    guard let dateNode = item.value(forKey: "date"), let date = dateNode.string, isISODate(date) else {
                        diagnostics.append(reader.location(of: item.value(forKey: "date") ?? item).error(
                            "booking exception needs a valid 'date' as YYYY-MM-DD"))
                        continue
                    }
                    if !seen.insert(date).inserted {
                        diagnostics.append(reader.location(of: dateNode).error("duplicate booking exception for \(date)"))
                    }
                    let closed = item.value(forKey: "closed")?.bool ?? false
                    if closed {
                        exceptions.append(Exception(date: date, hours: []))
                    } else if let hoursNode = item.value(forKey: "hours") {
                        if let ranges = parseRanges(hoursNode, reader: reader, diagnostics: &diagnostics, slot: slot) {
                            exceptions.append(Exception(date: date, hours: ranges))
                        }
                    } else {
                        diagnostics.append(reader.location(of: item).error(
                            "booking exception on \(date) needs 'closed: true' or 'hours'"))
                    }
                }
            } else {
                diagnostics.append(reader.location(of: list).error("booking 'exceptions' should be a list"))
            }
        }
        exceptions.sort { $0.date < $1.date }

        guard diagnostics.isEmpty, let desks, let slot else { return (nil, diagnostics) }
        return (BookingRules(desks: desks, slotMinutes: slot, hours: weekly, exceptions: exceptions), [])
    }

    /// `"08:00-12:00, 13:00-16:00"`
    static func parseRanges(_ node: Node, reader: YAMLReader, diagnostics: inout [Diagnostic], slot: Int?) -> [TimeRange]? {
        guard let text = node.string else {
            diagnostics.append(reader.location(of: node).error("hours should be text like \"08:00-16:00\""))
            return nil
        }
        var ranges: [TimeRange] = []
        for part in text.split(separator: ",") {
            let bounds = part.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
            guard bounds.count == 2, let start = minutes(bounds[0]), let end = minutes(bounds[1]) else {
                diagnostics.append(reader.location(of: node).error(
                    "invalid hours '\(text)'", hint: "write HH:MM-HH:MM, several ranges separated by commas"))
                return nil
            }
            guard start < end else {
                diagnostics.append(reader.location(of: node).error("hours '\(part.trimmingCharacters(in: .whitespaces))' end before they start"))
                return nil
            }
            if let last = ranges.last, start < last.end {
                diagnostics.append(reader.location(of: node).error("hours '\(text)' overlap"))
                return nil
            }
            if let slot, end - start < slot {
                diagnostics.append(reader.location(of: node).error(
                    "hours '\(part.trimmingCharacters(in: .whitespaces))' are shorter than one \(slot)-minute slot"))
                return nil
            }
            ranges.append(TimeRange(start: start, end: end))
        }
        return ranges
    }

    static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
              (0...24).contains(h), (0...59).contains(m), h * 60 + m <= 24 * 60 else { return nil }
        return h * 60 + m
    }

    static func isISODate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }
}
