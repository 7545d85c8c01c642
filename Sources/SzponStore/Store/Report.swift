import Foundation

/// What a report covers. Each filter narrows only the sections it names: `course` the
/// courses, quizzes and flagged attempts; `survey` the surveys; `site` all of those.
/// Counts, conflicts and rejections always cover the whole store (a rejected record may
/// name no site or course).
public struct ReportFilter: Sendable, Hashable, Codable {
    public var course: String?
    public var survey: String?
    public var site: String?
    /// The most entries listed in each capped list: conflicts, rejections, flagged attempts,
    /// and free-text answers per survey question.
    public var limit: Int
    /// By course slug, the lessons a learner must complete for the course to count as
    /// completed, from the site's server manifest (`requiredLessons(of:)`). Not a filter a
    /// user sets, so not part of the report's JSON; a course absent here falls back to the
    /// lessons any device reported, which is all a store without the manifest can know.
    public var requiredLessons: [String: [String]]

    public static let defaultLimit = 200

    public init(course: String? = nil, survey: String? = nil, site: String? = nil, limit: Int = ReportFilter.defaultLimit,
                requiredLessons: [String: [String]] = [:]) {
        self.course = course
        self.survey = survey
        self.site = site
        self.limit = limit
        self.requiredLessons = requiredLessons
    }

    /// The required lessons of every course of a manifest, in course order.
    public static func requiredLessons(of manifest: ServerManifest) -> [String: [String]] {
        var lessons: [String: [String]] = [:]
        for course in manifest.courses {
            lessons[course.slug] = course.lessons.filter(\.required).map(\.slug)
        }
        return lessons
    }

    enum CodingKeys: String, CodingKey {
        case course, survey, site, limit
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        course = try container.decodeIfPresent(String.self, forKey: .course)
        survey = try container.decodeIfPresent(String.self, forKey: .survey)
        site = try container.decodeIfPresent(String.self, forKey: .site)
        limit = try container.decodeIfPresent(Int.self, forKey: .limit) ?? ReportFilter.defaultLimit
        requiredLessons = [:]
    }
}

/// Everything an admin sees, computed by SQL in the store. Times are ISO 8601 UTC strings
/// with milliseconds; `createdAt` is the device's clock, `receivedAt` the server's.
/// Text comes back exactly as learners wrote it: escaping is the renderer's job.
public struct Report: Sendable, Hashable, Codable {
    public var generatedAt: String
    public var filter: ReportFilter
    public var counts: StoreCounts
    public var courses: [CourseReport]
    public var quizzes: [QuizReport]
    public var surveys: [SurveyReport]
    /// Attempts an admin should look at: scored against an unknown quiz version, or whose
    /// client score differs from the server's. Newest first, capped.
    public var flagged: [FlaggedAttempt]
    /// Newest first, capped.
    public var conflicts: [ConflictEntry]
    /// Newest first, capped.
    public var rejections: [RejectionEntry]
    /// Records that carried a learner code (`identify: code` courses), of the filter's site.
    public var codedRecords: Int
    /// Of those, records whose code matched no one: made up, mistyped past the check
    /// character, or revoked. Stored all the same, never lost; staff see how many.
    public var unattributedRecords: Int

    public init(generatedAt: String, filter: ReportFilter, counts: StoreCounts, courses: [CourseReport],
                quizzes: [QuizReport], surveys: [SurveyReport], flagged: [FlaggedAttempt],
                conflicts: [ConflictEntry], rejections: [RejectionEntry], codedRecords: Int = 0, unattributedRecords: Int = 0) {
        self.codedRecords = codedRecords
        self.unattributedRecords = unattributedRecords
        self.generatedAt = generatedAt
        self.filter = filter
        self.counts = counts
        self.courses = courses
        self.quizzes = quizzes
        self.surveys = surveys
        self.flagged = flagged
        self.conflicts = conflicts
        self.rejections = rejections
    }

    enum CodingKeys: String, CodingKey {
        case generatedAt, filter, counts, courses, quizzes, surveys, flagged, conflicts, rejections
        case codedRecords, unattributedRecords
    }

    /// Reports saved by a szpon before learner codes (`szpon report --format json`) have no
    /// code counts: they read as zero.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(generatedAt: try c.decode(String.self, forKey: .generatedAt), filter: try c.decode(ReportFilter.self, forKey: .filter),
                  counts: try c.decode(StoreCounts.self, forKey: .counts), courses: try c.decode([CourseReport].self, forKey: .courses),
                  quizzes: try c.decode([QuizReport].self, forKey: .quizzes), surveys: try c.decode([SurveyReport].self, forKey: .surveys),
                  flagged: try c.decode([FlaggedAttempt].self, forKey: .flagged),
                  conflicts: try c.decode([ConflictEntry].self, forKey: .conflicts),
                  rejections: try c.decode([RejectionEntry].self, forKey: .rejections),
                  codedRecords: try c.decodeIfPresent(Int.self, forKey: .codedRecords) ?? 0,
                  unattributedRecords: try c.decodeIfPresent(Int.self, forKey: .unattributedRecords) ?? 0)
    }
}

/// One course, from its attempts and progress records.
///
/// Definitions:
/// - a learner is a device id; records without one (anonymous) count in no learner figure;
/// - `learners`: devices with an attempt or a progress record in the course;
/// - a lesson is completed by a device when its newest progress record for that lesson
///   (by `createdAt`) says `completed: true` (a learner can unmark a lesson);
/// - `learnersCompleted`: devices that completed every required lesson of the course, as the
///   site's manifest lists them (`ReportFilter.requiredLessons`); without the manifest, every
///   lesson any device reported for the course;
/// - `lessons`: the course's required lessons in course order (with zeros for a lesson no one
///   opened yet), then any other lesson devices reported;
/// - `learnersPassed`: devices with at least one passed attempt in the course;
/// - `passRate`: passed attempts over attempts with a decided outcome (server `passed` not null);
/// - `averagePercent`: mean server percent over attempts that have one.
public struct CourseReport: Sendable, Hashable, Codable {
    public var course: String
    public var attempts: Int
    public var decidedAttempts: Int
    public var passedAttempts: Int
    public var passRate: Double?
    public var averagePercent: Double?
    public var learners: Int
    public var learnersPassed: Int
    public var learnersCompleted: Int
    public var lessons: [LessonReport]

    public init(course: String, attempts: Int, decidedAttempts: Int, passedAttempts: Int, passRate: Double?,
                averagePercent: Double?, learners: Int, learnersPassed: Int, learnersCompleted: Int,
                lessons: [LessonReport]) {
        self.course = course
        self.attempts = attempts
        self.decidedAttempts = decidedAttempts
        self.passedAttempts = passedAttempts
        self.passRate = passRate
        self.averagePercent = averagePercent
        self.learners = learners
        self.learnersPassed = learnersPassed
        self.learnersCompleted = learnersCompleted
        self.lessons = lessons
    }
}

public struct LessonReport: Sendable, Hashable, Codable {
    public var lesson: String
    /// Devices that sent any progress record for the lesson.
    public var learners: Int
    /// Devices whose newest progress record for the lesson says completed.
    public var completedBy: Int

    public init(lesson: String, learners: Int, completedBy: Int) {
        self.lesson = lesson
        self.learners = learners
        self.completedBy = completedBy
    }
}

/// One quiz, from the server's scores (`passRate` and `averagePercent` as in `CourseReport`).
public struct QuizReport: Sendable, Hashable, Codable {
    public var quiz: String
    public var course: String?
    public var attempts: Int
    public var decidedAttempts: Int
    public var passedAttempts: Int
    public var passRate: Double?
    public var averagePercent: Double?
    /// By their mean position in the attempts (the author's order unless the quiz shuffles).
    public var questions: [QuestionReport]

    public init(quiz: String, course: String?, attempts: Int, decidedAttempts: Int, passedAttempts: Int,
                passRate: Double?, averagePercent: Double?, questions: [QuestionReport]) {
        self.quiz = quiz
        self.course = course
        self.attempts = attempts
        self.decidedAttempts = decidedAttempts
        self.passedAttempts = passedAttempts
        self.passRate = passRate
        self.averagePercent = averagePercent
        self.questions = questions
    }
}

/// One quiz question over all scored attempts that showed it.
public struct QuestionReport: Sendable, Hashable, Codable {
    public var question: String
    /// Attempts that showed the question.
    public var shown: Int
    /// Attempts that answered it (state other than `unanswered`).
    public var answered: Int
    /// Answers scored fully correct.
    public var correct: Int
    /// Answers awaiting review (essays): answered, but not yet in `difficulty` or `averagePoints`.
    public var pending: Int
    /// The share of fully correct answers among the graded ones (answered and not pending):
    /// the classical difficulty (facility) index. nil when none is graded.
    public var difficulty: Double?
    /// Mean points over the graded answers.
    public var averagePoints: Double?
    /// The question's points (the largest maximum seen).
    public var maxPoints: Double?

    public init(question: String, shown: Int, answered: Int, correct: Int, pending: Int, difficulty: Double?,
                averagePoints: Double?, maxPoints: Double?) {
        self.question = question
        self.shown = shown
        self.answered = answered
        self.correct = correct
        self.pending = pending
        self.difficulty = difficulty
        self.averagePoints = averagePoints
        self.maxPoints = maxPoints
    }
}

public struct SurveyReport: Sendable, Hashable, Codable {
    public var survey: String
    public var responses: Int
    /// Ordered by question id (the store does not know the survey's order; the renderer does).
    /// At most `maxQuestions`, the most answered.
    public var questions: [SurveyQuestionReport]
    /// Question ids answered but left out past `maxQuestions`: any client may send any ids,
    /// and a few megabytes of made-up ones made a report of gigabytes.
    public var omittedQuestions: Int

    /// More questions than any real survey has.
    public static let maxQuestions = 500
    /// The most distinct values, choices or matrix cells listed per question.
    public static let maxCounts = 1000

    public init(survey: String, responses: Int, questions: [SurveyQuestionReport], omittedQuestions: Int = 0) {
        self.survey = survey
        self.responses = responses
        self.questions = questions
        self.omittedQuestions = omittedQuestions
    }
}

/// The answers to one survey question. The store does not know the question's type, so it
/// reports every reading of the answers' shapes and the renderer picks by type:
/// - `values`: scalar answers (likert, rating, single: the chosen index) counted per value;
/// - `choices`: for list answers (multiple), how many responses chose each member;
/// - `cells`: for list answers (matrix: one column index, or null, per row), counts per row and value;
/// - `texts`: string answers, verbatim, newest first (capped by `ReportFilter.limit`);
///   `textCount` is how many there are in all.
public struct SurveyQuestionReport: Sendable, Hashable, Codable {
    public var question: String
    /// Responses with a non-null answer.
    public var answers: Int
    public var values: [ValueCount]
    public var choices: [ValueCount]
    public var cells: [CellCount]
    public var texts: [TextAnswer]
    public var textCount: Int

    public init(question: String, answers: Int, values: [ValueCount], choices: [ValueCount], cells: [CellCount],
                texts: [TextAnswer], textCount: Int) {
        self.question = question
        self.answers = answers
        self.values = values
        self.choices = choices
        self.cells = cells
        self.texts = texts
        self.textCount = textCount
    }
}

public struct ValueCount: Sendable, Hashable, Codable {
    public var value: JSONValue
    public var count: Int

    public init(value: JSONValue, count: Int) {
        self.value = value
        self.count = count
    }
}

public struct CellCount: Sendable, Hashable, Codable {
    /// The position in the answer list (the matrix row).
    public var row: Int
    /// The value at that position (the matrix column index).
    public var value: JSONValue
    public var count: Int

    public init(row: Int, value: JSONValue, count: Int) {
        self.row = row
        self.value = value
        self.count = count
    }
}

public struct TextAnswer: Sendable, Hashable, Codable {
    public var text: String
    public var createdAt: String
    public var recordID: String

    public init(text: String, createdAt: String, recordID: String) {
        self.text = text
        self.createdAt = createdAt
        self.recordID = recordID
    }
}

public struct FlaggedAttempt: Sendable, Hashable, Codable {
    public var recordID: String
    public var quiz: String
    public var course: String?
    public var contentHash: String?
    public var device: String?
    public var createdAt: String
    public var receivedAt: String
    /// `AttemptEvaluation.KeyStatus.rawValue`: `unknown-version` means no key for that version.
    public var keyStatus: String
    public var mismatch: Bool
    public var clientPercent: Double?
    public var serverPercent: Double?

    public init(recordID: String, quiz: String, course: String?, contentHash: String?, device: String?,
                createdAt: String, receivedAt: String, keyStatus: String, mismatch: Bool,
                clientPercent: Double?, serverPercent: Double?) {
        self.recordID = recordID
        self.quiz = quiz
        self.course = course
        self.contentHash = contentHash
        self.device = device
        self.createdAt = createdAt
        self.receivedAt = receivedAt
        self.keyStatus = keyStatus
        self.mismatch = mismatch
        self.clientPercent = clientPercent
        self.serverPercent = serverPercent
    }
}

/// A version of a record that lost to the stored one (same id, other content).
public struct ConflictEntry: Sendable, Hashable, Codable {
    public var recordID: String
    public var digest: String
    /// Where it first came from.
    public var source: IngestSource
    public var receivedAt: String
    public var lastReceivedAt: String
    /// How many times this version came.
    public var times: Int
    /// The conflicting record's JSON, cut to `Report.rawPreviewLength` characters.
    public var raw: String

    public init(recordID: String, digest: String, source: IngestSource, receivedAt: String, lastReceivedAt: String,
                times: Int, raw: String) {
        self.recordID = recordID
        self.digest = digest
        self.source = source
        self.receivedAt = receivedAt
        self.lastReceivedAt = lastReceivedAt
        self.times = times
        self.raw = raw
    }
}

public struct RejectionEntry: Sendable, Hashable, Codable {
    public var recordID: String?
    public var reason: String
    /// Where it last came from.
    public var source: IngestSource
    public var receivedAt: String
    public var lastReceivedAt: String
    public var times: Int
    /// The rejected JSON, cut to `Report.rawPreviewLength` characters.
    public var raw: String

    public init(recordID: String?, reason: String, source: IngestSource, receivedAt: String, lastReceivedAt: String,
                times: Int, raw: String) {
        self.recordID = recordID
        self.reason = reason
        self.source = source
        self.receivedAt = receivedAt
        self.lastReceivedAt = lastReceivedAt
        self.times = times
        self.raw = raw
    }
}

extension Report {
    /// How much of a conflicting or rejected record's JSON a report shows.
    public static let rawPreviewLength = 500
}
