import Foundation
import Hummingbird
import SzponMarkdown

/// What the staff pages share: the page shown when no theme has the staff templates, and
/// the headers of every staff page. No script at all (the staff pages' policy allows
/// none inline), and nothing from the request is echoed back.
struct AdminPages {
    /// Without a theme there is no page to show: the server says so in plain words.
    static let noTheme = """
    <!DOCTYPE html>
    <html lang="en"><head><meta charset="utf-8"><title>szpon</title></head>
    <body><main><h1>szpon</h1><p>The theme has no staff templates; start szpon serve with --theme, or reinstall szpon's default theme.</p></main></body></html>

    """

    static func response(_ status: HTTPResponse.Status, _ html: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "text/html; charset=utf-8"
        fields[.cacheControl] = "no-store"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
