import Foundation
import SzponContent
import Testing
@testable import SzponSite

/// `szpon import gift` end to end: Moodle's three example files into a fresh content folder,
/// then the same check `szpon check` runs, and a build.
struct GiftImportCheckTests {
    /// Moodle's GIFT examples: in Tests/Fixtures/gift/moodle when copied there, in $SZPON_GIFT_FIXTURES,
    /// or in the shared test data folder.
    static let fixtures: String = {
        let candidates = [
            ProcessInfo.processInfo.environment["SZPON_GIFT_FIXTURES"],
            FileTree.repository.appendingPathComponent("Tests/Fixtures/gift/moodle").path,
            "/work/shared/testdata/gift/moodle",
        ].compactMap { $0 }
        return candidates.first { FileManager.default.fileExists(atPath: "\($0)/examples.txt") } ?? candidates.last!
    }()

    static let files = ["examples.txt", "questions.gift.txt", "questions_in_category.gift.txt"].map { "\(fixtures)/\($0)" }

    @Test func importedMoodleExamplesPassCheckAndBuild() throws {
        let tree = try FileTree([:])
        defer { tree.remove() }
        let (plan, diagnostics) = try GiftImporter.plan(files: Self.files, into: tree.path("content/courses/moodle/"))
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        try GiftImporter.write(try #require(plan))

        let (site, problems) = SiteBuilder.check(content: tree.path("content"))
        #expect(problems.filter { $0.severity == .error }.isEmpty, "\(problems.map(\.description).joined(separator: "\n"))")
        let quizzes = site.pages.flatMap { $0.quizzes.values }
        #expect(Set(quizzes.map(\.id)) == ["moodle-examples", "moodle-questions", "moodle-default-for-new-features"])
        #expect(quizzes.reduce(0) { $0 + $1.questions.count } == 56)
        let kinds = Set(quizzes.flatMap(\.questions).map(\.kind))
        #expect(kinds == [.single, .multiple, .truefalse, .short, .numeric, .matching, .essay])

        let report = try SiteBuilder.build(.init(content: tree.path("content"), theme: FileTree.theme, output: tree.path("site")))
        #expect(!report.diagnostics.hasErrors)
        let page = try #require(tree.read("site/courses/moodle/default-for-new-features.html"))
        #expect(page.contains("<a href=\"http://demo.moodle.net/file.php/5/media/bonjour.mp3\">Listen to this greeting:</a>"))
        // Escaped GIFT control characters show as themselves, and a missing word as a blank.
        let examples = try #require(tree.read("site/courses/moodle/examples.html"))
        for label in ["~", "=", "#", "{", "}", "\\", "= 2 + 3"] {
            #expect(examples.contains("\">\(label)</label>"), "no answer labelled \(label)")
        }
        #expect(examples.contains("Grant is _____ in Grant's tomb."))
    }
}
