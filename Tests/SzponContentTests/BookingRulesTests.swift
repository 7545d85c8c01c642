import Testing
import Yams
@testable import SzponContent

struct BookingRulesTests {
    func parse(_ yaml: String) -> (BookingRules?, [String]) {
        let node = try! Yams.compose(yaml: yaml)!
        let (rules, problems) = BookingRules.parse(node, reader: YAMLReader(file: "g.md", firstLine: 1))
        return (rules, problems.map(\.description))
    }

    @Test func validBookingBlockParsesHoursAndExceptions() {
        let (rules, problems) = parse("""
        desks: 2
        slot_minutes: 15
        hours:
          mon: "08:00-12:00, 13:00-18:00"
          fri: "08:00-14:00"
        exceptions:
          - { date: 2026-12-31, hours: "08:00-12:00" }
          - { date: 2026-12-24, closed: true }
        """)
        #expect(problems.isEmpty, "\(problems)")
        #expect(rules?.desks == 2)
        #expect(rules?.hours["mon"] == [.init(start: 480, end: 720), .init(start: 780, end: 1080)])
        #expect(rules?.exceptions.map(\.date) == ["2026-12-24", "2026-12-31"])
        #expect(rules?.exceptions.first?.hours.isEmpty == true)
    }

    @Test func invalidBookingBlockReportsEveryProblem() {
        let (rules, problems) = parse("""
        desks: 0
        slot_minutes: 300
        hours:
          mon: "12:00-08:00"
          tue: "9-17"
        exceptions:
          - { date: 2026-02-30, closed: true }
        """)
        #expect(rules == nil)
        #expect(problems.count == 5, "\(problems)")
        #expect(problems.contains("g.md:1:8: error: booking needs at least 1 desk, found 0"))
        #expect(problems.contains { $0.contains("slot_minutes must be between 5 and 240") })
        #expect(problems.contains { $0.contains("end before they start") })
        #expect(problems.contains { $0.contains("invalid hours '9-17'") })
        #expect(problems.contains { $0.contains("valid 'date'") })
    }

    @Test func polishDayNamesPointAtTheEnglishKeys() throws {
        let node = try #require(try Yams.compose(yaml: "booking:\n  hours:\n    sob: \"10:00-12:00\"\n"))
        let problems = YAMLReader(file: "g.md", firstLine: 2).unknownKeys(in: node, schema: GuideMeta.schema, context: "guide front matter")
        #expect(problems.map(\.description) == ["g.md:4:5: error: unknown key 'sob' in 'booking.hours' (guide front matter)\n  hint: did you mean 'sat'? Days are written mon, tue, wed, thu, fri, sat, sun"])
    }
}
