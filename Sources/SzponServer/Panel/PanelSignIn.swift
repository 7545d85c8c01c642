import Foundation
import HTTPTypes
import Hummingbird
import SzponStore

/// Signing in and out: the home page (the sign-in forms, or the viewer's sections), the
/// password and admin-token sign-ins, and sign-out.
extension PanelController {
    func home(_ request: Request, context: ServerContext) async throws -> Response {
        if let viewer = try await viewer(request) {
            return PanelPages.response(.ok, pages.home(viewer: viewer))
        }
        let notice: PanelPages.Notice = request.uri.queryParameters["signed-out"] != nil ? .signedOut : .none
        return signInPage(.ok, notice, request, context: context,
                          // A stale session cookie (expired, signed out, revoked) is cleared.
                          clearSession: Self.cookieValue(Self.cookie, in: request) != nil)
    }

    /// The sign-in page with both forms, carrying the form token.
    func signInPage(_ status: HTTPResponse.Status, _ notice: PanelPages.Notice, _ request: Request, context: ServerContext,
                    clearSession: Bool = false, headers: HTTPFields = [:]) -> Response {
        let form = formID(request, context: context)
        var fields = headers
        var cookies: [String] = []
        if let set = form.set { cookies.append(set) }
        if clearSession { cookies.append(sessionCookie("", maxAge: 0, context: context)) }
        for cookie in cookies { fields.append(HTTPField(name: .setCookie, value: cookie)) }
        return PanelPages.response(status, pages.signIn(notice, csrf: Self.formToken(form.id)), headers: fields)
    }

    private func tooMany(_ wait: Int, _ request: Request, context: ServerContext) -> Response {
        signInPage(.tooManyRequests, .tooManyFailures(wait: wait), request, context: context,
                   headers: [.retryAfter: String(wait)])
    }

    private func signedIn(_ id: String, context: ServerContext) -> Response {
        Response(status: .seeOther, headers: [
            .location: "/panel",
            .setCookie: sessionCookie(id, maxAge: Int(StaffSession.lifetime), context: context),
            .cacheControl: "no-store",
        ])
    }

    /// `POST /panel/login`: a person's id or email and password.
    func signIn(_ request: Request, context: ServerContext) async throws -> Response {
        let form = try await AdminController.form(request)
        guard Self.formTokenMatches(form, request) else {
            return PanelPages.response(.forbidden, pages.formExpired())
        }
        if let wait = await limiter.wait(context.client) { return tooMany(wait, request, context: context) }
        let login = (form["login"] ?? "").trimmingCharacters(in: .whitespaces)
        let password = form["password"] ?? ""
        guard !login.isEmpty, !password.isEmpty, login.count <= 200, password.count <= PanelPassword.maximumLength else {
            return signInPage(.unauthorized, .badLogin, request, context: context)
        }
        let credential = try await store.staffCredential(login: login)
        // Counted under the person however they typed it, or under the login naming no one.
        let account = credential.map { StaffAccountKey.person($0.personID) } ?? StaffAccountKey.login(login)
        let now = Date()
        if let until = try await store.staffSignInBlocked(account: account, now: now) {
            return tooMany(max(1, Int(until.timeIntervalSince(now).rounded(.up))), request, context: context)
        }
        guard await PanelPassword.verify(password, hash: credential?.passwordHash), let credential else {
            await limiter.failed(context.client)
            _ = try await store.recordStaffSignInFailure(account: account, policy: policy, now: Date())
            return signInPage(.unauthorized, .badLogin, request, context: context)
        }
        try await store.clearStaffSignInFailures(account: account)
        let id = AdminToken.randomBase64URL(bytes: 32)
        // False only when the person went inactive since the check above.
        guard try await store.createStaffSession(StaffSession(hash: AdminToken.hash(id), personID: credential.personID,
                                                              createdAt: Date())) else {
            return signInPage(.unauthorized, .badLogin, request, context: context)
        }
        return signedIn(id, context: context)
    }

    /// `POST /panel/login/token`: an admin token, and its TOTP or recovery code when it has
    /// a second factor; signs in as an admin.
    func tokenSignIn(_ request: Request, context: ServerContext) async throws -> Response {
        let form = try await AdminController.form(request)
        guard Self.formTokenMatches(form, request) else {
            return PanelPages.response(.forbidden, pages.formExpired())
        }
        if let wait = await limiter.wait(context.client) { return tooMany(wait, request, context: context) }
        let token = form["token"] ?? ""
        let code = (form["code"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty else { return signInPage(.unauthorized, .badToken, request, context: context) }
        let tokenHash = AdminToken.hash(token)
        guard token.count < 200, try await store.isAdminToken(hash: tokenHash) else {
            await limiter.failed(context.client)
            return signInPage(.unauthorized, .badToken, request, context: context)
        }
        var secondFactor = false
        if let totp = try await store.adminTOTP(tokenHash: tokenHash) {
            guard !code.isEmpty else { return signInPage(.unauthorized, .needsCode, request, context: context) }
            guard try await reports.verify(code: code, totp: totp, tokenHash: tokenHash) else {
                await limiter.failed(context.client)
                return signInPage(.unauthorized, .badCode, request, context: context)
            }
            secondFactor = true
        } else if requireTOTP {
            return signInPage(.forbidden, .needsTOTP(shortID: String(tokenHash.prefix(AdminToken.shortIDLength))),
                              request, context: context)
        }
        let id = AdminToken.randomBase64URL(bytes: 32)
        let now = Date()
        let session = AdminSession(hash: AdminToken.hash(id), tokenHash: tokenHash, createdAt: now,
                                   expiresAt: now.addingTimeInterval(AdminController.sessionLifetime), secondFactor: secondFactor)
        // False only when the token was revoked since the check above.
        guard try await store.createAdminSession(session) else {
            return signInPage(.unauthorized, .badToken, request, context: context)
        }
        return signedIn(id, context: context)
    }

    /// `POST /panel/logout`, with the session's form token.
    func signOut(_ request: Request, context: ServerContext) async throws -> Response {
        let form = try await AdminController.form(request)
        guard let viewer = try await viewer(request), let csrf = form["csrf"],
              AdminToken.constantTimeEqual(csrf, viewer.csrf) else {
            return PanelPages.response(.forbidden, pages.signOutRefused())
        }
        let hash = AdminToken.hash(viewer.sessionID)
        if viewer.person != nil {
            _ = try await store.removeStaffSession(hash: hash)
        } else {
            _ = try await store.removeAdminSession(hash: hash)
        }
        return Response(status: .seeOther, headers: [
            .location: "/panel?signed-out",
            .setCookie: sessionCookie("", maxAge: 0, context: context),
            .cacheControl: "no-store",
        ])
    }
}
