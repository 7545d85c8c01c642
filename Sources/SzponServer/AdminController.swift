import Foundation
import Hummingbird
import SzponStore

/// The admin report, as an API (`Authorization: Bearer <token>`) and as a page at
/// /admin (sign in once with the token; it is kept in an HttpOnly, SameSite=Strict
/// cookie). Tokens come from `szpon admin token`; the store keeps only their hashes.
struct AdminController: Sendable {
    let store: any ResultStore
    let labels: ReportLabels
    let settings: SiteSettings

    static let cookie = "szpon_admin"

    func addRoutes(to router: Router<ServerContext>, api: RouterGroup<ServerContext>, routes: APIRoutes) {
        routes.on(api, "v1/admin/report", method: .get) { request, context in try await reportAPI(request, context: context) }
        router.get("/admin") { request, context in try await page(request, context: context) }
        router.post("/admin/login") { request, context in try await signIn(request, context: context) }
    }

    func token(_ request: Request) -> String? {
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
            return String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        }
        for part in (request.headers[.cookie] ?? "").split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0] == Self.cookie { return String(pair[1]) }
        }
        return nil
    }

    func authorized(_ request: Request) async throws -> Bool {
        guard let token = token(request), !token.isEmpty, token.count < 200 else { return false }
        return try await store.isAdminToken(hash: AdminToken.hash(token))
    }

    func reportAPI(_ request: Request, context: ServerContext) async throws -> Response {
        guard try await authorized(request) else {
            return JSONResponse.error(.unauthorized, "an admin token is required: Authorization: Bearer <token> (see szpon admin token)",
                                      headers: [.wwwAuthenticate: "Bearer"])
        }
        let format = request.uri.queryParameters["format"].map(String.init) ?? "json"
        guard ["json", "csv", "html"].contains(format) else {
            return JSONResponse.error(.badRequest, "format must be json, csv or html")
        }
        return try await report(request, format: format)
    }

    func report(_ request: Request, format: String) async throws -> Response {
        let course = request.uri.queryParameters["course"].map(String.init)
        let report = try await store.report(ReportFilter(course: course))
        let text = ReportRendering.render(report, format: format, labels: labels, title: settings.title)
        var headers: HTTPFields = [.contentType: ReportRendering.contentType(format), .cacheControl: "no-store"]
        if format == "csv" { headers[.contentDisposition] = "attachment; filename=\"szpon-report.csv\"" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    func page(_ request: Request, context: ServerContext) async throws -> Response {
        guard try await authorized(request) else { return signIn(failed: false) }
        return try await report(request, format: "html")
    }

    func signIn(_ request: Request, context: ServerContext) async throws -> Response {
        let body = try await request.body.collect(upTo: 4096)
        let form = String(buffer: body)
        let token = URLComponents(string: "?" + form)?.queryItems?.first { $0.name == "token" }?.value ?? ""
        guard !token.isEmpty, token.count < 200, try await store.isAdminToken(hash: AdminToken.hash(token)) else {
            return signIn(failed: true)
        }
        return Response(status: .seeOther, headers: [
            .location: "/admin",
            .setCookie: "\(Self.cookie)=\(token); Path=/; HttpOnly; SameSite=Strict; Max-Age=28800",
        ])
    }

    func signIn(failed: Bool) -> Response {
        let en = settings.language == "en"
        let title = en ? "Sign in to the results report" : "Logowanie do raportu wyników"
        let html = """
        <!DOCTYPE html>
        <html lang="\(en ? "en" : "pl")">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
        <title>\(title)</title>
        <style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem}input,button{font:inherit;padding:.4rem}</style></head>
        <body><main>
        <h1>\(title)</h1>
        \(failed ? "<p role=\"alert\">\(en ? "This token is not valid." : "Ten token jest nieprawidłowy.")</p>" : "")
        <form method="post" action="/admin/login">
        <p><label for="token">\(en ? "Admin token (from szpon admin token)" : "Token administratora (z polecenia szpon admin token)")</label><br>
        <input id="token" name="token" type="password" autocomplete="current-password" required size="50"></p>
        <p><button type="submit">\(en ? "Sign in" : "Zaloguj")</button></p>
        </form>
        </main></body></html>
        """
        return Response(status: failed ? .unauthorized : .ok,
                        headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
