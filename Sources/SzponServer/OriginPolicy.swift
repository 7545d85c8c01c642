import Hummingbird

/// CORS for the sync API, per site: only the origins the site names may send
/// records from a browser. A page opened from a USB stick sends `Origin: null`,
/// so "null" must be listed for file:// bundles to sync. Requests without an
/// Origin (curl, `szpon import results`) are not cross-origin and pass.
struct OriginPolicy<Context: RequestContext>: RouterMiddleware {
    let allowed: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/api/"), let origin = request.headers[.origin] else {
            return try await next(request, context)
        }
        guard allowed.contains(origin) else {
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
