import Foundation
import Testing
@testable import SzponStore

/// The roster and RODO on both backends (`PeopleStore`).
@Suite("Contract: People")
struct PeopleContractTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    static let roster = [
        RosterRow(id: "1001", name: "Anna Wiśniewska", email: "anna@um.example", office: "UM Przykładowo",
                  department: "Wydział Promocji", roles: [.official, .admin], groups: ["redaktorzy-www", "kadry"]),
        RosterRow(id: "1002", name: "Łukasz Bąk", roles: [.learner], groups: ["klasa-7a"]),
        RosterRow(id: "1003", name: "Zofia Żak", roles: [.learner], groups: ["klasa-7a"]),
        RosterRow(id: "1004", name: "Adam Nowak", roles: [.teacher], groups: ["klasa-7a"]),
    ]

    /// Attributes a stored record to a person, as ingest does for a valid learner code
    /// (that part is the learner-code feature's).
    func attribute(_ store: any ContractStore, record: String, person: String, learner: String) async throws {
        let sql = "UPDATE records SET person_id = '\(person)', learner = '\(learner)' WHERE id = '\(record)'"
        if let sqlite = store as? SQLiteResultStore {
            try await sqlite.executeOnWriter(sql)
        } else if let postgres = store as? PostgresResultStore {
            try await postgres.execute(sql)
        }
    }

    func count(_ store: any ContractStore, _ sql: String, _ arguments: [String?] = []) async throws -> Int {
        let value = try await store.rows(sql, arguments).first?.first ?? nil
        return Int(value ?? "") ?? -1
    }

    @Test("importing the same roster twice changes nothing, updated_at included; a change updates one person",
          arguments: Backend.all)
    func idempotentImport(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        let first = try await store.importRoster(Self.roster, full: false, actor: "test", now: Self.t0)
        #expect(first == RosterImportSummary(added: ["1001", "1002", "1003", "1004"]))
        let before = try await store.allPeople()
        let auditBefore = try await store.auditLog(limit: 100)

        let second = try await store.importRoster(Self.roster, full: false, actor: "test", now: Self.t0 + 3600)
        #expect(second == RosterImportSummary(unchanged: ["1001", "1002", "1003", "1004"]))
        #expect(try await store.allPeople() == before)
        #expect(try await store.auditLog(limit: 100) == auditBefore)

        let anna = try #require(try await store.person(id: "1001"))
        #expect(anna.name == "Anna Wiśniewska")
        #expect(anna.roles == [.admin, .official])
        #expect(anna.groups == ["kadry", "redaktorzy-www"])
        #expect(anna.email == "anna@um.example")
        #expect(anna.createdAt == Self.t0 && anna.updatedAt == Self.t0)

        var changed = Self.roster
        changed[2].groups = ["klasa-7b"]
        let third = try await store.importRoster(changed, full: false, actor: "test", now: Self.t0 + 7200)
        #expect(third == RosterImportSummary(updated: ["1003"], unchanged: ["1001", "1002", "1004"]))
        let zofia = try #require(try await store.person(id: "1003"))
        #expect(zofia.groups == ["klasa-7b"])
        #expect(zofia.updatedAt == Self.t0 + 7200 && zofia.createdAt == Self.t0)
        #expect(try await store.people(group: "klasa-7a").map(\.id) == ["1004", "1002"])
    }

    @Test("people are sorted by name in Polish order", arguments: Backend.all)
    func polishOrder(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let names = ["Żaneta", "Zofia", "Łucja", "Lucyna", "Ewa", "Ćwik", "Cezary", "Śliwa", "Szymon"]
        let rows = names.enumerated().map { RosterRow(id: "p\($0.offset)", name: $0.element, groups: ["g"]) }
        _ = try await fixture.store.importRoster(rows, full: false, actor: "test", now: Self.t0)
        #expect(try await fixture.store.people(group: "g").map(\.name)
                == ["Cezary", "Ćwik", "Ewa", "Lucyna", "Łucja", "Szymon", "Śliwa", "Zofia", "Żaneta"])
    }

    @Test("--full marks people missing from the file inactive, never deletes, and brings them back", arguments: Backend.all)
    func fullImport(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        _ = try await store.importRoster(Self.roster, full: false, actor: "test", now: Self.t0)
        let partial = Array(Self.roster.prefix(3))
        let full = try await store.importRoster(partial, full: true, actor: "test", now: Self.t0 + 60)
        #expect(full == RosterImportSummary(unchanged: ["1001", "1002", "1003"], deactivated: ["1004"]))
        let adam = try #require(try await store.person(id: "1004"))
        #expect(!adam.active && adam.deactivatedAt == Self.t0 + 60)
        #expect(try await store.people(group: "klasa-7a").map(\.id) == ["1002", "1003"])
        #expect(try await store.allPeople().count == 4)
        // Again: already inactive, nothing to do.
        #expect(try await store.importRoster(partial, full: true, actor: "test", now: Self.t0 + 120).changed == false)
        // A partial import (no --full) leaves the missing alone.
        #expect(try await store.importRoster([Self.roster[0]], full: false, actor: "test", now: Self.t0 + 180).changed == false)

        let back = try await store.importRoster(Self.roster, full: true, actor: "test", now: Self.t0 + 240)
        #expect(back.updated == ["1004"])
        let returned = try #require(try await store.person(id: "1004"))
        #expect(returned.active && returned.deactivatedAt == nil)
    }

    @Test("role changes and imports are audited; the audit names ids, never names", arguments: Backend.all)
    func audit(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        _ = try await store.importRoster(Self.roster, full: false, actor: "kadry", now: Self.t0)
        var promoted = Self.roster
        promoted[1].roles = [.teacher]
        _ = try await store.importRoster(promoted, full: false, actor: "kadry", now: Self.t0 + 60)
        let entries = try await store.auditLog(limit: 2)
        #expect(entries.map(\.action) == [AuditAction.rosterImport, AuditAction.roles])
        #expect(entries[1].subject == "1002")
        #expect(entries[1].detail == json(#"{"from": ["learner"], "to": ["teacher"]}"#))
        #expect(entries[1].actor == "kadry" && entries[1].at == Self.t0 + 60)
        #expect(entries[0].detail["updated"] == .number(1))
        // The first import: one role entry per person, then the import.
        #expect(try await store.auditLog(limit: 100).count == 2 + 4 + 1)
        let all = try await store.rows("SELECT detail, actor, action, COALESCE(subject, '') FROM audit_log")
        #expect(!all.flatMap { $0 }.contains { $0?.contains("Bąk") == true || $0?.contains("Anna") == true })

        try await store.appendAudit(action: "person.invite", subject: "1004", detail: .object([:]), actor: "admin",
                                    now: Self.t0 + 120)
        #expect(try await store.auditLog(limit: 1).first?.action == "person.invite")
        #expect(try await store.auditLog(limit: 0).isEmpty)
    }

    @Test("export holds the person, groups, roles, records with payloads and scores, and the audit about them",
          arguments: Backend.all)
    func export(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        _ = try await store.importRoster(Self.roster, full: false, actor: "test", now: Self.t0)
        let mine = newID()
        let other = newID()
        _ = try await store.ingest([attempt(id: mine, answers: ["q1": "right", "q2": "wrong"]),
                                    attempt(id: other, answers: ["q1": "right"])], source: .sync)
        try await attribute(store, record: mine, person: "1002", learner: "7KQ2-M9XA")

        let export = try #require(try await store.exportPerson(id: "1002", actor: "rodo", now: Self.t0 + 60))
        #expect(export["person"]?["name"] == .string("Łukasz Bąk"))
        #expect(export["person"]?["roles"] == json(#"["learner"]"#))
        #expect(export["groups"] == json(#"["klasa-7a"]"#))
        let records = try #require(export["records"]?.array)
        #expect(records.count == 1)
        #expect(records.first?["id"] == .string(mine))
        #expect(records.first?["learner"] == .string("7KQ2-M9XA"))
        #expect(records.first?["payload"]?["quiz"] == .string("test-1"))
        #expect(records.first?["score"]?["percent"] == .number(50))
        #expect(export["audit"]?.array?.map { $0["action"] } == [.string(AuditAction.roles)])
        #expect(try await store.auditLog(limit: 1).first.map { [$0.action, $0.subject, $0.actor] }
                == [AuditAction.export, "1002", "rodo"])
        #expect(try await store.exportPerson(id: "nobody", actor: "rodo", now: Self.t0) == nil)
    }

    @Test("erase removes personal data, keeps the anonymised records and scores, and audits only the id",
          arguments: Backend.all)
    func erase(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        _ = try await store.importRoster(Self.roster, full: false, actor: "test", now: Self.t0)
        let first = newID()
        let second = newID()
        _ = try await store.ingest([attempt(id: first, device: "dev-lukasz", answers: ["q1": "right"]),
                                    attempt(id: second, device: "dev-lukasz", answers: ["q1": "wrong"])], source: .sync)
        for id in [first, second] { try await attribute(store, record: id, person: "1002", learner: "7KQ2-M9XA") }
        let report = try await store.report(ReportFilter())
        let counts = try await store.counts()

        #expect(try await store.erasePerson(id: "1002", actor: "rodo", now: Self.t0 + 60))
        #expect(try await store.person(id: "1002") == nil)
        #expect(try await store.exportPerson(id: "1002", actor: "rodo", now: Self.t0 + 60) == nil)
        #expect(try await count(store, "SELECT COUNT(*) FROM person_groups WHERE person_id = ?", ["1002"]) == 0)
        #expect(try await store.counts() == counts)
        #expect(try await count(store, "SELECT COUNT(*) FROM attempt_scores") == 2)
        #expect(try await count(store, "SELECT COUNT(*) FROM records WHERE person_id IS NOT NULL OR learner IS NOT NULL") == 0)
        let after = try await store.report(ReportFilter())
        #expect(after.quizzes == report.quizzes)
        let stored = try await store.rows("SELECT device, raw FROM records ORDER BY id")
        let devices = Set(stored.compactMap { $0[0] })
        #expect(devices.count == 1 && devices.first?.hasPrefix("erased-") == true)
        #expect(!stored.contains { $0[1]?.contains("dev-lukasz") == true || $0[1]?.contains("learner") == true })
        // A resend of the original is still a duplicate, not a conflict.
        let resend = try await store.ingest([attempt(id: first, device: "dev-lukasz", answers: ["q1": "right"])],
                                            source: .sync)
        #expect(resend.statuses == [.duplicate])

        let entry = try #require(try await store.auditLog(limit: 1).first)
        #expect(entry.action == AuditAction.erase && entry.subject == "1002")
        #expect(entry.detail == json(#"{"records": 2}"#))
        #expect(try await store.erasePerson(id: "1002", actor: "rodo", now: Self.t0 + 60) == false)
        // The others are untouched.
        #expect(try await store.allPeople().map(\.id).sorted() == ["1001", "1003", "1004"])
    }

    @Test("the learner-code secret is made once, whoever asks first, even concurrently", arguments: Backend.all)
    func secretOnce(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let other = try await fixture.reopen()
        let stores: [any ContractStore] = [fixture.store, other]
        let secrets = try await withThrowingTaskGroup(of: Data.self) { group in
            for index in 0..<16 {
                group.addTask { try await stores[index % 2].learnerCodeSecret() }
            }
            return try await group.reduce(into: [Data]()) { $0.append($1) }
        }
        #expect(secrets.count == 16)
        #expect(Set(secrets).count == 1)
        #expect(secrets.first?.count == 32)
        #expect(try await count(fixture.store, "SELECT COUNT(*) FROM server_secrets") == 1)
        #expect(try await fixture.store.learnerCodeSecret() == secrets.first)
    }

    @Test("code tags find their person; a tag is one person's; revoking clears it and bumps the generation",
          arguments: Backend.all)
    func codeTags(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        _ = try await store.importRoster(Self.roster, full: false, actor: "test", now: Self.t0)
        #expect(try await store.setCodeTag(personID: "1002", tag: "7KQ2M9X"))
        #expect(try await store.setCodeTag(personID: "nobody", tag: "AAAAAAA") == false)
        #expect(try await store.person(codeTag: "7KQ2M9X")?.id == "1002")
        await #expect(throws: PeopleStoreError.codeTagTaken(tag: "7KQ2M9X")) {
            try await store.setCodeTag(personID: "1003", tag: "7KQ2M9X")
        }
        #expect(try await store.setCodeTag(personID: "1002", tag: "7KQ2M9X"))
        #expect(try await store.revokeLearnerCode(personID: "1002", actor: "teacher", now: Self.t0 + 60) == 2)
        #expect(try await store.person(codeTag: "7KQ2M9X") == nil)
        let lukasz = try #require(try await store.person(id: "1002"))
        #expect(lukasz.codeGeneration == 2 && lukasz.codeTag == nil)
        #expect(try await store.auditLog(limit: 1).first?.action == AuditAction.codeRevoked)
        #expect(try await store.revokeLearnerCode(personID: "nobody", actor: "teacher", now: Self.t0) == nil)
        // A roster re-import keeps the generation.
        _ = try await store.importRoster(Self.roster, full: false, actor: "test", now: Self.t0 + 120)
        #expect(try await store.person(id: "1002")?.codeGeneration == 2)
    }

    @Test("retention erases people inactive since before the cut-off, and only them", arguments: Backend.all)
    func retention(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        _ = try await store.importRoster(Self.roster, full: false, actor: "test", now: Self.t0)
        _ = try await store.importRoster(Array(Self.roster.prefix(2)), full: true, actor: "test", now: Self.t0 + 86_400)
        let day = 86_400.0
        #expect(try await store.inactivePeople(deactivatedBefore: Self.t0 + day).isEmpty)
        #expect(try await store.removeInactive(olderThan: Self.t0 + day, actor: "cron", now: Self.t0 + 2 * day).isEmpty)
        #expect(try await store.inactivePeople(deactivatedBefore: Self.t0 + 2 * day).map(\.id) == ["1004", "1003"])
        let erased = try await store.removeInactive(olderThan: Self.t0 + 2 * day, actor: "cron", now: Self.t0 + 400 * day)
        #expect(erased.sorted() == ["1003", "1004"])
        #expect(try await store.allPeople().map(\.id).sorted() == ["1001", "1002"])
        let entries = try await store.auditLog(limit: 2)
        #expect(entries.allSatisfy { $0.action == AuditAction.erase && $0.actor == "cron" })
        #expect(entries.allSatisfy { $0.detail["reason"] == .string("retention") })
    }
}
