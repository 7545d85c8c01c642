import Foundation
import SzponContent
import SzponMarkdown

/// Renders each kind of page through the theme. Pure: a page in, HTML out.
struct PageRenderer {
    let site: AssembledSite
    let theme: Theme
    var i18n: I18n { theme.i18n }
    var context: PageContext { PageContext(site: site, theme: theme) }
    var language: String { site.content.site.language ?? "pl" }

    /// The body with quizzes and surveys put in place of their blocks.
    func body(_ page: Page) -> String {
        page.document.segments.map { segment in
            switch segment {
            case let .html(html):
                return html
            case let .block(index):
                if let quiz = page.quizzes[index] { return QuizForm(theme: theme).render(quiz) }
                if let survey = page.surveys[index] { return SurveyForm(theme: theme).render(survey) }
                return ""
            }
        }.joined()
    }

    /// The values every content page has; the quiz and survey engines load only where needed.
    func base(_ page: Page, breadcrumbs: [(String, String?)], kind: String) -> [String: Any] {
        var values = context.base(output: page.output, title: page.title, breadcrumbs: breadcrumbs, kind: kind)
        values["hasQuiz"] = !page.quizzes.isEmpty
        values["hasSurvey"] = !page.surveys.isEmpty
        return values
    }

    func render(_ page: Page) -> String {
        switch page.kind {
        case let .course(c): return course(page, site.content.courses[c])
        case let .lesson(c, l): return lesson(page, course: site.content.courses[c], index: l)
        case let .guide(g): return guide(page, site.content.guides[g])
        case let .survey(s): return survey(page, site.content.surveys[s])
        }
    }

    /// The audience as the page names it: the author's label or text, the keywords in the
    /// site's language; a rule of groups without a label is for the server, not the page.
    func audienceLabel(_ audience: AudienceField?) -> String? {
        if let label = audience?.label { return label }
        if audience?.rule?.everyone == true { return i18n["audience_everyone"] }
        if audience?.rule?.citizens == true { return i18n["audience_citizens"] }
        return nil
    }

    func courseFacts(_ course: Course) -> [String] {
        var facts: [String] = []
        if let audience = audienceLabel(course.meta.audience) { facts.append("\(i18n["audience"]): \(audience)") }
        facts.append(i18n.plural("lessons", course.lessons.count))
        if let minutes = context.minutes(course.meta.duration) { facts.append("\(i18n["duration"]): \(minutes)") }
        if let score = course.meta.passingScore { facts.append("\(i18n["passing_score"]): \(score)%") }
        return facts
    }

    func course(_ page: Page, _ course: Course) -> String {
        var values = base(page, breadcrumbs: [(page.title, nil)], kind: "course")
        values["summary"] = course.meta.summary ?? ""
        values["facts"] = courseFacts(course)
        values["body"] = body(page)
        values["courseID"] = course.slug
        values["learnerCode"] = course.meta.identifiesByCode
        // `false`, not a missing key, for what a lesson lacks: Mustache would otherwise find
        // the course's own `summary` in the enclosing context and repeat it under every lesson.
        values["lessons"] = course.lessons.map { lesson -> [String: Any] in
            ["title": site.title(of: lesson.body.contentPath), "href": "\(lesson.slug).html", "slug": lesson.slug,
             "duration": context.minutes(lesson.meta.duration) ?? false, "summary": lesson.meta.summary ?? false]
        }
        if let first = course.lessons.first { values["startHref"] = "\(first.slug).html" }
        return theme.render("course", values)
    }

    func lesson(_ page: Page, course: Course, index: Int) -> String {
        let lesson = course.lessons[index]
        let courseTitle = site.title(of: course.intro.contentPath)
        var values = base(page,
                                  breadcrumbs: [(courseTitle, Routes.course(course.slug)), (page.title, nil)], kind: "lesson")
        values["body"] = body(page)
        values["courseID"] = course.slug
        values["learnerCode"] = course.meta.identifiesByCode
        values["courseTitle"] = courseTitle
        values["courseHref"] = "index.html"
        values["position"] = Self.replacing(Self.replacing(i18n["lesson_of"], "{n}", with: String(index + 1)),
                                            "{total}", with: String(course.lessons.count))
        if let minutes = context.minutes(lesson.meta.duration) { values["duration"] = minutes }
        if index > 0 {
            let previous = course.lessons[index - 1]
            values["previous"] = ["title": site.title(of: previous.body.contentPath), "href": "\(previous.slug).html"]
        }
        if index + 1 < course.lessons.count {
            let next = course.lessons[index + 1]
            values["next"] = ["title": site.title(of: next.body.contentPath), "href": "\(next.slug).html"]
        }
        values["lessonSlug"] = lesson.slug
        return theme.render("lesson", values)
    }

    /// `text.replacing(pattern, with: value)`, on bytes when the text is ASCII (where bytes
    /// and characters match alike): the generic algorithm cost 2.5% of a build of small pages.
    static func replacing(_ text: String, _ pattern: String, with value: String) -> String {
        guard text.utf8.allSatisfy({ $0 < 0x80 }), pattern.utf8.allSatisfy({ $0 < 0x80 }), !pattern.isEmpty else {
            return text.replacing(pattern, with: value)
        }
        let bytes = Array(text.utf8), needle = Array(pattern.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + value.utf8.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == needle[0], bytes[i...].starts(with: needle) {
                out += value.utf8
                i += needle.count
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    func guide(_ page: Page, _ guide: Guide) -> String {
        var values = base(page, breadcrumbs: [(page.title, nil)], kind: "guide")
        let meta = guide.meta
        let id = { (section: GuideSections.Section) in GuideSections.id(section, language: language) }
        values["summary"] = meta.summary ?? ""
        values["body"] = body(page)
        if let audience = meta.audience {
            values["audience"] = ["id": id(.audience), "html": Markdown.inline(audience)]
        }
        if let documents = meta.documents, !documents.isEmpty {
            values["documents"] = [
                "id": id(.documents),
                "items": documents.enumerated().map { index, document in
                    (["inputID": "doc-\(index)", "name": document.name ?? "",
                      "noteHTML": document.note.map { Markdown.inline($0) }] as [String: Any?]).compactMapValues { $0 }
                },
            ]
        }
        if let fees = meta.fees, !fees.isEmpty {
            values["fees"] = [
                "id": id(.fees),
                "items": fees.map { ["item": $0.item ?? "", "amount": $0.amount ?? "", "note": $0.note ?? ""] },
            ]
        }
        if let location = meta.location {
            let fields: [String: Any?] = [
                "id": id(.location), "office": location.office, "address": location.address,
                "hours": location.hours ?? [], "hasHours": !(location.hours ?? []).isEmpty, "phone": location.phone,
                "phoneHref": location.phone.map { "tel:" + $0.filter { $0.isNumber || $0 == "+" } },
                "email": location.email,
            ]
            values["location"] = fields.compactMapValues { $0 }
        }
        if let attachments = meta.attachments, !attachments.isEmpty {
            let folder = (guide.body.contentPath as NSString).deletingLastPathComponent
            values["attachments"] = [
                "id": id(.attachments),
                "items": attachments.map { attachment -> [String: Any] in
                    let file = attachment.file ?? ""
                    let size = (try? FileManager.default.attributesOfItem(atPath: "\(site.content.root)/\(folder)/\(file)")[.size] as? Int) ?? nil
                    let type = (file as NSString).pathExtension.uppercased()
                    var details = type
                    if let size { details += (details.isEmpty ? "" : ", ") + fileSize(size) }
                    return ["href": file, "title": attachment.title ?? file, "details": details]
                },
            ]
        }
        if let booking = guide.booking {
            values["booking"] = bookingContext(booking, id: id(.booking))
        }
        return theme.render("guide", values)
    }

    func fileSize(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return "\(i18n.format((Double(bytes) / 1024).rounded())) KB" }
        return "\(i18n.format((Double(bytes) / 1024 / 1024 * 10).rounded() / 10)) MB"
    }

    func bookingContext(_ booking: BookingRules, id: String) -> [String: Any] {
        func clock(_ minutes: Int) -> String { String(format: "%d:%02d", minutes / 60, minutes % 60) }
        func ranges(_ list: [BookingRules.TimeRange]) -> String {
            list.map { "\(clock($0.start))–\(clock($0.end))" }.joined(separator: ", ")
        }
        let days = BookingRules.weekdays.compactMap { day -> [String: Any]? in
            guard let list = booking.hours[day] else { return nil }
            return ["day": i18n["day_\(day)"], "hours": ranges(list)]
        }
        let exceptions = booking.exceptions.map { exception -> [String: Any] in
            ["date": exception.date, "dateText": i18n.date(exception.date),
             "hours": exception.hours.isEmpty ? i18n["closed"] : ranges(exception.hours)]
        }
        return [
            "id": id, "days": days, "exceptions": exceptions, "hasExceptions": !exceptions.isEmpty,
            "slot": i18n.plural("minutes", booking.slotMinutes), "desks": booking.desks,
        ]
    }

    func survey(_ page: Page, _ survey: StandalonePage) -> String {
        var values = base(page, breadcrumbs: [(page.title, nil)], kind: "survey")
        values["summary"] = survey.meta.summary ?? ""
        values["body"] = body(page)
        return theme.render("survey", values)
    }
}
