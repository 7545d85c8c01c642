import Hummingbird

/// Refuses paths that decode to control characters. The file system stops reading a
/// path at a NUL, so "/index.html%00.png" was served as index.html (labelled an image)
/// and "/%00" redirected to a Location holding the raw byte.
struct PathGuard<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path.contains("%"), let decoded = path.removingPercentEncoding,
           decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return JSONResponse.error(.badRequest, "the path holds a control character")
        }
        return try await next(request, context)
    }
}
