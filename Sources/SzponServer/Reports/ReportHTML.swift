import Foundation
import SzponMarkdown
import SzponSite
import SzponStore

/// The report as one self-contained HTML page (inline CSS, SVG charts, no script), so it
/// reads the same on the admin page, from a file, or printed. The page is the theme's
/// `staff/report.mustache` with the strings of `i18n/<language>.yaml`; this type only
/// gathers the values: titles for ids, plain text for the authors' Markdown, numbers and
/// Warsaw times in the site's language. Mustache escapes every value, so what learners
/// wrote shows as text.
public enum ReportHTML {
    /// What the signed-in /admin page adds: sign-out, downloads and the course filter.
    public struct StaffControls: Sendable {
        public var csrf: String
        /// The selected course's slug, if any.
        public var course: String?
        /// The panel's navigation (the sections the viewer may open) and who is signed in.
        public var nav: [StaffNavLink]
        public var signedInAs: String

        public init(csrf: String, course: String?, nav: [StaffNavLink] = [], signedInAs: String = "") {
            self.csrf = csrf
            self.course = course
            self.nav = nav
            self.signedInAs = signedInAs
        }
    }

    public static func render(_ report: Report, labels: ReportLabels, titles: ReportTitles = ReportTitles(), title: String = "",
                              theme: StaffTheme? = nil, staff: StaffControls? = nil) -> String {
        let theme = theme ?? StaffTheme(language: labels.language)
        let page = theme.render("staff/report") { i18n in
            context(report, labels: labels, titles: titles, title: title, strings: i18n.strings, staff: staff)
        }
        return page ?? missingTheme(language: labels.language)
    }

    /// When no theme has the staff templates, a page that says so (and where to look).
    static func missingTheme(language: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(HTML.escape(language))"><head><meta charset="utf-8"><title>szpon</title></head>
        <body><main><h1>szpon</h1><p>The theme has no staff/report.mustache template; pass --theme or reinstall szpon's default theme.</p></main></body></html>

        """
    }

    static func context(_ report: Report, labels: ReportLabels, titles: ReportTitles, title: String,
                        strings: [String: String], staff: StaffControls?) -> [String: Any] {
        let f = ReportFormat(language: labels.language)
        func t(_ key: String) -> String { strings[key] ?? key }
        var values: [String: Any] = [
            "pageTitle": title.isEmpty ? t("staff_report_title") : "\(t("staff_report_title")) – \(title)",
            "generated": f.dateTime(report.generatedAt),
            "records": report.counts.records, "conflictCount": report.counts.conflicts, "rejectionCount": report.counts.rejections,
        ]
        if report.codedRecords > 0 {
            values["codes"] = ["coded": report.codedRecords, "unattributed": report.unattributedRecords]
        }
        if let course = report.filter.course { values["filterCourse"] = titles.course(course) }
        if let staff { values["staff"] = staffContext(staff, report: report, titles: titles) }

        values["courses"] = report.courses.map { c -> [String: Any] in
            ["title": titles.course(c.course), "attempts": c.attempts, "passRate": f.percent(share: c.passRate),
             "average": f.percent(c.averagePercent), "learners": c.learners, "passed": c.learnersPassed,
             "completed": c.learnersCompleted]
        }
        values["quizzes"] = report.quizzes.enumerated().map { index, quiz -> [String: Any] in
            let texts = labels.questionTexts(quiz: quiz.quiz)
            var item: [String: Any] = [
                "headingID": "quiz-\(index + 1)", "title": titles.quiz(quiz.quiz),
                "attempts": quiz.attempts, "passRate": f.percent(share: quiz.passRate), "average": f.percent(quiz.averagePercent),
                "questions": quiz.questions.map { q -> [String: Any] in
                    ["text": f.text(texts[q.question] ?? q.question), "answered": q.answered,
                     "share": f.percent(share: q.difficulty), "points": f.points(q.averagePoints, of: q.maxPoints)]
                },
            ]
            if let course = quiz.course { item["course"] = titles.course(course) }
            return item
        }
        values["surveys"] = report.surveys.enumerated().map { index, survey in
            surveyContext(survey, number: index + 1, labels: labels, titles: titles, format: f, strings: strings)
        }
        values["hasCourses"] = !report.courses.isEmpty
        values["hasFlagged"] = !report.flagged.isEmpty
        values["hasConflicts"] = !report.conflicts.isEmpty
        values["hasRejections"] = !report.rejections.isEmpty
        values["flagged"] = report.flagged.map { a -> [String: Any] in
            ["record": a.recordID, "quiz": titles.quiz(a.quiz),
             "why": a.keyStatus == "unknown-version" ? t("staff_unknown_version") : t("staff_mismatch"),
             "client": f.percent(a.clientPercent), "server": f.percent(a.serverPercent), "received": f.dateTime(a.receivedAt)]
        }
        values["conflicts"] = report.conflicts.map { c -> [String: Any] in
            ["record": c.recordID, "source": c.source.rawValue, "received": f.dateTime(c.receivedAt), "times": c.times,
             "content": String(c.raw.prefix(300))]
        }
        values["rejections"] = report.rejections.map { r -> [String: Any] in
            ["record": r.recordID ?? "—", "why": r.reason, "source": r.source.rawValue, "received": f.dateTime(r.receivedAt),
             "times": r.times]
        }
        return values
    }

    static func staffContext(_ staff: StaffControls, report: Report, titles: ReportTitles) -> [String: Any] {
        // The courses the site has; before a manifest names them, those in the report.
        var courses = titles.courses.map(\.slug)
        if courses.isEmpty { courses = report.courses.map(\.course) }
        if let selected = staff.course, !courses.contains(selected) { courses.append(selected) }
        let query = staff.course.map { "?course=" + (Self.queryValue($0)) } ?? ""
        return [
            "csrf": staff.csrf,
            "nav": PanelPages.navContext(staff.nav),
            "signedInAs": staff.signedInAs,
            "csvHref": "/panel/results.csv" + query,
            "jsonHref": "/panel/results.json" + query,
            "attemptsHref": "/panel/attempts.csv" + query,
            "allSelected": staff.course == nil,
            "courseOptions": courses.map { slug -> [String: Any] in
                ["slug": slug, "title": titles.course(slug), "selected": slug == staff.course]
            },
        ]
    }

    static func queryValue(_ text: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+#?")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    static func surveyContext(_ survey: SurveyReport, number: Int, labels: ReportLabels, titles: ReportTitles,
                              format f: ReportFormat, strings: [String: String]) -> [String: Any] {
        let ordered = labels.surveyQuestions(survey: survey.survey)
        let byID = Dictionary(survey.questions.map { ($0.question, $0) }, uniquingKeysWith: { a, _ in a })
        let ids = ordered.map(\.id).filter { byID[$0] != nil } + survey.questions.map(\.question).filter { id in !ordered.contains { $0.id == id } }
        var questions: [[String: Any]] = []
        for (index, id) in ids.enumerated() {
            guard let question = byID[id] else { continue }
            let definition = ordered.first { $0.id == id }?.question
            let text = f.text(definition?.text ?? id)
            let bars = self.bars(question, definition: definition, labels: labels, strings: strings)
            var item: [String: Any] = [
                "headingID": "survey-\(number)-q\(index + 1)", "text": text, "answers": question.answers,
                "texts": question.texts.map { ["text": $0.text, "time": f.dateTime($0.createdAt)] },
                "hasTexts": !question.texts.isEmpty, "hasBars": !bars.isEmpty,
            ]
            if !bars.isEmpty {
                item["chart"] = chart(bars)
                item["bars"] = bars.map { ["label": $0.label, "count": $0.count] }
            }
            if question.textCount > question.texts.count { item["moreTexts"] = question.textCount - question.texts.count }
            questions.append(item)
        }
        var values: [String: Any] = [
            "headingID": "survey-\(number)", "title": titles.survey(survey.survey), "responses": survey.responses,
            "questions": questions,
        ]
        if survey.omittedQuestions > 0 { values["omitted"] = survey.omittedQuestions }
        return values
    }

    /// One bar per answer: options, Likert points and ratings in words, matrix cells as
    /// `row: column`. The store reads list answers both as choices and as matrix cells; the
    /// type decides.
    static func bars(_ question: SurveyQuestionReport, definition: ReportLabels.SurveyQuestion?, labels: ReportLabels,
                     strings: [String: String]) -> [(label: String, count: Int)] {
        let type = definition?.type
        if type != "matrix", type != "multiple", !question.values.isEmpty {
            return question.values.map { (answer($0.value, definition, labels: labels, strings: strings), $0.count) }
        } else if type != "matrix", !question.choices.isEmpty {
            return question.choices.map { (labels.surveyValue($0.value, definition), $0.count) }
        } else if !question.cells.isEmpty {
            return question.cells.map { cell in
                ("\(definition?.rows[safe: cell.row] ?? String(cell.row + 1)): \(labels.surveyValue(cell.value, definition, column: true))", cell.count)
            }
        }
        return []
    }

    /// A scalar answer in words: Likert points with the theme's labels, ratings out of their scale.
    static func answer(_ value: JSONValue, _ definition: ReportLabels.SurveyQuestion?, labels: ReportLabels,
                       strings: [String: String]) -> String {
        if let definition, let number = value.number, number == number.rounded(), abs(number) < 1e6 {
            let index = Int(number)
            if definition.type == "likert", let label = ReportFormat.likert(index, scale: definition.scale, strings: strings) {
                return label
            }
            if definition.type == "rating", (0...(definition.scale ?? 10)).contains(index) {
                return ReportFormat.rating(index, scale: definition.scale)
            }
        }
        return labels.surveyValue(value, definition)
    }

    /// The geometry of a horizontal bar chart; the template draws it. The table after it
    /// holds the same numbers for screen readers, so the SVG is an image with a short name.
    static func chart(_ bars: [(label: String, count: Int)]) -> [String: Any] {
        let most = max(1, bars.map(\.count).max() ?? 1)
        let rowHeight = 26, labelWidth = 220, barWidth = 360
        return [
            "width": labelWidth + barWidth + 60, "height": bars.count * rowHeight + 8,
            "bars": bars.enumerated().map { index, bar -> [String: Any] in
                let y = index * rowHeight + 4
                let width = max(1, barWidth * bar.count / most)
                return ["label": String(bar.label.prefix(34)), "count": bar.count, "labelX": labelWidth - 8, "y": y, "textY": y + 16,
                        "x": labelWidth, "width": width, "height": rowHeight - 8, "countX": labelWidth + width + 6]
            },
        ]
    }
}
