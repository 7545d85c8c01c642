import Hummingbird
import SzponStore

/// Moja grupa (My group): a teacher's own groups (those the roster lists for them) and
/// their learners. Another group's page is refused with 403, not hidden as 404: the
/// teacher is told it is not theirs.
extension PanelController {
    func groups(viewer: PanelViewer) async throws -> Response {
        let own = viewer.person?.groups ?? []
        // One group: straight to it.
        if own.count == 1, let only = own.first { return try await group(only, viewer: viewer) }
        return PanelPages.response(.ok, pages.groups(own, viewer: viewer))
    }

    func group(_ group: String, viewer: PanelViewer) async throws -> Response {
        guard let person = viewer.person, person.groups.contains(group) else {
            return PanelPages.response(.forbidden, pages.forbidden(viewer: viewer))
        }
        let learners = try await store.people(group: group).filter { $0.has(.learner) }
        return PanelPages.response(.ok, pages.group(group, learners: learners, viewer: viewer))
    }
}
