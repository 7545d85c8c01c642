import Foundation
import Hummingbird
import SzponMarkdown

/// The staff pages' HTML beside the report itself: the sign-in form, its messages, the
/// sign-out form. No script at all (the staff pages' policy allows none inline), and
/// nothing from the request is echoed back.
struct AdminPages {
    let english: Bool

    init(language: String) {
        english = language == "en"
    }

    enum Notice: Equatable {
        case none
        case badToken
        case needsCode
        case badCode
        case needsTOTP(shortID: String)
        case tooManyFailures(wait: Int)
        case signedOut
    }

    private func t(_ en: String, _ pl: String) -> String { english ? en : pl }

    func message(_ notice: Notice) -> String? {
        switch notice {
        case .none: return nil
        case .badToken: return t("This token is not valid.", "Ten token jest nieprawidłowy.")
        case .needsCode:
            return t("This token also needs the 6-digit code from your authenticator app, or one of its recovery codes.",
                     "Ten token wymaga też 6-cyfrowego kodu z aplikacji uwierzytelniającej albo jednego z kodów zapasowych.")
        case .badCode:
            return t("This code is not valid, or it has already been used. Wait for the next code and try again.",
                     "Ten kod jest nieprawidłowy albo został już użyty. Poczekaj na następny kod i spróbuj ponownie.")
        case let .needsTOTP(shortID):
            return t("This server requires a second factor, and this token has none. Set one up with: szpon admin totp \(shortID)",
                     "Ten serwer wymaga drugiego składnika, a ten token go nie ma. Skonfiguruj go poleceniem: szpon admin totp \(shortID)")
        case let .tooManyFailures(wait):
            return t("Too many failed sign-ins from this address. Try again in \(wait) s.",
                     "Zbyt wiele nieudanych logowań z tego adresu. Spróbuj ponownie za \(wait) s.")
        case .signedOut: return t("You have signed out.", "Wylogowano.")
        }
    }

    /// The sign-in page, with a notice (an alert for a refusal, a status for sign-out).
    func signIn(_ notice: Notice) -> String {
        let title = t("Sign in to the results report", "Logowanie do raportu wyników")
        var note = ""
        if let text = message(notice) {
            let role = notice == .signedOut ? "status" : "alert"
            note = "<p role=\"\(role)\">\(HTML.escape(text))</p>"
        }
        return """
        <!DOCTYPE html>
        <html lang="\(english ? "en" : "pl")">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
        <title>\(title)</title>
        <style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem}input,button{font:inherit;padding:.4rem}</style></head>
        <body><main>
        <h1>\(title)</h1>
        \(note)
        <form method="post" action="/admin/login">
        <p><label for="token">\(t("Admin token (from szpon admin token)", "Token administratora (z polecenia szpon admin token)"))</label><br>
        <input id="token" name="token" type="password" autocomplete="current-password" required size="50"></p>
        <p><label for="code">\(t("Code from the authenticator app, or a recovery code (only for a token with a second factor: szpon admin totp)",
                                 "Kod z aplikacji uwierzytelniającej albo kod zapasowy (tylko dla tokenu z drugim składnikiem: szpon admin totp)"))</label><br>
        <input id="code" name="code" type="text" autocomplete="one-time-code" spellcheck="false" size="12" maxlength="20"></p>
        <p><button type="submit">\(t("Sign in", "Zaloguj"))</button></p>
        </form>
        </main></body></html>
        """
    }

    /// A refused sign-out: the form is stale or did not come from the report page.
    func signOutRefused() -> String {
        let title = t("Sign-out refused", "Wylogowanie odrzucone")
        return """
        <!DOCTYPE html>
        <html lang="\(english ? "en" : "pl")">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
        <title>\(title)</title>
        <style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem}</style></head>
        <body><main>
        <h1>\(title)</h1>
        <p role="alert">\(t("This form is not valid: the session has ended, or the form did not come from the report page.",
                            "Ten formularz jest nieważny: sesja się skończyła albo formularz nie pochodzi ze strony raportu."))</p>
        <p><a href="/admin">\(t("Back to the report", "Wróć do raportu"))</a></p>
        </main></body></html>
        """
    }

    /// The report page with a sign-out form (and its CSRF token) at the top.
    func withSignOut(_ report: String, csrf: String) -> String {
        let bar = """
        <header style="max-width:60rem;margin:0 auto;padding:1rem 1rem 0;text-align:right">\
        <form method="post" action="/admin/logout"><input type="hidden" name="csrf" value="\(HTML.escape(csrf))">\
        <button type="submit" style="font:inherit;padding:.3rem .8rem">\(t("Sign out", "Wyloguj"))</button></form></header>

        """
        guard let body = report.range(of: "<body>\n") else { return bar + report }
        var page = report
        page.insert(contentsOf: bar, at: body.upperBound)
        return page
    }

    static func response(_ status: HTTPResponse.Status, _ html: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "text/html; charset=utf-8"
        fields[.cacheControl] = "no-store"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
