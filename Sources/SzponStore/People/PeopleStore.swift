import Foundation

/// The roster and what RODO (GDPR) asks of it, on both backends (`SQLiteResultStore` and
/// `PostgresResultStore`, each through `PeopleSQL`, so both run the same SQL). Every write
/// that touches people runs in one transaction; on PostgreSQL those transactions also
/// take one advisory lock, so imports, erasures and code changes from several nodes run
/// one after another.
public protocol PeopleStore: Sendable {
    /// Upserts the rows by id in one transaction. A row equal to the stored person changes
    /// nothing (not even `updatedAt`); a row for an inactive person makes them active again.
    /// With `full`, active people missing from `rows` become inactive (never deleted).
    /// Writes a `roster.import` audit entry, and a `person.roles` one per role change, when
    /// anything changed.
    func importRoster(_ rows: [RosterRow], full: Bool, actor: String, now: Date) async throws -> RosterImportSummary
    /// The person with that id, active or not.
    func person(id: String) async throws -> Person?
    /// The person whose current learner code has that tag (`LearnerCode.tag`).
    func person(codeTag: String) async throws -> Person?
    /// Active people, of one group or (nil) all, sorted by name (Polish order).
    func people(group: String?) async throws -> [Person]
    /// Everyone, active or not, sorted by name (Polish order).
    func allPeople() async throws -> [Person]
    /// People inactive since before `date`: who the retention period would erase.
    func inactivePeople(deactivatedBefore date: Date) async throws -> [Person]
    /// The learner-code HMAC key: 32 random bytes, made by the first caller on any node and
    /// the same for every caller after.
    func learnerCodeSecret() async throws -> Data
    /// Stores (nil: clears) the person's current learner code tag. False when there is no
    /// such person; throws `PeopleStoreError.codeTagTaken` when another person has the tag.
    func setCodeTag(personID: String, tag: String?) async throws -> Bool
    /// Revokes the person's learner code: clears the tag and bumps the generation, so the
    /// next code differs. The new generation; nil when there is no such person.
    func revokeLearnerCode(personID: String, actor: String, now: Date) async throws -> Int?
    /// Everything held about the person, as JSON: the person (with roles), groups, their
    /// records with payloads and scores, and the audit entries about them. Audited.
    /// Nil when there is no such person.
    func exportPerson(id: String, actor: String, now: Date) async throws -> JSONValue?
    /// Erases the person: their row and groups go; their records stay for the statistics,
    /// unlinked (no person, no learner code, the device id replaced by a fresh one per
    /// device); conflicting versions of those records go. The audit entry names only the id.
    /// False when there is no such person.
    func erasePerson(id: String, actor: String, now: Date) async throws -> Bool
    /// Erases everyone inactive since before `date` (the retention period); their ids.
    func removeInactive(olderThan date: Date, actor: String, now: Date) async throws -> [String]
    /// Adds an audit entry (for features beyond the store: invitations, code sheets, …).
    /// `detail` must hold no personal data beyond ids.
    func appendAudit(action: String, subject: String?, detail: JSONValue, actor: String, now: Date) async throws
    /// The newest `limit` audit entries, newest first.
    func auditLog(limit: Int) async throws -> [AuditEntry]
}

extension PeopleStore {
    public func importRoster(_ rows: [RosterRow], full: Bool = false, actor: String) async throws -> RosterImportSummary {
        try await importRoster(rows, full: full, actor: actor, now: Date())
    }

    public func revokeLearnerCode(personID: String, actor: String) async throws -> Int? {
        try await revokeLearnerCode(personID: personID, actor: actor, now: Date())
    }

    public func exportPerson(id: String, actor: String) async throws -> JSONValue? {
        try await exportPerson(id: id, actor: actor, now: Date())
    }

    public func erasePerson(id: String, actor: String) async throws -> Bool {
        try await erasePerson(id: id, actor: actor, now: Date())
    }

    public func removeInactive(olderThan date: Date, actor: String) async throws -> [String] {
        try await removeInactive(olderThan: date, actor: actor, now: Date())
    }
}
