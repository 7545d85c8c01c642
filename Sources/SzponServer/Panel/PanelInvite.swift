import Foundation
import Hummingbird
import SzponStore

/// `/panel/invite/<token>`: the one-time link of `szpon people invite`, where a member of
/// staff sets their password and is then signed in. A link that cannot be used (used,
/// expired, superseded, its person gone) gets one page that does not say which.
extension PanelController {
    private func invitation(_ context: ServerContext) async throws -> (hash: String, invitation: StaffInvitation)? {
        let token = context.parameters.get("token") ?? ""
        guard !token.isEmpty, token.count <= 100 else { return nil }
        let hash = AdminToken.hash(token)
        return try await store.staffInvitation(tokenHash: hash, now: Date()).map { (hash, $0) }
    }

    private func inviteForm(_ status: HTTPResponse.Status, _ problem: PanelPassword.Problem?, _ request: Request,
                            context: ServerContext) -> Response {
        let form = formID(request, context: context)
        var headers: HTTPFields = [:]
        if let set = form.set { headers[.setCookie] = set }
        return PanelPages.response(status, pages.invite(problem, csrf: Self.formToken(form.id)), headers: headers)
    }

    func invitePage(_ request: Request, context: ServerContext) async throws -> Response {
        guard try await invitation(context) != nil else {
            return PanelPages.response(.notFound, pages.inviteInvalid())
        }
        return inviteForm(.ok, nil, request, context: context)
    }

    func acceptInvite(_ request: Request, context: ServerContext) async throws -> Response {
        let form = try await AdminController.form(request)
        guard Self.formTokenMatches(form, request) else {
            return PanelPages.response(.forbidden, pages.formExpired())
        }
        guard let (hash, _) = try await invitation(context) else {
            return PanelPages.response(.notFound, pages.inviteInvalid())
        }
        let password = form["password"] ?? ""
        if let problem = PanelPassword.problem(password, confirmation: form["confirm"] ?? "") {
            return inviteForm(.badRequest, problem, request, context: context)
        }
        let passwordHash = await PanelPassword.hash(password)
        let now = Date()
        // Nil when the link was used (or superseded) while the password was being hashed.
        guard let person = try await store.acceptStaffInvitation(tokenHash: hash, passwordHash: passwordHash, now: now) else {
            return PanelPages.response(.notFound, pages.inviteInvalid())
        }
        try await store.clearStaffSignInFailures(account: StaffAccountKey.person(person))
        let id = AdminToken.randomBase64URL(bytes: 32)
        guard try await store.createStaffSession(StaffSession(hash: AdminToken.hash(id), personID: person, createdAt: now)) else {
            return PanelPages.response(.notFound, pages.inviteInvalid())
        }
        return Response(status: .seeOther, headers: [
            .location: "/panel",
            .setCookie: sessionCookie(id, maxAge: Int(StaffSession.lifetime), context: context),
            .cacheControl: "no-store",
        ])
    }
}
