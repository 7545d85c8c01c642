/// cmark-gfm's time grows with the product of container depth and the brackets in the
/// text nested that deep: one line of 30,000 `- ` followed by a line of 30,000 `[` takes
/// it minutes. No page needs more than a few levels, so a line nested deeper than
/// `maxDepth` is reported, and left out of what cmark reads.
public enum Nesting {
    public static let maxDepth = 100

    /// The first line (1-based) nested deeper than `maxDepth`, with its depth.
    static func firstTooDeep(_ text: String) -> (line: Int, depth: Int)? {
        var line = 1
        var found: (Int, Int)?
        forEachLine(text) { start, end, bytes in
            if found == nil {
                let depth = markerDepth(bytes, start, end)
                if depth > maxDepth { found = (line, depth) }
            }
            line += 1
        }
        return found
    }

    /// The text with every line nested deeper than `maxDepth` emptied, so that line numbers stay.
    static func withoutTooDeepLines(_ text: String) -> String {
        guard firstTooDeep(text) != nil else { return text }
        var out: [UInt8] = []
        forEachLine(text) { start, end, bytes in
            if !out.isEmpty || start > 0 { out.append(UInt8(ascii: "\n")) }
            if markerDepth(bytes, start, end) <= maxDepth { out += bytes[start..<end] }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func forEachLine(_ text: String, _ body: (Int, Int, [UInt8]) -> Void) {
        let bytes = Array(text.utf8)
        var start = 0
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            body(start, end, bytes)
            start = end + 1
        }
    }

    /// Block quote markers and list markers (`-`, `+`, `*`, `1.`, `1)`, each followed by a
    /// space or the end of the line) at the start of one line, plus the indentation before
    /// the first of them (two spaces open a list level).
    static func markerDepth(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int {
        func isBlank(_ i: Int) -> Bool { i == end || bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") }
        var i = start
        var indent = 0
        while i < end, isBlank(i) {
            indent += bytes[i] == UInt8(ascii: "\t") ? 4 : 1
            i += 1
        }
        var depth = 0
        while i < end {
            switch bytes[i] {
            case UInt8(ascii: ">"):
                i += 1
            case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "*"):
                guard isBlank(i + 1) else { return depth == 0 ? 0 : depth + indent / 2 }
                i += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                var j = i
                while j < end, j - i < 10, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[j]) { j += 1 }
                guard j < end, bytes[j] == UInt8(ascii: ".") || bytes[j] == UInt8(ascii: ")"), isBlank(j + 1) else {
                    return depth == 0 ? 0 : depth + indent / 2
                }
                i = j + 1
            default:
                return depth == 0 ? 0 : depth + indent / 2
            }
            depth += 1
            while i < end, isBlank(i) { i += 1 }
        }
        return depth == 0 ? 0 : depth + indent / 2
    }
}
