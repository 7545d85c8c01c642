import Foundation
import Hummingbird
import SzponMarkdown

/// The authors' preview: HTML pages get a small script that polls the watcher and
/// reloads on a new build; while the content has errors, pages show them instead.
struct LivePreview: Sendable {
    let watcher: SiteWatcher
    let site: String
    /// The site's language, for the build-error page.
    var language = "pl"

    /// A file of its own, not inline: the pages' Content-Security-Policy allows no inline script.
    static let script = "<script src=\"/_szpon/live.js\"></script>"

    static let liveJS = """
    (function(){var g=null;function poll(){var x=new XMLHttpRequest();x.open("GET","/_szpon/status",true);
    x.onload=function(){try{var s=JSON.parse(x.responseText);if(g!==null&&s.generation!==g){location.reload();return;}g=s.generation;}catch(e){}
    setTimeout(poll,700);};x.onerror=function(){setTimeout(poll,2000);};x.send();}poll();})();
    """

    func addRoutes(to router: Router<ServerContext>) {
        router.get("/_szpon/status") { request, context in try await status(request, context: context) }
        router.get("/_szpon/live.js") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-cache"],
                     body: .init(byteBuffer: ByteBuffer(string: Self.liveJS)))
        }
        router.get("/") { request, context in try await page(request, context: context) }
        router.get("**") { request, context in try await page(request, context: context) }
    }

    func status(_ request: Request, context: ServerContext) async throws -> Response {
        let generation = await watcher.generation
        let failure = await watcher.failure
        return JSONResponse.make(.ok, ["generation": generation, "errors": failure ?? []])
    }

    /// Serves an HTML page with the reload script, or the build's errors.
    func page(_ request: Request, context: ServerContext) async throws -> Response {
        var path = request.uri.path.removingPercentEncoding ?? request.uri.path
        guard !path.contains("..") else { throw HTTPError(.badRequest) }
        if path.hasSuffix("/") { path += "index.html" }
        guard path.hasSuffix(".html") else { throw HTTPError(.notFound) }
        if let errors = await watcher.failure {
            return html(errorPage(errors), status: .internalServerError)
        }
        guard let data = FileManager.default.contents(atPath: site + path) else { throw HTTPError(.notFound) }
        var text = String(decoding: data, as: UTF8.self)
        if let end = text.range(of: "</body>", options: .backwards) {
            text.insert(contentsOf: Self.script, at: end.lowerBound)
        } else {
            text += Self.script
        }
        return html(text, status: .ok)
    }

    func html(_ text: String, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The build's errors, through the theme being built (`staff/build-errors.mustache`);
    /// when that theme is what failed, through szpon's default theme, and when neither
    /// renders, a bare page of the same errors.
    func errorPage(_ errors: [String]) -> String {
        let theme = StaffTheme(directory: watcher.options.theme, language: language)
        let page = theme.render("staff/build-errors") { i18n in
            ["pageTitle": i18n["staff_build_failed_title"], "errors": errors, "script": Self.script]
        }
        if let page { return page }
        let items = errors.map { "<li><pre>\(HTML.escape($0))</pre></li>" }.joined(separator: "\n")
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Build failed – szpon</title></head>
        <body><main><h1>The site could not be built</h1><ol>
        \(items)
        </ol></main>\(Self.script)</body></html>
        """
    }
}
