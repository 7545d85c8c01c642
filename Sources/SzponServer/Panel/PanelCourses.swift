import Hummingbird
import SzponStore

/// Moje kursy (My courses): the courses assigned to the signed-in person, from enrollment
/// (courses' `audience` rules; `PanelEnrollment`), soonest due first.
extension PanelController {
    /// The hook enrollment fills: the signed-in person's assigned courses, as rows for the
    /// `staff/panel-courses` template (`title`, `due`, `status`). Nil for an admin token,
    /// which is no person.
    func myCourses(viewer: PanelViewer) async throws -> [[String: Any]]? {
        try await assignedCourses(viewer: viewer)
    }

    func courses(viewer: PanelViewer) async throws -> Response {
        PanelPages.response(.ok, pages.courses(try await myCourses(viewer: viewer) ?? [], viewer: viewer))
    }
}
