import SzponContent
import Testing
@testable import SzponMarkdown

struct MarkdownStageTests {
    func parse(_ text: String, lineOffset: Int = 0, rewrite: Markdown.LinkRewriter? = nil) -> MarkdownDocument {
        Markdown.parse(MarkdownSource(file: "c/a.md", contentPath: "a.md", text: text, lineOffset: lineOffset), rewriteLink: rewrite)
    }

    @Test func headingsGetFoldedUniqueAnchors() {
        let document = parse("## Żółty pojemnik\n\ntext\n\n## Żółty pojemnik\n\n### Co wrzucać?\n")
        #expect(document.headings.map(\.id) == ["zolty-pojemnik", "zolty-pojemnik-1", "co-wrzucac"])
        #expect(document.html.contains("<h2 id=\"zolty-pojemnik\">Żółty pojemnik</h2>"))
        #expect(document.html.contains("<h2 id=\"zolty-pojemnik-1\">"))
    }

    @Test func leadingTopLevelHeadingBecomesTheTitle() {
        let document = parse("# Po co segregować?\n\nTekst.\n")
        #expect(document.title == "Po co segregować?")
        #expect(!document.html.contains("<h1"))
    }

    @Test func gfmTablesTaskListsStrikethroughAndAutolinksRender() {
        let html = parse("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] zrobione\n- [ ] do zrobienia\n\n~~stare~~ www.gov.pl\n").html
        #expect(html.contains("<table>"))
        #expect(html.contains("<td>1</td>"))
        #expect(html.contains("<li><input type=\"checkbox\" class=\"task\" checked aria-label=\"zrobione\"> zrobione</li>"))
        #expect(html.contains("<input type=\"checkbox\" class=\"task\" aria-label=\"do zrobienia\">"))
        #expect(html.contains("<del>stare</del>"))
        #expect(html.contains("<a href=\"http://www.gov.pl\">www.gov.pl</a>"))
    }

    @Test func linksAndImagesAreReportedWithFilePositions() {
        let document = parse("Zobacz [lekcję](02-b.md#x).\n\n![Pojemnik](img/a.svg)\n", lineOffset: 4)
        #expect(document.references.count == 2)
        #expect(document.references[0].url == "02-b.md#x")
        #expect(document.references[0].location.line == 5)
        #expect(document.references[0].location.column == 8)
        #expect(document.references[1].kind == .image)
        #expect(document.references[1].text == "Pojemnik")
        #expect(document.references[1].location.line == 7)
    }

    @Test func rawHTMLImagesAreCheckedForAltText() {
        let document = parse("<img src=\"a.png\">\n\nTekst <img alt='Mapa dojazdu' src=b.png> i <img src=\"c.png\" alt=\"\">\n")
        let images = document.references.filter { $0.kind == .image }
        #expect(images.map(\.url) == ["a.png", "b.png", "c.png"])
        #expect(images.map(\.text) == ["", "Mapa dojazdu", ""])
        #expect(images.map(\.isDecorative) == [false, false, true])
    }

    @Test func linkRewriterChangesTheRenderedHref() {
        let document = parse("[dalej](02-b.md#x)\n", rewrite: { $0 == "02-b.md#x" ? "b.html#x" : nil })
        #expect(document.html.contains("<a href=\"b.html#x\">dalej</a>"))
        #expect(document.references[0].url == "02-b.md#x")
    }

    @Test func quizFenceBecomesABlockWithItsYAMLPosition() {
        let document = parse("## Test\n\n```quiz\nid: q\n```\n\nPo teście.\n", lineOffset: 3)
        #expect(document.blocks.count == 1)
        #expect(document.blocks[0].kind == .quiz)
        #expect(document.blocks[0].yaml == "id: q\n")
        #expect(document.blocks[0].reader.firstLine == 7)
        #expect(document.segments.count == 3)
        #expect(document.segments[1] == .block(0))
        #expect(!document.html.contains("id: q"))
    }

    @Test func sectionsCarryPlainTextForSearch() {
        let document = parse("Wstęp o *odpadach*.\n\n## Żółty pojemnik\n\nMetale i `tworzywa`.\n")
        #expect(document.sections.count == 2)
        #expect(document.sections[0].anchor == nil)
        #expect(document.sections[0].text == "Wstęp o odpadach.")
        #expect(document.sections[1].anchor == "zolty-pojemnik")
        #expect(document.sections[1].text == "Metale i tworzywa.")
    }

    @Test func searchTextKeepsTableCellsAndListItemsApart() {
        let document = parse("| Odpad | Gdzie |\n|---|---|\n| karton | niebieski |\n\n- szkło\n- metal\n")
        #expect(document.sections.first?.text == "Odpad Gdzie karton niebieski szkło metal")
    }

    /// cmark-gfm switches its inline special characters on and off in globals; pages are parsed
    /// in parallel, so every parse must still see strikethrough and autolinks.
    @Test func parallelParsesAllKeepStrikethroughAndAutolinks() {
        let text = String(repeating: "Tekst ~~stary~~ i www.gov.pl oraz *nacisk*.\n\n", count: 40)
        let results = Parallel.map(400) { index -> Bool in
            let html = index % 2 == 0
                ? Markdown.parse(MarkdownSource(file: "a.md", contentPath: "a.md", text: text, lineOffset: 0)).html
                : Markdown.inline("~~a~~ *b*")
            return html.contains("<del>") && (index % 2 == 1 || html.components(separatedBy: "<del>").count == 41)
        }
        #expect(results.allSatisfy { $0 }, "\(results.filter { !$0 }.count) of 400 parses lost strikethrough")
    }

    @Test func inlineRenderingDropsTheParagraph() {
        #expect(Markdown.inline("Do którego **pojemnika**?") == "Do którego <strong>pojemnika</strong>?")
        #expect(Markdown.inline("<script>alert(1)</script>").contains("<script>") == false)
    }
}
