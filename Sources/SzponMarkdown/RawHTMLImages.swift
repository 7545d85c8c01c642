import Foundation

/// `<img>` tags in raw HTML, so that their `src` and `alt` are checked like Markdown images.
/// Only the tag's attributes are read (with a regular expression); nothing else of the HTML.
enum RawHTMLImages {
    struct Image {
        var src: String
        /// Nil when the tag has no alt attribute at all; "" for alt="" (decorative).
        var alt: String?
    }

    static let tagPattern = "<img\\b[^>]*>"
    static let attributePattern = "\\b(src|alt)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s>]+))"

    static func find(in html: String) -> [Image] {
        // Made per call rather than shared between the threads that parse pages: pages
        // with raw <img> tags are few, and this needs no reasoning about ICU's thread safety.
        guard let tag = try? NSRegularExpression(pattern: tagPattern, options: [.caseInsensitive]),
              let attribute = try? NSRegularExpression(pattern: attributePattern, options: [.caseInsensitive]) else { return [] }
        let range = NSRange(html.startIndex..., in: html)
        return tag.matches(in: html, range: range).map { match in
            let text = String(html[Range(match.range, in: html)!])
            var image = Image(src: "", alt: nil)
            for found in attribute.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let name = String(text[Range(found.range(at: 1), in: text)!]).lowercased()
                let value = (2...4).lazy.compactMap { Range(found.range(at: $0), in: text) }.first.map { String(text[$0]) } ?? ""
                if name == "src" { image.src = value } else { image.alt = value }
            }
            return image
        }
    }
}
