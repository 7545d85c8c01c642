import Foundation
import PostgresNIO

/// `PeopleStore` (part of `ResultStore`) on PostgreSQL: `PeopleSQL`'s operations, each in one transaction; writing
/// ones take the people advisory lock, so nodes run them one after another.
extension PostgresResultStore {
    func perform<Output: Sendable>(_ operation: PeopleOperation<Output>) async throws -> Output {
        try await client.withConnection { connection in
            try await connection.script(operation.writes ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            do {
                if operation.writes && operation.lock {
                    try await connection.run("SELECT pg_advisory_xact_lock(?)", [.integer(PeopleLock.key)])
                }
                for statement in operation.prelude {
                    try await connection.run(statement.sql, statement.values)
                }
                var results: [[SQLRow]] = []
                for statement in operation.reads {
                    results.append(try await connection.rows(statement.sql, statement.values))
                }
                let plan = try operation.plan(results)
                for statement in plan.writes {
                    try await connection.run(statement.sql, statement.values)
                }
                try await connection.script("COMMIT")
                return plan.output
            } catch {
                try? await connection.script("ROLLBACK")
                throw error
            }
        }
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

extension PostgresResultStore {
    public func recomputeAssignments(courses: [ServerManifest.Course], now: Date) async throws -> EnrollmentChange {
        try await perform(EnrollmentSQL.recompute(courses: courses, now: now))
    }

    public func enrollment(group: String?, personID: String?, courses: [ServerManifest.Course], now: Date) async throws -> [EnrollmentEntry] {
        try await perform(EnrollmentSQL.enrollment(group: group, personID: personID, courses: courses, now: now))
    }

    public func rosterStamp() async throws -> String { try await perform(EnrollmentSQL.rosterStamp()) }
}
