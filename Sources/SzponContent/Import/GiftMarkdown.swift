/// GIFT text in its own format (`[moodle]`, `[plain]`, `[html]`, `[markdown]`) as the inline Markdown
/// of szpon's question text and feedback, so that it shows as it did in Moodle.
enum GiftMarkdown {
    static func markdown(_ text: GiftQuestion.Text) -> String {
        switch text.format {
        case .markdown:
            return text.text
        case .plain, .moodle:
            return escape(text.text, html: false)
        case .html:
            return escape(text.text, html: true)
        }
    }

    /// Backslash-escapes what Markdown would read as markup. With `html`, tags, comments and entities
    /// are kept as raw inline HTML and only the text between them is escaped.
    static func escape(_ text: String, html: Bool) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { number, line -> String in
            // A line indented by four spaces would be code; indentation means nothing in GIFT text.
            let line = line.drop { $0 == " " || $0 == "\t" }
            return html ? escapeHTMLLine(line, firstLine: number == 0) : escapeRun(line, lineStart: number == 0 ? .first : .later, html: false)
        }
        // Moodle shows a `\n` in plain and auto-formatted text as a line break; in HTML it is white space.
        return lines.joined(separator: html ? "\n" : "\\\n")
    }

    static func escapeHTMLLine(_ line: Substring, firstLine: Bool) -> String {
        var out = ""
        var run = Substring()
        var atLineStart = true
        var index = line.startIndex
        func flush() {
            if !run.isEmpty {
                out += escapeRun(run, lineStart: atLineStart ? (firstLine ? .first : .later) : nil, html: true)
                atLineStart = false
            }
            run = Substring()
        }
        var runStart = index
        while index < line.endIndex {
            let next = line.index(after: index)
            if line[index] == "<", next < line.endIndex, line[next].isLetter || line[next] == "/" || line[next] == "!" || line[next] == "?",
               let close = line[next...].firstIndex(of: ">") {
                run = line[runStart..<index]
                flush()
                out += line[index...close]
                atLineStart = false
                index = line.index(after: close)
                runStart = index
            } else {
                index = next
            }
        }
        run = line[runStart..<line.endIndex]
        flush()
        return out
    }

    enum LineStart {
        /// The text's first line: nothing above it could turn into a heading.
        case first
        /// A line after a `\n`: `=` or `-` alone would underline the line above as a heading.
        case later
    }

    /// Escapes one run of text. Everywhere: `\ ` * _ [ ] ~` (and `<`, entity-like `&` outside HTML);
    /// at the start of a line (`lineStart` not nil): what would open a heading, quote, list or rule.
    /// A run of three or more underscores is a blank to fill in (`_____` marks a missing word) and is kept:
    /// with every other underscore escaped, it has nothing to pair with as emphasis.
    static func escapeRun(_ run: Substring, lineStart: LineStart?, html: Bool) -> String {
        var out = ""
        let characters = Array(run)
        var always: Set<Character> = ["\\", "`", "*", "[", "]", "~"]
        if !html { always.insert("<") }
        var blankEnd = -1
        for (index, c) in characters.enumerated() {
            if c == "_", index >= blankEnd {
                let length = characters[index...].prefix { $0 == "_" }.count
                blankEnd = index + (length >= 3 ? length : 1)
                if length < 3 { out += "\\" }
            } else if always.contains(c) {
                out += "\\"
            } else if c == "&", !html, isEntity(characters[(index + 1)...]) {
                out += "\\"
            } else if let lineStart, index == 0, ["#", ">", "-", "+"].contains(c) || (c == "=" && lineStart == .later) {
                out += "\\"
            } else if lineStart != nil, c == "." || c == ")", index > 0, index <= 9, characters[..<index].allSatisfy({ $0.isASCII && $0.isNumber }) {
                // `1984. ` would start an ordered list.
                out += "\\"
            }
            out.append(c)
        }
        return out
    }

    /// `&amp;`, `&#42;`, `&x;` would be read as a character reference.
    static func isEntity(_ rest: ArraySlice<Character>) -> Bool {
        guard let semicolon = rest.firstIndex(of: ";"), semicolon > rest.startIndex else { return false }
        return rest[rest.startIndex..<semicolon].allSatisfy { $0 == "#" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }
}

extension GiftMarkdown {
    /// A GIFT description as a paragraph of the lesson: Markdown as it is, `[moodle]` and `[plain]`
    /// text escaped as in question text. `[html]` goes on one line (a line break is white space in
    /// HTML): kept as inline HTML with the text between the tags escaped, or, when it opens an HTML
    /// block (`<p>`, `<div>`, `<!--`…, where Markdown reads no escapes), kept exactly as written.
    static func paragraph(_ text: GiftQuestion.Text) -> String {
        switch text.format {
        case .markdown:
            return text.text
        case .plain, .moodle:
            return escape(text.text, html: false)
        case .html:
            let line = text.text.split(separator: "\n").map { String($0).trimmed }.filter { !$0.isEmpty }.joined(separator: " ")
            guard let end = htmlBlockEnd(line) else { return escapeHTMLLine(Substring(line), firstLine: true) }
            // An HTML block of the kinds that end at a marker runs to the end of the page when the
            // marker is missing, and would swallow the quizzes below: close it.
            if end.isEmpty || line.dropFirst(2).range(of: end, options: .caseInsensitive) != nil { return line }
            return line + end
        }
    }

    /// The `::name::` of a description as the text of a `##` heading: escaped as Moodle text, and
    /// every `#` too, since trailing ones would close the heading.
    static func heading(_ title: String) -> String {
        let pieces = title.replacingOccurrences(of: "\n", with: " ").split(separator: "#", omittingEmptySubsequences: false)
        return pieces.enumerated().map { index, piece in escapeRun(piece, lineStart: index == 0 ? .first : nil, html: false) }
            .joined(separator: "\\#")
    }

    /// Block-level tags that start a CommonMark HTML block (kind 6), which ends at a blank line.
    static let htmlBlockTags: Set<String> = [
        "address", "article", "aside", "base", "basefont", "blockquote", "body", "caption", "center", "col", "colgroup", "dd",
        "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset",
        "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "iframe", "legend", "li", "link", "main", "menu",
        "menuitem", "nav", "noframes", "ol", "optgroup", "option", "p", "param", "search", "section", "summary", "table",
        "tbody", "td", "tfoot", "th", "thead", "title", "tr", "track", "ul",
    ]

    /// When a line starting with `line` opens a CommonMark HTML block: the text that ends it, or ""
    /// for a block that ends at a blank line; nil when it does not open one. (Kind 7, a line holding
    /// one whole tag, is left out: such a line is the same escaped or not.)
    static func htmlBlockEnd(_ line: String) -> String? {
        let lower = line.lowercased()
        guard lower.hasPrefix("<") else { return nil }
        func name(after prefix: String) -> (String, Character?)? {
            guard lower.hasPrefix(prefix) else { return nil }
            let rest = lower.dropFirst(prefix.count)
            let name = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            guard !name.isEmpty else { return nil }
            return (String(name), rest.dropFirst(name.count).first)
        }
        if let (tag, next) = name(after: "<"), ["pre", "script", "style", "textarea"].contains(tag), next == nil || next == " " || next == "\t" || next == ">" {
            return "</\(tag)>"
        }
        if lower.hasPrefix("<!--") { return "-->" }
        if lower.hasPrefix("<?") { return "?>" }
        if lower.hasPrefix("<![cdata[") { return "]]>" }
        if let next = lower.dropFirst(2).first, lower.hasPrefix("<!"), next.isASCII, next.isLetter { return ">" }
        for prefix in ["</", "<"] {
            if let (tag, next) = name(after: prefix), htmlBlockTags.contains(tag),
               next == nil || next == " " || next == "\t" || next == ">" || next == "/" {
                return ""
            }
        }
        return nil
    }
}
