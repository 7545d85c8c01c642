import Foundation
import Hummingbird
import SzponStore

/// The panel's pages: the theme's `staff/panel-*` templates with the strings of the site's
/// language, each signed-in page with the navigation of the viewer's sections and the
/// sign-out form (`staff/panel-nav`). No script; nothing from the request is echoed back
/// except values the viewer is allowed to see anyway (a group's name).
struct PanelPages {
    let theme: StaffTheme

    enum Notice: Equatable {
        case none
        case badLogin
        case badToken
        case needsCode
        case badCode
        case needsTOTP(shortID: String)
        case tooManyFailures(wait: Int)
        case signedOut
    }

    static func message(_ notice: Notice, strings: [String: String]) -> String? {
        func t(_ key: String) -> String { strings[key] ?? key }
        switch notice {
        case .none: return nil
        case .badLogin: return t("staff_panel_bad_login")
        case .tooManyFailures(let wait):
            return t("staff_panel_too_many").replacingOccurrences(of: "{wait}", with: String(wait))
        case .badToken: return t("staff_bad_token")
        case .needsCode: return t("staff_needs_code")
        case .badCode: return t("staff_bad_code")
        case let .needsTOTP(shortID): return t("staff_needs_totp").replacingOccurrences(of: "{id}", with: shortID)
        case .signedOut: return t("staff_signed_out")
        }
    }

    // MARK: - Before sign-in

    func signIn(_ notice: Notice, csrf: String) -> String {
        render("staff/panel-sign-in", titleKey: "staff_panel_sign_in_title") { strings in
            var values: [String: Any] = ["csrf": csrf]
            if let text = Self.message(notice, strings: strings) {
                values["notice"] = ["role": notice == .signedOut ? "status" : "alert", "text": text]
            }
            return values
        }
    }

    func invite(_ problem: PanelPassword.Problem?, csrf: String) -> String {
        render("staff/panel-invite", titleKey: "staff_panel_invite_title") { strings in
            var values: [String: Any] = ["csrf": csrf, "minimum": PanelPassword.minimumLength]
            if let problem {
                let key: String
                switch problem {
                case .tooShort: key = "staff_panel_password_short"
                case .tooLong: key = "staff_panel_password_long"
                case .mismatch: key = "staff_panel_password_mismatch"
                }
                values["problem"] = (strings[key] ?? key)
                    .replacingOccurrences(of: "{min}", with: String(PanelPassword.minimumLength))
                    .replacingOccurrences(of: "{max}", with: String(PanelPassword.maximumLength))
            }
            return values
        }
    }

    func inviteInvalid() -> String {
        message(titleKey: "staff_panel_invite_invalid_title", textKey: "staff_panel_invite_invalid_text")
    }

    func formExpired() -> String {
        message(titleKey: "staff_panel_form_expired_title", textKey: "staff_panel_form_expired_text")
    }

    func signOutRefused() -> String {
        message(titleKey: "staff_sign_out_refused_title", textKey: "staff_sign_out_refused_text")
    }

    // MARK: - Signed in

    func home(viewer: PanelViewer) -> String {
        signedIn("staff/panel-home", titleKey: "staff_panel_title", viewer: viewer, current: nil) { _ in [:] }
    }

    func forbidden(viewer: PanelViewer) -> String {
        signedIn("staff/panel-message", titleKey: "staff_panel_forbidden_title", viewer: viewer, current: nil) { strings in
            ["text": strings["staff_panel_forbidden_text"] ?? "", "role": "alert"]
        }
    }

    func people(_ people: [Person], group: String?, viewer: PanelViewer) -> String {
        signedIn("staff/panel-people", titleKey: "staff_panel_people", viewer: viewer, current: .people) { strings in
            var values: [String: Any] = [
                "people": people.map { person -> [String: Any] in
                    ["id": person.id, "name": person.name, "email": person.email ?? "",
                     "roles": person.roles.map(\.rawValue).joined(separator: ", "),
                     "groups": person.groups.joined(separator: ", "),
                     "status": strings[person.active ? "staff_panel_active" : "staff_panel_inactive"] ?? ""]
                },
            ]
            if let group { values["group"] = group }
            return values
        }
    }

    func audit(_ entries: [AuditEntry], viewer: PanelViewer) -> String {
        let format = ReportFormat(language: theme.language)
        return signedIn("staff/panel-audit", titleKey: "staff_panel_audit", viewer: viewer, current: .audit) { _ in
            ["entries": entries.map { entry -> [String: Any] in
                ["at": format.dateTime(entry.at.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))), "actor": entry.actor, "action": entry.action,
                 "subject": entry.subject ?? "", "detail": String(decoding: entry.detail.canonical, as: UTF8.self)]
            }]
        }
    }

    func groups(_ groups: [String], viewer: PanelViewer) -> String {
        signedIn("staff/panel-groups", titleKey: "staff_panel_groups", viewer: viewer, current: .groups) { _ in
            ["groups": groups.map { ["name": $0, "href": "/panel/groups/" + Self.pathPart($0)] }]
        }
    }

    func group(_ group: String, learners: [Person], viewer: PanelViewer) -> String {
        signedIn("staff/panel-group", titleKey: "staff_panel_groups", viewer: viewer, current: .groups) { strings in
            ["heading": (strings["staff_panel_group_heading"] ?? "{group}").replacingOccurrences(of: "{group}", with: group),
             "learners": learners.map { ["id": $0.id, "name": $0.name] }]
        }
    }

    func courses(_ rows: [[String: Any]], viewer: PanelViewer) -> String {
        signedIn("staff/panel-courses", titleKey: "staff_panel_courses", viewer: viewer, current: .courses) { _ in
            ["courses": rows]
        }
    }

    /// The report's staff controls: the navigation, the sign-out form token, the course.
    func staffControls(viewer: PanelViewer, current: PanelSection, request: Request) -> ReportHTML.StaffControls {
        let course = request.uri.queryParameters["course"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let strings = theme.strings(for: "staff/panel-nav")
        return ReportHTML.StaffControls(csrf: viewer.csrf, course: course, nav: navigation(viewer, current: current, strings: strings),
                                        signedInAs: signedInAs(viewer, strings: strings))
    }

    // MARK: - Rendering

    func navigation(_ viewer: PanelViewer, current: PanelSection?, strings: [String: String]) -> [StaffNavLink] {
        var links = [StaffNavLink(href: "/panel", label: strings["staff_panel_home"] ?? "Start", current: current == nil)]
        for section in PanelSection.allCases where viewer.may(section) {
            links.append(StaffNavLink(href: section.path, label: strings[section.labelKey] ?? section.rawValue,
                                      current: section == current))
        }
        return links
    }

    func signedInAs(_ viewer: PanelViewer, strings: [String: String]) -> String {
        let who = viewer.person?.name ?? strings["staff_panel_admin_token"] ?? "admin"
        return (strings["staff_panel_signed_in_as"] ?? "{name}").replacingOccurrences(of: "{name}", with: who)
    }

    static func navContext(_ links: [StaffNavLink]) -> [[String: Any]] {
        links.map { ["href": $0.href, "label": $0.label, "current": $0.current] }
    }

    func signedIn(_ template: String, titleKey: String, viewer: PanelViewer, current: PanelSection?,
                          _ build: ([String: String]) -> [String: Any]) -> String {
        render(template, titleKey: titleKey) { strings in
            var values = build(strings)
            values["staff"] = ["nav": Self.navContext(navigation(viewer, current: current, strings: strings)),
                               "csrf": viewer.csrf, "signedInAs": signedInAs(viewer, strings: strings)]
            values["sections"] = Self.navContext(navigation(viewer, current: current, strings: strings).dropFirst().map { $0 })
            return values
        }
    }

    private func message(titleKey: String, textKey: String) -> String {
        render("staff/panel-message", titleKey: titleKey) { strings in ["text": strings[textKey] ?? textKey, "role": "alert"] }
    }

    private func render(_ template: String, titleKey: String, _ build: ([String: String]) -> [String: Any]) -> String {
        theme.render(template) { i18n in
            var values = build(i18n.strings)
            values["pageTitle"] = i18n[titleKey]
            // `has_<list>` for each list, so a template writes a table's frame only around rows.
            for (key, value) in values {
                if let list = value as? [Any] { values["has_" + key] = !list.isEmpty }
            }
            return values
        } ?? AdminPages.noTheme
    }

    /// A group name as one path segment.
    static func pathPart(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? text
    }

    static func response(_ status: HTTPResponse.Status, _ html: String, headers: HTTPFields = [:]) -> Response {
        AdminPages.response(status, html, headers: headers)
    }
}
