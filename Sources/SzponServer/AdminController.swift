import Foundation
import Hummingbird
import SzponStore

/// The admin report as an API, for scripts: `Authorization: Bearer <token>`, tokens from
/// `szpon admin token` (the store keeps only their hashes). The page that was /admin is the
/// staff panel's now (`PanelController`: the token sign-in, with TOTP, and the report
/// under Wyniki); the old addresses redirect there, so bookmarks keep working.
///
/// - **Failed tries** on the API go through `AdminAttemptLimiter`, per client, the same
///   one the panel's sign-ins count into.
/// - **`--require-totp`** is for page sessions; the API stays token-only.
struct AdminController: Sendable {
    let store: any ResultStore
    let labels: ReportLabels
    let settings: SiteSettings
    /// The theme folder of the staff pages; nil for the default theme.
    var theme: String? = nil
    var limiter = AdminAttemptLimiter()

    static let sessionLifetime: TimeInterval = 8 * 60 * 60

    /// The old page addresses and where they live in the panel.
    static let moved = ["/admin": "/panel/results", "/admin/report.csv": "/panel/results.csv",
                        "/admin/report.json": "/panel/results.json", "/admin/attempts.csv": "/panel/attempts.csv"]

    func addRoutes(to router: Router<ServerContext>, api: RouterGroup<ServerContext>, routes: APIRoutes) {
        routes.on(api, "v1/admin/report", method: .get) { request, context in try await reportAPI(request, context: context) }
        routes.on(api, "v1/admin/attempts", method: .get) { request, context in try await reportAPI(request, context: context, attempts: true) }
        for (old, new) in Self.moved {
            // 308 keeps the method and the query (a course filter, a bookmarked download).
            router.get(RouterPath(old)) { request, _ in
                let query = request.uri.query.map { "?" + $0 } ?? ""
                return Response(status: .permanentRedirect, headers: [.location: new + query, .cacheControl: "no-store"])
            }
        }
        // Old sign-in and sign-out forms: their tokens mean nothing to the panel, so to its page.
        for old in ["/admin/login", "/admin/logout"] {
            router.post(RouterPath(old)) { _, _ in
                Response(status: .seeOther, headers: [.location: "/panel", .cacheControl: "no-store"])
            }
        }
    }

    // MARK: - The API (Bearer token)

    func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else { return nil }
        return String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }

    func reportAPI(_ request: Request, context: ServerContext, attempts: Bool = false) async throws -> Response {
        if let wait = await limiter.wait(context.client) {
            return JSONResponse.error(.tooManyRequests, "too many failed admin sign-ins from this client; retry in \(wait) s",
                                      headers: [.retryAfter: String(wait)])
        }
        guard let token = bearerToken(request), !token.isEmpty else {
            return unauthorized()
        }
        guard token.count < 200, try await store.isAdminToken(hash: AdminToken.hash(token)) else {
            await limiter.failed(context.client)
            return unauthorized()
        }
        if attempts {
            let format = request.uri.queryParameters["format"].map(String.init) ?? "csv"
            guard ["json", "csv"].contains(format) else {
                return JSONResponse.error(.badRequest, "format must be csv or json")
            }
            return try await gradebook(request, format: format)
        }
        let format = request.uri.queryParameters["format"].map(String.init) ?? "json"
        guard ["json", "csv", "html"].contains(format) else {
            return JSONResponse.error(.badRequest, "format must be json, csv or html")
        }
        return try await report(request, format: format)
    }

    private func unauthorized() -> Response {
        JSONResponse.error(.unauthorized, "an admin token is required: Authorization: Bearer <token> (see szpon admin token)",
                           headers: [.wwwAuthenticate: "Bearer"])
    }

    func report(_ request: Request, format: String, staff: ReportHTML.StaffControls? = nil,
                download: Bool = false) async throws -> Response {
        // The page's filter form sends `course=` for every course.
        let course = request.uri.queryParameters["course"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let report = try await store.report(ReportFilter(course: course, requiredLessons: labels.requiredLessons))
        let text = ReportRendering.render(report, format: format, labels: labels, title: settings.title, theme: theme,
                                          staff: staff)
        var headers: HTTPFields = [.contentType: ReportRendering.contentType(format), .cacheControl: "no-store"]
        if format == "csv" || download {
            headers[.contentDisposition] = "attachment; filename=\"szpon-report\(course.map { "-" + Self.fileNamePart($0) } ?? "").\(format)\""
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The attempt-level export: one row per attempt and question (`GradebookRow`).
    func gradebook(_ request: Request, format: String) async throws -> Response {
        let course = request.uri.queryParameters["course"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let rows = try await store.gradebook(ReportFilter(course: course))
        let text = ReportRendering.renderGradebook(rows, format: format, labels: labels)
        let name = "szpon-attempts\(course.map { "-" + Self.fileNamePart($0) } ?? "").\(format)"
        return Response(status: .ok,
                        headers: [.contentType: ReportRendering.contentType(format), .cacheControl: "no-store",
                                  .contentDisposition: "attachment; filename=\"\(name)\""],
                        body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A course slug as it may stand in a file name.
    static func fileNamePart(_ text: String) -> String {
        String(text.prefix(60).map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" })
    }

    // MARK: - Shared with the panel

    /// A TOTP code (once per time step, ±1 step of drift) or an unused recovery code.
    func verify(code: String, totp: AdminTOTPState, tokenHash: String) async throws -> Bool {
        if AdminTOTP.isTOTPCode(code) {
            guard let step = AdminTOTP.matchingStep(code: code, secret: totp.secret, now: Date()) else { return false }
            return try await store.acceptAdminTOTPStep(tokenHash: tokenHash, step: step)
        }
        guard code.count <= 40 else { return false }
        return try await store.useAdminRecoveryCode(tokenHash: tokenHash, codeHash: AdminTOTP.recoveryCodeHash(code), now: Date())
    }

    /// An application/x-www-form-urlencoded body (at most 4 KiB) as a dictionary; the first
    /// value of each name wins.
    static func form(_ request: Request) async throws -> [String: String] {
        let body = try await request.body.collect(upTo: 4096)
        // Form encoding writes a space as "+"; URLComponents decodes only %XX.
        let text = String(buffer: body).replacingOccurrences(of: "+", with: "%20")
        var fields: [String: String] = [:]
        for item in URLComponents(string: "?" + text)?.queryItems ?? [] where fields[item.name] == nil {
            fields[item.name] = item.value ?? ""
        }
        return fields
    }
}
