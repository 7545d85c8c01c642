import Foundation

/// `<img>` and `<a>` tags in raw HTML, so that images and links are checked like Markdown ones.
/// Only the tags' attributes are read (with regular expressions); nothing else of the HTML.
enum RawHTML {
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

    /// The `href` of every `<a>` tag.
    static func links(in html: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: "<a\\b[^>]*?\\bhref\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s>]+))",
                                                   options: [.caseInsensitive]) else { return [] }
        return regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap { match in
            (1...3).lazy.compactMap { Range(match.range(at: $0), in: html) }.first.map { String(html[$0]) }
        }
    }
}
