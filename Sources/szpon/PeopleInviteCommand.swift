import ArgumentParser
import Foundation
import SzponStore

/// `szpon people invite ID`: the one-time link with which a person (staff, or a learner
/// who wants to see their assigned courses) sets their /panel password. The link's token is printed once and stored only as its SHA-256, so
/// whoever runs the command passes the link on (by hand, or by their own mail).
struct PeopleInviteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite",
        abstract: "Print a one-time link for a person to set their /panel password (staff, or a learner for \"Moje kursy\").",
        discussion: """
            The link works once, for 7 days; a newer invitation of the same person voids the older one. \
            Setting a password there ends the person's open sessions, so inviting again also resets a forgotten \
            password. A learner signed in sees only "Moje kursy", their assigned courses with due dates; \
            pupils on a USB stick need no account (learner codes).
            """
    )

    @Argument(help: "The person's id.")
    var id: String

    @Option(help: "The address the server is reached at, as staff type it in their browser.")
    var baseURL: String = "http://127.0.0.1:8080"

    @Option(help: ArgumentHelp(StoreOption.help))
    var db: String = "results.sqlite"

    func run() async throws {
        guard let base = URL(string: baseURL), ["http", "https"].contains(base.scheme?.lowercased() ?? ""), base.host != nil else {
            Terminal.error("error: --base-url must be an http:// or https:// address, such as https://szkolenia.example.pl")
            throw ExitCode(1)
        }
        let store = try await StoreOption.open(db, existing: true)
        guard let person = try await store.person(id: id) else {
            Terminal.error("error: no person with id '\(id)' in \(StoreOption.name(db))")
            throw ExitCode(1)
        }
        guard person.active else {
            Terminal.error("error: \(id) is inactive (left out of the last --full import); import them again to invite them")
            throw ExitCode(1)
        }
        // A learner may sign in too, to see "Moje kursy"; what each role may open is the
        // panel's to check (`PanelSection.allowed`), on every request.
        let staff = person.roles
        let token = AdminToken.randomBase64URL(bytes: 32)
        let now = Date()
        guard try await store.createStaffInvitation(StaffInvitation(tokenHash: AdminToken.hash(token), personID: id,
                                                                    createdAt: now)) else {
            Terminal.error("error: no person with id '\(id)' in \(StoreOption.name(db))")
            throw ExitCode(1)
        }
        try await store.appendAudit(action: AuditAction.invite, subject: id,
                                    detail: .object(["roles": .array(staff.map { .string($0.rawValue) })]),
                                    actor: PeopleCommand.actor, now: now)
        var link = baseURL
        while link.hasSuffix("/") { link.removeLast() }
        Terminal.print("\(link)/panel/invite/\(token)")
        Terminal.error("one-time link for \(id) (\(staff.map(\.rawValue).joined(separator: ", "))), valid for 7 days")
    }
}
