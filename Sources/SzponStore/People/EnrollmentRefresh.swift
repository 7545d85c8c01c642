import Foundation

/// Keeps assignments in step with the roster and the site: recomputes when either changed
/// since the last look (the manifest's content hash, the roster's stamp), so a server
/// looks often and writes rarely. Several nodes may each recompute; the operation is one
/// locked transaction that converges on the same rows.
public actor EnrollmentRefresh {
    private let store: any ResultStore
    private let manifest: @Sendable () -> ServerManifest
    private var seen: (content: String?, roster: String)?

    public init(store: any ResultStore, manifest: @escaping @Sendable () -> ServerManifest) {
        self.store = store
        self.manifest = manifest
    }

    /// Recomputes if the roster or the site changed; what changed, or nil when nothing did.
    @discardableResult
    public func refresh(now: Date = Date()) async throws -> EnrollmentChange? {
        let current = manifest()
        let roster = try await store.rosterStamp()
        if let seen, seen.content == current.contentHash, seen.roster == roster { return nil }
        let change = try await store.recomputeAssignments(courses: current.courses, now: now)
        seen = (current.contentHash, roster)
        return change
    }
}
