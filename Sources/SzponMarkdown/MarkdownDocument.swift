import SzponContent

/// A heading found in a body, with the anchor the build gives it.
public struct Heading: Sendable, Hashable {
    public var level: Int
    public var text: String
    /// Nil for headings that are not top-level blocks (inside lists or quotes).
    public var id: String?
    public var location: SourceLocation
}

/// A link or image found in a body, with the URL as the author wrote it.
public struct Reference: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case link, image }
    public var kind: Kind
    public var url: String
    /// Alt text for images, link text for links.
    public var text: String
    public var location: SourceLocation
    /// A raw HTML image with `alt=""`, marked decorative on purpose.
    public var isDecorative = false
    /// Found in raw HTML: checked like the others, but never rewritten.
    public var isRawHTML = false
}

/// A fenced ```` ```quiz ```` or ```` ```survey ```` block.
public struct EmbeddedBlock: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case quiz, survey }
    public var kind: Kind
    public var yaml: String
    /// Where the YAML text starts (the line after the fence).
    public var reader: YAMLReader
    /// Whether it is a top-level block (only those become forms).
    public var isTopLevel: Bool
}

/// One part of a rendered body: HTML, or the place where an embedded block goes.
public enum Segment: Sendable, Hashable {
    case html(String)
    /// Index into `MarkdownDocument.blocks`.
    case block(Int)
}

/// Everything the later stages need from one Markdown body.
public struct MarkdownDocument: Sendable {
    public var source: MarkdownSource
    /// The text of a leading `# heading`, taken out of the body as the page title.
    public var title: String?
    public var titleLocation: SourceLocation?
    public var headings: [Heading] = []
    public var references: [Reference] = []
    public var blocks: [EmbeddedBlock] = []
    /// Where a quiz or survey block opens without ever being closed.
    public var unclosedBlocks: [(kind: EmbeddedBlock.Kind, location: SourceLocation)] = []
    /// The first line that nests block quotes and lists deeper than cmark can parse in
    /// reasonable time, and how deep; such lines are left out of the rest of the document.
    public var tooDeep: (location: SourceLocation, depth: Int)?
    public var segments: [Segment] = []
    /// Plain text of the body per section, for the search index: (heading id or nil, heading text, text).
    public var sections: [Section] = []

    public struct Section: Sendable, Hashable {
        public var anchor: String?
        public var heading: String?
        public var text: String
    }

    /// The body as HTML with embedded blocks left out (for the spec tests and plain pages).
    public var html: String {
        segments.map { if case let .html(text) = $0 { return text } else { return "" } }.joined()
    }

    public var anchors: Set<String> { Set(headings.compactMap(\.id)) }

    /// A document with nothing but its source and title: what the build cache restores a
    /// page from when the page's own output and facts are reused from an earlier build.
    public init(source: MarkdownSource, title: String? = nil) {
        self.source = source
        self.title = title
    }
}
