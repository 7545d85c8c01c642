import Foundation
import Hummingbird
import SzponStore

/// `/panel`: the staff panel, one sign-in for every staff feature, a section per feature.
///
/// - **Who.** People sign in with their id or email and the password they set through an
///   invitation (`szpon people invite`); the holder of an admin token signs in with it (and
///   its TOTP code) as an admin. Both get a random session id in the `szpon_panel` cookie
///   (HttpOnly, SameSite=Strict, Path=/panel, Secure behind a trusted https proxy); the
///   store keeps its SHA-256, so sessions survive a restart and work on every node.
/// - **Forms.** Signed-in forms carry the HMAC of the session id (`PanelViewer.csrf`). The
///   forms used before there is a session (sign-in, invitation) carry the HMAC of a random
///   id in a second cookie, `szpon_panel_form`, so another site cannot post them either.
/// - **Roles.** Each section's routes check the viewer's roles (`PanelSection.allowed`):
///   no session, back to the sign-in page; the wrong role, a 403 page.
/// - **Failed sign-ins** are counted per client (`AdminAttemptLimiter`, shared with the
///   admin API) and per account in the store (`SignInPolicy`), and answered alike whether
///   or not the account exists.
struct PanelController: Sendable {
    let store: any ResultStore
    let labels: ReportLabels
    let settings: SiteSettings
    var requireTOTP = false
    /// The theme folder of the staff pages; nil for the default theme.
    var theme: String? = nil
    let limiter: AdminAttemptLimiter
    var policy = SignInPolicy()

    static let cookie = "szpon_panel"
    static let formCookie = "szpon_panel_form"

    var pages: PanelPages { PanelPages(theme: StaffTheme(directory: theme, language: settings.language)) }
    /// The report and its downloads, rendered as the admin API renders them.
    var reports: AdminController { AdminController(store: store, labels: labels, settings: settings, theme: theme) }

    func addRoutes(to router: Router<ServerContext>) {
        router.get("/panel") { request, context in try await home(request, context: context) }
        router.post("/panel/login") { request, context in try await signIn(request, context: context) }
        router.post("/panel/login/token") { request, context in try await tokenSignIn(request, context: context) }
        router.post("/panel/logout") { request, context in try await signOut(request, context: context) }
        router.get("/panel/invite/:token") { request, context in try await invitePage(request, context: context) }
        router.post("/panel/invite/:token") { request, context in try await acceptInvite(request, context: context) }
        router.get("/panel/results") { request, context in
            try await guarded(.results, request) { viewer in try await results(request, viewer: viewer) }
        }
        router.get("/panel/results.csv") { request, context in
            try await guarded(.results, request) { _ in try await reports.report(request, format: "csv", download: true) }
        }
        router.get("/panel/results.json") { request, context in
            try await guarded(.results, request) { _ in try await reports.report(request, format: "json", download: true) }
        }
        router.get("/panel/attempts.csv") { request, context in
            try await guarded(.results, request) { _ in try await reports.gradebook(request, format: "csv") }
        }
        router.get("/panel/enrollment") { request, context in
            try await guarded(.enrollment, request) { viewer in try await enrollment(request, viewer: viewer, csv: false) }
        }
        router.get("/panel/enrollment.csv") { request, context in
            try await guarded(.enrollment, request) { viewer in try await enrollment(request, viewer: viewer, csv: true) }
        }
        router.get("/panel/people") { request, context in
            try await guarded(.people, request) { viewer in try await people(request, viewer: viewer) }
        }
        router.get("/panel/audit") { request, context in
            try await guarded(.audit, request) { viewer in try await audit(viewer: viewer) }
        }
        router.get("/panel/groups") { request, context in
            try await guarded(.groups, request) { viewer in try await groups(viewer: viewer) }
        }
        router.get("/panel/groups/:group") { request, context in
            let name = (context.parameters.get("group") ?? "").removingPercentEncoding ?? ""
            return try await guarded(.groups, request) { viewer in try await group(name, viewer: viewer) }
        }
        router.get("/panel/courses") { request, context in
            try await guarded(.courses, request) { viewer in try await courses(viewer: viewer) }
        }
    }

    // MARK: - Sessions

    /// A cookie's value from the request, if it is there and of a sane length.
    static func cookieValue(_ name: String, in request: Request) -> String? {
        for part in (request.headers[.cookie] ?? "").split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0] == name {
                let value = String(pair[1])
                return value.isEmpty || value.count > 100 ? nil : value
            }
        }
        return nil
    }

    /// The signed-in viewer: a person's live session (the person still active), else an
    /// admin token's (with a second factor when `--require-totp` is on); nil otherwise.
    func viewer(_ request: Request) async throws -> PanelViewer? {
        guard let id = Self.cookieValue(Self.cookie, in: request) else { return nil }
        let hash = AdminToken.hash(id)
        let now = Date()
        if let session = try await store.staffSession(hash: hash, now: now) {
            guard let person = try await store.person(id: session.personID), person.active else { return nil }
            return PanelViewer(sessionID: id, identity: .person(person))
        }
        if let session = try await store.adminSession(hash: hash, now: now), !requireTOTP || session.secondFactor {
            return PanelViewer(sessionID: id, identity: .adminToken)
        }
        return nil
    }

    func sessionCookie(_ value: String, maxAge: Int, context: ServerContext) -> String {
        Self.cookieHeader(Self.cookie, value, maxAge: maxAge, context: context)
    }

    static func cookieHeader(_ name: String, _ value: String, maxAge: Int, context: ServerContext) -> String {
        "\(name)=\(value); Path=/panel; HttpOnly; SameSite=Strict; Max-Age=\(maxAge)" + (context.secure ? "; Secure" : "")
    }

    /// Runs `page` for a viewer whose roles open `section`: without a session, the sign-in
    /// page (303 to /panel); with the wrong role, 403.
    func guarded(_ section: PanelSection, _ request: Request,
                 _ page: (PanelViewer) async throws -> Response) async throws -> Response {
        guard let viewer = try await viewer(request) else {
            return Response(status: .seeOther, headers: [.location: "/panel", .cacheControl: "no-store"])
        }
        guard viewer.may(section) else {
            return PanelPages.response(.forbidden, pages.forbidden(viewer: viewer))
        }
        return try await page(viewer)
    }

    // MARK: - Forms before sign-in

    /// The id behind the sign-in and invitation forms' token: the request's, or a new one
    /// (then `set` is the cookie to send with the page).
    func formID(_ request: Request, context: ServerContext) -> (id: String, set: String?) {
        if let id = Self.cookieValue(Self.formCookie, in: request), id.count == 43 { return (id, nil) }
        let id = AdminToken.randomBase64URL(bytes: 32)
        return (id, Self.cookieHeader(Self.formCookie, id, maxAge: 12 * 60 * 60, context: context))
    }

    static func formToken(_ id: String) -> String { AdminToken.mac("szpon panel sign-in form", key: id) }

    /// The posted form's token matches the form cookie's.
    static func formTokenMatches(_ form: [String: String], _ request: Request) -> Bool {
        guard let id = cookieValue(formCookie, in: request), let token = form["csrf"] else { return false }
        return AdminToken.constantTimeEqual(token, formToken(id))
    }
}
