import Foundation
import Hummingbird
import SzponMarkdown

/// The authors' preview: HTML pages get a small script that polls the watcher and
/// reloads on a new build; while the content has errors, pages show them instead.
struct LivePreview: Sendable {
    let watcher: SiteWatcher
    let site: String

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

    func errorPage(_ errors: [String]) -> String {
        let items = errors.map { "<li><pre>\(HTML.escape($0))</pre></li>" }.joined(separator: "\n")
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Build failed – szpon</title>
        <style>body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#fff;color:#1b1b1b}main{max-width:60rem;margin:2rem auto;padding:0 1rem}
        h1{color:#a4161a}ol{padding-left:1.25rem}pre{white-space:pre-wrap;background:#fbeaea;border-left:4px solid #a4161a;padding:.5rem .75rem;margin:.25rem 0}</style>
        </head><body><main>
        <h1>The site could not be built</h1>
        <p>Fix the content and save: this page reloads by itself. The last good build is not shown while there are errors.</p>
        <ol>
        \(items)
        </ol>
        </main>\(Self.script)</body></html>
        """
    }
}
