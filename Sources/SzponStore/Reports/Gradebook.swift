import Foundation

/// The attempt-level export teachers asked for: one row per attempt and question (one row
/// with no question for an attempt scored against an unknown quiz version), oldest attempt
/// first, with the device, both clocks and both scores: the client's as the learner saw it,
/// the server's from the answer keys. Not capped: it is a download, not a page.
public struct GradebookRow: Sendable, Hashable, Codable {
    public var attemptID: String
    public var course: String?
    public var quiz: String
    public var contentHash: String?
    public var device: String?
    /// The learner code the browser sent (issue "people"); nil for anonymous courses.
    public var learner: String?
    /// The person the code belongs to; nil when anonymous or unattributed.
    public var person: String?
    /// The device's clock and the server's, ISO 8601 UTC.
    public var createdAt: String
    public var receivedAt: String
    /// `scored` or `unknown-version`.
    public var keyStatus: String
    public var clientPercent: Double?
    public var clientPassed: Bool?
    public var serverPoints: Double?
    public var serverMax: Double?
    public var serverPercent: Double?
    /// nil while an essay awaits review.
    public var serverPassed: Bool?
    /// The question, its position in the attempt, the server's points for it and its state
    /// (`correct`, `partial`, `incorrect`, `unanswered`, `pending`); nil when unscored.
    public var question: String?
    public var position: Int?
    public var points: Double?
    public var maxPoints: Double?
    public var state: String?
}

extension ReportSQL {
    /// Filtered by course and site, like the report's quiz sections.
    func gradebook() async throws -> [GradebookRow] {
        try await rows("""
            SELECT a.record_id, a.course, a.quiz, r.content_hash, r.device, r.learner, r.person_id,
                   r.created_at, r.received_at, a.key_status,
                   a.client_percent, a.client_passed, a.server_points, a.server_max, a.server_percent, a.server_passed,
                   q.question, q.position, q.points, q.max, q.state
            FROM attempt_scores a
            JOIN records r ON r.id = a.record_id
            LEFT JOIN question_scores q ON q.record_id = a.record_id
            WHERE \(Self.matches("a.course", "course")) AND \(Self.matches("r.site", "site"))
            ORDER BY r.created_at, r.id, q.position
            """).map { row in
            GradebookRow(
                attemptID: row["record_id"].string ?? "", course: row["course"].string, quiz: row["quiz"].string ?? "",
                contentHash: row["content_hash"].string, device: row["device"].string,
                learner: row["learner"].string, person: row["person_id"].string,
                createdAt: row["created_at"].string ?? "", receivedAt: row["received_at"].string ?? "",
                keyStatus: row["key_status"].string ?? "",
                clientPercent: row["client_percent"].double, clientPassed: row["client_passed"].bool,
                serverPoints: row["server_points"].double, serverMax: row["server_max"].double,
                serverPercent: row["server_percent"].double, serverPassed: row["server_passed"].bool,
                question: row["question"].string, position: row["position"].int,
                points: row["points"].double, maxPoints: row["max"].double, state: row["state"].string
            )
        }
    }
}
