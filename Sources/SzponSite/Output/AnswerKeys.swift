import Foundation
import SzponContent

/// The answer keys of every quiz (and the definition of every survey, for reports),
/// for the server's rescoring, in a file outside the
/// published site. Every version ever built is kept (keyed by content hash), so an
/// attempt made against an older version of a quiz is still scored with its own key.
///
/// ```json
/// {"format": "szpon-answer-keys", "version": 1, "site": "…",
///  "quizzes": {"<quiz id>": {"current": "<hash>", "course": "…", "page": "…",
///                             "versions": {"<hash>": {<quiz payload with key>}}}},
///  "surveys": {"<survey id>": {"current": "<hash>", "page": "…", "versions": {"<hash>": {…}}}}}
/// ```
public enum AnswerKeys {
    public static let format = "szpon-answer-keys"

    /// The default place: `.szpon/answer-keys.json` beside the output folder.
    public static func defaultPath(output: String) -> String {
        let parent = (URL(fileURLWithPath: output).standardizedFileURL.path as NSString).deletingLastPathComponent
        return (parent as NSString).appendingPathComponent(".szpon/answer-keys.json")
    }

    static func document(_ site: AssembledSite, merging existing: [String: Any]?) -> [String: Any] {
        let previous = existing?["format"] as? String == format ? existing : nil
        var quizzes = previous?["quizzes"] as? [String: Any] ?? [:]
        var surveys = previous?["surveys"] as? [String: Any] ?? [:]
        for page in site.pages {
            var course: String?
            switch page.kind {
            case let .course(c), let .lesson(c, _): course = site.content.courses[c].slug
            default: break
            }
            for quiz in page.quizzes.values {
                var entry = quizzes[quiz.id] as? [String: Any] ?? [:]
                var versions = entry["versions"] as? [String: Any] ?? [:]
                var payload = QuizForm.payload(quiz, withKey: true, language: site.content.site.language ?? "pl")
                // Question texts (Markdown) let reports name the question, not just its id.
                if var questions = payload["questions"] as? [[String: Any]] {
                    for index in questions.indices { questions[index]["text"] = quiz.questions[index].text }
                    payload["questions"] = questions
                }
                versions[quiz.contentHash] = payload
                entry["versions"] = versions
                entry["current"] = quiz.contentHash
                entry["page"] = page.output
                entry["course"] = course
                quizzes[quiz.id] = entry
            }
            for survey in page.surveys.values {
                var entry = surveys[survey.id] as? [String: Any] ?? [:]
                var versions = entry["versions"] as? [String: Any] ?? [:]
                versions[survey.contentHash] = surveyDefinition(survey)
                entry["versions"] = versions
                entry["current"] = survey.contentHash
                entry["page"] = page.output
                surveys[survey.id] = entry
            }
        }
        // The server reads its site id and CORS origins from here too: one file to hand it.
        return ["format": format, "version": 1, "site": site.content.site.siteID, "origins": site.content.site.ingestOrigins ?? [],
                "language": site.content.site.language ?? "pl", "title": site.content.site.title ?? "",
                "quizzes": quizzes, "surveys": surveys]
    }

    /// What reports need to label a survey's answers: texts, options, rows and columns.
    static func surveyDefinition(_ survey: Survey) -> [String: Any] {
        [
            "id": survey.id, "anonymous": survey.anonymous, "title": survey.title ?? "",
            "questions": survey.questions.map { q -> [String: Any] in
                var item: [String: Any] = ["id": q.id, "type": q.kind.rawValue, "text": q.text, "required": q.required]
                if let scale = q.scale { item["scale"] = scale }
                if !q.options.isEmpty { item["options"] = q.options }
                if !q.rows.isEmpty { item["rows"] = q.rows }
                if !q.columns.isEmpty { item["columns"] = q.columns }
                return item
            },
        ]
    }

    /// Merges this build's keys into the file at `path` and replaces it atomically.
    static func write(_ site: AssembledSite, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let existing = (try? Data(contentsOf: url)).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        let data = try JSONSerialization.data(withJSONObject: document(site, merging: existing), options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url, options: .atomic)
    }
}
