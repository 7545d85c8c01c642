import Hummingbird
import SzponStore

/// Moje kursy (My courses): the courses assigned to the signed-in person. Enrollment
/// (courses' `audience` rules) fills `myCourses`; until then the section says there are none.
extension PanelController {
    /// The hook enrollment fills: the signed-in person's assigned courses, as rows for the
    /// `staff/panel-courses` template (`title`, `due`, `status`). Nil for an admin token,
    /// which is no person.
    func myCourses(viewer: PanelViewer) async throws -> [[String: Any]]? {
        guard viewer.person != nil else { return nil }
        return []
    }

    func courses(viewer: PanelViewer) async throws -> Response {
        PanelPages.response(.ok, pages.courses(try await myCourses(viewer: viewer) ?? [], viewer: viewer))
    }
}
