/// Reads Moodle's GIFT question format (https://docs.moodle.org/en/GIFT_format) into `GiftQuestion`s,
/// following the rules of Moodle's own importer (question/format/gift/format.php): questions are
/// separated by blank lines, `//` lines are comments, the answers sit in one `{…}` block, and the
/// question type follows from what the block holds; an item without answers is a description (text
/// shown among the questions). Every question that cannot be read becomes a diagnostic at the line
/// where it starts, or at the line of the bad answer.
public enum GiftParser {
    public static func parse(_ source: String, file: String) -> (questions: [GiftQuestion], diagnostics: [Diagnostic]) {
        var questions: [GiftQuestion] = []
        var diagnostics: [Diagnostic] = []
        var category: [String]?
        var firstCategory: SourceLocation?
        for block in blocks(lines(of: source)) {
            var lines = block.filter { !$0.text.trimmed.hasPrefix("//") }
            guard let first = lines.first else { continue }
            let firstText = first.text.trimmed
            if firstText.hasPrefix("$CATEGORY:") {
                if firstCategory == nil {
                    let indent = first.text.prefix { $0 == " " || $0 == "\t" }.count
                    firstCategory = SourceLocation(file: file, line: first.number, column: indent + 1)
                }
                category = categoryPath(String(firstText.dropFirst("$CATEGORY:".count)))
                // Moodle reads the whole block as the category; a question right below it is kept as a question.
                lines.removeFirst()
                if lines.isEmpty { continue }
            }
            let text = MarkedText(lines: lines)
            do {
                var question = try Reader(text: text, file: file).question()
                question.category = category
                questions.append(question)
            } catch let problem as Problem {
                diagnostics.append(problem.diagnostic)
            } catch {}
        }
        if questions.isEmpty, diagnostics.isEmpty, let firstCategory {
            // Categories alone (a bank exported from empty categories) are nothing to import, but no mistake either.
            diagnostics.append(firstCategory.warning("this file has only $CATEGORY lines and no questions: nothing was imported from it"))
        }
        return (questions, diagnostics)
    }

    /// `$course$/top/Default for X` → `["top", "Default for X"]`: the `$…$` context is dropped, and
    /// Moodle's `//` (a slash inside a category name) is kept as one `/`.
    static func categoryPath(_ raw: String) -> [String] {
        var text = raw.trimmed
        if let info = text.range(of: "[info]") { text = String(text[..<info.lowerBound]).trimmed }
        let slash = "\u{E02F}"
        let segments = text.replacingOccurrences(of: "//", with: slash).split(separator: "/", omittingEmptySubsequences: true)
            .map { $0.replacingOccurrences(of: slash, with: "/").trimmed }
            .filter { !$0.isEmpty }
        var path = Array(segments)
        if let first = path.first, first.hasPrefix("$"), first.hasSuffix("$"), first.count > 1 { path.removeFirst() }
        return path
    }

    // MARK: - Lines and blocks

    struct Line {
        var number: Int
        var text: Substring
    }

    /// Lines split at LF, CRLF or CR, without a leading byte-order mark.
    static func lines(of source: String) -> [Line] {
        var text = Substring(source)
        if text.first == "\u{FEFF}" { text = text.dropFirst() }
        var lines: [Line] = []
        var number = 1
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if c == "\n" || c == "\r\n" || c == "\r" {
                lines.append(Line(number: number, text: text[start..<index]))
                number += 1
                index = text.index(after: index)
                start = index
            } else {
                index = text.index(after: index)
            }
        }
        if start < text.endIndex { lines.append(Line(number: number, text: text[start...])) }
        return lines
    }

    /// Runs of lines that are not blank: one question (or category) each.
    static func blocks(_ lines: [Line]) -> [[Line]] {
        var blocks: [[Line]] = []
        var current: [Line] = []
        for line in lines {
            if line.text.trimmed.isEmpty {
                if !current.isEmpty { blocks.append(current) }
                current = []
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { blocks.append(current) }
        return blocks
    }

    // MARK: - Reading one question

    struct Problem: Error {
        var diagnostic: Diagnostic
    }

    static let tfValues: [String: Bool] = ["T": true, "TRUE": true, "F": false, "FALSE": false]

    struct Reader {
        let text: MarkedText
        let file: String

        func location(_ index: Int) -> SourceLocation {
            let mark = text.marks[min(max(index, 0), text.marks.count - 1)]
            return SourceLocation(file: file, line: mark.line, column: mark.column)
        }

        func fail(_ index: Int, _ message: String, hint: String? = nil) -> Problem {
            Problem(diagnostic: location(index).error(message, hint: hint))
        }

        func question() throws -> GiftQuestion {
            var rest = text.trim(0..<text.count)
            let start = rest.lowerBound
            var name: String?
            if text.hasPrefix("::", in: rest) {
                guard let close = text.find("::", in: rest.lowerBound + 2..<rest.upperBound) else {
                    throw fail(start, "the question name is not closed: write ::name:: before the question text")
                }
                name = text.decode(rest.lowerBound + 2..<close).trimmed
                rest = text.trim(close + 2..<rest.upperBound)
            }
            let open = text.find("{", in: rest)
            let firstClose = text.find("}", in: rest)
            guard let open else {
                if let firstClose {
                    throw fail(firstClose, "'}' without an opening '{'", hint: "write a literal brace as \\}")
                }
                // No answers: Moodle's "description", text shown among the questions.
                let description = GiftParser.text(text.decode(rest), default: .moodle)
                if description.text.isEmpty {
                    throw fail(start, "this description has a name but no text", hint: "write the text after ::\(name ?? "")::, or remove the item")
                }
                return GiftQuestion(name: name?.isEmpty == true ? nil : name, category: nil, text: description,
                                    generalFeedback: nil, body: .description, location: location(start))
            }
            if let firstClose, firstClose < open {
                throw fail(firstClose, "'}' before the answers' opening '{'", hint: "write a literal brace as \\}")
            }
            guard let close = text.find("}", in: open + 1..<rest.upperBound) else {
                throw fail(start, "the answers' '{' on line \(location(open).line) is never closed with '}'")
            }
            if let stray = text.firstIndex(in: close + 1..<rest.upperBound, where: { $0 == "{" || $0 == "}" }) {
                throw fail(stray, "a GIFT question has one {…} block of answers; this '\(text.chars[stray])' starts another",
                           hint: "write a literal brace as \\{ or \\}")
            }

            // Text before and after the answers: with text after them, the answers stand where the blank goes.
            let before = text.decode(rest.lowerBound..<open)
            let after = text.decode(close + 1..<rest.upperBound)
            let questionSource = after.trimmed.isEmpty ? before.trimmed : (before + "_____" + after).trimmed
            let questionText = GiftParser.text(questionSource, default: .moodle)
            if questionText.text.isEmpty {
                throw fail(start, "the question has no text before its answers")
            }
            let format = questionText.format

            var answers = text.trim(open + 1..<close)
            var generalFeedback: GiftQuestion.Text?
            if let separator = text.findLast("####", in: answers) {
                generalFeedback = optionalText(text.decode(separator + 4..<answers.upperBound), format)
                answers = text.trim(answers.lowerBound..<separator)
            }

            let body: GiftQuestion.Body
            if answers.isEmpty {
                body = .essay
            } else if text.chars[answers.lowerBound] == "#" {
                body = try numeric(text.trim(answers.lowerBound + 1..<answers.upperBound), format: format, question: start)
            } else if text.contains("~", in: answers) {
                body = .multipleChoice(try choices(answers, format: format))
            } else if text.contains("=", in: answers), text.find("->", in: answers) != nil {
                body = try matching(answers, format: format)
            } else if let truth = GiftParser.tfValues[text.raw(text.trim(answers.lowerBound..<(text.find("#", in: answers) ?? answers.upperBound)))] {
                let parts = text.split(answers, at: "#", limit: 3)
                let wrong = parts.count > 1 ? optionalText(text.decode(parts[1]), format) : nil
                let right = parts.count > 2 ? optionalText(text.decode(parts[2]), format) : nil
                body = .trueFalse(truth, feedbackWhenWrong: wrong, feedbackWhenRight: right)
            } else {
                body = .shortAnswer(try shortAnswers(answers, format: format))
            }
            return GiftQuestion(name: name?.isEmpty == true ? nil : name, category: nil, text: questionText,
                                generalFeedback: generalFeedback, body: body, location: location(start))
        }

        func optionalText(_ raw: String, _ format: GiftQuestion.Format) -> GiftQuestion.Text? {
            let parsed = GiftParser.text(raw, default: format)
            return parsed.text.isEmpty ? nil : parsed
        }

        /// The answers split at their markers (`=`, `~`); text before the first marker is not an answer.
        func segments(_ range: Range<Int>, markers: Set<Character>, expected: String) throws -> [(marker: Character, at: Int, body: Range<Int>)] {
            var result: [(marker: Character, at: Int, body: Range<Int>)] = []
            var index = range.lowerBound
            while index < range.upperBound {
                if markers.contains(text.chars[index]) {
                    if var last = result.popLast() {
                        last.body = last.body.lowerBound..<index
                        result.append(last)
                    } else if !text.trim(range.lowerBound..<index).isEmpty {
                        throw unknownSyntax(range.lowerBound..<index, expected: expected)
                    }
                    result.append((text.chars[index], index, index + 1..<range.upperBound))
                }
                index += 1
            }
            if result.isEmpty { throw unknownSyntax(range, expected: expected) }
            return result
        }

        func unknownSyntax(_ range: Range<Int>, expected: String) -> Problem {
            let trimmed = text.trim(range)
            let shown = text.decode(trimmed)
            return fail(trimmed.lowerBound, "unknown answer syntax '\(shown.count > 40 ? shown.prefix(40) + "…" : shown)'", hint: expected)
        }

        /// `%50%` or `%-33.3%` at the start of an answer.
        func weight(_ range: inout Range<Int>) throws -> Double? {
            range = text.trim(range)
            guard !range.isEmpty, text.chars[range.lowerBound] == "%" else { return nil }
            guard let close = text.find("%", in: range.lowerBound + 1..<range.upperBound) else { return nil }
            let raw = text.raw(range.lowerBound + 1..<close)
            if raw.contains(where: { $0 == " " || $0 == "\t" }) { return nil }
            guard let value = GiftParser.number(raw) else {
                throw fail(range.lowerBound, "'%\(raw)%' is not a weight", hint: "write a percentage such as %50% or %-25%")
            }
            guard (-100...100).contains(value) else {
                throw fail(range.lowerBound, "weight \(raw)% is out of range: use -100 to 100")
            }
            range = text.trim(close + 1..<range.upperBound)
            return value
        }

        /// Answer text and `#feedback`.
        func textAndFeedback(_ range: Range<Int>) -> (text: String, feedback: String?) {
            guard let hash = text.find("#", in: range) else { return (text.decode(range), nil) }
            return (text.decode(range.lowerBound..<hash), text.decode(hash + 1..<range.upperBound))
        }

        func choices(_ range: Range<Int>, format: GiftQuestion.Format) throws -> [GiftQuestion.Choice] {
            try segments(range, markers: ["=", "~"], expected: "start each answer with = (right) or ~ (wrong)").map { segment in
                var body = segment.body
                let weight = try weight(&body)
                let (answer, feedback) = textAndFeedback(body)
                let parsed = GiftParser.text(answer, default: format)
                if parsed.text.isEmpty {
                    throw fail(segment.at, "empty answer after '\(segment.marker)'")
                }
                return GiftQuestion.Choice(text: parsed, isRight: segment.marker == "=", weight: weight,
                                           feedback: feedback.flatMap { optionalText($0, format) }, location: location(segment.at))
            }
        }

        func shortAnswers(_ range: Range<Int>, format: GiftQuestion.Format) throws -> [GiftQuestion.ShortAnswer] {
            try segments(range, markers: ["="], expected: "start each accepted answer with =").map { segment in
                var body = segment.body
                let weight = try weight(&body)
                if let weight, weight < 0 {
                    throw fail(segment.at, "a short answer cannot weigh \(QuizParser.formatNumber(weight))%: use 0 to 100")
                }
                let (answer, feedback) = textAndFeedback(body)
                let parsed = GiftParser.text(answer, default: format)
                if parsed.text.isEmpty {
                    throw fail(segment.at, "empty answer after '='")
                }
                return GiftQuestion.ShortAnswer(text: parsed.text, weight: weight, feedback: feedback.flatMap { optionalText($0, format) },
                                                location: location(segment.at))
            }
        }

        func matching(_ range: Range<Int>, format: GiftQuestion.Format) throws -> GiftQuestion.Body {
            var pairs: [GiftQuestion.Pair] = []
            var distractors: [String] = []
            for segment in try segments(range, markers: ["="], expected: "start each pair with =, as in =left -> right") {
                guard let arrow = text.find("->", in: segment.body) else {
                    throw fail(segment.at, "matching answer without '->'", hint: "write each pair as =left -> right, and a distractor as = -> right")
                }
                let left = GiftParser.text(text.decode(segment.body.lowerBound..<arrow), default: format)
                let right = text.decode(arrow + 2..<segment.body.upperBound).trimmed
                if right.isEmpty {
                    throw fail(segment.at, "matching answer with nothing after '->'")
                }
                if left.text.isEmpty { distractors.append(right) } else { pairs.append(.init(left: left, right: right)) }
            }
            return .matching(pairs: pairs, distractors: distractors)
        }

        func numeric(_ range: Range<Int>, format: GiftQuestion.Format, question: Int) throws -> GiftQuestion.Body {
            var answersRange = range
            var otherFeedback: GiftQuestion.Text?
            if let tilde = text.find("~", in: range) {
                answersRange = range.lowerBound..<tilde
                let other = text.trim(tilde + 1..<range.upperBound)
                guard !other.isEmpty, text.chars[other.lowerBound] == "#", !text.contains("~", in: other) else {
                    throw unknownSyntax(tilde..<range.upperBound, expected: "a numeric question takes one ~#feedback, shown for any other number")
                }
                otherFeedback = optionalText(text.decode(other.lowerBound + 1..<other.upperBound), format)
            }
            answersRange = text.trim(answersRange)
            if answersRange.isEmpty {
                throw fail(question, "numeric question without an answer", hint: "write {#1822}, {#1822:2} or {#1821..1823}")
            }
            // `{#1822:2}` has no `=`; Moodle also reads text before the first `=` as an answer.
            var pieces: [(at: Int, body: Range<Int>)] = []
            var start = answersRange.lowerBound
            var at = answersRange.lowerBound
            for index in answersRange where text.chars[index] == "=" {
                if !text.trim(start..<index).isEmpty { pieces.append((at, start..<index)) }
                start = index + 1
                at = index
            }
            if !text.trim(start..<answersRange.upperBound).isEmpty { pieces.append((at, start..<answersRange.upperBound)) }
            if pieces.isEmpty {
                throw fail(question, "numeric question without an answer", hint: "write {#1822}, {#1822:2} or {#1821..1823}")
            }
            let answers = try pieces.map { piece -> GiftQuestion.NumericAnswer in
                var body = piece.body
                let weight = try weight(&body)
                if let weight, weight < 0 {
                    throw fail(piece.at, "a numeric answer cannot weigh \(QuizParser.formatNumber(weight))%: use 0 to 100")
                }
                let (raw, feedback) = textAndFeedback(body)
                let value = try numericValue(GiftParser.text(raw, default: .plain).text, at: piece.at)
                return GiftQuestion.NumericAnswer(value: value, weight: weight, feedback: feedback.flatMap { optionalText($0, format) },
                                                  location: location(piece.at))
            }
            return .numeric(answers, otherFeedback: otherFeedback)
        }

        func numericValue(_ raw: String, at index: Int) throws -> GiftQuestion.NumericValue {
            func number(_ part: Substring) throws -> Double {
                guard let value = GiftParser.number(String(part).trimmed) else {
                    throw fail(index, "'\(String(part).trimmed)' is not a number", hint: "write numbers with a decimal point: {#3.1415:0.0005} or {#3.141..3.142}")
                }
                return value
            }
            if let dots = raw.range(of: ".."), dots.lowerBound > raw.startIndex {
                let min = try number(raw[..<dots.lowerBound]), max = try number(raw[dots.upperBound...])
                if min > max { throw fail(index, "the range \(raw) starts above its end") }
                return .range(min: min, max: max)
            }
            if let colon = raw.firstIndex(of: ":"), colon > raw.startIndex {
                let tolerance = try number(raw[raw.index(after: colon)...])
                if tolerance < 0 { throw fail(index, "the tolerance in \(raw) cannot be negative") }
                return .value(try number(raw[..<colon]), tolerance: tolerance)
            }
            return .value(try number(Substring(raw)), tolerance: nil)
        }
    }

    /// A decimal number as GIFT writes it (`1822`, `-3.5`, `.5`, `1e3`); nil for anything else.
    static func number(_ raw: String) -> Double? {
        var digits = 0, dots = 0, exponent = false, index = raw.startIndex
        if index < raw.endIndex, raw[index] == "+" || raw[index] == "-" { index = raw.index(after: index) }
        while index < raw.endIndex {
            let c = raw[index]
            if c.isASCII, c.isNumber { digits += 1 } else if c == ".", !exponent { dots += 1 } else if c == "e" || c == "E", digits > 0, !exponent {
                exponent = true
                let next = raw.index(after: index)
                if next < raw.endIndex, raw[next] == "+" || raw[next] == "-" { index = next }
                digits = 0
            } else { return nil }
            index = raw.index(after: index)
        }
        guard digits > 0, dots <= 1, let value = Double(raw), value.isFinite else { return nil }
        return value
    }

    /// Text with an optional `[format]` prefix.
    static func text(_ raw: String, default format: GiftQuestion.Format) -> GiftQuestion.Text {
        let text = raw.trimmed
        if text.hasPrefix("["), let close = text.firstIndex(of: "]"),
           let named = GiftQuestion.Format(rawValue: text[text.index(after: text.startIndex)..<close].lowercased()) {
            return .init(String(text[text.index(after: close)...]).trimmed, format: named)
        }
        return .init(text, format: format)
    }
}

/// The text of one question, its lines trimmed and joined with spaces, with the line and column
/// of every character and GIFT's escapes (`\~ \= \# \{ \} \: \\ \n`) turned into placeholders
/// that no structural search matches.
struct MarkedText {
    struct Mark {
        var line: Int
        var column: Int
    }

    var chars: [Character] = []
    var marks: [Mark] = []

    static let escapable: Set<Character> = ["~", "=", "#", "{", "}", ":", "\\", "n"]
    static let placeholderBase: UInt32 = 0xE000

    init(lines: [GiftParser.Line]) {
        for line in lines {
            let characters = Array(line.text)
            guard let first = characters.firstIndex(where: { $0 != " " && $0 != "\t" }),
                  let last = characters.lastIndex(where: { $0 != " " && $0 != "\t" }) else { continue }
            if !chars.isEmpty {
                chars.append(" ")
                marks.append(marks[marks.count - 1])
            }
            var index = first
            while index <= last {
                let c = characters[index]
                if c == "\\", index < last, Self.escapable.contains(characters[index + 1]) {
                    chars.append(Self.placeholder(characters[index + 1]))
                    marks.append(Mark(line: line.number, column: index + 1))
                    index += 2
                } else {
                    chars.append(c)
                    marks.append(Mark(line: line.number, column: index + 1))
                    index += 1
                }
            }
        }
    }

    var count: Int { chars.count }

    static func placeholder(_ c: Character) -> Character {
        Character(Unicode.Scalar(placeholderBase + c.unicodeScalars.first!.value)!)
    }

    /// The text with escapes resolved: `\n` becomes a line break.
    func decode(_ range: Range<Int>) -> String {
        var out = ""
        for c in chars[range] {
            if let scalar = c.unicodeScalars.first, c.unicodeScalars.count == 1,
               (Self.placeholderBase..<Self.placeholderBase + 0x80).contains(scalar.value) {
                let original = Character(Unicode.Scalar(scalar.value - Self.placeholderBase)!)
                out.append(original == "n" ? "\n" : original)
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// The text as it stands, placeholders included (for comparing with keywords such as TRUE).
    func raw(_ range: Range<Int>) -> String { String(chars[range]) }

    func trim(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, chars[lower] == " " || chars[lower] == "\t" { lower += 1 }
        while upper > lower, chars[upper - 1] == " " || chars[upper - 1] == "\t" { upper -= 1 }
        return lower..<upper
    }

    func matches(_ needle: [Character], at index: Int, in range: Range<Int>) -> Bool {
        guard index + needle.count <= range.upperBound else { return false }
        for (offset, c) in needle.enumerated() where chars[index + offset] != c { return false }
        return true
    }

    func hasPrefix(_ needle: String, in range: Range<Int>) -> Bool { matches(Array(needle), at: range.lowerBound, in: range) }

    func find(_ needle: String, in range: Range<Int>) -> Int? {
        let pattern = Array(needle)
        return range.first { matches(pattern, at: $0, in: range) }
    }

    func findLast(_ needle: String, in range: Range<Int>) -> Int? {
        let pattern = Array(needle)
        return range.reversed().first { matches(pattern, at: $0, in: range) }
    }

    func firstIndex(in range: Range<Int>, where predicate: (Character) -> Bool) -> Int? {
        range.first { predicate(chars[$0]) }
    }

    func contains(_ c: Character, in range: Range<Int>) -> Bool { chars[range].contains(c) }

    /// Splits at `separator`, into at most `limit` parts (like PHP's `explode`).
    func split(_ range: Range<Int>, at separator: Character, limit: Int) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var start = range.lowerBound
        for index in range where chars[index] == separator && parts.count < limit - 1 {
            parts.append(start..<index)
            start = index + 1
        }
        parts.append(start..<range.upperBound)
        return parts
    }
}
