import Foundation
import Hummingbird
import SzponMarkdown

/// What the staff pages share: the admin-token sign-in's notices in the theme's words (the
/// panel's token form shows them), the page shown when no theme has the staff templates,
/// and the headers of every staff page. No script at all (the staff pages' policy allows
/// none inline), and nothing from the request is echoed back.
struct AdminPages {
    enum Notice: Equatable {
        case none
        case badToken
        case needsCode
        case badCode
        case needsTOTP(shortID: String)
        case tooManyFailures(wait: Int)
        case signedOut
    }

    /// The notice in the theme's words, or nil for none.
    static func message(_ notice: Notice, strings: [String: String]) -> String? {
        func t(_ key: String) -> String { strings[key] ?? key }
        switch notice {
        case .none: return nil
        case .badToken: return t("staff_bad_token")
        case .needsCode: return t("staff_needs_code")
        case .badCode: return t("staff_bad_code")
        case let .needsTOTP(shortID): return t("staff_needs_totp").replacingOccurrences(of: "{id}", with: shortID)
        case let .tooManyFailures(wait): return t("staff_too_many_failures").replacingOccurrences(of: "{wait}", with: String(wait))
        case .signedOut: return t("staff_signed_out")
        }
    }

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
