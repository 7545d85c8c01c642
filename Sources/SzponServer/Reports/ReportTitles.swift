import Foundation
import SzponWire

/// The names staff know things by: course, quiz and survey titles by slug or id, and the
/// courses in the author's order (for the course filter). What it does not know shows as
/// the id.
public struct ReportTitles: Sendable {
    public var courses: [(slug: String, title: String)]
    public var quizzes: [String: String]
    public var surveys: [String: String]

    public init(courses: [(slug: String, title: String)] = [], quizzes: [String: String] = [:], surveys: [String: String] = [:]) {
        self.courses = courses
        self.quizzes = quizzes
        self.surveys = surveys
    }

    public func course(_ slug: String) -> String {
        courses.first { $0.slug == slug }.map(\.title).flatMap { $0.isEmpty ? nil : $0 } ?? slug
    }

    public func quiz(_ id: String) -> String {
        quizzes[id].flatMap { $0.isEmpty ? nil : $0 } ?? id
    }

    public func survey(_ id: String) -> String {
        surveys[id].flatMap { $0.isEmpty ? nil : $0 } ?? id
    }
}

extension ReportTitles {
    /// The titles a server manifest holds: courses in order; a quiz by the lesson that
    /// holds it (with the course, when two lessons of the site share a title); a survey by
    /// the title of its current version.
    public init(manifest: ServerManifest) {
        var quizzes: [String: String] = [:]
        var lessonTitles: [String: Int] = [:]
        for course in manifest.courses { for lesson in course.lessons { lessonTitles[lesson.title, default: 0] += 1 } }
        for course in manifest.courses {
            for lesson in course.lessons {
                for quiz in lesson.quizzes where quizzes[quiz] == nil {
                    let shared = (lessonTitles[lesson.title] ?? 0) > 1 || lesson.quizzes.count > 1
                    quizzes[quiz] = lesson.title.isEmpty ? nil
                        : shared && lesson.quizzes.count == 1 ? "\(lesson.title) (\(course.title))"
                        : lesson.quizzes.count > 1 ? "\(lesson.title): \(quiz)" : lesson.title
                }
            }
        }
        var surveys: [String: String] = [:]
        for (id, survey) in manifest.surveys {
            if let title = survey.versions[survey.current]?.title, !title.isEmpty { surveys[id] = title }
        }
        self.init(courses: manifest.courses.map { ($0.slug, $0.title) }, quizzes: quizzes, surveys: surveys)
    }

    /// The titles in the manifest the labels were read from.
    init(labels: ReportLabels) {
        self.init(manifest: labels.book.manifest)
    }
}
