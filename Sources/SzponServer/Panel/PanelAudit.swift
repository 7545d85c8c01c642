import Hummingbird
import SzponStore

/// Audyt (Audit): the newest entries of the audit log (imports, role changes, exports,
/// erasures, invitations), for admins. Entries name ids, never names.
extension PanelController {
    static let auditPageSize = 500

    func audit(viewer: PanelViewer) async throws -> Response {
        PanelPages.response(.ok, pages.audit(try await store.auditLog(limit: Self.auditPageSize), viewer: viewer))
    }
}
