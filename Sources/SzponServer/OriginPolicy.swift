import Hummingbird

/// CORS for the sync API, per site: only the origins the site names may send
/// records from a browser. A page opened from a USB stick sends `Origin: null`,
/// so "null" must be listed for file:// bundles to sync. Requests without an
/// Origin (curl, `szpon import results`) and pages of this very server pass.
struct OriginPolicy<Context: RequestContext>: RouterMiddleware {
    let allowed: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/api/"), let origin = request.headers[.origin] else {
            return try await next(request, context)
        }
        // Browsers send Origin on every POST, also to the server the page came from.
        let sameOrigin = request.head.authority.map { origin == "http://\($0)" || origin == "https://\($0)" } ?? false
        guard allowed.contains(origin) || sameOrigin else {
            return JSONResponse.error(.forbidden, "origin '\(origin)' may not send records here; the site's ingest_origins lists the allowed ones",
                                      headers: [.vary: "Origin"])
        }
        var headers: HTTPFields = [
            .accessControlAllowOrigin: origin,
            .vary: "Origin",
        ]
        if request.method == .options {
            headers[.accessControlAllowMethods] = "POST, OPTIONS"
            headers[.accessControlAllowHeaders] = "Content-Type"
            headers[.accessControlMaxAge] = "600"
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        response.headers[.accessControlAllowOrigin] = origin
        response.headers[.vary] = "Origin"
        return response
    }
}
