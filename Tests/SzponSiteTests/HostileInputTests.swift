import Foundation
import SzponContent
import Testing
@testable import SzponSite

/// Inputs found by fuzzing `szpon check` and `szpon build` that used to crash or hang the tool.
struct HostileSiteInputTests {
    let polish = I18n(language: "pl", strings: [:], plurals: ["points": ["one": "{n} punkt", "few": "{n} punkty", "many": "{n} punktów", "other": "{n} punktu"]])

    /// Plural labels turned the number into an Int, which trapped beyond Int's range.
    @Test(arguments: [(1e20, "1e+20 punktów"), (102, "102 punkty"), (9.223372036854776e18, "9,22337e+18 punktów"),
                      (-3, "-3 punkty"), (.infinity, "inf punktu")])
    func pluralOfAnyNumberDoesNotTrap(n: Double, expected: String) {
        #expect(polish.plural("points", n) == expected)
    }

    @Test func lessonLastingIntMaxMinutesBuilds() throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        try tree.write("content/courses/odpady/01-wstep.md", "---\ntitle: Wstęp\nduration: 9223372036854775807\n---\n\nTekst.\n")
        _ = try SiteBuilder.build(.init(content: tree.path("content"), theme: FileTree.theme, output: tree.path("site")))
        #expect(tree.read("site/courses/odpady/wstep.html")?.contains("9,22337e+18") == true)
    }

    /// cmark-gfm takes minutes on lists nested tens of thousands deep followed by brackets.
    /// No clock here (the machines are shared): a regression shows as a test that takes minutes.
    @Test func deeplyNestedListIsAnError() throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        let deep = String(repeating: "- ", count: 30_000) + "x\n" + String(repeating: "[", count: 30_000) + "\n"
        try tree.write("content/courses/odpady/01-wstep.md", "# Wstęp\n\n## Żółty pojemnik\n\n" + deep)
        let (_, diagnostics) = SiteBuilder.check(content: tree.path("content"))
        #expect(diagnostics.map(\.description) == [
            tree.path("content/courses/odpady/01-wstep.md") + ":5:1: error: block quotes and lists are nested 30000 deep on this line; the most is 100",
        ])
    }

    /// Every broken anchor was compared with every heading of its page by edit distance:
    /// 1,000 of each took a minute, 3,000 of each over five.
    @Test func thousandsOfBrokenAnchorsGetHints() throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        let body = (0..<2000).map { "## Nagłówek numer \($0)\n\n[x](#naglowek-numer-\($0)x) [y](#naglowek-numer-1x)\n" }.joined(separator: "\n")
        try tree.write("content/courses/odpady/01-wstep.md", "# Wstęp\n\n## Żółty pojemnik\n\n" + body)
        let (_, diagnostics) = SiteBuilder.check(content: tree.path("content"))
        #expect(diagnostics.count == 4000)
        #expect(diagnostics.first?.hint == "did you mean '#naglowek-numer-0'?")
        #expect(diagnostics.last?.hint == "did you mean '#naglowek-numer-1'?")
        #expect(diagnostics[3000].hint?.hasPrefix("anchors on that page: #naglowek-numer-0, #naglowek-numer-1, ") == true)
    }
}

