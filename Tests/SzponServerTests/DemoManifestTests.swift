import Foundation
import SzponSite
import SzponStore
import Testing

/// The demo content, built into a temporary folder, gives a manifest the server scores
/// with: every quiz of the demo has a key, and an empty attempt scores 0 of its maximum.
/// (This replaced a test that ran only when a checkout happened to have a built site.)
struct DemoManifestTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theDemoManifestScoresEveryQuiz() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("szpon-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifestPath = folder.appendingPathComponent("server.json").path
        _ = try SiteBuilder.build(.init(content: Self.repository.appendingPathComponent("content").path,
                                        theme: Self.repository.appendingPathComponent("themes/default").path,
                                        output: folder.appendingPathComponent("site").path, manifest: manifestPath))
        let book = AnswerKeyBook(manifest: try ServerManifest.load(path: manifestPath))
        // The demo's self-check quiz and graded test at least.
        #expect(book.quizIDs.count >= 2)
        #expect(!book.manifest.courses.isEmpty)
        for id in book.quizIDs {
            let hash = try #require(book.currentVersion(ofQuiz: id))
            let quiz = try #require(book.quiz(id, version: hash))
            let (score, questions) = Scorer.attempt(quiz, responses: .object([:]), shown: nil)
            #expect(score.points == 0 && score.max > 0, "\(id)")
            #expect(!questions.isEmpty && questions.allSatisfy { $0.state == "unanswered" }, "\(id)")
            #expect(!book.questionTexts(quiz: id).isEmpty, "\(id)")
        }
    }
}
