import Foundation
import SzponContent
import Testing
@testable import SzponSite

/// A small content tree in, pages out.
struct BuildTests {
    func build(_ tree: FileTree, output: String = "site") throws -> SiteBuilder.Report {
        try SiteBuilder.build(.init(content: tree.path("content"), theme: FileTree.theme, output: tree.path(output)))
    }

    @Test func everyContentFileBecomesAPageInTheSameFolder() throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        let report = try build(tree)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        for page in ["index.html", "toc.html", "search.html", "accessibility.html", "courses/odpady/index.html",
                     "courses/odpady/wstep.html", "courses/odpady/test.html", "guides/dowod.html", "surveys/ankieta.html",
                     "search-index.js", "site-data.js", "assets/css/szpon.css", "assets/js/nav.js",
                     "courses/odpady/img/zolty.svg", "guides/dowod/wniosek.pdf"] {
            #expect(tree.exists("site/\(page)"), "missing \(page)")
        }
    }

    @Test func linksAreRelativeAndPointAtFiles() throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        _ = try build(tree)
        let lesson = try #require(tree.read("site/courses/odpady/wstep.html"))
        #expect(lesson.contains("href=\"../../guides/dowod.html#oplaty\""))
        #expect(lesson.contains("href=\"test.html#sprawdz-sie\""))
        #expect(lesson.contains("src=\"img/zolty.svg\""))
        #expect(lesson.contains("href=\"../../assets/css/szpon.css\""))
        #expect(lesson.contains("src=\"../../site-data.js\""))
        let course = try #require(tree.read("site/courses/odpady/index.html"))
        #expect(course.contains("href=\"wstep.html\""))
        for file in tree.files(under: "site") where file.hasSuffix(".html") {
            let html = tree.read("site/\(file)") ?? ""
            #expect(!html.contains("href=\"/"), "absolute link in \(file)")
            #expect(!html.contains("src=\"/"), "absolute src in \(file)")
            #expect(!html.contains("src=\"http"), "remote asset in \(file)")
            #expect(!html.contains(".md\""), "unrewritten .md link in \(file)")
            let folderLinks = html.components(separatedBy: "href=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
                .filter { !$0.hasPrefix("http") && !$0.hasPrefix("mailto:") && $0.hasSuffix("/") }
            #expect(folderLinks.isEmpty, "links to folders in \(file): \(folderLinks)")
        }
    }

    @Test func pagesHaveLandmarksSkipLinkAndOneH1() throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        _ = try build(tree)
        for file in tree.files(under: "site") where file.hasSuffix(".html") {
            let html = tree.read("site/\(file)") ?? ""
            #expect(html.contains("<html lang=\"pl\">"), "\(file)")
            #expect(html.contains("<a class=\"skip-link\" href=\"#main\">Przejdź do treści</a>"), "\(file)")
            #expect(html.contains("<main id=\"main\""), "\(file)")
            #expect(html.components(separatedBy: "<h1").count == 2, "\(file) should have exactly one h1")
            #expect(html.contains("Deklaracja dostępności</a>"), "\(file) lacks the accessibility statement link")
        }
    }

    @Test func quizRendersAsAccessibleFormWithItsData() throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        _ = try build(tree)
        let page = try #require(tree.read("site/courses/odpady/test.html"))
        #expect(page.contains("<fieldset class=\"szpon-question\" id=\"q-odpady-test-a\""))
        #expect(page.contains("<legend><span class=\"szpon-qnum\">1.</span> Gdzie wrzucisz puszkę? <span class=\"szpon-points\">(1 punkt)</span></legend>"))
        #expect(page.contains("<input type=\"radio\" id=\"odpady-test-a-0\" name=\"odpady-test-a\" value=\"0\"><label for=\"odpady-test-a-0\">Żółty</label>"))
        #expect(page.contains("<script type=\"application/json\" class=\"szpon-quiz-data\">"))
        #expect(page.contains("\"id\":\"odpady-test\""))
    }

    @Test func quizDataInThePageIsValidJSONAndCannotCloseItsScript() throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        try tree.write("content/courses/odpady/02-test.md", """
        ---
        title: Test
        ---

        ## Sprawdź się

        ```quiz
        id: odpady-test
        questions:
          - id: a
            type: truefalse
            text: Prawda?
            answer: true
            feedback: "**Tak** – zobacz <b>uwagę</b> w `</script>`"
        ```
        """)
        _ = try build(tree)
        let page = try #require(tree.read("site/courses/odpady/test.html"))
        let start = try #require(page.range(of: "<script type=\"application/json\" class=\"szpon-quiz-data\">"))
        let end = try #require(page[start.upperBound...].range(of: "</script>"))
        let text = String(page[start.upperBound..<end.lowerBound])
        #expect(!text.contains("<"))
        let data = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        let feedback = ((data?["questions"] as? [[String: Any]])?.first?["feedback"] as? String) ?? ""
        #expect(feedback.hasPrefix("<strong>Tak</strong>"))
        #expect(feedback.contains("<code>&lt;/script&gt;</code>"))
    }

    @Test func examModePagesCarryNoAnswerKey() throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        _ = try build(tree)
        let page = try #require(tree.read("site/courses/odpady/test.html"))
        #expect(page.contains("\"mode\":\"exam\""))
        #expect(!page.contains("\"correct\""))
        #expect(!page.contains("Dobrze"), "per-answer feedback leaks the key")
    }

    @Test func guideShowsItsSectionsAndBookingHours() throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        _ = try build(tree)
        let page = try #require(tree.read("site/guides/dowod.html"))
        for id in ["dla-kogo", "dokumenty", "oplaty", "gdzie-zalatwic", "zalaczniki", "rezerwacja"] {
            #expect(page.contains("id=\"\(id)\""), "missing section \(id)")
        }
        #expect(page.contains("<th scope=\"row\">Wydanie dowodu</th><td>0 zł</td>"))
        #expect(page.contains("<input type=\"checkbox\" id=\"doc-0\"><label for=\"doc-0\">Zdjęcie 35×45 mm</label>"))
        #expect(page.contains("href=\"dowod/wniosek.pdf\" download>Wniosek <span class=\"file-details\">(PDF, 13 B)</span></a>"))
        #expect(page.contains("<th scope=\"row\">poniedziałek</th><td>8:00–16:00</td>"))
        #expect(page.contains("15 minut"))
    }

    @Test func accessibilityStatementFollowsTheStatutoryStructure() throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        _ = try build(tree)
        let page = try #require(tree.read("site/accessibility.html"))
        for id in ["a11y-wstep", "a11y-podmiot", "a11y-url", "a11y-data-publikacja", "a11y-data-aktualizacja", "a11y-status",
                   "a11y-data-sporzadzenie", "a11y-kontakt", "a11y-osoba", "a11y-email", "a11y-telefon", "a11y-procedura", "a11y-architektura"] {
            #expect(page.contains("id=\"\(id)\""), "missing \(id)")
        }
        #expect(page.contains("<span id=\"a11y-data-publikacja\">2026-01-01</span>"))
        #expect(page.contains("częściowo zgodna"))
        #expect(page.contains("Stare PDF-y"))
        #expect(page.contains("Rzecznika Praw Obywatelskich"))
    }

    @Test func searchIndexIsAClassicScriptWithHeadingAnchors() throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        _ = try build(tree)
        let index = try #require(tree.read("site/search-index.js"))
        #expect(index.hasPrefix("window.SZPON_SEARCH_INDEX = ["))
        #expect(index.contains("[\"Wstęp\",\"Żółty pojemnik\",\"courses/odpady/wstep.html#zolty-pojemnik\",\"Do żółtego pojemnika wrzucamy metale."))
    }

    @Test func sameInputGivesByteIdenticalOutput() throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        _ = try build(tree, output: "a")
        _ = try build(tree, output: "b")
        let files = tree.files(under: "a")
        #expect(files == tree.files(under: "b"))
        #expect(files.count > 15)
        for file in files {
            #expect(FileManager.default.contents(atPath: tree.path("a/\(file)")) == FileManager.default.contents(atPath: tree.path("b/\(file)")), "\(file) differs")
        }
    }

    @Test func failedBuildLeavesThePreviousSiteIntact() throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        _ = try build(tree)
        let before = tree.read("site/courses/odpady/wstep.html")
        try tree.write("content/courses/odpady/01-wstep.md", "# Wstęp\n\n[zepsuty](99-brak.md)\n")
        #expect(throws: SiteBuilder.Failure.self) { try build(tree) }
        #expect(tree.read("site/courses/odpady/wstep.html") == before)
        let leftovers = (try FileManager.default.contentsOfDirectory(atPath: tree.root.path)).filter { $0.hasPrefix(".site") }
        #expect(leftovers.isEmpty, "staging folders left behind: \(leftovers)")
    }

    @Test func navigationIsSharedSoPageSizeDoesNotGrowWithTheCourse() throws {
        func lessonSize(lessons: Int) throws -> Int {
            var files = ["content/site.yaml": FileTree.siteYAML,
                         "content/courses/k/course.md": "---\ntitle: K\nsummary: S\n---\n"]
            for n in 1...lessons {
                files["content/courses/k/\(String(format: "%03d", n))-lekcja-\(n).md"] = "# Lekcja numer \(n)\n\nTreść.\n"
            }
            let tree = try FileTree(files)
            defer { tree.remove() }
            _ = try build(tree)
            return tree.read("site/courses/k/lekcja-2.html")?.utf8.count ?? 0
        }
        let small = try lessonSize(lessons: 5)
        let large = try lessonSize(lessons: 200)
        #expect(small > 0)
        #expect(large - small < 200, "a lesson page grew from \(small) to \(large) bytes with the number of lessons")
    }

    @Test func englishSiteUsesEnglishStrings() throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        try tree.write("content/site.yaml", FileTree.siteYAML.replacingOccurrences(of: "language: pl", with: "language: en"))
        // Guide section anchors follow the site language: #oplaty in Polish is #fees in English.
        let lesson = try #require(tree.read("content/courses/odpady/01-wstep.md"))
        try tree.write("content/courses/odpady/01-wstep.md", lesson.replacingOccurrences(of: "#oplaty", with: "#fees"))
        _ = try build(tree)
        let page = try #require(tree.read("site/courses/odpady/test.html"))
        #expect(page.contains("<html lang=\"en\">"))
        #expect(page.contains("Skip to content"))
        #expect(page.contains("(1 point)"))
        #expect(try #require(tree.read("site/guides/dowod.html")).contains("id=\"fees\""))
    }
}

/// The output folder is replaced whole, so szpon refuses folders that hold the author's work.
struct OutputSafetyTests {
    func build(_ tree: FileTree, output: String) throws {
        _ = try SiteBuilder.build(.init(content: tree.path("content"), theme: FileTree.theme, output: output))
    }

    @Test func refusesToReplaceTheContentFolderOrAFolderAroundIt() throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        for output in [tree.path("content"), tree.root.path, tree.path("content/site"), FileTree.theme, "/"] {
            #expect(throws: SiteBuilder.Failure.self, "\(output)") { try build(tree, output: output) }
        }
        #expect(tree.exists("content/site.yaml"))
        #expect(tree.exists("content/courses/odpady/01-wstep.md"))
    }

    @Test func refusesAFolderThatIsNotASzponSite() throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        try tree.write("docs/notes.txt", "ważne notatki")
        #expect(throws: SiteBuilder.Failure.self) { try build(tree, output: tree.path("docs")) }
        #expect(tree.read("docs/notes.txt") == "ważne notatki")
    }

    @Test func replacesAnEmptyFolderOrAnEarlierSite() throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        try tree.write("out/.gitkeep", "")
        try build(tree, output: tree.path("out"))
        try build(tree, output: tree.path("out"))
        #expect(tree.exists("out/index.html"))
        #expect(tree.exists("out/.gitkeep"))
    }
}
