/// The kinds of record a browser outbox sends (docs/learning.md, "Records"). Bookings,
/// task updates and event registrations are stored as they come, for later releases.
public enum RecordKind: String, Sendable, Hashable, Codable, CaseIterable {
    case attempt
    case surveyResponse = "survey_response"
    case progress
    case bookingRequest = "booking_request"
    case taskUpdate = "task_update"
    case eventRegistration = "event_registration"
}

/// One record as the browser makes it and the sync API and `szpon import results` take
/// it in (docs/learning.md, "Records"): what every kind shares, around a kind-specific
/// payload. The store checks a JSON value against these rules (`IncomingRecord.validate`
/// in SzponStore) before it builds one.
public struct RecordEnvelope: Sendable, Hashable {
    /// A UUID made in the browser, lowercased; a record is stored once per id.
    public var id: String
    public var kind: RecordKind
    /// The site id from `site.yaml`.
    public var site: String
    /// The bundle id (`site` for a plain `szpon build`).
    public var bundle: String
    /// The hash of the quiz or survey version the learner saw; nil for progress.
    public var contentHash: String?
    /// UTC with milliseconds (`2026-11-23T10:15:00.000Z`), so stored times sort as text.
    public var createdAt: String
    /// The browser profile's id; nil in an anonymous survey's response.
    public var device: String?
    /// The signed-in learner, once sites have people; nil (or absent) until then, and
    /// always optional: records made without one stay valid.
    public var learner: String?
    public var payload: JSONValue
    /// The whole record as received, for the digest and for storage.
    public var raw: JSONValue

    public init(id: String, kind: RecordKind, site: String, bundle: String, contentHash: String?, createdAt: String,
                device: String?, learner: String? = nil, payload: JSONValue, raw: JSONValue) {
        self.id = id
        self.kind = kind
        self.site = site
        self.bundle = bundle
        self.contentHash = contentHash
        self.createdAt = createdAt
        self.device = device
        self.learner = learner
        self.payload = payload
        self.raw = raw
    }
}
