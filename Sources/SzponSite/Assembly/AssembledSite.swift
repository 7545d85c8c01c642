import SzponContent
import SzponMarkdown

/// One page to publish, with its parsed body and the blocks inside it.
public struct Page: Sendable {
    public enum Kind: Sendable, Hashable {
        case course(Int)
        case lesson(course: Int, lesson: Int)
        case guide(Int)
        case survey(Int)
    }

    public var kind: Kind
    public var output: String
    public var title: String
    public var document: MarkdownDocument
    /// Block index in `document.blocks` → parsed quiz or survey.
    public var quizzes: [Int: Quiz] = [:]
    public var surveys: [Int: Survey] = [:]
    /// Ids that links may point at: headings, fixed guide sections and forms.
    public var anchors: Set<String> = []
    /// Restored from the build cache with its title and anchors but without its body:
    /// its page and search entries are reused, and it is parsed again only if it must be
    /// rendered (`Assembler.restore`).
    public var bodyOmitted = false
}

/// The validated site: content, where each page goes, and every page's parsed body.
public struct AssembledSite: Sendable {
    public var content: Content
    public var routes: Routes
    /// The bundle id the browser namespaces its data with: "site" for `szpon build`.
    public var bundle = "site"
    /// In the order of `content.allSources`.
    public var pages: [Page] {
        didSet { index() }
    }
    /// Content path → position in `pages`, so lookups stay O(1) on sites with thousands of pages.
    private var byContentPath: [String: Int] = [:]
    /// Per page (in page order): the problems found in the page itself and in its links,
    /// kept so the build cache can report them again for a page it does not parse.
    var pageDiagnostics: [[Diagnostic]] = []
    var linkDiagnostics: [[Diagnostic]] = []
    /// The check levels the site was assembled with (site.yaml overridden by the command line).
    var levels = CheckLevels()

    public init(content: Content, routes: Routes, pages: [Page]) {
        self.content = content
        self.routes = routes
        self.pages = pages
        index()
    }

    private mutating func index() {
        byContentPath = Dictionary(pages.enumerated().map { ($1.document.source.contentPath, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func page(contentPath: String) -> Page? {
        byContentPath[contentPath].map { pages[$0] }
    }

    /// The title of the page made from a content file.
    public func title(of contentPath: String) -> String {
        page(contentPath: contentPath)?.title ?? contentPath
    }
}
