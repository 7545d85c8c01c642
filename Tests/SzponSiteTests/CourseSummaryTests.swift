import Foundation
import Testing
@testable import SzponSite

/// A lesson without a summary of its own shows none: Mustache looked `summary` up in the
/// course's context, so the course page repeated the course's summary under every lesson.
@Suite struct CourseSummaryTests {
    @Test func aLessonWithoutASummaryShowsNoneOnTheCoursePage() throws {
        let tree = try FileTree([
            "content/site.yaml": FileTree.siteYAML,
            "content/courses/kurs/course.md": "---\ntitle: Kurs\nsummary: Zdanie o całym kursie.\nduration: 40\n---\n\nWstęp.\n",
            "content/courses/kurs/01-pierwsza.md": "---\ntitle: Pierwsza\n---\n\nTreść.\n",
            "content/courses/kurs/02-druga.md": "---\ntitle: Druga\n---\n\nTreść.\n",
            "content/courses/kurs/03-trzecia.md": "---\ntitle: Trzecia\nsummary: Własne zdanie.\n---\n\nTreść.\n",
        ])
        defer { tree.remove() }
        _ = try SiteBuilder.build(.init(content: tree.path("content"), theme: FileTree.theme, output: tree.path("site")))
        let page = try #require(tree.read("site/courses/kurs/index.html"))
        #expect(page.components(separatedBy: "Zdanie o całym kursie.").count - 1 == 1, "the course summary appears once, in the header")
        #expect(page.contains("Własne zdanie."))
        let lessonList = try #require(page.range(of: "<ol class=\"lesson-list\">").map { String(page[$0.lowerBound...]) })
        #expect(!lessonList.prefix(upTo: lessonList.range(of: "</ol>")!.lowerBound).contains("40 minut"),
                "a lesson without a duration shows none either")
    }
}
