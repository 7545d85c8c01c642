import Testing
@testable import SzponContent

struct FrontMatterTests {
    @Test func splitsYAMLFromBodyAndCountsLines() {
        let (split, problem) = FrontMatterSplit.split("---\ntitle: A\n---\n\n## B\n", file: "a.md")
        #expect(problem == nil)
        #expect(split.yaml == "title: A")
        #expect(split.body == "\n## B\n")
        #expect(split.bodyLineOffset == 3)
    }

    @Test func windowsLineEndingsAndByteOrderMarkAreAccepted() {
        let (split, problem) = FrontMatterSplit.split("\u{FEFF}---\r\ntitle: A\r\n---\r\nText\r\n", file: "a.md")
        #expect(problem == nil)
        #expect(split.yaml == "title: A")
        #expect(split.body == "Text\n")
    }

    @Test func fileWithoutFrontMatterIsAllBody() {
        let (split, problem) = FrontMatterSplit.split("# Title\n", file: "a.md")
        #expect(problem == nil)
        #expect(split.yaml == nil)
        #expect(split.body == "# Title\n")
    }

    @Test func frontMatterWithoutItsOpeningFenceIsAnError() {
        let (_, problem) = FrontMatterSplit.split("title: Bez kresek\nduration: 5\n---\n\nTekst\n", file: "a.md")
        #expect(problem?.description == "a.md:1:1: error: the file starts with 'title:' but front matter must open with a line '---'\n  hint: add a line with '---' above 'title:'")
        // A body that merely starts with "Uwaga: ..." is not front matter.
        #expect(FrontMatterSplit.split("Uwaga: ważne.\n\nTekst\n", file: "a.md").1 == nil)
    }

    @Test func unclosedFrontMatterIsAnErrorWithAHint() {
        let (_, problem) = FrontMatterSplit.split("---\ntitle: A\n\ntext\n", file: "a.md")
        #expect(problem?.description == "a.md:1:1: error: front matter is not closed\n  hint: add a line with '---' after the last front matter line")
    }
}

struct TextFoldingTests {
    @Test(arguments: [("żółw", "zolw"), ("Łódź", "lodz"), ("ZAŻÓŁĆ GĘŚLĄ JAŹŃ", "zazolc gesla jazn"), ("Straße", "strasse")])
    func polishDiacriticsFold(input: String, folded: String) {
        #expect(TextFolding.fold(input) == folded)
    }

    @Test func headingTextBecomesAnASCIISlug() {
        #expect(TextFolding.slug("Żółty pojemnik – metale i tworzywa!") == "zolty-pojemnik-metale-i-tworzywa")
        #expect(TextFolding.slug("  WCAG 2.1 AA  ") == "wcag-2-1-aa")
        #expect(TextFolding.isValidSlug("segregacja-odpadow"))
        #expect(!TextFolding.isValidSlug("Segregacja odpadów"))
    }

    @Test func misspelledKeyGetsTheNearKnownKey() {
        #expect(Suggestion.nearest(to: "pasing_score", in: ["title", "passing_score", "summary"]) == "passing_score")
        #expect(Suggestion.nearest(to: "sumary", in: ["title", "passing_score", "summary"]) == "summary")
        #expect(Suggestion.nearest(to: "colour", in: ["title", "summary"]) == nil)
    }

    @Test func relativePathsBetweenSiteFiles() {
        #expect(ContentPath.relative(to: "guides/a.html", from: "courses/x/b.html") == "../../guides/a.html")
        #expect(ContentPath.relative(to: "courses/x/c.html", from: "courses/x/b.html") == "c.html")
        #expect(ContentPath.relative(to: "index.html", from: "index.html") == "index.html")
        #expect(ContentPath.toRoot(from: "courses/x/b.html") == "../../")
        #expect(ContentPath.resolve("../../guides/a.md#x", from: "courses/x/01-a.md") == "guides/a.md#x")
        #expect(ContentPath.resolve("../../../etc/passwd", from: "courses/x/01-a.md") == nil)
    }
}

struct SourcePositionTests {
    @Test func columnsCountCharactersNotBytes() {
        let source = MarkdownSource(file: "a.md", contentPath: "a.md", text: "Żółć\nŻółty [link](x.md)\n", lineOffset: 3)
        // "Żółty " is 6 characters but 9 bytes: cmark reports the link at byte column 10.
        let at = source.location(line: 2, column: 10)
        #expect(at.line == 5)
        #expect(at.column == 7)
        #expect(source.location(line: 1, column: 1).column == 1)
    }
}
