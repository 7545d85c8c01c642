import CCMarkGFM
import Foundation
import SzponContent

/// The Markdown stage: cmark-gfm turns a body into HTML segments and the facts
/// that the checks need (headings, links, images, alt text, quiz and survey blocks).
public enum Markdown {
    /// What to do with a link URL as written by the author; nil keeps it.
    public typealias LinkRewriter = @Sendable (String) -> String?

    /// Parses and renders one body.
    public static func parse(_ source: MarkdownSource, options: MarkdownOptions = .page,
                             rewriteLink: LinkRewriter? = nil) -> MarkdownDocument {
        var document = MarkdownDocument(source: source)
        if let (line, depth) = Nesting.firstTooDeep(source.text) {
            document.tooDeep = (source.location(line: line, column: 1), depth)
        }
        let tree = CMark.Tree(source.text, options: options)
        var usedIDs: [String: Int] = [:]
        var section = MarkdownDocument.Section(anchor: nil, heading: nil, text: "")
        var pendingHTML = ""
        var lines: [Substring]?

        let locator = Locator(source)
        func location(_ node: OpaquePointer) -> SourceLocation {
            locator.location(line: Int(cmark_node_get_start_line(node)), column: Int(cmark_node_get_start_column(node)))
        }
        func flushSection() {
            if section.heading != nil || !section.text.isEmpty {
                section.text = section.text.trimmed
                document.sections.append(section)
            }
        }

        // Facts and link rewriting are gathered from the whole tree before rendering,
        // so the rendered HTML already carries the rewritten URLs.
        collectFacts(tree: tree, locator: locator, into: &document, rewriteLink: rewriteLink)

        for (index, node) in CMark.children(tree.root).enumerated() {
            let type = CMark.type(node)
            if type == CMARK_NODE_HEADING {
                let level = Int(cmark_node_get_heading_level(node))
                let text = CMark.plainText(node).trimmed
                if index == 0, level == 1, options.extractTitle {
                    document.title = text
                    document.titleLocation = location(node)
                    continue
                }
                var html = tree.html(node)
                var id: String?
                if options.headingAnchors {
                    let base = TextFolding.slug(text).isEmpty ? "section" : TextFolding.slug(text)
                    let count = usedIDs[base, default: 0]
                    usedIDs[base] = count + 1
                    id = count == 0 ? base : "\(base)-\(count)"
                    // cmark renders a heading as exactly "<hN>…</hN>", so the id goes after the tag name.
                    html = "<h\(level) id=\"\(id!)\">" + html.dropFirst(4)
                }
                document.headings.append(Heading(level: level, text: text, id: id, location: location(node)))
                flushSection()
                section = .init(anchor: id, heading: text, text: "")
                pendingHTML += html
                continue
            }
            if type == CMARK_NODE_CODE_BLOCK, let kind = blockKind(node) {
                if !isClosedFence(node, lines: &lines, text: source.text) {
                    // Without its closing fence a block runs to the end of the file, and the
                    // YAML error would point far from the real mistake.
                    document.unclosedBlocks.append((kind, location(node)))
                    continue
                }
                document.blocks.append(embeddedBlock(node, kind: kind, at: location(node), isTopLevel: true))
                if !pendingHTML.isEmpty { document.segments.append(.html(pendingHTML)); pendingHTML = "" }
                document.segments.append(.block(document.blocks.count - 1))
                continue
            }
            var html = tree.html(node)
            if options.accessibleTaskLists, type == CMARK_NODE_LIST, case let items = TaskList.itemTexts(node), !items.isEmpty {
                html = TaskList.label(html, items: items)
            }
            pendingHTML += html
            section.text += CMark.plainText(node) // ends with a space: every top-level node is a block
        }
        if !pendingHTML.isEmpty { document.segments.append(.html(pendingHTML)) }
        flushSection()
        return document
    }

    /// Renders a short piece of Markdown (question text, feedback, summaries) as inline HTML:
    /// a single paragraph loses its `<p>` so it fits in a `<legend>` or `<label>`.
    /// `allowRawHTML` keeps inline HTML, as lesson bodies do (questions imported from GIFT use it).
    public static func inline(_ text: String, allowRawHTML: Bool = false) -> String {
        // No autolinks: a bare URL in an answer label must not turn the label into a link
        // that takes the learner away from the test.
        let tree = CMark.Tree(text, options: MarkdownOptions(extensions: ["strikethrough"], headingAnchors: false, allowRawHTML: allowRawHTML))
        let html = tree.html(tree.root).trimmed
        if html.hasPrefix("<p>"), html.hasSuffix("</p>"), html.components(separatedBy: "<p>").count == 2 {
            return String(html.dropFirst(3).dropLast(4))
        }
        return html
    }

    /// Renders Markdown blocks (e.g. a survey's thank-you text) without page features.
    public static func block(_ text: String) -> String {
        let tree = CMark.Tree(text, options: MarkdownOptions(headingAnchors: false, allowRawHTML: false))
        return tree.html(tree.root)
    }

    /// Whether a fenced block ends with its closing fence (cmark runs an unclosed one to the end).
    static func isClosedFence(_ node: OpaquePointer, lines: inout [Substring]?, text: String) -> Bool {
        var length: Int32 = 0, offset: Int32 = 0
        var character: CChar = 0
        guard cmark_node_get_fenced(node, &length, &offset, &character) != 0, length > 0 else { return true }
        if lines == nil { lines = text.split(separator: "\n", omittingEmptySubsequences: false) }
        let end = Int(cmark_node_get_end_line(node))
        guard end > Int(cmark_node_get_start_line(node)), let all = lines, end - 1 < all.count else { return false }
        let last = all[end - 1].drop { $0 == " " }
        let fence = String(repeating: String(UnicodeScalar(UInt8(bitPattern: character))), count: Int(length))
        return last.hasPrefix(fence)
    }

    /// A quiz or survey fence whose YAML starts on the line after `at`, the fence's position.
    static func embeddedBlock(_ node: OpaquePointer, kind: EmbeddedBlock.Kind, at: SourceLocation, isTopLevel: Bool) -> EmbeddedBlock {
        let reader = YAMLReader(file: at.file, firstLine: at.line + 1, columnOffset: at.column - 1)
        return EmbeddedBlock(kind: kind, yaml: CMark.string(cmark_node_get_literal(node)), reader: reader, isTopLevel: isTopLevel)
    }

    static func blockKind(_ node: OpaquePointer) -> EmbeddedBlock.Kind? {
        let info = CMark.string(cmark_node_get_fence_info(node)).split(separator: " ").first.map(String.init) ?? ""
        return EmbeddedBlock.Kind(rawValue: info)
    }

    static func collectFacts(tree: CMark.Tree, locator: Locator, into document: inout MarkdownDocument, rewriteLink: LinkRewriter?) {
        let iterator = cmark_iter_new(tree.root)
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = CMark.type(node)
            // Positions are only built for the nodes that need one: this loop sees every node of the site.
            var at: SourceLocation {
                locator.location(line: Int(cmark_node_get_start_line(node)), column: Int(cmark_node_get_start_column(node)))
            }
            switch type {
            case CMARK_NODE_LINK:
                let url = CMark.string(cmark_node_get_url(node))
                document.references.append(Reference(kind: .link, url: url, text: CMark.plainText(node), location: at))
                if let rewritten = rewriteLink?(url) { cmark_node_set_url(node, rewritten) }
            case CMARK_NODE_IMAGE:
                document.references.append(Reference(kind: .image, url: CMark.string(cmark_node_get_url(node)),
                                                     text: CMark.plainText(node).trimmed, location: at))
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                // Raw HTML images need alt text as much as Markdown ones do.
                let literal = CMark.string(cmark_node_get_literal(node))
                let lowered = literal.lowercased()
                if lowered.contains("<img") {
                    for image in RawHTML.find(in: literal) {
                        document.references.append(Reference(kind: .image, url: image.src, text: image.alt ?? "", location: at,
                                                             isDecorative: image.alt == "", isRawHTML: true))
                    }
                }
                if lowered.contains("<a ") {
                    for href in RawHTML.links(in: literal) {
                        document.references.append(Reference(kind: .link, url: href, text: "", location: at, isRawHTML: true))
                    }
                }
            case CMARK_NODE_HEADING where cmark_node_parent(node) != tree.root:
                document.headings.append(Heading(level: Int(cmark_node_get_heading_level(node)), text: CMark.plainText(node).trimmed, id: nil, location: at))
            case CMARK_NODE_CODE_BLOCK where cmark_node_parent(node) != tree.root:
                if let kind = blockKind(node) {
                    document.blocks.append(embeddedBlock(node, kind: kind, at: at, isTopLevel: false))
                }
            default:
                break
            }
        }
    }
}
