import Foundation
import SzponMarkdown
import Testing
@testable import SzponServer

/// What staff read in a report: numbers in the site's language, Warsaw times across the
/// summer-time changes, the authors' Markdown as text, Likert points in words.
@Suite struct ReportFormatTests {
    let pl = ReportFormat(language: "pl")
    let en = ReportFormat(language: "en")

    @Test func polishSitesWriteADecimalCommaAndEnglishOnesAPoint() {
        #expect(pl.percent(share: 0.625) == "62,5%")
        #expect(en.percent(share: 0.625) == "62.5%")
        #expect(pl.points(0.5, of: 1) == "0,5 / 1")
        #expect(en.points(0.5, of: 1) == "0.5 / 1")
        #expect(pl.percent(50) == "50%")
        #expect(pl.percent(nil) == "—")
        #expect(pl.number(2.0 / 3.0 * 100) == "66,7")
        #expect(pl.points(1, of: nil) == "1")
        // A browser may send any number: no trap, no thousands of digits.
        #expect(pl.percent(1e300) == "1e+300%")
    }

    @Test func timesAreWarsawTimeAcrossTheSummerTimeChanges() {
        // Winter (CET, UTC+1).
        #expect(pl.dateTime("2026-11-23T10:00:00.000Z") == "23.11.2026, 11:00")
        // 29 March 2026: clocks go forward at 01:00 UTC, so 01:30 UTC is 03:30 CEST.
        #expect(pl.dateTime("2026-03-29T00:30:00.000Z") == "29.03.2026, 01:30")
        #expect(pl.dateTime("2026-03-29T01:30:00.000Z") == "29.03.2026, 03:30")
        // 25 October 2026: clocks go back at 01:00 UTC; 02:30 happens twice.
        #expect(pl.dateTime("2026-10-25T00:30:00.000Z") == "25.10.2026, 02:30")
        #expect(pl.dateTime("2026-10-25T01:30:00.000Z") == "25.10.2026, 02:30")
        #expect(pl.dateTime("2026-10-25T02:30:00Z") == "25.10.2026, 03:30")
        // Past midnight in Warsaw while still the day before in UTC.
        #expect(pl.dateTime("2026-12-31T23:30:00.000Z") == "01.01.2027, 00:30")
        #expect(en.dateTime("2026-07-01T10:05:00.000Z") == "1 Jul 2026, 12:05")
        // Not a time: shown as it came.
        #expect(pl.dateTime("wczoraj") == "wczoraj")
    }

    @Test func questionTextsLoseTheirMarkdown() {
        #expect(pl.text("Gdzie wrzucisz **karton po mleku**?") == "Gdzie wrzucisz karton po mleku?")
        #expect(pl.text("_Który_ pojemnik? `PET` [zobacz](a.html)") == "Który pojemnik? PET zobacz")
        #expect(pl.text("Raw <b>HTML</b> is dropped") == "Raw HTML is dropped")
        #expect(pl.text("Dwa\nwiersze") == "Dwa wiersze")
        #expect(pl.text("Zwykły tekst.") == "Zwykły tekst.")
        #expect(Markdown.plainText("a &amp; b") == "a & b")
    }

    @Test func likertPointsAreNamedByTheThemeAndRatingsByTheirScale() throws {
        let strings = ["likert5_1": "Zdecydowanie się nie zgadzam", "likert5_5": "Zdecydowanie się zgadzam",
                       "likert7_7": "Zdecydowanie się zgadzam"]
        #expect(ReportFormat.likert(0, scale: 5, strings: strings) == "1 – Zdecydowanie się nie zgadzam")
        #expect(ReportFormat.likert(4, scale: nil, strings: strings) == "5 – Zdecydowanie się zgadzam")
        #expect(ReportFormat.likert(6, scale: 7, strings: strings) == "7 – Zdecydowanie się zgadzam")
        #expect(ReportFormat.likert(5, scale: 5, strings: strings) == nil)
        #expect(ReportFormat.rating(9, scale: 10) == "9 / 10")
    }

    @Test func theDefaultThemeNamesEveryLikertPointInBothLanguages() throws {
        let theme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("themes/default").path
        for language in ["pl", "en"] {
            let strings = StaffTheme(directory: theme, language: language).strings(for: "staff/report")
            for scale in [5, 7] {
                for point in 0..<scale {
                    #expect(ReportFormat.likert(point, scale: scale, strings: strings) != nil, "\(language) likert\(scale)_\(point + 1)")
                }
            }
            #expect(strings["staff_report_title"] != nil)
        }
        let en = StaffTheme(directory: theme, language: "en").strings(for: "staff/report")
        #expect(ReportFormat.likert(0, scale: 5, strings: en) == "1 – Strongly disagree")
    }
}
