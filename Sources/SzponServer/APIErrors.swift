import Hummingbird

/// Every answer under /api/ is JSON, errors included: a client developer (or a browser
/// outbox logging its failures) gets a reason, not an empty 404 or 500. Hummingbird's
/// own errors (no such route, a store that failed) would otherwise go out with no body.
/// Attached to the /api route group, so it sees exactly the API's requests.
struct APIErrors: RouterMiddleware {
    let routes: APIRoutes

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPResponseError {
            if error.status == .notFound, let allowed = routes.allowed(request.uri.path) {
                return JSONResponse.error(.methodNotAllowed, "\(request.method) is not supported here; use \(allowed)",
                                          headers: [.allow: allowed])
            }
            if error.status == .notFound {
                return JSONResponse.error(.notFound, "no such API endpoint: \(String(request.uri.path.prefix(100)))")
            }
            let message = (error as? HTTPError)?.body ?? error.status.reasonPhrase
            return JSONResponse.error(error.status, message)
        } catch {
            // The store failed (disk full, file locked, I/O error): nothing was acknowledged,
            // so the device keeps the records and sends them again later.
            context.logger.error("\(request.method) \(request.uri.path): \(error)")
            return JSONResponse.error(.serviceUnavailable, "the server could not complete the request; try again later",
                                      headers: [.retryAfter: "30"])
        }
    }
}
