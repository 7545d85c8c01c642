import Foundation

/// `StaffStore` (part of `ResultStore`) on this backend: `StaffSQL`'s operations, each
/// run as the people operations are (`perform`, one transaction each).
extension PostgresResultStore {
    public func createStaffInvitation(_ invitation: StaffInvitation) async throws -> Bool {
        try await perform(StaffSQL.createInvitation(invitation))
    }

    public func staffInvitation(tokenHash: String, now: Date) async throws -> StaffInvitation? {
        try await perform(StaffSQL.invitation(tokenHash: tokenHash, now: now))
    }

    public func acceptStaffInvitation(tokenHash: String, passwordHash: String, now: Date) async throws -> String? {
        try await perform(StaffSQL.acceptInvitation(tokenHash: tokenHash, passwordHash: passwordHash, now: now))
    }

    public func staffCredential(login: String) async throws -> StaffCredential? {
        try await perform(StaffSQL.credential(login: login))
    }

    public func createStaffSession(_ session: StaffSession) async throws -> Bool {
        try await perform(StaffSQL.createSession(session))
    }

    public func staffSession(hash: String, now: Date) async throws -> StaffSession? {
        guard let session = try await perform(StaffSQL.session(hash: hash)) else { return nil }
        guard session.expiresAt > now else {
            _ = try await perform(StaffSQL.removeSession(hash: hash))
            return nil
        }
        return session
    }

    public func removeStaffSession(hash: String) async throws -> Bool {
        try await perform(StaffSQL.removeSession(hash: hash))
    }

    public func staffSignInBlocked(account: String, now: Date) async throws -> Date? {
        try await perform(StaffSQL.blocked(account: account, now: now))
    }

    public func recordStaffSignInFailure(account: String, policy: SignInPolicy, now: Date) async throws -> Date? {
        try await perform(StaffSQL.recordFailure(account: account, policy: policy, now: now))
    }

    public func clearStaffSignInFailures(account: String) async throws {
        try await perform(StaffSQL.clearFailures(account: account))
    }
}
