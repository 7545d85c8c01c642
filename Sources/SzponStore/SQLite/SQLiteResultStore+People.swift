import Foundation
import GRDB

/// `PeopleStore` (part of `ResultStore`) on SQLite: `PeopleSQL`'s operations, each in one transaction (the single
/// writer connection serialises them; reads use a reader connection).
extension SQLiteResultStore {
    func perform<Output: Sendable>(_ operation: PeopleOperation<Output>) async throws -> Output {
        if operation.writes {
            return try await pool.write { db in
                // Erased names and emails are overwritten, not left in free pages of the file.
                try db.execute(sql: "PRAGMA secure_delete = ON")
                return try Self.run(operation, in: db)
            }
        }
        return try await pool.read { db in try Self.run(operation, in: db) }
    }

    private static func run<Output: Sendable>(_ operation: PeopleOperation<Output>, in db: Database) throws -> Output {
        for statement in operation.prelude {
            try db.execute(sql: statement.sql, arguments: StatementArguments(statement.values))
        }
        let results = try operation.reads.map { statement in
            try Row.fetchAll(db, sql: statement.sql, arguments: StatementArguments(statement.values)).map(SQLRow.init)
        }
        let plan = try operation.plan(results)
        for statement in plan.writes {
            try db.execute(sql: statement.sql, arguments: StatementArguments(statement.values))
        }
        return plan.output
    }

    public func importRoster(_ rows: [RosterRow], full: Bool, actor: String, now: Date) async throws -> RosterImportSummary {
        try await perform(PeopleSQL.importRoster(rows, full: full, actor: actor, now: now))
    }

    public func person(id: String) async throws -> Person? { try await perform(PeopleSQL.person(id: id)) }

    public func person(codeTag: String) async throws -> Person? { try await perform(PeopleSQL.person(codeTag: codeTag)) }

    public func people(group: String?) async throws -> [Person] { try await perform(PeopleSQL.people(group: group)) }

    public func allPeople() async throws -> [Person] { try await perform(PeopleSQL.allPeople()) }

    public func inactivePeople(deactivatedBefore date: Date) async throws -> [Person] {
        try await perform(PeopleSQL.inactivePeople(deactivatedBefore: date))
    }

    public func learnerCodeSecret() async throws -> Data { try await perform(PeopleSQL.learnerCodeSecret()) }

    public func setCodeTag(personID: String, tag: String?) async throws -> Bool {
        try await perform(PeopleSQL.setCodeTag(personID: personID, tag: tag))
    }

    public func revokeLearnerCode(personID: String, actor: String, now: Date) async throws -> Int? {
        try await perform(PeopleSQL.revokeLearnerCode(personID: personID, actor: actor, now: now))
    }

    public func exportPerson(id: String, actor: String, now: Date) async throws -> JSONValue? {
        try await perform(PeopleSQL.exportPerson(id: id, actor: actor, now: now))
    }

    public func erasePerson(id: String, actor: String, now: Date) async throws -> Bool {
        try await perform(PeopleSQL.erasePerson(id: id, actor: actor, now: now))
    }

    public func removeInactive(olderThan date: Date, actor: String, now: Date) async throws -> [String] {
        var erased: [String] = []
        for person in try await inactivePeople(deactivatedBefore: date) {
            if try await perform(PeopleSQL.erasePerson(id: person.id, actor: actor, now: now, inactiveBefore: date,
                                                       reason: "retention")) {
                erased.append(person.id)
            }
        }
        return erased
    }

    public func appendAudit(action: String, subject: String?, detail: JSONValue, actor: String, now: Date) async throws {
        try await perform(PeopleSQL.appendAudit(action: action, subject: subject, detail: detail, actor: actor, now: now))
    }

    public func auditLog(limit: Int) async throws -> [AuditEntry] { try await perform(PeopleSQL.auditLog(limit: limit)) }
}

extension SQLiteResultStore {
    public func recomputeAssignments(courses: [ServerManifest.Course], now: Date) async throws -> EnrollmentChange {
        try await perform(EnrollmentSQL.recompute(courses: courses, now: now))
    }

    public func enrollment(group: String?, personID: String?, courses: [ServerManifest.Course], now: Date) async throws -> [EnrollmentEntry] {
        try await perform(EnrollmentSQL.enrollment(group: group, personID: personID, courses: courses, now: now))
    }

    public func rosterStamp() async throws -> String { try await perform(EnrollmentSQL.rosterStamp()) }
}
