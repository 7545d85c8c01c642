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
