import Foundation
import SzponMarkdown
import SzponStore

/// The report as one self-contained HTML page (inline CSS, SVG charts, no script), so
/// it reads the same from the admin page, from a file, or printed. Every value from
/// learners is escaped.
public enum ReportHTML {
    public static func render(_ report: Report, labels: ReportLabels, title: String = "") -> String {
        let t = ReportStrings(language: labels.language)
        var html = """
        <!DOCTYPE html>
        <html lang="\(labels.language)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <link rel="icon" href="data:,">
        <title>\(escape(t["report"]))\(title.isEmpty ? "" : " – " + escape(title))</title>
        <style>\(style)</style>
        </head>
        <body>
        <main id="main">
        <h1>\(escape(t["report"]))\(title.isEmpty ? "" : " – " + escape(title))</h1>
        <p>\(escape(t["generated"])): \(escape(report.generatedAt))\(report.filter.course.map { " · \(escape(t["course"])): \(escape($0))" } ?? "")</p>
        <p>\(escape(t["records"])): \(report.counts.records) · \(escape(t["conflicts"])): \(report.counts.conflicts) · \(escape(t["rejected"])): \(report.counts.rejections)</p>

        """
        html += section(t["courses"], id: "courses") {
            guard !report.courses.isEmpty else { return "<p>\(escape(t["none"]))</p>" }
            return table(caption: t["courses"],
                         head: [t["course"], t["attempts"], t["pass_rate"], t["average"], t["learners"], t["learners_passed"], t["learners_completed"]],
                         rows: report.courses.map { c in
                             [c.course, String(c.attempts), percent(c.passRate), percentValue(c.averagePercent), String(c.learners),
                              String(c.learnersPassed), String(c.learnersCompleted)]
                         })
        }
        html += section(t["questions"], id: "questions") {
            guard !report.quizzes.isEmpty else { return "<p>\(escape(t["none"]))</p>" }
            return report.quizzes.map { quiz in
                let texts = labels.questionTexts(quiz: quiz.quiz)
                return "<h3>\(escape(quiz.quiz))</h3>\n<p>\(escape(t["attempts"])): \(quiz.attempts) · \(escape(t["pass_rate"])): \(percent(quiz.passRate)) · \(escape(t["average"])): \(percentValue(quiz.averagePercent))</p>\n"
                    + table(caption: "\(t["questions"]): \(quiz.quiz)", head: [t["question"], t["answered"], t["share_correct"], t["average_points"]],
                            rows: quiz.questions.map { q in
                                [texts[q.question] ?? q.question, String(q.answered), percent(q.difficulty),
                                 q.averagePoints.map { format($0) + (q.maxPoints.map { " / " + format($0) } ?? "") } ?? "—"]
                            })
            }.joined()
        }
        html += section(t["surveys"], id: "surveys") {
            guard !report.surveys.isEmpty else { return "<p>\(escape(t["none"]))</p>" }
            return report.surveys.map { survey($0, labels: labels, t: t) }.joined()
        }
        html += section(t["flagged"], id: "flagged") {
            guard !report.flagged.isEmpty else { return "<p>\(escape(t["none"]))</p>" }
            return table(caption: t["flagged"], head: [t["record"], t["quiz"], t["why"], t["client"], t["server"], t["received"]],
                         rows: report.flagged.map { f in
                             [f.recordID, f.quiz, f.keyStatus == "unknown-version" ? t["unknown_version"] : t["mismatch"],
                              percentValue(f.clientPercent), percentValue(f.serverPercent), f.receivedAt]
                         })
        }
        html += section(t["conflicts"], id: "conflicts") {
            guard !report.conflicts.isEmpty else { return "<p>\(escape(t["none"]))</p>" }
            return table(caption: t["conflicts"], head: [t["record"], t["source"], t["received"], t["times"], t["content"]],
                         rows: report.conflicts.map { [$0.recordID, $0.source.rawValue, $0.receivedAt, String($0.times), String($0.raw.prefix(300))] })
        }
        html += section(t["rejected"], id: "rejected") {
            guard !report.rejections.isEmpty else { return "<p>\(escape(t["none"]))</p>" }
            return table(caption: t["rejected"], head: [t["record"], t["why"], t["source"], t["received"], t["times"]],
                         rows: report.rejections.map { [$0.recordID ?? "—", $0.reason, $0.source.rawValue, $0.receivedAt, String($0.times)] })
        }
        html += "</main>\n</body>\n</html>\n"
        return html
    }

    static func survey(_ survey: SurveyReport, labels: ReportLabels, t: ReportStrings) -> String {
        var html = "<h3>\(escape(survey.survey))</h3>\n<p>\(escape(t["responses"])): \(survey.responses)</p>\n"
        let ordered = labels.surveyQuestions(survey: survey.survey)
        let byID = Dictionary(survey.questions.map { ($0.question, $0) }, uniquingKeysWith: { a, _ in a })
        let ids = ordered.map(\.id).filter { byID[$0] != nil } + survey.questions.map(\.question).filter { id in !ordered.contains { $0.id == id } }
        for (number, id) in ids.enumerated() {
            guard let question = byID[id] else { continue }
            let definition = ordered.first { $0.id == id }?.question
            let chartID = "chart-\(slug(survey.survey))-\(number)"
            html += "<h4>\(escape(definition?.text ?? id))</h4>\n<p>\(escape(t["answers"])): \(question.answers)</p>\n"
            var bars: [(String, Int)] = []
            // The store reads list answers both as choices and as matrix cells; the type decides.
            let type = definition?.type
            if type != "matrix", type != "multiple", !question.values.isEmpty {
                bars = question.values.map { (labels.surveyValue($0.value, definition), $0.count) }
            } else if type != "matrix", !question.choices.isEmpty {
                bars = question.choices.map { (labels.surveyValue($0.value, definition), $0.count) }
            } else if !question.cells.isEmpty {
                bars = question.cells.map { cell in
                    ("\(definition?.rows[safe: cell.row] ?? String(cell.row + 1)): \(labels.surveyValue(cell.value, definition, column: true))", cell.count)
                }
            }
            if !bars.isEmpty {
                html += chart(bars, id: chartID, title: definition?.text ?? id)
                html += table(caption: "\(t["distribution"]): \(definition?.text ?? id)", head: [t["answer"], t["count"]],
                              rows: bars.map { [$0.0, String($0.1)] })
            }
            if !question.texts.isEmpty {
                html += "<ul class=\"texts\">\n" + question.texts.map { "<li><q>\(escape($0.text))</q> <span class=\"muted\">\(escape($0.createdAt))</span></li>" }.joined(separator: "\n") + "\n</ul>\n"
                if question.textCount > question.texts.count {
                    html += "<p class=\"muted\">\(escape(t["more_texts"])) \(question.textCount - question.texts.count)</p>\n"
                }
            }
        }
        if survey.omittedQuestions > 0 {
            html += "<p class=\"muted\">\(escape(t["more_questions"])) \(survey.omittedQuestions)</p>\n"
        }
        return html
    }

    /// A horizontal bar chart. The table after it holds the same numbers for screen readers,
    /// so the SVG is an image with a short name.
    static func chart(_ bars: [(String, Int)], id: String, title: String) -> String {
        let most = max(1, bars.map(\.1).max() ?? 1)
        let rowHeight = 26, labelWidth = 220, barWidth = 360
        let height = bars.count * rowHeight + 8
        var svg = "<svg class=\"chart\" role=\"img\" aria-labelledby=\"\(id)\" viewBox=\"0 0 \(labelWidth + barWidth + 60) \(height)\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\">\n<title id=\"\(id)\">\(escape(title))</title>\n"
        for (index, bar) in bars.enumerated() {
            let y = index * rowHeight + 4
            let width = max(1, barWidth * bar.1 / most)
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 16)\" text-anchor=\"end\">\(escape(String(bar.0.prefix(34))))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(width)\" height=\"\(rowHeight - 8)\" fill=\"#0b4f9c\"></rect>"
            svg += "<text x=\"\(labelWidth + width + 6)\" y=\"\(y + 16)\">\(bar.1)</text>\n"
        }
        return svg + "</svg>\n"
    }

    static func section(_ title: String, id: String, _ body: () -> String) -> String {
        "<section aria-labelledby=\"\(id)\">\n<h2 id=\"\(id)\">\(escape(title))</h2>\n\(body())</section>\n"
    }

    static func table(caption: String, head: [String], rows: [[String]]) -> String {
        var html = "<div class=\"table-wrap\" tabindex=\"0\" role=\"group\" aria-label=\"\(escape(caption))\">\n<table>\n<caption>\(escape(caption))</caption>\n<thead><tr>"
        html += head.map { "<th scope=\"col\">\(escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        html += rows.map { "<tr>" + $0.map { "<td>\(escape($0))</td>" }.joined() + "</tr>" }.joined(separator: "\n")
        return html + "\n</tbody>\n</table>\n</div>\n"
    }

    static func percent(_ share: Double?) -> String { share.map { format($0 * 100) + "%" } ?? "—" }
    static func percentValue(_ value: Double?) -> String { value.map { format($0) + "%" } ?? "—" }
    static func format(_ value: Double) -> String {
        // Client percentages are stored as sent (1e300 is valid JSON); Int() of those traps.
        guard abs(value) < 1e15 else { return String(format: "%g", value) }
        return value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    static func slug(_ text: String) -> String {
        String(text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    /// Text and attribute escaping for everything that did not come from szpon itself.
    static func escape(_ text: String) -> String { HTML.escape(text) }

    static let style = """
    body{font:16px/1.5 system-ui,sans-serif;color:#1b1b1b;background:#fff;margin:0}
    main{max-width:60rem;margin:0 auto;padding:1rem}
    h1{font-size:1.8rem}h2{margin-top:2rem;border-bottom:2px solid #c6ccd4}
    table{border-collapse:collapse;margin:.5rem 0 1rem;min-width:50%}
    caption{text-align:left;font-weight:700}
    th,td{border:1px solid #c6ccd4;padding:.3rem .5rem;text-align:left;vertical-align:top}
    thead th{background:#f3f5f8}
    .table-wrap{overflow-x:auto}
    .table-wrap:focus{outline:3px solid #1b1b1b}
    .chart{max-width:40rem;display:block}.chart text{font-size:13px;fill:#1b1b1b}
    .muted{color:#4a4a4a}.texts li{margin:.25rem 0}
    """
}

/// The report's few words, in the site's language.
struct ReportStrings {
    let language: String

    subscript(key: String) -> String {
        (language == "en" ? Self.en : Self.pl)[key] ?? key
    }

    static let pl: [String: String] = [
        "report": "Raport wyników", "generated": "Wygenerowano", "course": "Kurs", "courses": "Kursy",
        "records": "Rekordy", "conflicts": "Konflikty", "rejected": "Odrzucone rekordy", "none": "Brak danych.",
        "attempts": "Podejścia", "pass_rate": "Zdawalność", "average": "Średni wynik", "learners": "Uczestnicy (urządzenia)",
        "learners_passed": "Zaliczyli", "learners_completed": "Ukończyli wszystkie lekcje", "questions": "Pytania testów",
        "question": "Pytanie", "answered": "Odpowiedzi", "share_correct": "Odsetek poprawnych", "average_points": "Średnia punktów",
        "surveys": "Ankiety", "responses": "Odpowiedzi na ankietę", "answers": "Odpowiedzi", "distribution": "Rozkład odpowiedzi",
        "answer": "Odpowiedź", "count": "Liczba", "more_texts": "Pozostałe odpowiedzi tekstowe:", "more_questions": "Pominięte identyfikatory pytań (najrzadziej odpowiadane):", "flagged": "Podejścia do sprawdzenia",
        "record": "Rekord", "quiz": "Test", "why": "Powód", "client": "Wynik w przeglądarce", "server": "Wynik serwera",
        "received": "Otrzymano", "unknown_version": "nieznana wersja testu", "mismatch": "wynik przeglądarki różni się od wyniku serwera",
        "source": "Źródło", "times": "Ile razy", "content": "Treść",
    ]

    static let en: [String: String] = [
        "report": "Results report", "generated": "Generated", "course": "Course", "courses": "Courses",
        "records": "Records", "conflicts": "Conflicts", "rejected": "Rejected records", "none": "No data.",
        "attempts": "Attempts", "pass_rate": "Pass rate", "average": "Average score", "learners": "Learners (devices)",
        "learners_passed": "Passed", "learners_completed": "Completed every lesson", "questions": "Test questions",
        "question": "Question", "answered": "Answered", "share_correct": "Share correct", "average_points": "Average points",
        "surveys": "Surveys", "responses": "Survey responses", "answers": "Answers", "distribution": "Distribution",
        "answer": "Answer", "count": "Count", "more_texts": "More free-text answers:", "more_questions": "Question ids left out (the least answered):", "flagged": "Attempts to check",
        "record": "Record", "quiz": "Test", "why": "Why", "client": "Browser's score", "server": "Server's score",
        "received": "Received", "unknown_version": "unknown test version", "mismatch": "browser's score differs from the server's",
        "source": "Source", "times": "Times", "content": "Content",
    ]
}
