import Foundation
import Testing
@testable import SzponStore

/// Records that carry a learner code are attributed to its person at ingest, in the same
/// transaction, on both backends; a code no one holds is stored unattributed, never lost.
@Suite("Contract: learner codes")
struct LearnerCodeContractTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    static let roster = [
        RosterRow(id: "u1", name: "Łukasz Bąk", roles: [.learner], groups: ["klasa-7a"]),
        RosterRow(id: "u2", name: "Zofia Żak", roles: [.learner], groups: ["klasa-7a"]),
    ]

    /// The roster with each learner's code sealed and its tag stored, as
    /// `szpon people codes` does; the codes by person id.
    func seal(_ store: any ContractStore) async throws -> [String: LearnerCode] {
        _ = try await store.importRoster(Self.roster, full: false, actor: "test", now: Self.t0)
        let secret = try await store.learnerCodeSecret()
        var codes: [String: LearnerCode] = [:]
        for person in try await store.people(group: "klasa-7a") {
            let code = LearnerCode.seal(personID: person.id, generation: person.codeGeneration, secret: secret)
            #expect(try await store.setCodeTag(personID: person.id, tag: code.tag))
            codes[person.id] = code
        }
        return codes
    }

    func attemptWith(learner: String?, id: String = newID()) -> JSONValue {
        guard case var .object(fields) = attempt(id: id, answers: ["q1": "right"]) else { return .null }
        fields["learner"] = learner.map(JSONValue.string) ?? .null
        return .object(fields)
    }

    /// learner and person_id of a stored record.
    func attribution(_ store: any ContractStore, _ id: String) async throws -> [String?] {
        try await store.rows("SELECT learner, person_id FROM records WHERE id = ?", [id]).first ?? []
    }

    @Test("a record with a person's code is attributed to that person, typed in any form", arguments: Backend.all)
    func attributed(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        let codes = try await seal(store)
        let zofia = try #require(codes["u2"])
        let neat = newID(), sloppy = newID(), anonymous = newID()
        let typedSloppily = zofia.text.lowercased().replacingOccurrences(of: "-", with: " ")
        let results = try await store.ingest([attemptWith(learner: zofia.text, id: neat),
                                              attemptWith(learner: typedSloppily, id: sloppy),
                                              attemptWith(learner: nil, id: anonymous)], source: .sync)
        #expect(results.statuses == [.stored, .stored, .stored])
        #expect(try await attribution(store, neat) == [zofia.text, "u2"])
        #expect(try await attribution(store, sloppy) == [typedSloppily, "u2"])
        #expect(try await attribution(store, anonymous) == [nil, nil])
    }

    @Test("a made-up or mistyped code is stored unattributed, not refused", arguments: Backend.all)
    func madeUp(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        let codes = try await seal(store)
        // A well-formed code (its check character is right) that no one was given.
        var value: UInt64 = 12345
        while codes.values.contains(where: { $0.value == value }) { value += 1 }
        let madeUp = LearnerCode(value: value).text
        let mistyped = "not a code"
        let first = newID(), second = newID()
        let results = try await store.ingest([attemptWith(learner: madeUp, id: first),
                                              attemptWith(learner: mistyped, id: second)], source: .file)
        #expect(results.statuses == [.stored, .stored])
        #expect(try await attribution(store, first) == [madeUp, nil])
        #expect(try await attribution(store, second) == [mistyped, nil])
        #expect(try await store.rows("SELECT COUNT(*) FROM records WHERE person_id IS NULL") == [["2"]])
    }

    @Test("after a code is revoked, records with it are unattributed; the new code attributes", arguments: Backend.all)
    func revoked(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        let codes = try await seal(store)
        let old = try #require(codes["u1"])
        let before = newID()
        _ = try await store.ingest([attemptWith(learner: old.text, id: before)], source: .sync)

        let generation = try #require(try await store.revokeLearnerCode(personID: "u1", actor: "test", now: Self.t0))
        let secret = try await store.learnerCodeSecret()
        let new = LearnerCode.seal(personID: "u1", generation: generation, secret: secret)
        #expect(new != old)
        #expect(try await store.setCodeTag(personID: "u1", tag: new.tag))

        let withOld = newID(), withNew = newID()
        let results = try await store.ingest([attemptWith(learner: old.text, id: withOld),
                                              attemptWith(learner: new.text, id: withNew)], source: .sync)
        #expect(results.statuses == [.stored, .stored])
        #expect(try await attribution(store, withOld) == [old.text, nil])
        #expect(try await attribution(store, withNew) == [new.text, "u1"])
        // What was attributed stays attributed.
        #expect(try await attribution(store, before) == [old.text, "u1"])
    }

    @Test("the same record sent twice is a duplicate, attributed once", arguments: Backend.all)
    func duplicate(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        let codes = try await seal(store)
        let record = attemptWith(learner: try #require(codes["u1"]).text)
        #expect(try await store.ingest([record], source: .sync).statuses == [.stored])
        #expect(try await store.ingest([record], source: .sync).statuses == [.duplicate])
        #expect(try await store.ingest([record], source: .file).statuses == [.duplicate])
        #expect(try await store.rows("SELECT person_id FROM records") == [["u1"]])
    }
}
