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

/// A YAML error points where the author made the mistake, not where the parser noticed it
/// (often the next line, or past the end of the front matter).
struct YAMLErrorPositionTests {
    /// The front matter's YAML starts on line 2 of `a.md`, below its `---`.
    func error(_ yaml: String) -> String? {
        YAMLReader(file: "a.md", firstLine: 2).compose(yaml).1?.description
    }

    @Test func anUnclosedQuotedStringPointsAtItsOpeningQuote() {
        #expect(error("title: \"Unclosed\nsummary: x\nduration: 5\n") == """
            a.md:2:8: error: invalid YAML: found unexpected end of stream (while scanning a quoted scalar)
              hint: this quoted value is never closed: end it with the same quote mark, or leave the quotes out
            """)
        #expect(error("questions:\n  - id: a\n    text: 'x\n  - id: b\n")?.hasPrefix("a.md:4:11: error: invalid YAML: found unexpected end of stream") == true)
        // A bad escape inside the quotes is where the parser says.
        #expect(error("title: \"a\\qb\"\n")?.hasPrefix("a.md:2:10: error: invalid YAML: found unknown escape character") == true)
    }

    @Test func aTabUsedForIndentationPointsAtTheTab() {
        #expect(error("title: A\nsummary:\n\tx: 1\n") == """
            a.md:4:1: error: invalid YAML: found character that cannot start any token (while scanning for the next token)
              hint: indent with spaces, not tabs; quote values that start with @ or `
            """)
        #expect(error("title: A\n\tsummary: x\n") == """
            a.md:3:1: error: invalid YAML: found a tab character that violates indentation (while scanning a plain scalar)
              hint: indent with spaces, not tabs
            """)
    }

    @Test func aMissingColonPointsAtTheKeyWithoutIt() {
        let missing = """
            a.md:3:1: error: invalid YAML: could not find expected ':' (while scanning a simple key)
              hint: write 'key: value', with a space after the colon; keys of one mapping start in the same column
            """
        #expect(error("title: A\nsummary x\nduration: 5\n") == missing)
        #expect(error("title: A\nsummary x\n") == missing)
        #expect(error("title: A\nsummary x") == missing)
        // Inside a nested mapping the parser only trips over the next key's colon.
        #expect(error("booking:\n  desks 1\n  slot_minutes: 15\n") == """
            a.md:3:3: error: invalid YAML: could not find expected ':'
              hint: write 'key: value', with a space after the colon; keys of one mapping start in the same column
            """)
        #expect(error("questions:\n  - id: a\n    text Pytanie?\n    points: 1\n")?.hasPrefix("a.md:4:5: error: invalid YAML: could not find expected ':'") == true)
        // A long value running over lines is not a missing colon: the stray colon is the mistake.
        #expect(error("summary: długi\n  tekst\n  dalej: x\n")?.hasPrefix("a.md:4:8: error: invalid YAML: mapping values are not allowed") == true)
        // A colon inside a value is where it is.
        #expect(error("title: Krok 1: wniosek\n")?.hasPrefix("a.md:2:14: error: invalid YAML: mapping values are not allowed in this context") == true)
    }

    @Test func aBadIndentUnderAListPointsAtTheMisplacedLine() {
        #expect(error("tags:\n  - a\n - b\n") == """
            a.md:4:2: error: invalid YAML: did not find expected key (while parsing a block mapping)
              hint: check the indentation: keys of one mapping start in the same column, indented with spaces
            """)
        #expect(error("questions:\n  - id: a\n   text: x\n")?.hasPrefix("a.md:4:4: error: invalid YAML: did not find expected '-' indicator") == true)
        #expect(error("questions:\n- id: a\n  answers:\n  - text: x\n   correct: true\n")?.hasPrefix("a.md:6:4: error: invalid YAML: did not find expected key") == true)
    }

    @Test func anUnclosedFlowListPointsAtItsBracket() {
        #expect(error("title: A\ntags: [a, b\nduration: 5\n") == """
            a.md:3:7: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)
              hint: this list is never closed: end it with ']' on the same line
            """)
        #expect(error("tags: {a: 1\nx: 1\n")?.hasPrefix("a.md:2:7: error: invalid YAML: did not find expected ',' or '}'") == true)
    }
}
