import Foundation
import SzponContent
import Testing
@testable import SzponSite

/// The answer keys the server rescoring reads: outside the site, every version kept.
struct AnswerKeysTests {
    func build(_ tree: FileTree, keys: String? = nil) throws {
        _ = try SiteBuilder.build(.init(content: tree.path("content"), theme: FileTree.theme, output: tree.path("site"), keys: keys))
    }

    func keys(_ tree: FileTree, _ path: String = ".szpon/answer-keys.json") throws -> [String: Any] {
        let text = try #require(tree.read(path))
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func quiz(_ document: [String: Any], _ id: String) -> [String: Any] {
        (document["quizzes"] as? [String: Any])?[id] as? [String: Any] ?? [:]
    }

    @Test func examKeyIsBesideTheSiteNotInIt() throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        try build(tree)
        let document = try keys(tree)
        #expect(document["format"] as? String == "szpon-answer-keys")
        #expect(document["site"] as? String == "akademia-testowa")
        let entry = quiz(document, "odpady-test")
        let current = try #require(entry["current"] as? String)
        #expect(entry["course"] as? String == "odpady")
        #expect(entry["page"] as? String == "courses/odpady/test.html")
        let version = try #require((entry["versions"] as? [String: Any])?[current] as? [String: Any])
        let question = try #require((version["questions"] as? [[String: Any]])?.first)
        let answers = try #require(question["answers"] as? [[String: Any]])
        #expect(answers.map { $0["correct"] as? Bool } == [true, false])
        #expect(question["text"] as? String == "Gdzie wrzucisz puszkę?")
        // The page carries the same hash, so a record names the version the learner saw.
        let page = try #require(tree.read("site/courses/odpady/test.html"))
        #expect(page.contains("\"hash\":\"\(current)\""))
        for file in tree.files(under: "site") {
            #expect(!(tree.read("site/\(file)") ?? "").contains("\"correct\":true"), "key published in \(file)")
        }
    }

    @Test func earlierVersionsStaySoOldAttemptsCanBeScored() throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        try build(tree)
        let first = try #require(quiz(try keys(tree), "odpady-test")["current"] as? String)
        let lesson = try #require(tree.read("content/courses/odpady/02-test.md"))
        try tree.write("content/courses/odpady/02-test.md", lesson.replacing("Gdzie wrzucisz puszkę?", with: "Gdzie wrzucisz pustą puszkę?"))
        try build(tree)
        let entry = quiz(try keys(tree), "odpady-test")
        let second = try #require(entry["current"] as? String)
        #expect(first != second)
        #expect(Set((entry["versions"] as? [String: Any])?.keys ?? [:].keys) == [first, second])
        // Building again without a change adds nothing.
        try build(tree)
        #expect((quiz(try keys(tree), "odpady-test")["versions"] as? [String: Any])?.count == 2)
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
            let entry = quiz(try keys(tree), "odpady-test")
            let version = try #require((entry["versions"] as? [String: Any])?[entry["current"] as? String ?? ""] as? [String: Any])
            let numeric = try #require((version["questions"] as? [[String: Any]])?.first)
            #expect(numeric["type"] as? String == "numeric")
            #expect((numeric["decimal"] as? String) == (marked ? "." : nil), "\(language)")
            let page = try #require(tree.read("site/courses/odpady/test.html"))
            #expect(page.contains(#""decimal":".""#) == marked, "\(language)")
        }
    }

    @Test func keysPathIsAnOptionButNeverInsideTheSite() throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        try build(tree, keys: tree.path("private/keys.json"))
        #expect(!quiz(try keys(tree, "private/keys.json"), "odpady-test").isEmpty)
        #expect(throws: SiteBuilder.Failure.self) { try build(tree, keys: tree.path("site/keys.json")) }
        #expect(!tree.exists("site/keys.json"))
    }
}
