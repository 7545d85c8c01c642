import Foundation
import SzponContent
import SzponMarkdown

/// Builds the accessible HTML form of a quiz (through the theme's `quiz` template)
/// and the JSON the browser engine reads from the page.
struct QuizForm {
    let theme: Theme
    var i18n: I18n { theme.i18n }

    func render(_ quiz: Quiz) -> String {
        theme.render("quiz", context(quiz))
    }

    func context(_ quiz: Quiz) -> [String: Any] {
        let total = quiz.questions.reduce(0) { $0 + $1.points }
        var facts: [String] = []
        let shown = quiz.draw ?? quiz.questions.count
        facts.append(i18n.plural("questions", shown))
        if quiz.draw == nil { facts.append(i18n.plural("points", total)) }
        if let pass = quiz.pass { facts.append("\(i18n["pass_threshold"]): \(pass)%") }
        if let limit = quiz.timeLimit { facts.append("\(i18n["time_limit"]): \(i18n.plural("minutes", limit))") }
        if let attempts = quiz.attempts { facts.append("\(i18n["attempt_limit"]): \(attempts)") }
        let questions = quiz.questions.enumerated().map { index, question in
            questionContext(question, number: index + 1, quiz: quiz)
        }
        return [
            "t": theme.sharedStrings,
            "id": quiz.id,
            "title": quiz.title ?? (quiz.graded ? i18n["test"] : i18n["quiz"]),
            "graded": quiz.graded,
            "exam": quiz.mode == .exam,
            "facts": facts,
            "questions": questions,
            "json": json(payload(quiz)),
            "hash": quiz.contentHash,
        ]
    }

    func questionContext(_ q: Question, number: Int, quiz: Quiz) -> [String: Any] {
        let base = "\(quiz.id)-\(q.id)"
        var context: [String: Any] = [
            "number": number,
            "id": q.id,
            "domID": "q-\(base)",
            "type": q.kind.rawValue,
            "legendHTML": q.kind == .cloze ? i18n["cloze_prompt"] : Markdown.inline(q.text, allowRawHTML: true),
            "pointsLabel": i18n.plural("points", q.points),
            "name": base,
        ]
        switch q.kind {
        case .single, .multiple:
            context["isChoice"] = true
            context["options"] = q.answers.enumerated().map { index, answer in
                ["inputID": "\(base)-\(index)", "type": q.kind == .single ? "radio" : "checkbox", "name": base,
                 "value": String(index), "html": Markdown.inline(answer.text, allowRawHTML: true)] as [String: Any]
            }
        case .truefalse:
            context["isChoice"] = true
            context["options"] = [("true", i18n["answer_true"]), ("false", i18n["answer_false"])].map { value, label in
                ["inputID": "\(base)-\(value)", "type": "radio", "name": base, "value": value, "html": HTML.escape(label)] as [String: Any]
            }
        case .short:
            context["isText"] = true
            context["inputID"] = "\(base)-input"
            context["inputMode"] = "text"
        case .numeric:
            context["isText"] = true
            context["inputID"] = "\(base)-input"
            context["inputMode"] = "decimal"
        case .matching:
            context["isMatching"] = true
            let rights = q.matchingChoices
            context["rows"] = q.pairs.enumerated().map { index, pair in
                ["selectID": "\(base)-\(index)", "leftHTML": Markdown.inline(pair.left, allowRawHTML: true),
                 "choices": rights.enumerated().map { ["value": String($0.offset), "text": $0.element] }] as [String: Any]
            }
        case .ordering:
            context["isOrdering"] = true
            // Listed alphabetically so the page does not give the right order away.
            let shown = q.items.enumerated().sorted { ($0.element, $0.offset) < ($1.element, $1.offset) }
            context["items"] = shown.enumerated().map { position, item in
                ["selectID": "\(base)-\(position)", "value": String(item.offset), "html": Markdown.inline(item.element, allowRawHTML: true),
                 "positions": (1...q.items.count).map { ["value": String($0)] }] as [String: Any]
            }
        case .cloze:
            context["isCloze"] = true
            context["clozeHTML"] = clozeHTML(q, base: base)
        case .essay:
            context["isEssay"] = true
            context["inputID"] = "\(base)-input"
        }
        return context
    }

    /// Cloze text with an input in place of each blank; each input is labelled by its number.
    func clozeHTML(_ q: Question, base: String) -> String {
        var html = ""
        var blank = 0
        var placeholders: [String] = []
        var text = ""
        // Render the text as Markdown with placeholders, so emphasis and links around blanks still work.
        for part in Question.clozeParts(q.text) {
            switch part {
            case let .text(literal): text += literal
            case .blank:
                blank += 1
                let marker = "SZPONBLANK\(blank)X"
                placeholders.append(marker)
                text += marker
            }
        }
        html = Markdown.inline(text, allowRawHTML: true)
        for (index, marker) in placeholders.enumerated() {
            let label = "\(i18n["blank"]) \(index + 1)"
            let input = "<input type=\"text\" class=\"szpon-blank\" id=\"\(base)-\(index)\" name=\"\(base)-\(index)\" aria-label=\"\(HTML.escape(label))\" autocomplete=\"off\" size=\"12\">"
            html = html.replacing(marker, with: input)
        }
        return html
    }

    /// What the browser engine needs. In exam mode no key or feedback is published:
    /// the server scores the attempt from the key the build keeps outside the site.
    func payload(_ quiz: Quiz) -> [String: Any] {
        Self.payload(quiz, withKey: quiz.mode != .exam, language: i18n.language)
    }

    /// The quiz as the engine (and the server's rescoring) reads it. `withKey` adds the
    /// answer key and the feedback; the shapes are documented in docs/architecture.md.
    /// The site's `language` decides how a typed "1,000" reads: a thousand where the
    /// decimal mark is a point, one where it is a comma.
    static func payload(_ quiz: Quiz, withKey: Bool, language: String) -> [String: Any] {
        var data: [String: Any] = [
            "id": quiz.id, "mode": quiz.mode.rawValue, "graded": quiz.graded, "shuffle": quiz.shuffle,
            "hash": quiz.contentHash,
        ]
        if let pass = quiz.pass { data["pass"] = pass }
        if let draw = quiz.draw { data["draw"] = draw }
        if let attempts = quiz.attempts { data["attempts"] = attempts }
        if let limit = quiz.timeLimit { data["timeLimit"] = limit }
        let html = { (markdown: String) in Markdown.inline(markdown, allowRawHTML: true) }
        data["questions"] = quiz.questions.map { q -> [String: Any] in
            var item: [String: Any] = ["id": q.id, "type": q.kind.rawValue, "points": q.points]
            if q.kind == .single || q.kind == .multiple { item["options"] = q.answers.count }
            if q.kind == .matching { item["count"] = q.pairs.count }
            if q.kind == .ordering { item["count"] = q.items.count }
            if q.kind == .cloze { item["blanks"] = q.blanks.count }
            guard withKey else { return item }
            if let feedback = q.feedback { item["feedback"] = html(feedback) }
            switch q.kind {
            case .single, .multiple:
                let weighted = q.kind == .single || q.answers.contains { $0.weight != nil }
                item["answers"] = q.answers.map { answer -> [String: Any] in
                    var a: [String: Any] = ["correct": answer.correct]
                    if weighted { a["weight"] = answer.weight ?? (answer.correct && q.kind == .single ? 100 : 0) }
                    if let feedback = answer.feedback { a["feedback"] = html(feedback) }
                    return a
                }
            case .truefalse:
                item["answer"] = q.truth ?? false
                if let f = q.feedbackTrue { item["feedbackTrue"] = html(f) }
                if let f = q.feedbackFalse { item["feedbackFalse"] = html(f) }
            case .short:
                item["answers"] = q.textAnswers.map { answer -> [String: Any] in
                    var a: [String: Any] = ["text": answer.text, "weight": answer.weight]
                    if let feedback = answer.feedback { a["feedback"] = html(feedback) }
                    return a
                }
                item["caseSensitive"] = q.caseSensitive
                item["ignoreDiacritics"] = q.ignoreDiacritics
            case .numeric:
                item["answers"] = q.numericAnswers.map { answer -> [String: Any] in
                    var a: [String: Any] = ["weight": answer.weight]
                    if let min = answer.min { a["min"] = min }
                    if let max = answer.max { a["max"] = max }
                    if let feedback = answer.feedback { a["feedback"] = html(feedback) }
                    return a
                }
                if I18n.decimalMark(language: language) == "." { item["decimal"] = "." }
            case .matching:
                let rights = q.matchingChoices
                item["key"] = q.pairs.map { rights.firstIndex(of: $0.right)! }
            case .ordering:
                item["key"] = q.items.indices.map { $0 }
            case .cloze:
                item["accept"] = q.blanks.map(\.accept)
                item["caseSensitive"] = q.caseSensitive
                item["ignoreDiacritics"] = q.ignoreDiacritics
            case .essay:
                break
            }
            return item
        }
        return data
    }
}
