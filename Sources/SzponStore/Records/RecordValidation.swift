import Foundation

/// Why a record was refused. `id` is the record's id when it had a readable one, so that
/// the device can match the answer to its outbox entry.
public struct RecordRejection: Error, Sendable, Hashable, Codable {
    public var id: String?
    /// A short English sentence naming the field, e.g. "'id' must be a UUID".
    public var reason: String

    public init(id: String?, reason: String) {
        self.id = id
        self.reason = reason
    }
}

extension IncomingRecord {
    /// The largest record accepted, as canonical JSON (sorted keys, no whitespace).
    public static let maxEncodedSize = 256 * 1024
    /// The longest `site`, `bundle`, `device` and `learner`.
    public static let maxNameLength = 200
    /// The longest `contentHash` (hex digits).
    public static let maxContentHashLength = 128

    /// Checks one record as the browser sends it (docs/learning.md, "Records").
    ///
    /// On success the id is lowercased and `createdAt` is normalised to UTC with
    /// milliseconds (`2026-11-23T10:15:00.000Z`), so that stored times sort as text.
    /// `raw` is the value exactly as given.
    public static func validate(_ value: JSONValue) -> Result<IncomingRecord, RecordRejection> {
        validate(value, canonical: value.canonical)
    }

    /// The same, with the canonical bytes already computed (the store needs them for the digest).
    static func validate(_ value: JSONValue, canonical: Data) -> Result<IncomingRecord, RecordRejection> {
        guard let object = value.object else {
            return .failure(RecordRejection(id: nil, reason: "a record must be a JSON object"))
        }

        // id first: every later rejection carries it.
        guard let rawID = object["id"] else {
            return .failure(RecordRejection(id: nil, reason: "'id' is missing"))
        }
        guard let idText = rawID.string else {
            return .failure(RecordRejection(id: nil, reason: "'id' must be a string"))
        }
        guard isUUID(idText) else {
            // Echo a short id back, so the device can still match the answer.
            return .failure(RecordRejection(id: idText.count <= 64 ? idText : nil, reason: "'id' must be a UUID"))
        }
        let id = idText.lowercased()
        func reject(_ reason: String) -> Result<IncomingRecord, RecordRejection> {
            .failure(RecordRejection(id: id, reason: reason))
        }

        if canonical.count > maxEncodedSize {
            return reject("the record is larger than \(maxEncodedSize / 1024) KiB")
        }

        guard let kindValue = object["kind"] else { return reject("'kind' is missing") }
        guard let kindText = kindValue.string else { return reject("'kind' must be a string") }
        guard let kind = RecordKind(rawValue: kindText) else {
            return reject("unknown kind '\(shortened(kindText))'")
        }

        guard let site = object["site"]?.string, !site.isEmpty, site.count <= maxNameLength else {
            return reject("'site' must be a non-empty string of at most \(maxNameLength) characters")
        }
        if hasNUL(site) { return reject("'site' must not contain U+0000") }
        guard let bundle = object["bundle"]?.string, !bundle.isEmpty, bundle.count <= maxNameLength else {
            return reject("'bundle' must be a non-empty string of at most \(maxNameLength) characters")
        }
        if hasNUL(bundle) { return reject("'bundle' must not contain U+0000") }

        var contentHash: String?
        switch object["contentHash"] {
        case nil, .null?:
            contentHash = nil
        case let .string(text)? where !text.isEmpty && text.count <= maxContentHashLength && text.allSatisfy(\.isHexDigit):
            contentHash = text
        default:
            return reject("'contentHash' must be null or a hex string of at most \(maxContentHashLength) digits")
        }

        guard let createdText = object["createdAt"]?.string else {
            return reject("'createdAt' must be an ISO 8601 date-time string")
        }
        guard let createdAt = normalizedTimestamp(createdText) else {
            return reject("'createdAt' must be an ISO 8601 date-time string")
        }

        var device: String?
        switch object["device"] {
        case nil, .null?:
            device = nil
        case let .string(text)? where text.count <= maxNameLength:
            if hasNUL(text) { return reject("'device' must not contain U+0000") }
            device = text
        default:
            return reject("'device' must be null or a string of at most \(maxNameLength) characters")
        }

        // The signed-in learner (the people feature fills it); records without one stay valid.
        var learner: String?
        switch object["learner"] {
        case nil, .null?:
            learner = nil
        case let .string(text)? where !text.isEmpty && text.count <= maxNameLength:
            if hasNUL(text) { return reject("'learner' must not contain U+0000") }
            learner = text
        default:
            return reject("'learner' must be null or a non-empty string of at most \(maxNameLength) characters")
        }

        guard let payloadValue = object["payload"], let payload = payloadValue.object else {
            return reject("'payload' must be an object")
        }

        switch kind {
        case .attempt:
            guard let quiz = payload["quiz"]?.string else { return reject("'payload.quiz' must be a string") }
            if hasNUL(quiz) { return reject("'payload.quiz' must not contain U+0000") }
            if let course = payload["course"], !course.isNull, course.string.map(hasNUL) ?? false {
                return reject("'payload.course' must not contain U+0000")
            }
            guard payload["responses"]?.object != nil else { return reject("'payload.responses' must be an object") }
            if let questions = payload["questions"], !questions.isNull {
                guard let list = questions.array, list.allSatisfy({ $0.string != nil }) else {
                    return reject("'payload.questions' must be an array of strings")
                }
            }
        case .surveyResponse:
            guard let survey = payload["survey"]?.string else { return reject("'payload.survey' must be a string") }
            if hasNUL(survey) { return reject("'payload.survey' must not contain U+0000") }
            guard let responses = payload["responses"]?.object else { return reject("'payload.responses' must be an object") }
            // Each key becomes a row keyed by (record, question): "a\u{0}b" and "a\u{0}c" would
            // both be stored as "a" and collide, failing the whole batch.
            if responses.keys.contains(where: hasNUL) {
                return reject("'payload.responses' question ids must not contain U+0000")
            }
        case .progress:
            guard let course = payload["course"]?.string else { return reject("'payload.course' must be a string") }
            if hasNUL(course) { return reject("'payload.course' must not contain U+0000") }
            if let lesson = payload["lesson"], !lesson.isNull, lesson.string == nil {
                return reject("'payload.lesson' must be a string")
            }
            if payload["lesson"]?.string.map(hasNUL) ?? false { return reject("'payload.lesson' must not contain U+0000") }
            if let completed = payload["completed"], !completed.isNull, completed.bool == nil {
                return reject("'payload.completed' must be true or false")
            }
        case .bookingRequest, .taskUpdate, .eventRegistration:
            break
        }

        return .success(IncomingRecord(
            id: id, kind: kind, site: site, bundle: bundle, contentHash: contentHash, createdAt: createdAt,
            device: device, learner: learner, payload: payloadValue, raw: value
        ))
    }

    /// Text that goes into a column of its own may not hold U+0000: SQLite is handed it as a
    /// C string (GRDB binds with length -1), so it would be cut at the NUL and stored as
    /// something else than was sent. Inside JSON columns it is escaped and harmless.
    static func hasNUL(_ text: String) -> Bool {
        text.utf8.contains(0)
    }

    /// 8-4-4-4-12 hex digits, any version, any case.
    static func isUUID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            switch index {
            case 8, 13, 18, 23:
                if byte != UInt8(ascii: "-") { return false }
            default:
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
                     UInt8(ascii: "A")...UInt8(ascii: "F"):
                    continue
                default:
                    return false
                }
            }
        }
        return true
    }

    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let withoutFraction = Date.ISO8601FormatStyle()

    /// An ISO 8601 date-time (with or without fractional seconds, any offset) as UTC with
    /// milliseconds; nil when it is not one.
    static func normalizedTimestamp(_ text: String) -> String? {
        guard text.count <= 64 else { return nil }
        guard let date = (try? withFraction.parse(text)) ?? (try? withoutFraction.parse(text)) else { return nil }
        return withFraction.format(date)
    }

    /// Now, in the stored format.
    static func timestamp(_ date: Date = Date()) -> String {
        withFraction.format(date)
    }

    private static func shortened(_ text: String) -> String {
        text.count <= 40 ? text : String(text.prefix(40)) + "…"
    }
}
