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

    public func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: file, line: line + lineOffset, column: column)
    }
}
