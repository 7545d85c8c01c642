import Foundation
import SzponContent
import Testing
@testable import SzponMarkdown

/// cmark-gfm's time grows with nesting depth times the brackets nested that deep.
struct NestingTests {
    @Test func depthCountsQuoteAndListMarkersAndTheIndentBeforeThem() {
        func depth(_ line: String) -> Int { Nesting.markerDepth(Array(line.utf8), 0, line.utf8.count) }
        #expect(depth("- a") == 1)
        #expect(depth("> - 1. a") == 3)
        #expect(depth(">>> a") == 3)
        #expect(depth("    - a") == 3)
        #expect(depth("-a") == 0)
        #expect(depth("2026. rok") == 1)
        #expect(depth("12345678901. a") == 0)
        #expect(depth("        kod") == 0)
        #expect(depth("* * *") == 3)
    }

    @Test func tooDeepLinesAreReportedAndLeftOut() {
        let text = "# Tytuł\n\n## Rozdział\n\n" + String(repeating: "> ", count: 101) + "x\n\nKoniec.\n"
        let document = Markdown.parse(MarkdownSource(file: "c/a.md", contentPath: "a.md", text: text, lineOffset: 3))
        #expect(document.tooDeep?.location.line == 8)
        #expect(document.tooDeep?.depth == 101)
        #expect(document.headings.map(\.text) == ["Rozdział"])
        #expect(document.html.contains("Koniec."))
        #expect(!document.html.contains("blockquote"))
    }

    @Test func nestingAtTheLimitIsKept() {
        let text = String(repeating: "> ", count: 100) + "x\n"
        let document = Markdown.parse(MarkdownSource(file: "c/a.md", contentPath: "a.md", text: text, lineOffset: 0))
        #expect(document.tooDeep == nil)
        #expect(document.html.contains("<blockquote>"))
    }

    /// No clock here (the machines are shared): before the guard this took cmark minutes.
    @Test func deeplyNestedQuestionTextRenders() {
        let text = String(repeating: "- ", count: 30_000) + "x\n" + String(repeating: "[", count: 30_000)
        let html = Markdown.inline(text)
        #expect(html.contains("[[["))
    }
}
