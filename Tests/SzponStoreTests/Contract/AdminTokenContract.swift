import Foundation
import Testing
@testable import SzponStore

@Suite("Contract: Admin tokens")
struct AdminTokenTests {
    @Test("a stored hash is found, another is not; relabelling keeps one row; removal works", arguments: Backend.all)
    func tokens(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        let hash = String(repeating: "ab", count: 32)
        #expect(try await store.isAdminToken(hash: hash) == false)
        try await store.addAdminToken(hash: hash, label: "sekretariat")
        #expect(try await store.isAdminToken(hash: hash))
        #expect(try await store.isAdminToken(hash: String(repeating: "cd", count: 32)) == false)
        #expect(try await store.isAdminToken(hash: "") == false)
        #expect(try await store.isAdminToken(hash: "' OR 1=1 --") == false)

        try await store.addAdminToken(hash: hash, label: "dyrekcja")
        #expect(try await store.rows("SELECT label FROM admin_tokens") == [["dyrekcja"]])

        #expect(try await store.removeAdminToken(hash: hash))
        #expect(try await store.isAdminToken(hash: hash) == false)
        #expect(try await store.removeAdminToken(hash: hash) == false)
    }
}
