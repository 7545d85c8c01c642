import Foundation
import Testing
@testable import SzponContent

/// `identify: code` in a course's front matter: off by default, `code` the only value.
struct CourseIdentifyTests {
    func load(_ frontMatter: String) throws -> (Content, [String]) {
        let root = temporaryFolder("szpon-identify")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: "\(root)/courses/kurs", withIntermediateDirectories: true)
        try Data("---\ntitle: Kurs\nsummary: S\n\(frontMatter)---\n".utf8).write(to: URL(fileURLWithPath: "\(root)/courses/kurs/course.md"))
        try Data("# Lekcja\n\nTreść.\n".utf8).write(to: URL(fileURLWithPath: "\(root)/courses/kurs/01-lekcja.md"))
        let (content, diagnostics) = ContentLoader(root: root).load()
        return (content, diagnostics.filter { !$0.message.contains("site.yaml") }.map { $0.description.replacingOccurrences(of: root + "/", with: "") })
    }

    @Test func aCourseIsAnonymousUnlessItAsks() throws {
        let (content, problems) = try load("")
        #expect(problems.isEmpty, "\(problems)")
        #expect(content.courses.first?.meta.identify == nil)
        #expect(content.courses.first?.meta.identifiesByCode == false)
    }

    @Test func identifyCodeIsRead() throws {
        let (content, problems) = try load("identify: code\n")
        #expect(problems.isEmpty, "\(problems)")
        #expect(content.courses.first?.meta.identifiesByCode == true)
    }

    @Test func anyOtherValueIsAnErrorWithAHint() throws {
        for value in ["codes", "email", "yes", "true"] {
            let (_, problems) = try load("identify: \(value)\n")
            #expect(problems == [
                "courses/kurs/course.md:4:11: error: unknown value '\(value)' for 'identify'\n  hint: write 'identify: code' to ask learners for the code their teacher hands out, or leave the key out: the course stays anonymous",
            ], "\(value)")
        }
    }

    @Test func aMisspelledKeyGetsTheKnownOne() throws {
        let (_, problems) = try load("identfy: code\n")
        #expect(problems.contains { $0.contains("unknown key 'identfy'") && $0.contains("did you mean 'identify'?") }, "\(problems)")
    }
}
