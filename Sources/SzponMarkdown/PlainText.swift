import Foundation

extension Markdown {
    /// A short piece of Markdown (a question text, an option) as the plain text a reader
    /// sees: `**karton** po mleku` → `karton po mleku`. Inline HTML is dropped, link texts
    /// and code stay, line breaks become spaces. For places that show text, not markup:
    /// reports, chart labels, CSV cells.
    public static func plainText(_ text: String) -> String {
        // Nothing to parse in most labels: skip cmark for text without Markdown's marks.
        guard text.contains(where: { "*_`[]<>!&\\~#\n".contains($0) }) else { return text }
        let tree = CMark.Tree(text, options: MarkdownOptions(extensions: ["strikethrough"], headingAnchors: false, allowRawHTML: false))
        return CMark.plainText(tree.root).trimmed
    }
}
