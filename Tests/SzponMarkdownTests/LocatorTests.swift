import Foundation
import SzponContent
import Testing
@testable import SzponMarkdown

/// Positions of links and images: every one used to be found by scanning from the top of
/// the body, so a page with ten thousand links took minutes to check.
struct LocatorTests {
    @Test func columnsMatchTheSourcesOwnCountInAnyOrder() {
        let source = MarkdownSource(file: "c/a.md", contentPath: "a.md", text: "Żółć [a](x) ą [b](y)\n\nźdź ![c](z.svg)\n", lineOffset: 4)
        let locator = Locator(source)
        for (line, byte) in [(1, 13), (1, 26), (1, 1), (3, 10), (1, 13), (3, 99), (9, 5)] {
            #expect(locator.location(line: line, column: byte) == source.location(line: line, column: byte), "line \(line), byte \(byte)")
        }
    }

    /// 10,000 links took 83 s when each was found from the top of the page. No clock
    /// here (the machines are shared): a regression shows as a test that takes minutes.
    @Test func manyLinksArePlacedOnTheirLines() {
        let text = String(repeating: "ż [x](02-b.md) ą\n", count: 20_000) + String(repeating: "ż [y](#a) ", count: 20_000)
        let document = Markdown.parse(MarkdownSource(file: "c/a.md", contentPath: "a.md", text: text, lineOffset: 0))
        #expect(document.references.count == 40_000)
        #expect(document.references[19_999].location == SourceLocation(file: "c/a.md", line: 20_000, column: 3))
        #expect(document.references[39_999].location == SourceLocation(file: "c/a.md", line: 20_001, column: 199_993))
    }
}
