/// A content file cut into its YAML front matter and its Markdown body.
///
/// Only the `---` fences are found here; the YAML itself goes to Yams. This runs for
/// every file of a site, so it scans UTF-8 bytes rather than splitting into lines.
public struct FrontMatterSplit: Sendable {
    /// YAML text between the fences, or nil when the file has no front matter.
    public var yaml: String?
    /// Line of the first YAML line (1-based) in the file.
    public var yamlFirstLine: Int
    public var body: String
    /// Number of lines that precede the body.
    public var bodyLineOffset: Int

    public static func split(_ rawText: String, file: String) -> (FrontMatterSplit, Diagnostic?) {
        var bytes = Array(rawText.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        // Moodle, Windows editors and USB sticks bring CRLF; the rest of szpon sees only LF.
        if bytes.contains(UInt8(ascii: "\r")) {
            var clean: [UInt8] = []
            clean.reserveCapacity(bytes.count)
            for (i, byte) in bytes.enumerated() where !(byte == UInt8(ascii: "\r") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n")) {
                clean.append(byte)
            }
            bytes = clean
        }
        let text = { (range: Range<Int>) in String(decoding: bytes[range], as: UTF8.self) }
        // Made only when needed: decoding the whole file to a String was a third of this split.
        let noFrontMatter = { FrontMatterSplit(yaml: nil, yamlFirstLine: 1, body: text(0..<bytes.count), bodyLineOffset: 0) }

        // Line starts, found once; a fence is a line that is exactly `---` (or `...` to close), trailing spaces allowed.
        func lineEnd(from start: Int) -> Int { bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count }
        func isFence(_ start: Int, _ end: Int, closing: Bool) -> Bool {
            var e = end
            while e > start, bytes[e - 1] == UInt8(ascii: " ") || bytes[e - 1] == UInt8(ascii: "\t") { e -= 1 }
            guard e - start == 3 else { return false }
            let line = bytes[start..<e]
            return line.elementsEqual("---".utf8) || (closing && line.elementsEqual("...".utf8))
        }
        let firstEnd = lineEnd(from: 0)
        guard isFence(0, firstEnd, closing: false) else {
            return (noFrontMatter(), missingOpeningFence(bytes, firstLineEnd: firstEnd, file: file))
        }
        var start = firstEnd + 1
        var line = 1
        while start <= bytes.count {
            let end = lineEnd(from: min(start, bytes.count))
            line += 1
            if start < bytes.count, isFence(start, end, closing: true) {
                let yamlEnd = max(firstEnd + 1, start - 1)
                let bodyStart = min(end + 1, bytes.count)
                return (FrontMatterSplit(yaml: text((firstEnd + 1)..<max(firstEnd + 1, yamlEnd)), yamlFirstLine: 2,
                                         body: text(bodyStart..<bytes.count), bodyLineOffset: line), nil)
            }
            if end >= bytes.count { break }
            start = end + 1
        }
        let diagnostic = Diagnostic(
            file: file, line: 1, column: 1,
            message: "front matter is not closed",
            hint: "add a line with '---' after the last front matter line"
        )
        return (noFrontMatter(), diagnostic)
    }

    /// A file that starts with `title: …` and has a `---` line a little later was meant to
    /// have front matter; without the opening fence it would silently become body text.
    static func missingOpeningFence(_ bytes: [UInt8], firstLineEnd: Int, file: String) -> Diagnostic? {
        let first = bytes[..<firstLineEnd]
        guard let colon = first.firstIndex(of: UInt8(ascii: ":")), colon > 0,
              first[..<colon].allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || $0 == UInt8(ascii: "_") }),
              colon + 1 == firstLineEnd || bytes[colon + 1] == UInt8(ascii: " ") else { return nil }
        let head = String(decoding: bytes.prefix(4000), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).prefix(40)
        guard head.dropFirst().contains(where: { $0.trimmed == "---" }) else { return nil }
        let key = String(decoding: first[..<colon], as: UTF8.self)
        return Diagnostic(file: file, line: 1, column: 1,
                          message: "the file starts with '\(key):' but front matter must open with a line '---'",
                          hint: "add a line with '---' above '\(key):'")
    }
}
