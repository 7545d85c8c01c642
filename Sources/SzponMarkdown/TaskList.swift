import Foundation
import CCMarkGFM
import SzponContent

/// Makes GFM task lists accessible: cmark-gfm renders `<input type="checkbox" disabled="" />`
/// with no label. Each checkbox gets its item's text as its name, and can be ticked.
enum TaskList {
    /// Plain text of every task item under a list, in document order.
    static func itemTexts(_ list: OpaquePointer) -> [String] {
        var texts: [String] = []
        let iterator = cmark_iter_new(list)
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator), CMark.type(node) == CMARK_NODE_ITEM,
                  let type = cmark_node_get_type_string(node), strcmp(type, "tasklist") == 0 else { continue }
            // The item's own paragraph, not nested sub-items.
            let first = cmark_node_first_child(node)
            texts.append(first.map(CMark.plainText)?.trimmed ?? "")
        }
        return texts
    }

    /// Replaces the rendered checkboxes, in order, with labelled ones (one pass over the bytes).
    static func label(_ html: String, items: [String]) -> String {
        let bytes = Array(html.utf8)
        let open = Array("<input type=\"checkbox\" ".utf8)
        let close = Array(" />".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + items.count * 48)
        var i = 0
        var index = 0
        while i < bytes.count {
            if bytes[i] == open[0], bytes[i...].starts(with: open),
               let end = (i + open.count..<bytes.count).first(where: { bytes[$0...].starts(with: close) }) {
                let attributes = String(decoding: bytes[(i + open.count)..<end], as: UTF8.self)
                let name = index < items.count ? items[index] : ""
                let checked = attributes.hasPrefix("checked") ? " checked" : ""
                out += Array("<input type=\"checkbox\" class=\"task\"\(checked) aria-label=\"\(HTML.escape(name))\">".utf8)
                i = end + close.count
                index += 1
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
