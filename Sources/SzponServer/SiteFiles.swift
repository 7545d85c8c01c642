import Foundation
import Hummingbird

/// The built site as static files, through Hummingbird's `FileMiddleware`, with three
/// guards it lacks:
/// - a file whose real location is outside the site folder (a symbolic link to
///   `.szpon/answer-keys.json` or `/etc/hostname`) is not served;
/// - a range starting past the end is answered 416 (Hummingbird answered 206 with a
///   negative Content-Length, then hung), and a suffix range (`bytes=-500`, the last
///   500 bytes) is turned into the absolute range Hummingbird understands;
/// - a file of unknown type goes out as `application/octet-stream`, never sniffed.
struct SiteFiles: RouterMiddleware {
    typealias Context = ServerContext
    let root: String
    let realRoot: String
    let files: FileMiddleware<ServerContext, LocalFileSystem>

    init(root: String) {
        self.root = root
        realRoot = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        files = FileMiddleware(
            root,
            cacheControl: CacheControl([
                // Pages and the site's data scripts change with each build: revalidate (ETag).
                (MediaType(type: .text, subType: "html"), [.noCache]),
                (MediaType(type: .application, subType: "javascript"), [.noCache]),
                (MediaType(type: .text, subType: "javascript"), [.noCache]),
                (MediaType(type: .any), [.public, .maxAge(3600)]),
            ]),
            searchForIndexHtml: true
        )
    }

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head else { return try await next(request, context) }
        let path = request.uri.path.removingPercentEncoding ?? request.uri.path
        var file = root + path
        if path.hasSuffix("/") { file += "index.html" }
        var status = stat()
        guard lstat(file, &status) == 0 else { return try await next(request, context) }
        guard inside(file) else { throw HTTPError(.notFound) }
        var request = request
        if let range = request.headers[.range] {
            switch Self.range(range, size: Int(status.st_size)) {
            case .keep: break
            case .whole:
                var head = request.head
                head.headerFields[.range] = nil
                request = Request(head: head, body: request.body)
            case let .absolute(text):
                var head = request.head
                head.headerFields[.range] = text
                request = Request(head: head, body: request.body)
            case .unsatisfiable:
                return Response(status: .rangeNotSatisfiable,
                                headers: [.contentRange: "bytes */\(status.st_size)", .contentLength: "0"])
            }
        }
        var response = try await files.handle(request, context: context, next: next)
        if response.headers[.contentType] == nil, response.status == .ok || response.status == .partialContent {
            response.headers[.contentType] = "application/octet-stream"
        }
        return response
    }

    /// The resolved path (every link followed) is the site folder or below it.
    func inside(_ file: String) -> Bool {
        guard let resolved = realpath(file, nil) else { return false }
        defer { free(resolved) }
        let real = String(cString: resolved)
        return real == realRoot || real.hasPrefix(realRoot.hasSuffix("/") ? realRoot : realRoot + "/")
    }

    enum RangeAction: Equatable {
        case keep
        /// Not one range Hummingbird reads right (several ranges, a malformed one): send the whole file, as RFC 9110 allows.
        case whole
        case absolute(String)
        case unsatisfiable
    }

    static func range(_ header: String, size: Int) -> RangeAction {
        let spec = header.trimmingCharacters(in: .whitespaces)
        guard spec.lowercased().hasPrefix("bytes="), !spec.contains(",") else { return .whole }
        let bounds = spec.dropFirst(6).split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard bounds.count == 2 else { return .whole }
        let first = bounds[0].trimmingCharacters(in: .whitespaces), last = bounds[1].trimmingCharacters(in: .whitespaces)
        let digits = { (text: String) in !text.isEmpty && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }
        if first.isEmpty {
            // The last N bytes.
            guard digits(last), let count = Int(last) else { return .whole }
            guard count > 0, size > 0 else { return .unsatisfiable }
            return .absolute("bytes=\(max(0, size - count))-\(size - 1)")
        }
        guard digits(first), let start = Int(first) else { return .whole }
        guard start < size else { return .unsatisfiable }
        if last.isEmpty { return .keep }
        guard digits(last), let end = Int(last), end >= start else { return .whole }
        return .keep
    }
}
