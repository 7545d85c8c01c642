import Foundation
import Hummingbird
import SzponStore

/// The admin report, as an API (`Authorization: Bearer <token>`, for scripts) and as a
/// page at /admin. Tokens come from `szpon admin token`; the store keeps only their hashes.
///
/// - **Sessions.** Signing in to the page with a token (and, when the token has one, a
///   TOTP or recovery code: `AdminTOTP`) creates a server-side session. The cookie holds a
///   random session id (32 bytes, base64url), never the token; the store keeps the id's
///   SHA-256, so sessions survive a restart. A session lasts `sessionLifetime` (8 hours)
///   from sign-in, fixed: activity does not extend it. It ends earlier on sign-out or when
///   its token is revoked (`szpon admin revoke`). Expired sessions are refused and pruned.
/// - **Forms.** Every state-changing form but sign-in carries a CSRF token: the HMAC of
///   the session id, so only a page served to that session can hold it.
/// - **Failed tries** on sign-in and the API go through `AdminAttemptLimiter`, per client.
/// - **`--require-totp`**: page sessions need a second factor; the API stays token-only.
struct AdminController: Sendable {
    let store: any ResultStore
    let labels: ReportLabels
    let settings: SiteSettings
    var requireTOTP = false
    /// The theme folder of the staff pages; nil for the default theme.
    var theme: String? = nil
    let limiter = AdminAttemptLimiter()

    static let cookie = "szpon_admin"
    static let sessionLifetime: TimeInterval = 8 * 60 * 60

    private var pages: AdminPages { AdminPages(theme: StaffTheme(directory: theme, language: settings.language)) }

    func addRoutes(to router: Router<ServerContext>, api: RouterGroup<ServerContext>, routes: APIRoutes) {
        routes.on(api, "v1/admin/report", method: .get) { request, context in try await reportAPI(request, context: context) }
        router.get("/admin") { request, context in try await page(request, context: context) }
        // The page's download links: the API's CSV and JSON, for the signed-in session.
        router.get("/admin/report.csv") { request, context in try await download(request, format: "csv") }
        router.get("/admin/report.json") { request, context in try await download(request, format: "json") }
        routes.on(api, "v1/admin/attempts", method: .get) { request, context in try await reportAPI(request, context: context, attempts: true) }
        router.get("/admin/attempts.csv") { request, context in try await download(request, format: "csv", attempts: true) }
        router.post("/admin/login") { request, context in try await signIn(request, context: context) }
        router.post("/admin/logout") { request, context in try await signOut(request, context: context) }
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

    func report(_ request: Request, format: String, csrf: String? = nil, download: Bool = false) async throws -> Response {
        // The page's filter form sends `course=` for every course.
        let course = request.uri.queryParameters["course"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let report = try await store.report(ReportFilter(course: course, requiredLessons: labels.requiredLessons))
        let text = ReportRendering.render(report, format: format, labels: labels, title: settings.title, theme: theme,
                                          staff: csrf.map { ReportHTML.StaffControls(csrf: $0, course: course) })
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

    // MARK: - The page (session cookie)

    /// `/admin/report.csv` and `/admin/report.json`: the report API's formats for a signed-in
    /// session (the page's download links), so staff need not handle the token; without a
    /// session, back to the sign-in page.
    func download(_ request: Request, format: String, attempts: Bool = false) async throws -> Response {
        guard try await session(request) != nil else {
            return Response(status: .seeOther, headers: [.location: "/admin", .cacheControl: "no-store"])
        }
        if attempts { return try await gradebook(request, format: format) }
        return try await report(request, format: format, download: true)
    }

    /// The session id in the request's cookie, if any.
    func sessionID(_ request: Request) -> String? {
        for part in (request.headers[.cookie] ?? "").split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0] == Self.cookie {
                let id = String(pair[1])
                return id.isEmpty || id.count > 100 ? nil : id
            }
        }
        return nil
    }

    /// The request's live session and its id; nil when there is none, it has expired (and is
    /// then removed), or `--require-totp` is on and it was opened without a second factor.
    func session(_ request: Request) async throws -> (id: String, session: AdminSession)? {
        guard let id = sessionID(request),
              let session = try await store.adminSession(hash: AdminToken.hash(id), now: Date()) else { return nil }
        if requireTOTP, !session.secondFactor { return nil }
        return (id, session)
    }

    /// The form token of a session: only pages served to the session's cookie carry it.
    static func csrf(sessionID: String) -> String {
        AdminToken.mac("szpon admin form", key: sessionID)
    }

    func cookie(_ value: String, maxAge: Int, context: ServerContext) -> String {
        "\(Self.cookie)=\(value); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(maxAge)" + (context.secure ? "; Secure" : "")
    }

    func page(_ request: Request, context: ServerContext) async throws -> Response {
        if let (id, _) = try await session(request) {
            return try await report(request, format: "html", csrf: Self.csrf(sessionID: id))
        }
        // A stale cookie (expired, signed out, revoked) is cleared.
        let headers: HTTPFields = sessionID(request) == nil ? [:] : [.setCookie: cookie("", maxAge: 0, context: context)]
        let notice: AdminPages.Notice = request.uri.queryParameters["signed-out"] != nil ? .signedOut : .none
        return AdminPages.response(.ok, pages.signIn(notice), headers: headers)
    }

    func signIn(_ request: Request, context: ServerContext) async throws -> Response {
        if let wait = await limiter.wait(context.client) {
            return AdminPages.response(.tooManyRequests, pages.signIn(.tooManyFailures(wait: wait)),
                                       headers: [.retryAfter: String(wait)])
        }
        let form = try await Self.form(request)
        let token = form["token"] ?? ""
        let code = (form["code"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty else { return AdminPages.response(.unauthorized, pages.signIn(.badToken)) }
        let tokenHash = AdminToken.hash(token)
        guard token.count < 200, try await store.isAdminToken(hash: tokenHash) else {
            await limiter.failed(context.client)
            return AdminPages.response(.unauthorized, pages.signIn(.badToken))
        }
        var secondFactor = false
        if let totp = try await store.adminTOTP(tokenHash: tokenHash) {
            guard !code.isEmpty else { return AdminPages.response(.unauthorized, pages.signIn(.needsCode)) }
            guard try await verify(code: code, totp: totp, tokenHash: tokenHash) else {
                await limiter.failed(context.client)
                return AdminPages.response(.unauthorized, pages.signIn(.badCode))
            }
            secondFactor = true
        } else if requireTOTP {
            return AdminPages.response(.forbidden, pages.signIn(.needsTOTP(shortID: String(tokenHash.prefix(AdminToken.shortIDLength)))))
        }
        let id = AdminToken.randomBase64URL(bytes: 32)
        let now = Date()
        let session = AdminSession(hash: AdminToken.hash(id), tokenHash: tokenHash, createdAt: now,
                                   expiresAt: now.addingTimeInterval(Self.sessionLifetime), secondFactor: secondFactor)
        // False only when the token was revoked since the check above.
        guard try await store.createAdminSession(session) else {
            return AdminPages.response(.unauthorized, pages.signIn(.badToken))
        }
        return Response(status: .seeOther, headers: [
            .location: "/admin",
            .setCookie: cookie(id, maxAge: Int(Self.sessionLifetime), context: context),
            .cacheControl: "no-store",
        ])
    }

    /// A TOTP code (once per time step, ±1 step of drift) or an unused recovery code.
    func verify(code: String, totp: AdminTOTPState, tokenHash: String) async throws -> Bool {
        if AdminTOTP.isTOTPCode(code) {
            guard let step = AdminTOTP.matchingStep(code: code, secret: totp.secret, now: Date()) else { return false }
            return try await store.acceptAdminTOTPStep(tokenHash: tokenHash, step: step)
        }
        guard code.count <= 40 else { return false }
        return try await store.useAdminRecoveryCode(tokenHash: tokenHash, codeHash: AdminTOTP.recoveryCodeHash(code), now: Date())
    }

    func signOut(_ request: Request, context: ServerContext) async throws -> Response {
        let form = try await Self.form(request)
        guard let id = sessionID(request),
              let session = try await store.adminSession(hash: AdminToken.hash(id), now: Date()),
              let csrf = form["csrf"], AdminToken.constantTimeEqual(csrf, Self.csrf(sessionID: id)) else {
            return AdminPages.response(.forbidden, pages.signOutRefused())
        }
        _ = try await store.removeAdminSession(hash: session.hash)
        return Response(status: .seeOther, headers: [
            .location: "/admin?signed-out",
            .setCookie: cookie("", maxAge: 0, context: context),
            .cacheControl: "no-store",
        ])
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
