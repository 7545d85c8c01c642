import SzponContent

/// Turns cmark's positions (line, column in UTF-8 bytes) into the author's (line in the file,
/// column in characters), as `MarkdownSource.location` does, in time that does not grow with
/// the position: that one scans from the top of the body for every call, so a page with ten
/// thousand links took minutes to check.
final class Locator {
    let source: MarkdownSource
    let bytes: [UInt8]
    /// Byte offset where each line starts; line 1 at index 0.
    let lineStarts: [Int]
    /// The last position asked for: cmark reports nodes in document order, so the next one
    /// on the same line continues the count from there.
    private var last = (line: 0, byte: 0, characters: 0)

    init(_ source: MarkdownSource) {
        self.source = source
        bytes = Array(source.text.utf8)
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == 0x0A { starts.append(index + 1) }
        lineStarts = starts
    }

    func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: source.file, line: line + source.lineOffset, column: characterColumn(line: line, byteColumn: column))
    }

    func characterColumn(line: Int, byteColumn: Int) -> Int {
        guard byteColumn > 1, line >= 1, line <= lineStarts.count else { return byteColumn }
        let start = lineStarts[line - 1]
        let end = min(start + byteColumn - 1, bytes.count)
        var (from, characters) = (start, 0)
        if last.line == line, last.byte <= end { (from, characters) = (last.byte, last.characters) }
        // A character (Unicode scalar) starts at every byte that is not a UTF-8 continuation byte.
        for index in from..<end where bytes[index] & 0xC0 != 0x80 { characters += 1 }
        last = (line, end, characters)
        return characters + 1
    }
}
