import Foundation
import GRDB

/// The report's SQL, run on one read snapshot. Values only ever reach SQL as arguments.
struct ReportQueries {
    let db: Database
    let filter: ReportFilter

    private var arguments: StatementArguments {
        [
            "course": filter.course,
            "survey": filter.survey,
            "site": filter.site,
            "limit": max(0, filter.limit),
            "preview": Report.rawPreviewLength,
            "maxQuestions": SurveyReport.maxQuestions,
            "maxCounts": SurveyReport.maxCounts,
        ]
    }

    func report() throws -> Report {
        Report(
            generatedAt: IncomingRecord.timestamp(),
            filter: filter,
            counts: try Self.counts(db),
            courses: try courses(),
            quizzes: try quizzes(),
            surveys: try surveys(),
            flagged: try flagged(),
            conflicts: try conflicts(),
            rejections: try rejections()
        )
    }

    static func counts(_ db: Database) throws -> StoreCounts {
        var byKind: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT kind, COUNT(*) AS n FROM records GROUP BY kind") {
            byKind[row["kind"]] = row["n"]
        }
        return StoreCounts(
            records: byKind.values.reduce(0, +),
            recordsByKind: byKind,
            conflicts: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM conflicts") ?? 0,
            rejections: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rejections") ?? 0
        )
    }

    // MARK: - Courses

    func courses() throws -> [CourseReport] {
        var reports: [String: CourseReport] = [:]
        func report(_ course: String) -> CourseReport {
            reports[course] ?? CourseReport(course: course, attempts: 0, decidedAttempts: 0, passedAttempts: 0,
                                            passRate: nil, averagePercent: nil, learners: 0, learnersPassed: 0,
                                            learnersCompleted: 0, lessons: [])
        }

        let attempts = try Row.fetchAll(db, sql: """
            SELECT a.course,
                   COUNT(*) AS attempts,
                   COUNT(a.server_passed) AS decided,
                   COALESCE(SUM(a.server_passed = 1), 0) AS passed,
                   AVG(a.server_percent) AS average_percent,
                   COUNT(DISTINCT CASE WHEN a.server_passed = 1 THEN r.device END) AS learners_passed
            FROM attempt_scores a JOIN records r ON r.id = a.record_id
            WHERE a.course IS NOT NULL
              AND (:course IS NULL OR a.course = :course) AND (:site IS NULL OR r.site = :site)
            GROUP BY a.course
            """, arguments: arguments)
        for row in attempts {
            let course: String = row["course"]
            var entry = report(course)
            entry.attempts = row["attempts"]
            entry.decidedAttempts = row["decided"]
            entry.passedAttempts = row["passed"]
            entry.passRate = entry.decidedAttempts > 0 ? Double(entry.passedAttempts) / Double(entry.decidedAttempts) : nil
            entry.averagePercent = row["average_percent"]
            entry.learnersPassed = row["learners_passed"]
            reports[course] = entry
        }

        let learners = try Row.fetchAll(db, sql: """
            SELECT course, COUNT(DISTINCT device) AS learners FROM (
                SELECT a.course AS course, r.device AS device
                FROM attempt_scores a JOIN records r ON r.id = a.record_id
                WHERE a.course IS NOT NULL
                  AND (:course IS NULL OR a.course = :course) AND (:site IS NULL OR r.site = :site)
                UNION ALL
                SELECT p.course, r.device
                FROM progress p JOIN records r ON r.id = p.record_id
                WHERE (:course IS NULL OR p.course = :course) AND (:site IS NULL OR r.site = :site)
            )
            GROUP BY course
            """, arguments: arguments)
        for row in learners {
            let course: String = row["course"]
            var entry = report(course)
            entry.learners = row["learners"]
            reports[course] = entry
        }

        // Each device's newest progress record per lesson (a learner may unmark a lesson).
        let latest = """
            WITH latest AS (
                SELECT course, lesson, device, completed FROM (
                    SELECT p.course, p.lesson, r.device, p.completed,
                           ROW_NUMBER() OVER (PARTITION BY p.course, p.lesson, r.device
                                              ORDER BY r.created_at DESC, r.received_at DESC, r.id DESC) AS n
                    FROM progress p JOIN records r ON r.id = p.record_id
                    WHERE p.lesson IS NOT NULL AND r.device IS NOT NULL
                      AND (:course IS NULL OR p.course = :course) AND (:site IS NULL OR r.site = :site)
                )
                WHERE n = 1
            )
            """
        let lessons = try Row.fetchAll(db, sql: latest + """
            SELECT course, lesson, COUNT(*) AS learners, SUM(completed) AS completed_by
            FROM latest GROUP BY course, lesson ORDER BY course, lesson
            """, arguments: arguments)
        for row in lessons {
            let course: String = row["course"]
            var entry = report(course)
            entry.lessons.append(LessonReport(lesson: row["lesson"], learners: row["learners"],
                                              completedBy: row["completed_by"]))
            reports[course] = entry
        }

        let completed = try Row.fetchAll(db, sql: latest + """
            , lessons AS (SELECT course, COUNT(DISTINCT lesson) AS total FROM latest GROUP BY course),
            done AS (SELECT course, device, COUNT(*) AS n FROM latest WHERE completed = 1 GROUP BY course, device)
            SELECT d.course, COUNT(*) AS learners_completed
            FROM done d JOIN lessons l ON l.course = d.course
            WHERE d.n = l.total
            GROUP BY d.course
            """, arguments: arguments)
        for row in completed {
            let course: String = row["course"]
            var entry = report(course)
            entry.learnersCompleted = row["learners_completed"]
            reports[course] = entry
        }

        return reports.values.sorted { $0.course < $1.course }
    }

    // MARK: - Quizzes

    func quizzes() throws -> [QuizReport] {
        var quizzes: [QuizReport] = []
        var index: [String: Int] = [:]
        let rows = try Row.fetchAll(db, sql: """
            SELECT a.quiz, MAX(a.course) AS course,
                   COUNT(*) AS attempts,
                   COUNT(a.server_passed) AS decided,
                   COALESCE(SUM(a.server_passed = 1), 0) AS passed,
                   AVG(a.server_percent) AS average_percent
            FROM attempt_scores a JOIN records r ON r.id = a.record_id
            WHERE (:course IS NULL OR a.course = :course) AND (:site IS NULL OR r.site = :site)
            GROUP BY a.quiz
            ORDER BY MAX(a.course), a.quiz
            """, arguments: arguments)
        for row in rows {
            let decided: Int = row["decided"]
            let passed: Int = row["passed"]
            index[row["quiz"]] = quizzes.count
            quizzes.append(QuizReport(
                quiz: row["quiz"], course: row["course"], attempts: row["attempts"], decidedAttempts: decided,
                passedAttempts: passed, passRate: decided > 0 ? Double(passed) / Double(decided) : nil,
                averagePercent: row["average_percent"], questions: []
            ))
        }

        // Answers awaiting review (pending) count as answered, but not in difficulty or mean points.
        let questions = try Row.fetchAll(db, sql: """
            SELECT q.quiz, q.question,
                   COUNT(*) AS shown,
                   COALESCE(SUM(q.state <> 'unanswered'), 0) AS answered,
                   COALESCE(SUM(q.state NOT IN ('unanswered', 'pending')), 0) AS graded,
                   COALESCE(SUM(q.state = 'correct'), 0) AS correct,
                   COALESCE(SUM(q.state = 'pending'), 0) AS pending,
                   AVG(CASE WHEN q.state NOT IN ('unanswered', 'pending') THEN q.points END) AS average_points,
                   MAX(q.max) AS max_points
            FROM question_scores q
            JOIN attempt_scores a ON a.record_id = q.record_id
            JOIN records r ON r.id = q.record_id
            WHERE (:course IS NULL OR a.course = :course) AND (:site IS NULL OR r.site = :site)
            GROUP BY q.quiz, q.question
            ORDER BY q.quiz, AVG(q.position), q.question
            """, arguments: arguments)
        for row in questions {
            guard let position = index[row["quiz"]] else { continue }
            let graded: Int = row["graded"]
            let correct: Int = row["correct"]
            quizzes[position].questions.append(QuestionReport(
                question: row["question"], shown: row["shown"], answered: row["answered"], correct: correct,
                pending: row["pending"], difficulty: graded > 0 ? Double(correct) / Double(graded) : nil,
                averagePoints: row["average_points"], maxPoints: row["max_points"]
            ))
        }
        return quizzes
    }

    // MARK: - Surveys

    /// A JSON scalar from `json_each`, back as JSON text.
    private static let eachValueJSON = """
        CASE e.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE json_quote(e.value) END
        """

    func surveys() throws -> [SurveyReport] {
        var surveys: [SurveyReport] = []
        var surveyIndex: [String: Int] = [:]
        let responses = try Row.fetchAll(db, sql: """
            SELECT json_extract(r.payload, '$.survey') AS survey, COUNT(*) AS responses
            FROM records r
            WHERE r.kind = 'survey_response'
              AND (:survey IS NULL OR json_extract(r.payload, '$.survey') = :survey)
              AND (:site IS NULL OR r.site = :site)
            GROUP BY 1 ORDER BY 1
            """, arguments: arguments)
        for row in responses {
            guard let survey: String = row["survey"] else { continue }
            surveyIndex[survey] = surveys.count
            surveys.append(SurveyReport(survey: survey, responses: row["responses"], questions: []))
        }

        var questionIndex: [String: [String: Int]] = [:]
        let where_ = """
            (:survey IS NULL OR s.survey = :survey) AND (:site IS NULL OR r.site = :site)
            """
        for row in try Row.fetchAll(db, sql: """
            SELECT survey, question, answers, total FROM (
                SELECT s.survey, s.question, COUNT(*) AS answers,
                       ROW_NUMBER() OVER (PARTITION BY s.survey ORDER BY COUNT(*) DESC, s.question) AS rank,
                       COUNT(*) OVER (PARTITION BY s.survey) AS total
                FROM survey_answers s JOIN records r ON r.id = s.record_id
                WHERE \(where_)
                GROUP BY s.survey, s.question
            )
            WHERE rank <= :maxQuestions
            ORDER BY survey, question
            """, arguments: arguments) {
            let survey: String = row["survey"]
            guard let position = surveyIndex[survey] else { continue }
            let total: Int = row["total"]
            surveys[position].omittedQuestions = max(0, total - SurveyReport.maxQuestions)
            questionIndex[survey, default: [:]][row["question"]] = surveys[position].questions.count
            surveys[position].questions.append(SurveyQuestionReport(
                question: row["question"], answers: row["answers"], values: [], choices: [], cells: [], texts: [],
                textCount: 0))
        }
        func update(_ row: Row, _ change: (inout SurveyQuestionReport) -> Void) {
            let survey: String = row["survey"]
            let question: String = row["question"]
            guard let s = surveyIndex[survey], let q = questionIndex[survey]?[question] else { return }
            change(&surveys[s].questions[q])
        }
        func json(_ text: String?) -> JSONValue {
            guard let text, let value = try? JSONValue.parse(Data(text.utf8)) else { return .null }
            return value
        }

        // Scalars: likert, rating, single.
        // Each list keeps its most frequent entries: made-up values are as free as made-up ids.
        for row in try Row.fetchAll(db, sql: """
            SELECT survey, question, value, n FROM (
                SELECT s.survey, s.question, s.value, COUNT(*) AS n,
                       ROW_NUMBER() OVER (PARTITION BY s.survey, s.question ORDER BY COUNT(*) DESC, s.value) AS rank
                FROM survey_answers s JOIN records r ON r.id = s.record_id
                WHERE json_type(s.value) IN ('integer', 'real', 'true', 'false') AND \(where_)
                GROUP BY s.survey, s.question, s.value
            )
            WHERE rank <= :maxCounts
            ORDER BY survey, question, json_extract(value, '$')
            """, arguments: arguments) {
            update(row) { $0.values.append(ValueCount(value: json(row["value"]), count: row["n"])) }
        }

        // Lists read as multiple choice: responses choosing each member.
        for row in try Row.fetchAll(db, sql: """
            SELECT survey, question, value, n FROM (
                SELECT s.survey, s.question, \(Self.eachValueJSON) AS value, e.value AS sort, COUNT(DISTINCT s.record_id) AS n,
                       ROW_NUMBER() OVER (PARTITION BY s.survey, s.question
                                          ORDER BY COUNT(DISTINCT s.record_id) DESC, e.type, e.value) AS rank
                FROM survey_answers s JOIN records r ON r.id = s.record_id, json_each(s.value) AS e
                WHERE json_type(s.value) = 'array' AND e.type NOT IN ('null', 'array', 'object') AND \(where_)
                GROUP BY s.survey, s.question, e.type, e.value
            )
            WHERE rank <= :maxCounts
            ORDER BY survey, question, sort
            """, arguments: arguments) {
            update(row) { $0.choices.append(ValueCount(value: json(row["value"]), count: row["n"])) }
        }

        // Lists read as a matrix: per row (position), per value.
        for row in try Row.fetchAll(db, sql: """
            SELECT survey, question, row_index, value, n FROM (
                SELECT s.survey, s.question, e.key AS row_index, \(Self.eachValueJSON) AS value, e.value AS sort, COUNT(*) AS n,
                       ROW_NUMBER() OVER (PARTITION BY s.survey, s.question
                                          ORDER BY COUNT(*) DESC, e.key, e.type, e.value) AS rank
                FROM survey_answers s JOIN records r ON r.id = s.record_id, json_each(s.value) AS e
                WHERE json_type(s.value) = 'array' AND e.type NOT IN ('null', 'array', 'object') AND \(where_)
                GROUP BY s.survey, s.question, e.key, e.type, e.value
            )
            WHERE rank <= :maxCounts
            ORDER BY survey, question, row_index, sort
            """, arguments: arguments) {
            update(row) { $0.cells.append(CellCount(row: row["row_index"], value: json(row["value"]), count: row["n"])) }
        }

        // Free text, verbatim, newest first. Read row by row: questions left out above still
        // come back from SQL, up to :limit each, and are skipped here.
        let texts = try Row.fetchCursor(db, sql: """
            SELECT survey, question, text, created_at, record_id, total FROM (
                SELECT s.survey, s.question, json_extract(s.value, '$') AS text, r.created_at, r.id AS record_id,
                       ROW_NUMBER() OVER (PARTITION BY s.survey, s.question
                                          ORDER BY r.created_at DESC, r.id DESC) AS n,
                       COUNT(*) OVER (PARTITION BY s.survey, s.question) AS total
                FROM survey_answers s JOIN records r ON r.id = s.record_id
                WHERE json_type(s.value) = 'text' AND trim(json_extract(s.value, '$')) <> '' AND \(where_)
            )
            WHERE n <= :limit
            ORDER BY survey, question, n
            """, arguments: arguments)
        while let row = try texts.next() {
            update(row) {
                $0.texts.append(TextAnswer(text: row["text"], createdAt: row["created_at"], recordID: row["record_id"]))
                $0.textCount = row["total"]
            }
        }
        return surveys
    }

    // MARK: - For an admin

    func flagged() throws -> [FlaggedAttempt] {
        try Row.fetchAll(db, sql: """
            SELECT a.record_id, a.quiz, a.course, r.content_hash, r.device, r.created_at, r.received_at,
                   a.key_status, a.mismatch, a.client_percent, a.server_percent
            FROM attempt_scores a JOIN records r ON r.id = a.record_id
            WHERE (a.key_status <> 'scored' OR a.mismatch <> 0)
              AND (:course IS NULL OR a.course = :course) AND (:site IS NULL OR r.site = :site)
            ORDER BY r.received_at DESC, r.created_at DESC, r.id
            LIMIT :limit
            """, arguments: arguments).map { row in
            FlaggedAttempt(
                recordID: row["record_id"], quiz: row["quiz"], course: row["course"], contentHash: row["content_hash"],
                device: row["device"], createdAt: row["created_at"], receivedAt: row["received_at"],
                keyStatus: row["key_status"], mismatch: row["mismatch"], clientPercent: row["client_percent"],
                serverPercent: row["server_percent"]
            )
        }
    }

    /// Not narrowed by the filter (a conflict or rejection may name no course).
    func conflicts() throws -> [ConflictEntry] {
        try Row.fetchAll(db, sql: """
            SELECT record_id, digest, source, received_at, last_received_at, times, substr(raw, 1, :preview) AS raw
            FROM conflicts
            ORDER BY last_received_at DESC, record_id
            LIMIT :limit
            """, arguments: arguments).map { row in
            ConflictEntry(
                recordID: row["record_id"], digest: row["digest"],
                source: IngestSource(rawValue: row["source"]) ?? .sync, receivedAt: row["received_at"],
                lastReceivedAt: row["last_received_at"], times: row["times"], raw: row["raw"]
            )
        }
    }

    func rejections() throws -> [RejectionEntry] {
        try Row.fetchAll(db, sql: """
            SELECT record_id, reason, source, received_at, last_received_at, times, substr(raw, 1, :preview) AS raw
            FROM rejections
            ORDER BY last_received_at DESC, id DESC
            LIMIT :limit
            """, arguments: arguments).map { row in
            RejectionEntry(
                recordID: row["record_id"], reason: row["reason"],
                source: IngestSource(rawValue: row["source"]) ?? .sync, receivedAt: row["received_at"],
                lastReceivedAt: row["last_received_at"], times: row["times"], raw: row["raw"]
            )
        }
    }
}
