import Foundation
import SzponContent
import SzponWire

/// The server manifest of a build (`ServerManifest`, docs/learning.md "The server
/// manifest"): the site, every quiz's key and survey's definition by content hash, the
/// courses with their lessons, the guides' booking rules. Written outside the published
/// site, merged over the previous manifest so every version ever built stays.
enum ServerManifestBuilder {
    /// This build's own manifest, with its content hash; no older versions.
    static func manifest(_ site: AssembledSite) throws -> ServerManifest {
        let config = site.content.site
        let language = config.language ?? "pl"
        var manifest = ServerManifest(site: config.siteID, language: language, title: config.title ?? "",
                                      ingestOrigins: config.ingestOrigins ?? [])
        var lessons: [Int: [ServerManifest.Lesson]] = [:]
        var courseTitles: [Int: String] = [:]
        for page in site.pages {
            var course: String?
            switch page.kind {
            case let .course(c):
                course = site.content.courses[c].slug
                courseTitles[c] = page.title
            case let .lesson(c, l):
                course = site.content.courses[c].slug
                let quizzes = page.quizzes.sorted { $0.key < $1.key }.map(\.value.id)
                lessons[c, default: []].append(ServerManifest.Lesson(
                    slug: site.content.courses[c].lessons[l].slug, title: page.title, page: page.output, quizzes: quizzes))
            case let .guide(g):
                if let rules = site.content.guides[g].booking {
                    manifest.bookingRules[site.content.guides[g].slug] = bookingRules(rules, title: page.title, page: page.output)
                }
            case .survey:
                break
            }
            for quiz in page.quizzes.values {
                manifest.quizzes[quiz.id] = ServerManifest.QuizKeys(
                    current: quiz.contentHash, course: course, page: page.output, pass: quiz.pass,
                    versions: [quiz.contentHash: try keyedQuiz(quiz, language: language)])
            }
            for survey in page.surveys.values {
                manifest.surveys[survey.id] = ServerManifest.SurveyVersions(
                    current: survey.contentHash, page: page.output, versions: [survey.contentHash: surveyDefinition(survey, pageTitle: page.title)])
            }
        }
        manifest.courses = site.content.courses.enumerated().map { c, course in
            ServerManifest.Course(slug: course.slug, title: course.meta.title ?? courseTitles[c] ?? course.slug,
                                  passingScore: course.meta.passingScore, lessons: lessons[c] ?? [], identify: course.meta.identify,
                                  audience: course.meta.audience?.rule, dueDays: course.meta.dueDays)
        }
        manifest.stampContentHash()
        return manifest
    }

    /// The quiz with its key, feedback and question texts, as the page carries it outside
    /// exam mode: the shape score.js and the server's Scorer read. Question texts
    /// (Markdown) let reports name the question, not just its id.
    static func keyedQuiz(_ quiz: Quiz, language: String) throws -> JSONValue {
        var payload = QuizForm.payload(quiz, withKey: true, language: language)
        if var questions = payload["questions"] as? [[String: Any]] {
            for index in questions.indices { questions[index]["text"] = quiz.questions[index].text }
            payload["questions"] = questions
        }
        return try JSONValue.parse(JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys]))
    }

    /// What reports need to label a survey's answers: its title (the block's, else the
    /// title of the page that holds it, so staff read a name and not an id), texts,
    /// options, rows and columns.
    static func surveyDefinition(_ survey: Survey, pageTitle: String = "") -> ServerManifest.SurveyDefinition {
        ServerManifest.SurveyDefinition(
            id: survey.id, title: survey.title ?? pageTitle, anonymous: survey.anonymous,
            questions: survey.questions.map { q in
                ServerManifest.SurveyQuestion(id: q.id, type: q.kind.rawValue, text: q.text, required: q.required, scale: q.scale,
                                              options: q.options, rows: q.rows, columns: q.columns)
            })
    }

    static func bookingRules(_ rules: BookingRules, title: String, page: String) -> ServerManifest.BookingRules {
        let ranges = { (list: [BookingRules.TimeRange]) in list.map { ServerManifest.BookingRules.TimeRange(start: $0.start, end: $0.end) } }
        return ServerManifest.BookingRules(
            title: title, page: page, desks: rules.desks, slotMinutes: rules.slotMinutes,
            hours: rules.hours.mapValues(ranges),
            exceptions: rules.exceptions.map { .init(date: $0.date, hours: ranges($0.hours)) })
    }
}
