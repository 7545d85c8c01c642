import Foundation
import SzponServer
import SzponStore
import Testing

/// The sheet of learner codes: names from a roster are data, never markup or formulas.
struct LearnerCodeSheetTests {
    static let secret = Data("secret-for-tests".utf8)
    static let cards = [
        LearnerCodeSheet.Card(id: "u1", name: "<script>alert(1)</script> Bąk", code: LearnerCode.seal(personID: "u1", generation: 1, secret: secret)),
        LearnerCodeSheet.Card(id: "u2", name: "=HYPERLINK(\"http://x\")", code: LearnerCode.seal(personID: "u2", generation: 1, secret: secret)),
    ]

    @Test func csvQuotesAndNeutralisesFormulas() {
        let csv = LearnerCodeSheet.csv(Self.cards)
        #expect(csv == "id,name,code\r\nu1,<script>alert(1)</script> Bąk,\(Self.cards[0].code.text)\r\n"
            + "u2,\"'=HYPERLINK(\"\"http://x\"\")\",\(Self.cards[1].code.text)\r\n")
    }

    @Test func htmlEscapesNamesAndHasNoScript() {
        let html = LearnerCodeSheet.html(Self.cards, group: "7a & 7b", site: "Szkoła", theme: StaffTheme(language: "pl"))
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; Bąk"))
        #expect(html.contains("Kody uczniów – grupa 7a &amp; 7b"))
        #expect(html.contains(Self.cards[0].code.text) && html.contains(Self.cards[1].code.text))
        #expect(html.contains("<p class=\"site\">Szkoła</p>"))
    }
}
