import Foundation
import SzponContent
import SzponWire
import Testing
@testable import SzponSite

/// The server manifest the build writes: outside the site, every version kept, the
/// courses, lessons and booking rules the server needs.
struct ServerManifestBuildTests {
    static let legacyKeys = FileTree.repository.appendingPathComponent("Tests/Fixtures/answer-keys-v1/answer-keys.json").path

    func build(_ tree: FileTree, manifest: String? = nil) throws {
        _ = try SiteBuilder.build(.init(content: tree.path("content"), theme: FileTree.theme, output: tree.path("site"), manifest: manifest))
    }

    func manifest(_ tree: FileTree, _ path: String = ".szpon/server.json") throws -> ServerManifest {
        #expect(tree.exists(path), "no manifest at \(path)")
        return try ServerManifest.load(path: tree.path(path))
    }

    @Test func examKeyIsBesideTheSiteNotInIt() throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        try build(tree)
        let document = try #require(tree.read(".szpon/server.json"))
        #expect(document.contains(#""format" : "szpon-server-manifest""#))
        let manifest = try manifest(tree)
        #expect(manifest.version == ServerManifest.currentVersion)
        #expect(manifest.site == "akademia-testowa")
        #expect(manifest.language == "pl" && manifest.title == "Akademia Testowa")
        let entry = try #require(manifest.quizzes["odpady-test"])
        #expect(entry.course == "odpady")
        #expect(entry.page == "courses/odpady/test.html")
        // The exam has no `pass` of its own: the course's passing_score applies.
        #expect(entry.pass == 60)
        let version = try #require(entry.versions[entry.current])
        #expect(version["questions"]?[0]?["answers"]?.array?.map { $0["correct"] } == [.bool(true), .bool(false)])
        #expect(version["questions"]?[0]?["text"] == .string("Gdzie wrzucisz puszkę?"))
        // The page carries the same hash, so a record names the version the learner saw.
        let page = try #require(tree.read("site/courses/odpady/test.html"))
        #expect(page.contains("\"hash\":\"\(entry.current)\""))
        for file in tree.files(under: "site") {
            #expect(!(tree.read("site/\(file)") ?? "").contains("\"correct\":true"), "key published in \(file)")
            #expect(!file.hasSuffix("server.json") && !file.contains("answer-keys"), "a manifest in the site: \(file)")
        }
    }

    @Test func coursesLessonsAndBookingRulesAreThere() throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        try build(tree)
        let manifest = try manifest(tree)
        #expect(manifest.courses == [ServerManifest.Course(slug: "odpady", title: "Odpady", passingScore: 60, lessons: [
            .init(slug: "wstep", title: "Wstęp", page: "courses/odpady/wstep.html", required: true, quizzes: []),
            .init(slug: "test", title: "Test", page: "courses/odpady/test.html", required: true, quizzes: ["odpady-test"]),
        ])])
        #expect(manifest.bookingRules == ["dowod": .init(title: "Dowód osobisty", page: "guides/dowod.html", desks: 1, slotMinutes: 15,
                                                         hours: ["mon": [.init(start: 480, end: 960)]], exceptions: [])])
        let survey = try #require(manifest.surveys["ankieta"])
        #expect(survey.page == "surveys/ankieta.html")
        #expect(survey.versions[survey.current]?.questions.map(\.type) == ["likert", "matrix"])
        #expect(survey.versions[survey.current]?.questions.last?.columns == ["Słabo", "Dobrze"])
        #expect(manifest.events.isEmpty && manifest.badges.isEmpty)
        #expect(manifest.ingestOrigins.isEmpty)
        // The content hash names the build: the same for the same content, another for a change.
        let hash = try #require(manifest.contentHash)
        #expect(hash.count == 32)
        try build(tree)
        #expect(try self.manifest(tree).contentHash == hash)
        try tree.write("content/site.yaml", FileTree.siteYAML + "\ningest_origins: [\"null\"]\n")
        try build(tree)
        let rebuilt = try self.manifest(tree)
        #expect(rebuilt.ingestOrigins == ["null"])
        #expect(rebuilt.contentHash != hash)
    }

    @Test func earlierVersionsStaySoOldAttemptsCanBeScored() throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        try build(tree)
        let first = try #require(try manifest(tree).quizzes["odpady-test"]?.current)
        let lesson = try #require(tree.read("content/courses/odpady/02-test.md"))
        try tree.write("content/courses/odpady/02-test.md", lesson.replacing("Gdzie wrzucisz puszkę?", with: "Gdzie wrzucisz pustą puszkę?"))
        try build(tree)
        let entry = try #require(try manifest(tree).quizzes["odpady-test"])
        #expect(first != entry.current)
        #expect(Set(entry.versions.keys) == [first, entry.current])
        // Building again without a change adds nothing.
        try build(tree)
        #expect(try manifest(tree).quizzes["odpady-test"]?.versions.count == 2)
    }

    /// The first build after an upgrade finds the answer keys file an older szpon wrote
    /// and keeps its versions in the new manifest; the old file is left as it was.
    @Test func theFirstBuildKeepsTheVersionsOfAnOlderAnswerKeysFile() throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        let legacy = try String(contentsOfFile: Self.legacyKeys, encoding: .utf8)
        try tree.write(".szpon/answer-keys.json", legacy)
        try build(tree)
        let manifest = try manifest(tree)
        let old = try ServerManifest.load(path: Self.legacyKeys)
        let quiz = try #require(manifest.quizzes["odpady-test"])
        let oldQuiz = try #require(old.quizzes["odpady-test"])
        #expect(Set(quiz.versions.keys).isSuperset(of: oldQuiz.versions.keys))
        #expect(quiz.versions.count == oldQuiz.versions.count + 1, "this build's version is new")
        for (hash, body) in oldQuiz.versions { #expect(quiz.versions[hash] == body) }
        // A quiz only the old file knows stays, for its late attempts.
        #expect(manifest.quizzes["odpady-cwiczenie"] == old.quizzes["odpady-cwiczenie"])
        let surveyVersions = Set(manifest.surveys["ankieta"]?.versions.keys.map { $0 } ?? [])
        #expect(surveyVersions.isSuperset(of: old.surveys["ankieta"]?.versions.keys.map { $0 } ?? []))
        #expect(tree.read(".szpon/answer-keys.json") == legacy)
    }

    @Test func aManifestThatCannotBeReadStopsTheBuildBeforeAnythingIsWritten() throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        let newer = #"{"format": "szpon-server-manifest", "version": 99, "quizzes": []}"#
        try tree.write(".szpon/server.json", newer)
        #expect { try build(tree) } throws: { error in
            "\(error)".contains("cannot read the server manifest") && "\(error)".contains("version 99")
        }
        #expect(!tree.exists("site"))
        #expect(tree.read(".szpon/server.json") == newer)
    }

    /// "1,000" is a thousand on an English site and one on a Polish one: the numeric
    /// questions of a decimal-point site say so to the browser and to the server alike.
    @Test func numericQuestionsCarryTheSitesDecimalMark() throws {
        for (language, marked) in [("pl", false), ("en", true)] {
            let tree = try FileTree.smallSite()
            defer { tree.remove() }
            try tree.write("content/site.yaml", FileTree.siteYAML.replacingOccurrences(of: "language: pl", with: "language: \(language)"))
            if language == "en" {  // guide anchors follow the language (#fees, not #oplaty)
                let intro = try #require(tree.read("content/courses/odpady/01-wstep.md"))
                try tree.write("content/courses/odpady/01-wstep.md", intro.replacingOccurrences(of: "#oplaty", with: "#fees"))
            }
            try tree.write("content/courses/odpady/02-test.md", """
                ---
                title: Test
                ---

                ## Sprawdź się

                ```quiz
                id: odpady-test
                questions:
                  - id: n
                    type: numeric
                    text: Ile kilogramów?
                    answer: 1000
                ```
                """)
            try build(tree)
            let entry = try #require(try manifest(tree).quizzes["odpady-test"])
            let numeric = try #require(entry.versions[entry.current]?["questions"]?[0])
            #expect(numeric["type"] == .string("numeric"))
            #expect(numeric["decimal"] == (marked ? .string(".") : nil), "\(language)")
            let page = try #require(tree.read("site/courses/odpady/test.html"))
            #expect(page.contains(#""decimal":".""#) == marked, "\(language)")
        }
    }

    @Test func manifestPathIsAnOptionButNeverInsideTheSite() throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        try build(tree, manifest: tree.path("private/server.json"))
        #expect(try manifest(tree, "private/server.json").quizzes["odpady-test"] != nil)
        #expect(!tree.exists(".szpon/server.json"))
        #expect(throws: SiteBuilder.Failure.self) { try build(tree, manifest: tree.path("site/server.json")) }
        #expect(!tree.exists("site/server.json"))
        // The default is beside the output folder, never in it.
        let options = SiteBuilder.Options(content: tree.path("content"), theme: FileTree.theme, output: tree.path("site"))
        #expect(options.manifest == URL(fileURLWithPath: tree.path(".szpon/server.json")).standardizedFileURL.path)
        #expect(!OutputGuard.isInside(options.manifest, tree.path("site")))
    }
}
