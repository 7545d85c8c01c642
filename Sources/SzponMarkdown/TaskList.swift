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
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                  CMark.string(cmark_node_get_type_string(node)) == "tasklist" else { continue }
            // The item's own paragraph, not nested sub-items.
            let first = cmark_node_first_child(node)
            texts.append(first.map(CMark.plainText)?.trimmed ?? "")
        }
        return texts
    }

    /// Replaces the rendered checkboxes, in order, with labelled ones.
    static func label(_ html: String, items: [String]) -> String {
        var out = ""
        var rest = Substring(html)
        var index = 0
        let patterns = ["<input type=\"checkbox\" checked=\"\" disabled=\"\" />", "<input type=\"checkbox\" disabled=\"\" />"]
        while let match = patterns.compactMap({ pattern in rest.range(of: pattern).map { ($0, pattern) } }).min(by: { $0.0.lowerBound < $1.0.lowerBound }) {
            out += rest[..<match.0.lowerBound]
            let name = index < items.count ? items[index] : ""
            let checked = match.1.contains("checked") ? " checked" : ""
            out += "<input type=\"checkbox\" class=\"task\"\(checked) aria-label=\"\(escape(name))\">"
            rest = rest[match.0.upperBound...]
            index += 1
        }
        return out + rest
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(character)
            }
        }
        return out
    }
}
