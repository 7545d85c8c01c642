/// A content file cut into its YAML front matter and its Markdown body.
///
/// Only the `---` fences are found here; the YAML itself goes to Yams.
public struct FrontMatterSplit: Sendable {
    /// YAML text between the fences, or nil when the file has no front matter.
    public var yaml: String?
    /// Line of the first YAML line (1-based) in the file.
    public var yamlFirstLine: Int
    public var body: String
    /// Number of lines that precede the body.
    public var bodyLineOffset: Int

    public static func split(_ rawText: String, file: String) -> (FrontMatterSplit, Diagnostic?) {
        // Moodle, Windows editors and USB sticks bring CRLF; the rest of szpon sees only LF.
        var text = rawText.replacingOccurrences(of: "\r\n", with: "\n")
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.trimmingTrailingSpaces() == "---" else {
            return (FrontMatterSplit(yaml: nil, yamlFirstLine: 1, body: text, bodyLineOffset: 0), nil)
        }
        for index in lines.indices.dropFirst() {
            let line = lines[index].trimmingTrailingSpaces()
            if line == "---" || line == "..." {
                let yaml = lines[1..<index].joined(separator: "\n")
                let body = lines[(index + 1)...].joined(separator: "\n")
                return (FrontMatterSplit(yaml: yaml, yamlFirstLine: 2, body: body, bodyLineOffset: index + 1), nil)
            }
        }
        let diagnostic = Diagnostic(
            file: file, line: 1, column: 1,
            message: "front matter is not closed",
            hint: "add a line with '---' after the last front matter line"
        )
        return (FrontMatterSplit(yaml: nil, yamlFirstLine: 1, body: text, bodyLineOffset: 0), diagnostic)
    }
}

extension Substring {
    func trimmingTrailingSpaces() -> Substring {
        var s = self
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return s
    }
}
