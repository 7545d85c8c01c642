import Foundation
import SzponMarkdown
import SzponSite
import SzponStore

/// The learner codes of a group as a teacher hands them out (`szpon people codes`): a CSV
/// (id, name, code) or one printable HTML page of cut-out cards, the theme's
/// `staff/learner-codes.mustache` with the strings of the site's language. Both hold
/// personal data: the command writes them to standard output or a file of its owner's,
/// never into a site or bundle.
public enum LearnerCodeSheet {
    public struct Card: Sendable, Hashable {
        public var id: String
        public var name: String
        public var code: LearnerCode

        public init(id: String, name: String, code: LearnerCode) {
            self.id = id
            self.name = name
            self.code = code
        }
    }

    /// `id,name,code` and one line per card, in the report CSV's quoting (a name a
    /// spreadsheet would run as a formula is neutralised).
    public static func csv(_ cards: [Card]) -> String {
        let rows = [["id", "name", "code"]] + cards.map { [$0.id, $0.name, $0.code.text] }
        return rows.map { $0.map(ReportCSV.cell).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// The printable sheet; `site` (the site's title) names the courses on each card.
    public static func html(_ cards: [Card], group: String, site: String, theme: StaffTheme) -> String {
        let page = theme.render("staff/learner-codes") { i18n in
            [
                "pageTitle": i18n["staff_codes_title"].replacingOccurrences(of: "{group}", with: group),
                "site": site.isEmpty ? false : site,
                "hasCards": !cards.isEmpty,
                "cards": cards.map { ["id": $0.id, "name": $0.name, "code": $0.code.text] as [String: Any] },
            ]
        }
        return page ?? """
            <!DOCTYPE html>
            <html lang="\(HTML.escape(theme.language))"><head><meta charset="utf-8"><title>szpon</title></head>
            <body><main><h1>szpon</h1><p>The theme has no staff/learner-codes.mustache template; pass --theme or reinstall szpon's default theme.</p></main></body></html>

            """
    }
}
