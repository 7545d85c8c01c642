/// A Markdown body and where it sits in its file, so the Markdown stage can
/// report positions in the author's file rather than in the body.
public struct MarkdownSource: Sendable, Hashable {
    /// Display path of the file, e.g. `content/courses/x/01-a.md`.
    public var file: String
    /// Path relative to the content folder, e.g. `courses/x/01-a.md`.
    public var contentPath: String
    public var text: String
    /// Lines before the body (front matter and its fences).
    public var lineOffset: Int

    public init(file: String, contentPath: String, text: String, lineOffset: Int) {
        self.file = file
        self.contentPath = contentPath
        self.text = text
        self.lineOffset = lineOffset
    }

    /// A position in the author's file from cmark's body position. cmark counts columns in
    /// UTF-8 bytes; editors (and Yams) count characters, so every Polish letter before the
    /// spot would otherwise push the column one to the right.
    public func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: file, line: line + lineOffset, column: characterColumn(line: line, byteColumn: column))
    }

    func characterColumn(line: Int, byteColumn: Int) -> Int {
        guard byteColumn > 1, line >= 1 else { return byteColumn }
        let utf8 = text.utf8
        var start = utf8.startIndex
        for _ in 1..<line {
            guard let newline = utf8[start...].firstIndex(of: 0x0A) else { return byteColumn }
            start = utf8.index(after: newline)
        }
        let end = utf8.index(start, offsetBy: byteColumn - 1, limitedBy: utf8.endIndex) ?? utf8.endIndex
        return String(decoding: utf8[start..<end], as: UTF8.self).unicodeScalars.count + 1
    }
}
