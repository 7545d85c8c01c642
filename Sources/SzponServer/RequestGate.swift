import Foundation
import Hummingbird
import NIOCore

/// What every request passes before routing, and every answer on its way out.
///
/// - The path is normalised once, here: repeated slashes collapse and dot segments
///   resolve, so `//api/v1/sync` is routed, and policed, as `/api/v1/sync` (the router
///   matched it while the API's policies, keyed on the path, did not), and no redirect
///   can carry `//host` in its Location.
/// - Paths that decode to control characters are refused: the file system stops at a
///   NUL, so "/index.html%00.png" was served as index.html.
/// - A request with a body must arrive whole within the deadline: the idle timer
///   restarts with every byte, so a body trickled a byte every few seconds held its
///   connection for ever.
/// - The client's address and scheme come from a trusted proxy (`ClientAddress`).
/// - Security headers go on every answer (`SecurityHeaders`).
struct RequestGate<Inner: HTTPResponder>: HTTPResponder where Inner.Context == ServerContext {
    let inner: Inner
    let deadline: Double
    let clientAddress: ClientAddress
    let api: APIRoutes
    /// The built site, for its 404 page.
    let site: String

    func respond(to request: Request, context: ServerContext) async throws -> Response {
        var context = context
        clientAddress.apply(request, to: &context)
        var response = try await route(request, context: context)
        SecurityHeaders.apply(to: &response, path: request.uri.path, secure: context.secure)
        return response
    }

    private func route(_ request: Request, context: ServerContext) async throws -> Response {
        let raw = request.uri.path
        if raw.contains("%"), let decoded = raw.removingPercentEncoding,
           decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return JSONResponse.error(.badRequest, "the path holds a control character")
        }
        var request = request
        if let normal = Self.normalised(raw) {
            var head = request.head
            let query = request.uri.query.map { "?" + $0 } ?? ""
            head.path = normal + query
            request = Request(head: head, body: request.body)
        }
        if request.uri.path.hasPrefix("/api/"), !APIRoutes.standardMethods.contains(request.method) {
            return api.unknownMethod(request)
        }
        guard Self.hasBody(request) else { return try await respond(request, context: context) }
        let routed = request
        return try await withThrowingTaskGroup(of: Response?.self) { group in
            group.addTask { try await respond(routed, context: context) }
            group.addTask {
                try await Task.sleep(for: .milliseconds(Int64(deadline * 1000)))
                return nil
            }
            defer { group.cancelAll() }
            if let response = try await group.next() ?? nil { return response }
            // The handler may be blocked reading the body; closing is the only way to
            // free the connection, so the answer may not reach a client this slow.
            context.channel.close(promise: nil)
            return JSONResponse.error(.requestTimeout, "the request did not arrive within \(Int(deadline)) s",
                                      headers: [.connection: "close"])
        }
    }

    private func respond(_ request: Request, context: ServerContext) async throws -> Response {
        do {
            let response = try await inner.respond(to: request, context: context)
            // The router's own 404 (no route, no file) has no body; answers with one
            // (the API's JSON) are left as they are.
            if response.status == .notFound, response.headers[.contentType] == nil, let page = notFoundPage(request) { return page }
            return response
        } catch let error as HTTPResponseError {
            if error.status == .notFound, let page = notFoundPage(request) { return page }
            return try error.response(from: request, context: context)
        }
    }

    /// The site's own 404 page (`404.html`, in its language, with its header) for a
    /// missing page; its links are relative to the root, so it gets `<base href="/">`.
    func notFoundPage(_ request: Request) -> Response? {
        guard request.method == .get || request.method == .head, !request.uri.path.hasPrefix("/api/"),
              let data = FileManager.default.contents(atPath: site + "/404.html") else { return nil }
        var text = String(decoding: data, as: UTF8.self)
        if let head = text.range(of: "<head>") { text.insert(contentsOf: "<base href=\"/\">", at: head.upperBound) }
        return Response(status: .notFound, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"],
                        body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func hasBody(_ request: Request) -> Bool {
        if let length = request.headers[.contentLength] { return length != "0" }
        return request.headers[.transferEncoding] != nil
    }

    /// The path with repeated slashes collapsed and "." and ".." segments resolved
    /// (RFC 3986, 5.2.4); nil when it is already normal.
    static func normalised(_ path: String) -> String? {
        guard path.contains("//") || path.contains("/.") else { return nil }
        var segments: [Substring] = []
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        for part in parts {
            switch part {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(part)
            }
        }
        var result = "/" + segments.joined(separator: "/")
        let last = parts.last
        if path.hasSuffix("/") || last == "." || last == "..", result != "/" { result += "/" }
        return result == path ? nil : result
    }
}
