import ArgumentParser
import Foundation
import SzponServer
import SzponStore

/// `szpon people codes`: the learner codes of a group, for a teacher to print and hand
/// out; `szpon people revoke-code`: a lost or shared code stops attributing results.
struct PeopleCodesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codes",
        abstract: "Print the learner codes of a group: a sheet of cards (html) or id,name,code (csv).",
        discussion: """
            Each active learner of the group (people with the learner role or no role; staff who share the group \
            are left out) gets a code such as 7KQ2-M9XA, sealed from their id with the store's \
            secret, so codes cannot be made up. The learner types it once on the page of a course with \
            'identify: code'; the server then attributes their results to them. Printing again gives the same \
            codes until one is revoked. The sheet is personal data: it goes to standard output or --output \
            (readable by its owner only), never into the site.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case html, csv
    }

    @Option(help: "The group whose codes to print (a group of the roster).")
    var group: String

    @Option(help: "html (a printable A4 sheet of cut-out cards) or csv (id,name,code).")
    var format: Format = .html

    @Option(help: ArgumentHelp(StoreOption.help))
    var db: String = "results.sqlite"

    @Option(name: .shortAndLong, help: "Write to this file (readable by its owner only) instead of standard output.")
    var output: String?

    @Option(help: "The site's server manifest, for the site's language and title on the sheet (default: .szpon/server.json).")
    var manifest: String?

    @Option(help: "The theme whose templates/staff/learner-codes.mustache and i18n/ make the sheet (default: szpon's default theme).")
    var theme: String?

    func run() async throws {
        let settings = SiteSettings(manifest: try ManifestFile.load(manifest))
        let store = try await StoreOption.open(db, existing: true)
        // Learners, not the teacher or other staff who share the group.
        let people = try await store.people(group: group).filter { $0.roles.isEmpty || $0.roles.contains(.learner) }
        if people.isEmpty {
            Terminal.error("warning: no active learners in group '\(group)' in \(StoreOption.name(db))")
        }
        let secret = try await store.learnerCodeSecret()
        var cards: [LearnerCodeSheet.Card] = []
        for person in people {
            cards.append(LearnerCodeSheet.Card(id: person.id, name: person.name,
                                               code: try await Self.issue(person, secret: secret, store: store)))
        }
        try await store.appendAudit(action: "learner-codes.printed", subject: nil,
                                    detail: .object(["group": .string(group), "people": .number(Double(cards.count))]),
                                    actor: PeopleCommand.actor, now: Date())
        let text: String
        switch format {
        case .csv: text = LearnerCodeSheet.csv(cards)
        case .html:
            text = LearnerCodeSheet.html(cards, group: group, site: settings.title,
                                         theme: StaffTheme(directory: theme, language: settings.language))
        }
        guard let output else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        // Personal data: only the owner may read the file.
        try? FileManager.default.removeItem(atPath: output)
        guard FileManager.default.createFile(atPath: output, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            Terminal.error("error: cannot write \(output)")
            throw ExitCode(1)
        }
        Terminal.error("wrote \(cards.count) learner code\(cards.count == 1 ? "" : "s") of group '\(group)' to \(output)")
    }

    /// The person's current code, its tag stored so ingest can attribute it. Sealing is
    /// deterministic, so this is the code printed before, unless it was revoked. Two
    /// people whose codes share 35 bits (about one pair in 17 billion) cannot both have
    /// theirs: the later one gets a new generation.
    static func issue(_ person: Person, secret: Data, store: any ResultStore) async throws -> LearnerCode {
        var generation = person.codeGeneration
        for _ in 0..<8 {
            let code = LearnerCode.seal(personID: person.id, generation: generation, secret: secret)
            do {
                if try await store.setCodeTag(personID: person.id, tag: code.tag) { return code }
                throw ValidationError("person '\(person.id)' left the roster while the codes were made")
            } catch PeopleStoreError.codeTagTaken {
                guard let next = try await store.revokeLearnerCode(personID: person.id, actor: PeopleCommand.actor, now: Date()) else {
                    throw ValidationError("person '\(person.id)' left the roster while the codes were made")
                }
                generation = next
            }
        }
        throw ValidationError("could not make a learner code for '\(person.id)' that no one else has")
    }
}

struct PeopleRevokeCodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke-code",
        abstract: "Revoke a person's learner code (lost or shared): results sent with it are stored unattributed.",
        discussion: """
            The next `szpon people codes` prints a new code for the person. Results already attributed stay \
            theirs; results that arrive later with the old code are kept, marked unattributed.
            """
    )

    @Argument(help: "The person's id.")
    var id: String

    @Option(help: ArgumentHelp(StoreOption.help))
    var db: String = "results.sqlite"

    func run() async throws {
        let store = try await StoreOption.open(db, existing: true)
        guard try await store.revokeLearnerCode(personID: id, actor: PeopleCommand.actor, now: Date()) != nil else {
            Terminal.error("error: no person with id '\(id)' in \(StoreOption.name(db))")
            throw ExitCode(1)
        }
        Terminal.print("revoked the learner code of \(id); print their new one with: szpon people codes --group GROUP")
    }
}
