import Crypto
import Foundation

/// What the answer for one record carries beyond its status, kind by kind: the sync API
/// sends it back (`SyncController.json`). A later kind adds its own case (a booking:
/// confirmed, or taken with alternatives).
public enum IngestDetail: Sendable, Hashable {
    /// An attempt's server score.
    case score(ServerScore)
}

/// A row a handler derives from a record, for the reports. Inserted right after the record
/// itself, in its transaction, with `ON CONFLICT DO NOTHING` (a quiz may list a question twice).
public struct DerivedRow: Sendable, Hashable {
    public let table: String
    public let columns: [String]
    public var values: [SQLValue]
    /// The same SQL on SQLite and PostgreSQL (`?` placeholders). Built here, while the
    /// record is prepared in parallel, not in the one writer every record waits on.
    let sql: String

    public init(_ table: String, _ pairs: KeyValuePairs<String, SQLValue>) {
        self.table = table
        self.columns = pairs.map { $0.key }
        self.values = pairs.map { $0.value }
        self.sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES ("
            + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ") ON CONFLICT DO NOTHING"
    }
}

/// How a handler answers a duplicate with the stored record's detail: one query on its
/// derived rows, with the record id as its one `?`, and how to read its row.
public struct StoredDetailQuery: Sendable {
    public var sql: String
    public var decode: @Sendable (SQLRow) -> IngestDetail?

    public init(sql: String, decode: @escaping @Sendable (SQLRow) -> IngestDetail?) {
        self.sql = sql
        self.decode = decode
    }
}

/// What a handler made of a valid record, outside the transaction.
public struct Derivation: Sendable {
    public var rows: [DerivedRow]
    /// Sent back when the record is stored.
    public var detail: IngestDetail?

    public init(rows: [DerivedRow] = [], detail: IngestDetail? = nil) {
        self.rows = rows
        self.detail = detail
    }
}

/// What handlers may use while deriving rows.
public struct IngestContext: Sendable {
    /// Rescores attempts; nil stores them unscored and flagged.
    public var scorer: AttemptScorer?

    public init(scorer: AttemptScorer?) {
        self.scorer = scorer
    }
}

/// One record kind's logic: its payload rules, the rows it derives and the detail of its
/// answer. Adding a kind is one handler (in its feature folder), one migration for its
/// tables (`Migrations.all`) and one line in `IngestPipeline.handlers`.
public protocol RecordHandler: Sendable {
    /// The kinds this handler takes.
    var kinds: [RecordKind] { get }
    /// The kind's own checks of a payload; nil when it is valid, else the reason.
    func validate(_ payload: [String: JSONValue]) -> String?
    /// Rows derived from a valid record and its answer's detail (pure: no database).
    func derive(_ record: IncomingRecord, context: IngestContext) -> Derivation
    /// How to answer a duplicate with the stored record's detail; nil when the kind has none.
    var storedDetail: StoredDetailQuery? { get }
}

extension RecordHandler {
    public var storedDetail: StoredDetailQuery? { nil }
}

/// A record ready for the writer of either backend: validated, digested and derived.
struct IngestItem: Sendable {
    enum Content: Sendable {
        /// `payload` is canonical JSON text.
        case valid(IncomingRecord, payload: String, derivation: Derivation, storedDetail: StoredDetailQuery?)
        case rejected(RecordRejection, truncated: Bool)
    }

    /// The lowercase id of a valid record, or the rejection's id.
    var id: String?
    /// Hex SHA-256 of the whole canonical JSON.
    var digest: String
    /// Canonical JSON; for a rejected record cut to `maxStoredRejection` bytes.
    var raw: String
    var content: Content

    /// Rejected records are kept for an admin to read, not to replay: 64 KiB is plenty.
    static let maxStoredRejection = 64 * 1024

    static func rejected(_ rejection: RecordRejection, canonical: Data, digest: String) -> IngestItem {
        let truncated = canonical.count > maxStoredRejection
        let raw = String(decoding: truncated ? canonical.prefix(maxStoredRejection) : canonical, as: UTF8.self)
        return IngestItem(id: rejection.id, digest: digest, raw: raw, content: .rejected(rejection, truncated: truncated))
    }
}

/// One `ingest` call, ready to write on either backend: validated, digested and derived
/// outside the transaction, so the writer does nothing but SQL.
struct IngestBatch: Sendable {
    var items: [IngestItem]
    var source: IngestSource
    var receivedAt: String
}

/// The ingest pipeline, the same for every backend: validate → derive rows → write (insert
/// once, or tell a duplicate from a conflict by digest) → a typed outcome per record.
public enum IngestPipeline {
    /// Every record kind's handler. A new kind is registered here.
    public static let handlers: [any RecordHandler] = [
        AttemptHandler(),
        SurveyResponseHandler(),
        ProgressHandler(),
        StoredAsSentHandler(kinds: [.bookingRequest, .taskUpdate, .eventRegistration]),
    ]

    private static let byKind: [RecordKind: any RecordHandler] = {
        var map: [RecordKind: any RecordHandler] = [:]
        for handler in handlers {
            for kind in handler.kinds {
                precondition(map[kind] == nil, "two handlers for record kind \(kind.rawValue)")
                map[kind] = handler
            }
        }
        return map
    }()

    public static func handler(for kind: RecordKind) -> any RecordHandler {
        guard let handler = byKind[kind] else { preconditionFailure("no handler for record kind \(kind.rawValue)") }
        return handler
    }

    /// Outside the transaction: everything but SQL.
    static func prepare(_ value: JSONValue, acceptedSites: Set<String>?, context: IngestContext) -> IngestItem {
        let canonical = value.canonical
        let digest = ContentHash.hex(SHA256.hash(data: canonical))
        switch IncomingRecord.validate(value, canonical: canonical) {
        case let .failure(rejection):
            return .rejected(rejection, canonical: canonical, digest: digest)
        case let .success(record):
            if let acceptedSites, !acceptedSites.contains(record.site) {
                let rejection = RecordRejection(id: record.id, reason: "site '\(record.site)' is not served here")
                return .rejected(rejection, canonical: canonical, digest: digest)
            }
            let handler = handler(for: record.kind)
            return IngestItem(
                id: record.id, digest: digest, raw: String(decoding: canonical, as: UTF8.self),
                content: .valid(record, payload: String(decoding: record.payload.canonical, as: UTF8.self),
                                derivation: handler.derive(record, context: context),
                                storedDetail: handler.storedDetail))
        }
    }

    // The SQL every backend runs for the record log, the same text on both (`?` placeholders).

    /// The record's learner code is kept as sent; its person is looked up in the same
    /// statement, so attribution commits with the record. A code no one holds (made up,
    /// mistyped past its check, revoked, its person erased) finds no row: the record is
    /// stored unattributed (`person_id` NULL), never refused.
    static let insertRecord = """
        INSERT INTO records (id, kind, site, bundle, content_hash, created_at, device, payload, raw, digest,
                             received_at, source, learner, person_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT id FROM people WHERE code_tag = ?))
        ON CONFLICT (id) DO NOTHING
        """

    static func recordValues(_ record: IncomingRecord, payload: String, item: IngestItem, receivedAt: String,
                             source: IngestSource) -> [SQLValue] {
        [.text(record.id), .text(record.kind.rawValue), .text(record.site), .text(record.bundle),
         SQLValue(record.contentHash), .text(record.createdAt), SQLValue(record.device), .text(payload),
         .text(item.raw), .text(item.digest), .text(receivedAt), .text(source.rawValue),
         SQLValue(record.learner), SQLValue(learnerCodeTag(record.learner))]
    }

    /// The tag people are indexed by (`people.code_tag`), when the record's `learner` reads
    /// as a learner code; nil otherwise, which attributes the record to no one.
    static func learnerCodeTag(_ learner: String?) -> String? {
        guard let learner, let code = try? LearnerCode(parsing: learner) else { return nil }
        return code.tag
    }

    static let storedDigest = "SELECT digest FROM records WHERE id = ?"

    static let upsertConflict = """
        INSERT INTO conflicts (record_id, digest, raw, source, received_at, last_received_at)
        VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (record_id, digest) DO UPDATE SET
            times = conflicts.times + 1, last_received_at = excluded.last_received_at
        """

    static let upsertRejection = """
        INSERT INTO rejections (record_id, reason, raw, raw_truncated, digest, source, received_at, last_received_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (digest) DO UPDATE SET
            times = rejections.times + 1, last_received_at = excluded.last_received_at,
            reason = excluded.reason, source = excluded.source
        """

    static func rejectionValues(_ rejection: RecordRejection, item: IngestItem, truncated: Bool, receivedAt: String,
                                source: IngestSource) -> [SQLValue] {
        [SQLValue(rejection.id), .text(rejection.reason), .text(item.raw), SQLValue(truncated), .text(item.digest),
         .text(source.rawValue), .text(receivedAt), .text(receivedAt)]
    }

    static let conflictReason = "a different record with this id is already stored"
}
