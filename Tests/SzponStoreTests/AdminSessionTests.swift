import Foundation
import Testing
@testable import SzponStore

@Suite("Admin sessions, revocation and the TOTP second factor")
struct AdminSessionTests {
    let token = String(repeating: "ab", count: 32)
    let other = String(repeating: "cd", count: 32)
    /// Whole seconds: the store keeps times to the millisecond, and a binary fraction would not round-trip.
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func session(_ id: String, token: String, at created: Date, hours: Double = 8, secondFactor: Bool = false) -> AdminSession {
        AdminSession(hash: AdminToken.hash(id), tokenHash: token, createdAt: created,
                     expiresAt: created.addingTimeInterval(hours * 3600), secondFactor: secondFactor)
    }

    @Test("a session is found until it expires, then refused and removed; it survives reopening the file")
    func sessions() async throws {
        let files = try TemporaryStore()
        defer { files.remove() }
        do {
            let store = try files.open()
            try await store.addAdminToken(hash: token, label: "sekretariat")
            let first = session("id-1", token: token, at: start, secondFactor: true)
            #expect(try await store.createAdminSession(first))
            #expect(try await store.adminSession(hash: first.hash, now: start.addingTimeInterval(60)) == first)
            #expect(try await store.adminSession(hash: AdminToken.hash("id-2"), now: start) == nil)
            // Only the hash is stored.
            #expect(try await store.rows("SELECT hash, token_hash FROM admin_sessions") == [[first.hash, token]])
            try store.close()
        }
        let store = try files.open()
        let first = session("id-1", token: token, at: start, secondFactor: true)
        let almost = start.addingTimeInterval(8 * 3600 - 0.001)
        #expect(try await store.adminSession(hash: first.hash, now: almost) == first)
        // The expiry is fixed: looking the session up does not extend it.
        #expect(try await store.adminSession(hash: first.hash, now: start.addingTimeInterval(8 * 3600)) == nil)
        #expect(try await store.rows("SELECT COUNT(*) FROM admin_sessions") == [["0"]])
        #expect(try await store.adminSession(hash: first.hash, now: start) == nil, "an expired session is gone for good")
    }

    @Test("a session needs a known token; signing out and pruning remove sessions")
    func createAndRemove() async throws {
        let files = try TemporaryStore()
        defer { files.remove() }
        let store = try files.open()
        #expect(try await store.createAdminSession(session("x", token: token, at: start)) == false)
        #expect(try await store.rows("SELECT COUNT(*) FROM admin_sessions") == [["0"]])

        try await store.addAdminToken(hash: token, label: "")
        let short = session("short", token: token, at: start, hours: 1)
        let long = session("long", token: token, at: start, hours: 8)
        #expect(try await store.createAdminSession(short))
        #expect(try await store.createAdminSession(long))
        #expect(try await store.removeExpiredAdminSessions(now: start.addingTimeInterval(1800)) == 0)
        #expect(try await store.removeExpiredAdminSessions(now: start.addingTimeInterval(3600)) == 1)
        #expect(try await store.adminSession(hash: long.hash, now: start.addingTimeInterval(3600)) == long)

        // Creating a session prunes the expired ones.
        let again = session("short-2", token: token, at: start, hours: 1)
        #expect(try await store.createAdminSession(again))
        let later = session("later", token: token, at: start.addingTimeInterval(2 * 3600))
        #expect(try await store.createAdminSession(later))
        #expect(Set(try await store.rows("SELECT hash FROM admin_sessions").map { $0[0] }) == [long.hash, later.hash])

        #expect(try await store.removeAdminSession(hash: long.hash))
        #expect(try await store.removeAdminSession(hash: long.hash) == false)
        #expect(try await store.adminSession(hash: long.hash, now: start) == nil)
    }

    @Test("revoking a token removes its sessions, its TOTP secret and its recovery codes, and nothing of another token")
    func revoke() async throws {
        let files = try TemporaryStore()
        defer { files.remove() }
        let store = try files.open()
        try await store.addAdminToken(hash: token, label: "a")
        try await store.addAdminToken(hash: other, label: "b")
        #expect(try await store.enrolAdminTOTP(tokenHash: token, secret: "S1", recoveryCodeHashes: ["r1", "r2"], now: start))
        #expect(try await store.enrolAdminTOTP(tokenHash: other, secret: "S2", recoveryCodeHashes: ["r3"], now: start))
        #expect(try await store.createAdminSession(session("a-1", token: token, at: start)))
        #expect(try await store.createAdminSession(session("a-2", token: token, at: start)))
        #expect(try await store.createAdminSession(session("b-1", token: other, at: start)))

        #expect(try await store.removeAdminToken(hash: token))
        #expect(try await store.isAdminToken(hash: token) == false)
        #expect(try await store.adminSession(hash: AdminToken.hash("a-1"), now: start) == nil)
        #expect(try await store.adminSession(hash: AdminToken.hash("a-2"), now: start) == nil)
        #expect(try await store.adminTOTP(tokenHash: token) == nil)
        #expect(try await store.useAdminRecoveryCode(tokenHash: token, codeHash: "r1", now: start) == false)
        #expect(try await store.rows("SELECT token_hash FROM admin_sessions") == [[other]])
        #expect(try await store.rows("SELECT token_hash FROM admin_recovery_codes") == [[other]])
        #expect(try await store.adminTOTP(tokenHash: other) == AdminTOTPState(secret: "S2", lastStep: nil))
        #expect(try await store.removeAdminToken(hash: token) == false)
    }

    @Test("tokens are listed oldest first, with their second factor and unused recovery codes")
    func listing() async throws {
        let files = try TemporaryStore()
        defer { files.remove() }
        let store = try files.open()
        #expect(try await store.adminTokens().isEmpty)
        // Tokens made within one millisecond fall back to hash order, which is this order too.
        try await store.addAdminToken(hash: token, label: "sekretariat")
        try await store.addAdminToken(hash: other, label: "")
        #expect(try await store.enrolAdminTOTP(tokenHash: other, secret: "S", recoveryCodeHashes: ["r1", "r2", "r3"], now: start))
        #expect(try await store.useAdminRecoveryCode(tokenHash: other, codeHash: "r2", now: start))
        let tokens = try await store.adminTokens()
        #expect(tokens.map(\.hash) == [token, other])
        #expect(tokens.map(\.label) == ["sekretariat", ""])
        #expect(tokens.map(\.totp) == [false, true])
        #expect(tokens.map(\.recoveryCodesLeft) == [0, 2])
        #expect(tokens[0].shortID == String(token.prefix(12)))
        #expect(tokens[0].createdAt <= tokens[1].createdAt)
        #expect(tokens[0].createdAt > Date(timeIntervalSince1970: 1_700_000_000), "the stored time is read back")
    }

    @Test("a TOTP step is accepted once, and never an earlier one; enrolling again starts over and ends sessions")
    func totpSteps() async throws {
        let files = try TemporaryStore()
        defer { files.remove() }
        let store = try files.open()
        #expect(try await store.enrolAdminTOTP(tokenHash: token, secret: "S", recoveryCodeHashes: [], now: start) == false)
        #expect(try await store.adminTOTP(tokenHash: token) == nil)
        #expect(try await store.acceptAdminTOTPStep(tokenHash: token, step: 1) == false, "no secret, no code")

        try await store.addAdminToken(hash: token, label: "")
        #expect(try await store.enrolAdminTOTP(tokenHash: token, secret: "S", recoveryCodeHashes: [], now: start))
        #expect(try await store.adminTOTP(tokenHash: token) == AdminTOTPState(secret: "S", lastStep: nil))
        #expect(try await store.acceptAdminTOTPStep(tokenHash: token, step: 100))
        #expect(try await store.acceptAdminTOTPStep(tokenHash: token, step: 100) == false, "the same code again")
        #expect(try await store.acceptAdminTOTPStep(tokenHash: token, step: 99) == false, "an earlier code")
        #expect(try await store.acceptAdminTOTPStep(tokenHash: token, step: 101))
        #expect(try await store.adminTOTP(tokenHash: token)?.lastStep == 101)

        #expect(try await store.createAdminSession(session("s", token: token, at: start, secondFactor: true)))
        #expect(try await store.enrolAdminTOTP(tokenHash: token, secret: "T", recoveryCodeHashes: [], now: start))
        #expect(try await store.adminTOTP(tokenHash: token) == AdminTOTPState(secret: "T", lastStep: nil))
        #expect(try await store.adminSession(hash: AdminToken.hash("s"), now: start) == nil)
    }

    @Test("a recovery code works once; enrolling again replaces the codes")
    func recoveryCodes() async throws {
        let files = try TemporaryStore()
        defer { files.remove() }
        let store = try files.open()
        try await store.addAdminToken(hash: token, label: "")
        try await store.addAdminToken(hash: other, label: "")
        #expect(try await store.enrolAdminTOTP(tokenHash: token, secret: "S", recoveryCodeHashes: ["r1", "r2"], now: start))
        #expect(try await store.enrolAdminTOTP(tokenHash: other, secret: "S", recoveryCodeHashes: ["r9"], now: start))
        #expect(try await store.useAdminRecoveryCode(tokenHash: token, codeHash: "r1", now: start))
        #expect(try await store.useAdminRecoveryCode(tokenHash: token, codeHash: "r1", now: start) == false)
        #expect(try await store.useAdminRecoveryCode(tokenHash: token, codeHash: "nope", now: start) == false)
        #expect(try await store.useAdminRecoveryCode(tokenHash: token, codeHash: "r9", now: start) == false, "another token's code")

        #expect(try await store.enrolAdminTOTP(tokenHash: token, secret: "S", recoveryCodeHashes: ["r3"], now: start))
        #expect(try await store.useAdminRecoveryCode(tokenHash: token, codeHash: "r2", now: start) == false)
        #expect(try await store.useAdminRecoveryCode(tokenHash: token, codeHash: "r3", now: start))
        #expect(try await store.useAdminRecoveryCode(tokenHash: other, codeHash: "r9", now: start))
    }

    @Test("a results file from before sessions (schema v1) gains the tables and keeps its tokens")
    func migratesVersion1() async throws {
        let files = try TemporaryStore()
        defer { files.remove() }
        do {
            let store = try files.open()
            try await store.addAdminToken(hash: token, label: "stary")
            // Back to what a v1 file holds.
            try await store.executeOnWriter("""
                DROP TABLE admin_recovery_codes; DROP TABLE admin_totp; DROP TABLE admin_sessions;
                DELETE FROM grdb_migrations WHERE identifier = 'v2'; PRAGMA user_version = 1;
                """)
            try store.close()
        }
        let store = try files.open()
        #expect(try await store.writerPragma("user_version") == String(Migrations.version))
        #expect(try await store.rows("SELECT identifier FROM grdb_migrations ORDER BY identifier").map { $0[0] }
                == Migrations.all.map(\.name))
        #expect(try await store.adminTokens().map(\.label) == ["stary"])
        #expect(try await store.createAdminSession(session("s", token: token, at: start)))
    }
}
