import Foundation
import Testing
@testable import SzponStore

/// Staff accounts on both backends (`StaffStore`): invitations, passwords, sessions, failed
/// sign-ins, and what erasing and exporting a person do to them.
@Suite("Contract: Staff accounts")
struct StaffContractTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    static let roster = [
        RosterRow(id: "2001", name: "Anna Wiśniewska", email: "Anna@UM.example", roles: [.admin]),
        RosterRow(id: "2002", name: "Adam Nowak", roles: [.teacher], groups: ["klasa-7a"]),
    ]

    func count(_ store: any ContractStore, _ sql: String, _ arguments: [String?] = []) async throws -> Int {
        let value = try await store.rows(sql, arguments).first?.first ?? nil
        return Int(value ?? "") ?? -1
    }

    @Test("an invitation works once, for a week, and only the newest one of a person", arguments: Backend.all)
    func invitations(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        _ = try await store.importRoster(Self.roster, full: false, actor: "test", now: Self.t0)

        #expect(try await store.createStaffInvitation(StaffInvitation(tokenHash: "h-nobody", personID: "9999", createdAt: Self.t0)) == false)
        #expect(try await store.createStaffInvitation(StaffInvitation(tokenHash: "h1", personID: "2001", createdAt: Self.t0)))
        let found = try #require(try await store.staffInvitation(tokenHash: "h1", now: Self.t0 + 3600))
        #expect(found.personID == "2001" && found.expiresAt == Self.t0 + StaffInvitation.lifetime)
        #expect(try await store.staffInvitation(tokenHash: "h1", now: Self.t0 + StaffInvitation.lifetime) == nil, "expired")

        // A newer invitation voids the older one.
        #expect(try await store.createStaffInvitation(StaffInvitation(tokenHash: "h2", personID: "2001", createdAt: Self.t0 + 60)))
        #expect(try await store.staffInvitation(tokenHash: "h1", now: Self.t0 + 120) == nil)
        #expect(try await store.acceptStaffInvitation(tokenHash: "h1", passwordHash: "$2b$x", now: Self.t0 + 120) == nil)

        #expect(try await store.staffCredential(login: "2001") == StaffCredential(personID: "2001", passwordHash: nil))
        #expect(try await store.acceptStaffInvitation(tokenHash: "h2", passwordHash: "$2b$first", now: Self.t0 + 120) == "2001")
        #expect(try await store.acceptStaffInvitation(tokenHash: "h2", passwordHash: "$2b$again", now: Self.t0 + 130) == nil,
                "used once")
        #expect(try await store.staffInvitation(tokenHash: "h2", now: Self.t0 + 130) == nil)
        // By id, or by email ignoring case; never for an unknown login.
        #expect(try await store.staffCredential(login: "2001")?.passwordHash == "$2b$first")
        #expect(try await store.staffCredential(login: "anna@um.example")?.personID == "2001")
        #expect(try await store.staffCredential(login: "ANNA@um.EXAMPLE")?.personID == "2001")
        #expect(try await store.staffCredential(login: "nobody@um.example") == nil)
        #expect(try await store.auditLog(limit: 10).contains { $0.action == AuditAction.passwordSet && $0.subject == "2001" })

        // An inactive person can neither use a link nor sign in.
        #expect(try await store.createStaffInvitation(StaffInvitation(tokenHash: "h3", personID: "2002", createdAt: Self.t0)))
        _ = try await store.importRoster([Self.roster[0]], full: true, actor: "test", now: Self.t0 + 200)
        #expect(try await store.staffInvitation(tokenHash: "h3", now: Self.t0 + 300) == nil)
        #expect(try await store.acceptStaffInvitation(tokenHash: "h3", passwordHash: "$2b$y", now: Self.t0 + 300) == nil)
        #expect(try await store.staffCredential(login: "2002") == nil)
    }

    @Test("sessions last 8 hours, are seen from another connection, and end with a new password", arguments: Backend.all)
    func sessions(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        _ = try await store.importRoster(Self.roster, full: false, actor: "test", now: Self.t0)
        let session = StaffSession(hash: "s1", personID: "2002", createdAt: Self.t0)
        #expect(session.expiresAt == Self.t0 + 8 * 3600)
        #expect(try await store.createStaffSession(session))
        #expect(try await store.createStaffSession(StaffSession(hash: "s-x", personID: "9999", createdAt: Self.t0)) == false)

        // Another process (a restart, or a second node) sees it.
        let other = try await fixture.reopen()
        #expect(try await other.staffSession(hash: "s1", now: Self.t0 + 3600) == session)
        #expect(try await other.staffSession(hash: "s1", now: Self.t0 + 8 * 3600) == nil, "expired, and removed")
        #expect(try await count(store, "SELECT COUNT(*) FROM staff_sessions") == 0)

        #expect(try await store.createStaffSession(StaffSession(hash: "s2", personID: "2002", createdAt: Self.t0)))
        #expect(try await store.removeStaffSession(hash: "s2"))
        #expect(try await store.removeStaffSession(hash: "s2") == false)
        #expect(try await store.staffSession(hash: "s2", now: Self.t0) == nil)

        #expect(try await store.createStaffSession(StaffSession(hash: "s3", personID: "2002", createdAt: Self.t0)))
        #expect(try await store.createStaffInvitation(StaffInvitation(tokenHash: "i", personID: "2002", createdAt: Self.t0)))
        #expect(try await store.acceptStaffInvitation(tokenHash: "i", passwordHash: "$2b$z", now: Self.t0 + 60) == "2002")
        #expect(try await store.staffSession(hash: "s3", now: Self.t0 + 120) == nil, "a new password ends old sessions")
    }

    @Test("failed sign-ins: free 5, then growing waits, locked 15 minutes from 20, shared by nodes", arguments: Backend.all)
    func failures(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        let other = try await fixture.reopen()
        let policy = SignInPolicy()
        let account = StaffAccountKey.person("2001")
        var now = Self.t0
        for failure in 1...4 {
            // Alternate nodes: both count into one counter.
            let node: any ContractStore = failure.isMultiple(of: 2) ? other : store
            #expect(try await node.recordStaffSignInFailure(account: account, policy: policy, now: now) == nil)
        }
        #expect(try await store.staffSignInBlocked(account: account, now: now) == nil)
        #expect(try await other.recordStaffSignInFailure(account: account, policy: policy, now: now) == now + 10, "5th")
        #expect(try await store.staffSignInBlocked(account: account, now: now + 5) == now + 10)
        #expect(try await store.staffSignInBlocked(account: account, now: now + 10) == nil)
        #expect(try await store.recordStaffSignInFailure(account: account, policy: policy, now: now + 11) == now + 31, "6th: 20 s")
        #expect(try await store.staffSignInBlocked(account: StaffAccountKey.login("2001"), now: now) == nil, "another key")
        for _ in 7...19 {
            now += 1000
            _ = try await store.recordStaffSignInFailure(account: account, policy: policy, now: now)
        }
        now += 1000
        #expect(try await store.recordStaffSignInFailure(account: account, policy: policy, now: now) == now + 15 * 60, "20th")
        #expect(try await other.staffSignInBlocked(account: account, now: now + 14 * 60) == now + 15 * 60)
        // Forgotten an hour after the last failure; cleared by a right password.
        #expect(try await store.recordStaffSignInFailure(account: account, policy: policy, now: now + 3601) == nil)
        for _ in 1...5 { _ = try await store.recordStaffSignInFailure(account: account, policy: policy, now: now + 3700) }
        try await store.clearStaffSignInFailures(account: account)
        #expect(try await store.staffSignInBlocked(account: account, now: now + 3700) == nil)
        #expect(try await store.recordStaffSignInFailure(account: account, policy: policy, now: now + 3700) == nil)
    }

    @Test("erasing a person removes their password, invitations, sessions and failures; export shows them without hashes",
          arguments: Backend.all)
    func rodo(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        _ = try await store.importRoster(Self.roster, full: false, actor: "test", now: Self.t0)
        #expect(try await store.createStaffInvitation(StaffInvitation(tokenHash: "inv", personID: "2001", createdAt: Self.t0)))
        #expect(try await store.acceptStaffInvitation(tokenHash: "inv", passwordHash: "$2b$12$secret", now: Self.t0 + 10) == "2001")
        #expect(try await store.createStaffSession(StaffSession(hash: "sess", personID: "2001", createdAt: Self.t0 + 20)))
        _ = try await store.recordStaffSignInFailure(account: StaffAccountKey.person("2001"), policy: SignInPolicy(), now: Self.t0)
        #expect(try await store.createStaffSession(StaffSession(hash: "kept", personID: "2002", createdAt: Self.t0 + 20)))

        let export = try #require(try await store.exportPerson(id: "2001", actor: "test", now: Self.t0 + 30))
        let account = try #require(export.object?["staffAccount"]?.object)
        #expect(account["passwordSetAt"]?.string == PeopleSQL.timestamp(Self.t0 + 10))
        #expect(account["invitations"]?.array?.count == 1 && account["sessions"]?.array?.count == 1)
        let text = String(decoding: export.canonical, as: UTF8.self)
        #expect(!text.contains("$2b$12$secret") && !text.contains("\"sess\"") && !text.contains("\"inv\""))

        #expect(try await store.erasePerson(id: "2001", actor: "test", now: Self.t0 + 40))
        for table in ["staff_credentials", "staff_invitations", "staff_sessions"] {
            #expect(try await count(store, "SELECT COUNT(*) FROM \(table) WHERE person_id = ?", ["2001"]) == 0, "\(table)")
        }
        #expect(try await count(store, "SELECT COUNT(*) FROM staff_sign_in_failures") == 0)
        #expect(try await store.staffSession(hash: "kept", now: Self.t0 + 60) != nil, "others keep theirs")
    }
}
