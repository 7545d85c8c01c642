import Foundation

/// Runs read-only SQL for the reports; each backend reads from one consistent snapshot.
protocol SQLReader: Sendable {
    func rows(_ sql: String, _ arguments: [SQLValue]) async throws -> [SQLRow]
}

/// The report's SQL, one text for SQLite and PostgreSQL: no JSON functions (the rows the
/// reports need are derived at ingest, `SurveyResponseHandler`), booleans counted with
/// `CASE`, every subquery named. Values only ever reach SQL as arguments.
struct ReportSQL {
    let reader: any SQLReader
    let filter: ReportFilter

    /// `:name` placeholders to `?` with the arguments in order. A `:name` must not appear
    /// inside a string literal.
    func rows(_ sql: String) async throws -> [SQLRow] {
        let named: [String: SQLValue] = [
            "course": SQLValue(filter.course),
            "survey": SQLValue(filter.survey),
            "site": SQLValue(filter.site),
            "limit": SQLValue(max(0, filter.limit)),
            "preview": SQLValue(Report.rawPreviewLength),
            "maxQuestions": SQLValue(SurveyReport.maxQuestions),
            "maxCounts": SQLValue(SurveyReport.maxCounts),
        ]
        var text = ""
        var arguments: [SQLValue] = []
        var characters = sql[...]
        while let colon = characters.firstIndex(of: ":") {
            text += characters[..<colon]
            let rest = characters[characters.index(after: colon)...]
            let name = rest.prefix { $0.isLetter }
            guard let value = named[String(name)] else {
                text += ":"
                characters = rest
                continue
            }
            text += "?"
            arguments.append(value)
            characters = rest.dropFirst(name.count)
        }
        text += characters
        return try await reader.rows(text, arguments)
    }

    /// A filter on a text column; the argument typed, so PostgreSQL can tell its type when null.
    static func matches(_ column: String, _ name: String) -> String {
        "(CAST(:\(name) AS TEXT) IS NULL OR \(column) = CAST(:\(name) AS TEXT))"
    }

    func report() async throws -> Report {
        let codes = try await rows("""
            SELECT COALESCE(SUM(CASE WHEN learner IS NOT NULL THEN 1 ELSE 0 END), 0) AS coded,
                   COALESCE(SUM(CASE WHEN learner IS NOT NULL AND person_id IS NULL THEN 1 ELSE 0 END), 0) AS unattributed
            FROM records r WHERE \(Self.matches("r.site", "site"))
            """).first
        return Report(
            generatedAt: IncomingRecord.timestamp(),
            filter: filter,
            counts: try await Self.counts(reader),
            courses: try await courses(),
            quizzes: try await quizzes(),
            surveys: try await surveys(),
            flagged: try await flagged(),
            conflicts: try await conflicts(),
            rejections: try await rejections(),
            codedRecords: codes?["coded"].int ?? 0,
            unattributedRecords: codes?["unattributed"].int ?? 0
        )
    }

    static func counts(_ reader: any SQLReader) async throws -> StoreCounts {
        var byKind: [String: Int] = [:]
        for row in try await reader.rows("SELECT kind, COUNT(*) AS n FROM records GROUP BY kind", []) {
            if let kind = row["kind"].string { byKind[kind] = row["n"].int ?? 0 }
        }
        return StoreCounts(
            records: byKind.values.reduce(0, +),
            recordsByKind: byKind,
            conflicts: try await reader.rows("SELECT COUNT(*) AS n FROM conflicts", []).first?["n"].int ?? 0,
            rejections: try await reader.rows("SELECT COUNT(*) AS n FROM rejections", []).first?["n"].int ?? 0
        )
    }

    // MARK: - Courses

    func courses() async throws -> [CourseReport] {
        var reports: [String: CourseReport] = [:]
        func report(_ course: String) -> CourseReport {
            reports[course] ?? CourseReport(course: course, attempts: 0, decidedAttempts: 0, passedAttempts: 0,
                                            passRate: nil, averagePercent: nil, learners: 0, learnersPassed: 0,
                                            learnersCompleted: 0, lessons: [])
        }
        let attemptFilter = "\(Self.matches("a.course", "course")) AND \(Self.matches("r.site", "site"))"

        for row in try await rows("""
            SELECT a.course,
                   COUNT(*) AS attempts,
                   COUNT(a.server_passed) AS decided,
                   COALESCE(SUM(CASE WHEN a.server_passed = 1 THEN 1 ELSE 0 END), 0) AS passed,
                   AVG(a.server_percent) AS average_percent,
                   COUNT(DISTINCT CASE WHEN a.server_passed = 1 THEN r.device END) AS learners_passed
            FROM attempt_scores a JOIN records r ON r.id = a.record_id
            WHERE a.course IS NOT NULL AND \(attemptFilter)
            GROUP BY a.course
            """) {
            guard let course = row["course"].string else { continue }
            var entry = report(course)
            entry.attempts = row["attempts"].int ?? 0
            entry.decidedAttempts = row["decided"].int ?? 0
            entry.passedAttempts = row["passed"].int ?? 0
            entry.passRate = entry.decidedAttempts > 0 ? Double(entry.passedAttempts) / Double(entry.decidedAttempts) : nil
            entry.averagePercent = row["average_percent"].double
            entry.learnersPassed = row["learners_passed"].int ?? 0
            reports[course] = entry
        }

        let progressFilter = "\(Self.matches("p.course", "course")) AND \(Self.matches("r.site", "site"))"
        for row in try await rows("""
            SELECT course, COUNT(DISTINCT device) AS learners FROM (
                SELECT a.course AS course, r.device AS device
                FROM attempt_scores a JOIN records r ON r.id = a.record_id
                WHERE a.course IS NOT NULL AND \(attemptFilter)
                UNION ALL
                SELECT p.course, r.device
                FROM progress p JOIN records r ON r.id = p.record_id
                WHERE \(progressFilter)
            ) AS seen
            GROUP BY course
            """) {
            guard let course = row["course"].string else { continue }
            var entry = report(course)
            entry.learners = row["learners"].int ?? 0
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
                    WHERE p.lesson IS NOT NULL AND r.device IS NOT NULL AND \(progressFilter)
                ) AS ranked
                WHERE n = 1
            )
            """
        for row in try await rows(latest + """
            SELECT course, lesson, COUNT(*) AS learners, SUM(completed) AS completed_by
            FROM latest GROUP BY course, lesson ORDER BY course, lesson
            """) {
            guard let course = row["course"].string, let lesson = row["lesson"].string else { continue }
            var entry = report(course)
            entry.lessons.append(LessonReport(lesson: lesson, learners: row["learners"].int ?? 0,
                                              completedBy: row["completed_by"].int ?? 0))
            reports[course] = entry
        }

        // Completion is decided here, not in SQL, so the course's lesson list from the manifest
        // needs no variable-length argument list: each device's completed lessons, as sets.
        var completed: [String: [String: Set<String>]] = [:]
        for row in try await rows(latest + """
            SELECT course, device, lesson FROM latest WHERE completed = 1
            """) {
            guard let course = row["course"].string, let device = row["device"].string,
                  let lesson = row["lesson"].string else { continue }
            completed[course, default: [:]][device, default: []].insert(lesson)
        }
        for (course, required) in filter.requiredLessons where reports[course] != nil {
            var entry = report(course)
            let reported = Dictionary(entry.lessons.map { ($0.lesson, $0) }, uniquingKeysWith: { first, _ in first })
            let requiredSet = Set(required)
            entry.lessons = required.map { reported[$0] ?? LessonReport(lesson: $0, learners: 0, completedBy: 0) }
                + entry.lessons.filter { !requiredSet.contains($0.lesson) }
            reports[course] = entry
        }
        for (course, devices) in completed {
            var entry = report(course)
            let required = filter.requiredLessons[course].map(Set.init) ?? Set(entry.lessons.map(\.lesson))
            entry.learnersCompleted = required.isEmpty ? 0 : devices.values.filter { required.isSubset(of: $0) }.count
            reports[course] = entry
        }

        return reports.values.sorted { $0.course < $1.course }
    }

    // MARK: - Quizzes

    func quizzes() async throws -> [QuizReport] {
        var quizzes: [QuizReport] = []
        var index: [String: Int] = [:]
        let filter = "\(Self.matches("a.course", "course")) AND \(Self.matches("r.site", "site"))"
        for row in try await rows("""
            SELECT a.quiz, MAX(a.course) AS course,
                   COUNT(*) AS attempts,
                   COUNT(a.server_passed) AS decided,
                   COALESCE(SUM(CASE WHEN a.server_passed = 1 THEN 1 ELSE 0 END), 0) AS passed,
                   AVG(a.server_percent) AS average_percent
            FROM attempt_scores a JOIN records r ON r.id = a.record_id
            WHERE \(filter)
            GROUP BY a.quiz
            ORDER BY MAX(a.course), a.quiz
            """) {
            guard let quiz = row["quiz"].string else { continue }
            let decided = row["decided"].int ?? 0
            let passed = row["passed"].int ?? 0
            index[quiz] = quizzes.count
            quizzes.append(QuizReport(
                quiz: quiz, course: row["course"].string, attempts: row["attempts"].int ?? 0,
                decidedAttempts: decided, passedAttempts: passed,
                passRate: decided > 0 ? Double(passed) / Double(decided) : nil,
                averagePercent: row["average_percent"].double, questions: []
            ))
        }

        // Answers awaiting review (pending) count as answered, but not in difficulty or mean points.
        for row in try await rows("""
            SELECT q.quiz, q.question,
                   COUNT(*) AS shown,
                   COALESCE(SUM(CASE WHEN q.state <> 'unanswered' THEN 1 ELSE 0 END), 0) AS answered,
                   COALESCE(SUM(CASE WHEN q.state NOT IN ('unanswered', 'pending') THEN 1 ELSE 0 END), 0) AS graded,
                   COALESCE(SUM(CASE WHEN q.state = 'correct' THEN 1 ELSE 0 END), 0) AS correct,
                   COALESCE(SUM(CASE WHEN q.state = 'pending' THEN 1 ELSE 0 END), 0) AS pending,
                   AVG(CASE WHEN q.state NOT IN ('unanswered', 'pending') THEN q.points END) AS average_points,
                   MAX(q.max) AS max_points
            FROM question_scores q
            JOIN attempt_scores a ON a.record_id = q.record_id
            JOIN records r ON r.id = q.record_id
            WHERE \(filter)
            GROUP BY q.quiz, q.question
            ORDER BY q.quiz, AVG(q.position), q.question
            """) {
            guard let quiz = row["quiz"].string, let position = index[quiz], let question = row["question"].string
            else { continue }
            let graded = row["graded"].int ?? 0
            let correct = row["correct"].int ?? 0
            quizzes[position].questions.append(QuestionReport(
                question: question, shown: row["shown"].int ?? 0, answered: row["answered"].int ?? 0,
                correct: correct, pending: row["pending"].int ?? 0,
                difficulty: graded > 0 ? Double(correct) / Double(graded) : nil,
                averagePoints: row["average_points"].double, maxPoints: row["max_points"].double ?? 0
            ))
        }
        return quizzes
    }

    // MARK: - Surveys

    func surveys() async throws -> [SurveyReport] {
        var surveys: [SurveyReport] = []
        var surveyIndex: [String: Int] = [:]
        for row in try await rows("""
            SELECT s.survey, COUNT(*) AS responses
            FROM survey_responses s JOIN records r ON r.id = s.record_id
            WHERE \(Self.matches("s.survey", "survey")) AND \(Self.matches("r.site", "site"))
            GROUP BY s.survey ORDER BY s.survey
            """) {
            guard let survey = row["survey"].string else { continue }
            surveyIndex[survey] = surveys.count
            surveys.append(SurveyReport(survey: survey, responses: row["responses"].int ?? 0, questions: []))
        }

        var questionIndex: [String: [String: Int]] = [:]
        let where_ = "\(Self.matches("s.survey", "survey")) AND \(Self.matches("r.site", "site"))"
        for row in try await rows("""
            SELECT survey, question, answers, total FROM (
                SELECT s.survey, s.question, COUNT(*) AS answers,
                       ROW_NUMBER() OVER (PARTITION BY s.survey ORDER BY COUNT(*) DESC, s.question) AS rank,
                       COUNT(*) OVER (PARTITION BY s.survey) AS total
                FROM survey_answers s JOIN records r ON r.id = s.record_id
                WHERE \(where_)
                GROUP BY s.survey, s.question
            ) AS ranked
            WHERE rank <= :maxQuestions
            ORDER BY survey, question
            """) {
            guard let survey = row["survey"].string, let position = surveyIndex[survey],
                  let question = row["question"].string else { continue }
            let total = row["total"].int ?? 0
            surveys[position].omittedQuestions = max(0, total - SurveyReport.maxQuestions)
            questionIndex[survey, default: [:]][question] = surveys[position].questions.count
            surveys[position].questions.append(SurveyQuestionReport(
                question: question, answers: row["answers"].int ?? 0, values: [], choices: [], cells: [], texts: [],
                textCount: 0))
        }
        func update(_ row: SQLRow, _ change: (inout SurveyQuestionReport) -> Void) {
            guard let survey = row["survey"].string, let question = row["question"].string,
                  let s = surveyIndex[survey], let q = questionIndex[survey]?[question] else { return }
            change(&surveys[s].questions[q])
        }
        func json(_ value: SQLValue) -> JSONValue {
            guard let text = value.string, let parsed = try? JSONValue.parse(Data(text.utf8)) else { return .null }
            return parsed
        }

        // Scalars: likert, rating, single. Each list keeps its most frequent entries: made-up
        // values are as free as made-up ids.
        for row in try await rows("""
            SELECT survey, question, value, n FROM (
                SELECT s.survey, s.question, s.value, s.number, COUNT(*) AS n,
                       ROW_NUMBER() OVER (PARTITION BY s.survey, s.question ORDER BY COUNT(*) DESC, s.value) AS rank
                FROM survey_answers s JOIN records r ON r.id = s.record_id
                WHERE s.value_type IN ('number', 'true', 'false') AND \(where_)
                GROUP BY s.survey, s.question, s.value, s.number
            ) AS ranked
            WHERE rank <= :maxCounts
            ORDER BY survey, question, number, value
            """) {
            update(row) { $0.values.append(ValueCount(value: json(row["value"]), count: row["n"].int ?? 0)) }
        }

        // Lists read as multiple choice: responses choosing each member. Numbers and
        // booleans sort before text.
        let items = "survey_answer_items s JOIN records r ON r.id = s.record_id"
        let itemOrder = "CASE WHEN s.value_type = 'text' THEN 1 ELSE 0 END, s.number, s.text, s.value"
        for row in try await rows("""
            SELECT survey, question, value, n FROM (
                SELECT s.survey, s.question, s.value, s.value_type, s.number, s.text,
                       COUNT(DISTINCT s.record_id) AS n,
                       ROW_NUMBER() OVER (PARTITION BY s.survey, s.question
                                          ORDER BY COUNT(DISTINCT s.record_id) DESC, \(itemOrder)) AS rank
                FROM \(items)
                WHERE \(where_)
                GROUP BY s.survey, s.question, s.value, s.value_type, s.number, s.text
            ) AS s
            WHERE rank <= :maxCounts
            ORDER BY survey, question, \(itemOrder)
            """) {
            update(row) { $0.choices.append(ValueCount(value: json(row["value"]), count: row["n"].int ?? 0)) }
        }

        // Lists read as a matrix: per row (position), per value.
        for row in try await rows("""
            SELECT survey, question, position, value, n FROM (
                SELECT s.survey, s.question, s.position, s.value, s.value_type, s.number, s.text, COUNT(*) AS n,
                       ROW_NUMBER() OVER (PARTITION BY s.survey, s.question
                                          ORDER BY COUNT(*) DESC, s.position, \(itemOrder)) AS rank
                FROM \(items)
                WHERE \(where_)
                GROUP BY s.survey, s.question, s.position, s.value, s.value_type, s.number, s.text
            ) AS s
            WHERE rank <= :maxCounts
            ORDER BY survey, question, position, \(itemOrder)
            """) {
            update(row) {
                $0.cells.append(CellCount(row: row["position"].int ?? 0, value: json(row["value"]),
                                          count: row["n"].int ?? 0))
            }
        }

        // Free text, verbatim (from the JSON value), newest first. Questions left out above
        // still come back from SQL, up to :limit each, and are skipped here.
        for row in try await rows("""
            SELECT survey, question, value, created_at, record_id, total FROM (
                SELECT s.survey, s.question, s.value, r.created_at, r.id AS record_id,
                       ROW_NUMBER() OVER (PARTITION BY s.survey, s.question
                                          ORDER BY r.created_at DESC, r.id DESC) AS n,
                       COUNT(*) OVER (PARTITION BY s.survey, s.question) AS total
                FROM survey_answers s JOIN records r ON r.id = s.record_id
                WHERE s.value_type = 'text' AND trim(s.text) <> '' AND \(where_)
            ) AS ranked
            WHERE n <= :limit
            ORDER BY survey, question, n
            """) {
            update(row) {
                $0.texts.append(TextAnswer(text: json(row["value"]).string ?? "", createdAt: row["created_at"].string ?? "",
                                           recordID: row["record_id"].string ?? ""))
                $0.textCount = row["total"].int ?? 0
            }
        }
        return surveys
    }

    // MARK: - For an admin

    func flagged() async throws -> [FlaggedAttempt] {
        try await rows("""
            SELECT a.record_id, a.quiz, a.course, r.content_hash, r.device, r.created_at, r.received_at,
                   a.key_status, a.mismatch, a.client_percent, a.server_percent
            FROM attempt_scores a JOIN records r ON r.id = a.record_id
            WHERE (a.key_status <> 'scored' OR a.mismatch <> 0)
              AND \(Self.matches("a.course", "course")) AND \(Self.matches("r.site", "site"))
            ORDER BY r.received_at DESC, r.created_at DESC, r.id
            LIMIT :limit
            """).map { row in
            FlaggedAttempt(
                recordID: row["record_id"].string ?? "", quiz: row["quiz"].string ?? "", course: row["course"].string,
                contentHash: row["content_hash"].string, device: row["device"].string,
                createdAt: row["created_at"].string ?? "", receivedAt: row["received_at"].string ?? "",
                keyStatus: row["key_status"].string ?? "", mismatch: row["mismatch"].bool ?? false,
                clientPercent: row["client_percent"].double, serverPercent: row["server_percent"].double
            )
        }
    }

    /// Not narrowed by the filter (a conflict or rejection may name no course).
    func conflicts() async throws -> [ConflictEntry] {
        try await rows("""
            SELECT record_id, digest, source, received_at, last_received_at, times, substr(raw, 1, CAST(:preview AS INTEGER)) AS raw
            FROM conflicts
            ORDER BY last_received_at DESC, record_id
            LIMIT :limit
            """).map { row in
            ConflictEntry(
                recordID: row["record_id"].string ?? "", digest: row["digest"].string ?? "",
                source: IngestSource(rawValue: row["source"].string ?? "") ?? .sync,
                receivedAt: row["received_at"].string ?? "", lastReceivedAt: row["last_received_at"].string ?? "",
                times: row["times"].int ?? 0, raw: row["raw"].string ?? ""
            )
        }
    }

    func rejections() async throws -> [RejectionEntry] {
        try await rows("""
            SELECT record_id, reason, source, received_at, last_received_at, times, substr(raw, 1, CAST(:preview AS INTEGER)) AS raw
            FROM rejections
            ORDER BY last_received_at DESC, id DESC
            LIMIT :limit
            """).map { row in
            RejectionEntry(
                recordID: row["record_id"].string, reason: row["reason"].string ?? "",
                source: IngestSource(rawValue: row["source"].string ?? "") ?? .sync,
                receivedAt: row["received_at"].string ?? "", lastReceivedAt: row["last_received_at"].string ?? "",
                times: row["times"].int ?? 0, raw: row["raw"].string ?? ""
            )
        }
    }
}
