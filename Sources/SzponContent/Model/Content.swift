/// Everything loaded from a content folder, in a fixed order (sorted by slug), so
/// that every later stage enumerates it deterministically.
public struct Content: Sendable, Hashable {
    /// The content folder the files were read from.
    public var root: String
    public var site: SiteConfig
    public var courses: [Course]
    public var guides: [Guide]
    public var surveys: [StandalonePage]
    /// Non-Markdown files, relative to the content folder, copied to the site as they are.
    public var assets: [String]
    /// Pages that exist but could not be loaded (their errors are already reported), so
    /// that links to them are not reported again as broken.
    public var unreadable: Set<String> = []

    public init(root: String = "content", site: SiteConfig, courses: [Course] = [], guides: [Guide] = [], surveys: [StandalonePage] = [], assets: [String] = []) {
        self.root = root
        self.site = site
        self.courses = courses
        self.guides = guides
        self.surveys = surveys
        self.assets = assets
    }

    /// Every Markdown body, in a fixed order.
    public var allSources: [MarkdownSource] {
        courses.flatMap { [$0.intro] + $0.lessons.map(\.body) } + guides.map(\.body) + surveys.map(\.body)
    }
}

extension Content {
    /// The content with only these courses, and without the other courses' files:
    /// what a course bundle holds. Guides and surveys stay, as lessons may link to them.
    public func only(courses slugs: Set<String>) -> Content {
        var copy = self
        copy.courses = courses.filter { slugs.contains($0.slug) }
        let dropped = courses.map(\.slug).filter { !slugs.contains($0) }
        copy.assets = assets.filter { asset in !dropped.contains { asset.hasPrefix("courses/\($0)/") } }
        return copy
    }
}
