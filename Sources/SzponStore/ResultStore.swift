import Foundation

/// Where a batch came from: the sync API, or a results file brought back on USB.
public enum IngestSource: String, Sendable, Codable {
    case sync
    case file
}

/// The answer for one record, as the sync API returns it.
public enum IngestStatus: String, Sendable, Codable {
    /// New, and committed durably.
    case stored
    /// Same id and same content as a stored record: the device may forget it.
    case duplicate
    /// Same id, different content: kept aside for an admin; the stored record wins.
    case conflict
    /// Not a valid record; `reason` says why.
    case rejected
}

/// A record that passed validation (`IncomingRecord.validate`); the envelope itself is
/// SzponWire's, shared with the build.
public typealias IncomingRecord = RecordEnvelope

/// The server's score of an attempt, from the answer key of the version the learner saw.
public struct ServerScore: Sendable, Hashable, Codable {
    /// nil when the key of that version is unknown.
    public var points: Double?
    public var max: Double
    public var percent: Double?
    public var passed: Bool?
    public var pending: Bool

    public init(points: Double?, max: Double, percent: Double?, passed: Bool?, pending: Bool) {
        self.points = points
        self.max = max
        self.percent = percent
        self.passed = passed
        self.pending = pending
    }
}

public struct QuestionEvaluation: Sendable, Hashable, Codable {
    public var question: String
    public var points: Double
    public var max: Double
    /// correct, partial, incorrect, unanswered or pending (score.js's states).
    public var state: String

    public init(question: String, points: Double, max: Double, state: String) {
        self.question = question
        self.points = points
        self.max = max
        self.state = state
    }
}

/// What rescoring found for one attempt record.
public struct AttemptEvaluation: Sendable, Hashable {
    public enum KeyStatus: String, Sendable, Codable {
        /// Scored with the key of the version the learner saw.
        case scored
        /// No key for that quiz version: stored and flagged for an admin.
        case unknownVersion = "unknown-version"
    }

    public var quiz: String
    public var course: String?
    public var keyStatus: KeyStatus
    public var score: ServerScore?
    public var questions: [QuestionEvaluation]
    /// The client's own score, as sent (null in exam mode).
    public var clientPoints: Double?
    public var clientPercent: Double?
    public var clientPassed: Bool?
    /// The client's score differs from the server's.
    public var mismatch: Bool

    public init(quiz: String, course: String?, keyStatus: KeyStatus, score: ServerScore?, questions: [QuestionEvaluation],
                clientPoints: Double?, clientPercent: Double?, clientPassed: Bool?, mismatch: Bool) {
        self.quiz = quiz
        self.course = course
        self.keyStatus = keyStatus
        self.score = score
        self.questions = questions
        self.clientPoints = clientPoints
        self.clientPercent = clientPercent
        self.clientPassed = clientPassed
        self.mismatch = mismatch
    }
}

/// Rescores an attempt; the store calls it inside ingest, so it stays ignorant of the key format.
public typealias AttemptScorer = @Sendable (IncomingRecord) -> AttemptEvaluation

public struct IngestResult: Sendable, Hashable {
    /// nil when the record had no readable id.
    public var id: String?
    public var status: IngestStatus
    public var reason: String?
    /// What the record's handler answers beyond the status (`IngestDetail`): for a stored
    /// record what it derived, for a duplicate the stored record's; nil for conflicts,
    /// rejections and kinds with nothing to say.
    public var detail: IngestDetail?

    /// Attempts: the server's score, so that exam results reach the learner after sync.
    public var score: ServerScore? {
        if case let .score(score)? = detail { return score }
        return nil
    }

    public init(id: String?, status: IngestStatus, reason: String? = nil, detail: IngestDetail? = nil) {
        self.id = id
        self.status = status
        self.reason = reason
        self.detail = detail
    }
}
