import HTTPTypes
import Hummingbird

/// The headers that keep browsers from guessing types, leaking paths to other sites,
/// running injected inline script, or framing the staff pages (clickjacking).
///
/// The site's pages carry only their own scripts (classic files, with data in
/// `<script type="application/json">`, which is not run), so scripts come from 'self'
/// alone and never inline. Inline styles stay allowed: authors' HTML uses `style=`,
/// and a style cannot run code. Staff pages (`/admin`, `/panel`) additionally refuse every framing,
/// and authors' raw HTML elsewhere on the origin cannot script them inline. A file
/// opened from `file://` gets none of this, and needs none: there is no server.
enum SecurityHeaders {
    static let sitePolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "media-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
        + "form-action 'self'; frame-ancestors 'self'"
    static let staffPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    static func isStaffPage(_ path: String) -> Bool {
        for prefix in ["/admin", "/panel"] where path == prefix || path.hasPrefix(prefix + "/") { return true }
        return false
    }

    static func apply(to response: inout Response, path: String, secure: Bool) {
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "same-origin"
        if secure { response.headers[.strictTransportSecurity] = "max-age=31536000" }
        let staff = isStaffPage(path)
        if staff { response.headers[.xFrameOptions] = "DENY" }
        guard let type = response.headers[.contentType]?.lowercased(), type.hasPrefix("text/html") || staff else { return }
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = staff ? staffPolicy : sitePolicy
        }
    }
}

extension HTTPField.Name {
    static let referrerPolicy = Self("Referrer-Policy")!
    static let xFrameOptions = Self("X-Frame-Options")!
}
