import Hummingbird
import SzponStore

/// Wyniki (Results): the report page, with the panel's navigation, its downloads and its
/// course filter, for admins and officials.
extension PanelController {
    func results(_ request: Request, viewer: PanelViewer) async throws -> Response {
        try await reports.report(request, format: "html",
                                 staff: pages.staffControls(viewer: viewer, current: .results, request: request))
    }
}
