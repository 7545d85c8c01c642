import Foundation
import SzponContent

/// Where every content file ends up in the site. Every output is a file (never a bare
/// folder), and every page sits in the same folder as its source, so relative image
/// and attachment links mean the same thing in the Markdown viewer and in the site.
public struct Routes: Sendable {
    /// Content path (`courses/x/01-a.md`) → site path (`courses/x/a.html`).
    public private(set) var pages: [String: String] = [:]

    public static let home = "index.html"
    public static let search = "search.html"
    public static let contents = "toc.html"
    public static let accessibility = "accessibility.html"
    /// Served by `szpon serve` (and any web server configured so) for a missing page.
    public static let notFound = "404.html"
    public static let siteScript = "site-data.js"
    public static let searchScript = "search-index.js"

    public init(content: Content) {
        for course in content.courses {
            pages[course.intro.contentPath] = Self.course(course.slug)
            for lesson in course.lessons {
                pages[lesson.body.contentPath] = "courses/\(course.slug)/\(lesson.slug).html"
            }
        }
        for guide in content.guides { pages[guide.body.contentPath] = "guides/\(guide.slug).html" }
        for survey in content.surveys { pages[survey.body.contentPath] = "surveys/\(survey.slug).html" }
    }

    public static func course(_ slug: String) -> String { "courses/\(slug)/index.html" }

    public func page(for contentPath: String) -> String? { pages[contentPath] }

    /// Splits `a.md#x` into path and fragment.
    static func split(_ url: String) -> (path: String, fragment: String?) {
        guard let hash = url.firstIndex(of: "#") else { return (url, nil) }
        return (String(url[..<hash]), String(url[url.index(after: hash)...]))
    }

    /// Whether a URL leaves the site: it has a scheme (`https:`, `mailto:`) or is protocol-relative.
    static func isExternal(_ url: String) -> Bool {
        if url.hasPrefix("//") { return true }
        guard let colon = url.firstIndex(of: ":") else { return false }
        let scheme = url[..<colon]
        return !scheme.isEmpty && scheme.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }
    }

    /// The rewritten URL of an author's link from a content file, or nil to leave it.
    public func rewrite(_ url: String, from contentPath: String) -> String? {
        guard !Self.isExternal(url), !url.hasPrefix("#") else { return nil }
        let (path, fragment) = Self.split(url)
        guard path.hasSuffix(".md"), let from = pages[contentPath],
              let resolved = ContentPath.resolve(path.removingPercentEncodingSafe, from: contentPath),
              let target = pages[resolved] else { return nil }
        return ContentPath.relative(to: target, from: from) + (fragment.map { "#\($0)" } ?? "")
    }
}

extension String {
    var removingPercentEncodingSafe: String { contains("%") ? (removingPercentEncoding ?? self) : self }
}
