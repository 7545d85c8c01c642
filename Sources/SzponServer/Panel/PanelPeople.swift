import Hummingbird
import SzponStore

/// Osoby (People): the roster, everyone with roles and groups, inactive people marked; for
/// admins. `?group=` narrows it to one group's active people.
extension PanelController {
    func people(_ request: Request, viewer: PanelViewer) async throws -> Response {
        let group = request.uri.queryParameters["group"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let people = if let group { try await store.people(group: group) } else { try await store.allPeople() }
        return PanelPages.response(.ok, pages.people(people, group: group, viewer: viewer))
    }
}
