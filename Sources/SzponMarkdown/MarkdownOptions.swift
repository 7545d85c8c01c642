/// How szpon runs cmark-gfm. The defaults are what every page uses; the spec
/// conformance tests switch extensions per example and turn heading anchors off.
public struct MarkdownOptions: Sendable, Hashable {
    /// GFM extensions attached to the parser.
    public var extensions: [String]
    /// Give every top-level heading an `id` made from its text.
    public var headingAnchors: Bool
    /// Authors are the site's own staff, so raw HTML passes through (as in mdBook).
    public var allowRawHTML: Bool
    /// Take a leading `# Title` out of the body as the page title.
    public var extractTitle: Bool
    /// Task-list checkboxes get an accessible name (the item's text) and can be ticked,
    /// instead of cmark-gfm's unlabelled disabled inputs, which fail WCAG 4.1.2.
    public var accessibleTaskLists: Bool

    public init(extensions: [String] = MarkdownOptions.gfm, headingAnchors: Bool = true, allowRawHTML: Bool = true,
                extractTitle: Bool = true, accessibleTaskLists: Bool = true) {
        self.extensions = extensions
        self.headingAnchors = headingAnchors
        self.allowRawHTML = allowRawHTML
        self.extractTitle = extractTitle
        self.accessibleTaskLists = accessibleTaskLists
    }

    public static let gfm = ["table", "strikethrough", "autolink", "tasklist"]
    public static let page = MarkdownOptions()
}
