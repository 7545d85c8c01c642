import Foundation
import Testing
@testable import SzponSite

/// `serve --watch` rebuilds parse only what changed, and the pages are the same as a fresh build's.
struct ParseCacheTests {
    @Test func aRebuildParsesOnlyTheChangedFile() throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        let cache = ParseCache()
        let options = SiteBuilder.Options(content: tree.path("content"), theme: FileTree.theme, output: tree.path("site"))
        var cached = options
        cached.cache = cache
        let first = try SiteBuilder.build(cached)
        #expect(cache.lastParsed == first.pages - 4, "every page parsed the first time")
        _ = try SiteBuilder.build(cached)
        #expect(cache.lastParsed == 0)

        let lesson = try #require(tree.read("content/courses/odpady/01-wstep.md"))
        try tree.write("content/courses/odpady/01-wstep.md", lesson.replacing("Do żółtego pojemnika", with: "Do ŻÓŁTEGO pojemnika"))
        _ = try SiteBuilder.build(cached)
        #expect(cache.lastParsed == 1)
        let incremental = try #require(tree.read("site/courses/odpady/wstep.html"))
        #expect(incremental.contains("Do ŻÓŁTEGO pojemnika"))

        // A new file changes the routes: everything is parsed again, and the result is a fresh build's.
        try tree.write("content/courses/odpady/03-nowa.md", "---\ntitle: Nowa\n---\n\nNowa lekcja.\n")
        let grown = try SiteBuilder.build(cached)
        #expect(cache.lastParsed == grown.pages - 4)
        let withCache = try #require(tree.read("site/courses/odpady/wstep.html"))
        _ = try SiteBuilder.build(options)
        #expect(tree.read("site/courses/odpady/wstep.html") == withCache)
    }
}
