import Foundation

/// Quiz attempts: rescored on the server with the answer key of the version the learner saw
/// (`IngestContext.scorer`), one `attempt_scores` row and one `question_scores` row per
/// question; the answer carries the server's score, for a duplicate too.
struct AttemptHandler: RecordHandler {
    var kinds: [RecordKind] { [.attempt] }

    func validate(_ payload: [String: JSONValue]) -> String? {
        guard let quiz = payload["quiz"]?.string else { return "'payload.quiz' must be a string" }
        if IncomingRecord.hasNUL(quiz) { return "'payload.quiz' must not contain U+0000" }
        if let course = payload["course"], !course.isNull, course.string.map(IncomingRecord.hasNUL) ?? false {
            return "'payload.course' must not contain U+0000"
        }
        guard payload["responses"]?.object != nil else { return "'payload.responses' must be an object" }
        if let questions = payload["questions"], !questions.isNull {
            guard let list = questions.array, list.allSatisfy({ $0.string != nil }) else {
                return "'payload.questions' must be an array of strings"
            }
            if list.contains(where: { $0.string.map(IncomingRecord.hasNUL) ?? false }) {
                return "'payload.questions' must not contain U+0000"
            }
        }
        return nil
    }

    func derive(_ record: IncomingRecord, context: IngestContext) -> Derivation {
        let evaluation = context.scorer?(record) ?? Self.unscored(record)
        let score = evaluation.score
        var rows = [DerivedRow("attempt_scores", [
            "record_id": .text(record.id),
            "quiz": .text(evaluation.quiz),
            "course": SQLValue(evaluation.course ?? record.payload["course"]?.string),
            "key_status": .text(evaluation.keyStatus.rawValue),
            "client_points": SQLValue(evaluation.clientPoints),
            "client_percent": SQLValue(evaluation.clientPercent),
            "client_passed": SQLValue(evaluation.clientPassed),
            "server_points": SQLValue(score?.points),
            "server_max": SQLValue(score?.max),
            "server_percent": SQLValue(score?.percent),
            "server_passed": SQLValue(score?.passed),
            "pending": SQLValue(score?.pending ?? false),
            "mismatch": SQLValue(evaluation.mismatch),
        ])]
        for (position, question) in evaluation.questions.enumerated() {
            rows.append(DerivedRow("question_scores", [
                "record_id": .text(record.id),
                "quiz": .text(evaluation.quiz),
                "question": .text(question.question),
                "position": SQLValue(position),
                "points": .real(question.points),
                "max": .real(question.max),
                "state": .text(question.state),
            ]))
        }
        return Derivation(rows: rows, detail: score.map(IngestDetail.score))
    }

    var storedDetail: StoredDetailQuery? {
        StoredDetailQuery(sql: """
            SELECT server_points, server_max, server_percent, server_passed, pending
            FROM attempt_scores WHERE record_id = ?
            """) { row in
            guard let max = row["server_max"].double else { return nil }
            return .score(ServerScore(points: row["server_points"].double, max: max,
                                      percent: row["server_percent"].double, passed: row["server_passed"].bool,
                                      pending: row["pending"].bool ?? false))
        }
    }

    /// An attempt's evaluation when the store has no scorer: the client's score, flagged.
    static func unscored(_ record: IncomingRecord) -> AttemptEvaluation {
        let client = record.payload["score"]
        return AttemptEvaluation(
            quiz: record.payload["quiz"]?.string ?? "",
            course: record.payload["course"]?.string,
            keyStatus: .unknownVersion,
            score: nil,
            questions: [],
            clientPoints: client?["points"]?.number,
            clientPercent: client?["percent"]?.number,
            clientPassed: client?["passed"]?.bool,
            mismatch: false
        )
    }
}
