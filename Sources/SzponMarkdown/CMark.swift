import Foundation
import CCMarkGFM

/// The thin layer over the cmark-gfm C API. Everything else in szpon talks to this.
enum CMark {
    /// A static initialiser runs once, thread-safely (swift_once). A `Mutex` in a static
    /// corrupted the heap in debug builds on Linux (Swift 6.3), so none is used here.
    private static let registration: Void = cmark_gfm_core_extensions_ensure_registered()

    /// cmark-gfm's inline parser keeps its table of special characters (`~` for strikethrough,
    /// `:` and `w` for autolinks) in process-wide globals, which every parse switches on at the
    /// start of inline parsing and off at the end. Two parses at once would switch them off under
    /// each other and drop strikethrough or autolinks at random, so the inline phase
    /// (`cmark_parser_finish`) runs one at a time; block parsing and rendering stay parallel.
    private static let inlinePhase = NSLock()

    /// The core extensions register themselves in a process-wide table; do it once, safely.
    static func ensureExtensionsRegistered() {
        _ = registration
    }

    /// A parsed document, freed when the value goes away.
    final class Tree {
        let parser: OpaquePointer
        let root: OpaquePointer
        let renderOptions: Int32

        init(_ text: String, options: MarkdownOptions) {
            CMark.ensureExtensionsRegistered()
            var flags = CMARK_OPT_DEFAULT
            if options.allowRawHTML { flags |= CMARK_OPT_UNSAFE }
            renderOptions = flags
            let parser = cmark_parser_new(flags)!
            for name in options.extensions {
                if let ext = cmark_find_syntax_extension(name) {
                    cmark_parser_attach_syntax_extension(parser, ext)
                }
            }
            var text = Nesting.withoutTooDeepLines(text)
            text.withUTF8 { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    cmark_parser_feed(parser, chars.baseAddress, chars.count)
                }
            }
            self.parser = parser
            CMark.inlinePhase.lock()
            root = cmark_parser_finish(parser)
            CMark.inlinePhase.unlock()
        }

        deinit {
            cmark_node_free(root)
            cmark_parser_free(parser)
        }

        func html(_ node: OpaquePointer) -> String {
            guard let rendered = cmark_render_html(node, renderOptions, cmark_parser_get_syntax_extensions(parser)) else { return "" }
            defer { free(rendered) }
            return String(cString: rendered)
        }
    }

    static func type(_ node: OpaquePointer) -> cmark_node_type { cmark_node_get_type(node) }

    /// Block nodes, including the table nodes the GFM extension registers.
    static func isBlock(_ node: OpaquePointer) -> Bool {
        Int(type(node).rawValue) & Int(CMARK_NODE_TYPE_MASK) == Int(CMARK_NODE_TYPE_BLOCK)
    }

    static func children(_ node: OpaquePointer) -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            result.append(current)
            child = cmark_node_next(current)
        }
        return result
    }

    static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    /// Plain text of a node's inline content (text, code, and line breaks as spaces).
    /// Collected as bytes and decoded once: this runs over every word of the site.
    static func plainText(_ node: OpaquePointer) -> String {
        var bytes: [UInt8] = []
        let iterator = cmark_iter_new(node)
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard let current = cmark_iter_get_node(iterator) else { continue }
            if event == CMARK_EVENT_EXIT {
                // Table cells, list items and paragraphs are separate words: "Odpad Gdzie", not "OdpadGdzie".
                if isBlock(current), bytes.last.map({ $0 != 0x20 }) ?? false { bytes.append(0x20) }
                continue
            }
            guard event == CMARK_EVENT_ENTER else { continue }
            switch type(current) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK:
                if let literal = cmark_node_get_literal(current) {
                    literal.withMemoryRebound(to: UInt8.self, capacity: strlen(literal)) { pointer in
                        bytes.append(contentsOf: UnsafeBufferPointer(start: pointer, count: strlen(literal)))
                    }
                }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                bytes.append(0x20)
            default:
                break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
