import Hummingbird

/// The API's routes, registered through this table so that the errors under /api/
/// can say which methods a path takes: the table is the registered routes themselves,
/// not a second list kept by hand.
final class APIRoutes: @unchecked Sendable {
    private var methods: [String: [HTTPRequest.Method]] = [:]
    // Filled while the router is built, before the server runs; read-only after.
    private var sealed = false

    static let standardMethods: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options, .trace, .connect]

    /// The answer to a method the router has no route for at all (`FOO`): 405 on an
    /// API path, a JSON 404 elsewhere under /api/.
    func unknownMethod(_ request: Request) -> Response {
        guard let allowed = allowed(request.uri.path) else {
            return JSONResponse.error(.notFound, "no such API endpoint: \(String(request.uri.path.prefix(100)))")
        }
        return JSONResponse.error(.methodNotAllowed, "\(request.method) is not supported here; use \(allowed)",
                                  headers: [.allow: allowed])
    }

    /// Ends registration: every other method on an API path answers 405 with `Allow`,
    /// and any other path under /api/ a JSON 404, inside the group, so that the group's
    /// policies (origins, JSON errors) see those requests too.
    func finish(_ group: RouterGroup<ServerContext>) {
        let all = Self.standardMethods
        for (path, registered) in methods {
            let allowed = self.allowed(path) ?? ""
            for method in all where !registered.contains(method) {
                group.on(RouterPath(String(path.dropFirst(5))), method: method) { request, _ in
                    JSONResponse.error(.methodNotAllowed, "\(request.method) is not supported here; use \(allowed)",
                                       headers: [.allow: allowed])
                }
            }
        }
        for method in all {
            group.on("**", method: method) { request, _ -> Response in
                JSONResponse.error(.notFound, "no such API endpoint: \(String(request.uri.path.prefix(100)))")
            }
        }
        sealed = true
    }

    /// The methods a path takes, "POST, OPTIONS" style; nil for no such path.
    func allowed(_ path: String) -> String? {
        methods[path].map { $0.map(\.rawValue).joined(separator: ", ") }
    }

    /// Registers `handler` for `method` on `path` in `group` (the /api group, with its policies).
    func on(_ group: RouterGroup<ServerContext>, _ path: String, method: HTTPRequest.Method,
            use handler: @escaping @Sendable (Request, ServerContext) async throws -> Response) {
        precondition(!sealed, "API routes are registered before the server starts")
        group.on(RouterPath(path), method: method, use: handler)
        methods["/api/" + path, default: []].append(method)
    }
}
