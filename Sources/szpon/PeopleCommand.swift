import ArgumentParser
import Foundation
import SzponStore

/// `szpon people …`: the roster (who the office's staff and a school's learners are) and
/// what RODO asks of it. Each subcommand is one type; a feature adds its own to `subcommands`.
struct PeopleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "people",
        abstract: "The roster: import it from CSV, list it, and export, erase or audit a person's data (RODO).",
        subcommands: subcommands
    )

    /// The people commands, in the order `szpon people --help` lists them.
    static let subcommands: [any ParsableCommand.Type] = [
        PeopleImportCommand.self,
        PeopleListCommand.self,
        PeopleInviteCommand.self,
        PeopleExportCommand.self,
        PeopleEraseCommand.self,
        PeopleAuditCommand.self,
        PeopleRetentionCommand.self,
        PeopleEnrollmentCommand.self,
        PeopleCodesCommand.self,
        PeopleRevokeCodeCommand.self,
    ]

    /// Who the audit log names for what the CLI does.
    static var actor: String {
        let user = ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"] ?? ""
        return user.isEmpty ? "cli" : "cli:\(user)"
    }
}

struct PeopleImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a roster CSV: people are added or updated by id; nothing is written if any row is bad.",
        discussion: """
            Columns (a header line is required, any order): id, name, email, office, department, roles, groups. \
            Roles (admin, official, teacher, learner) and groups are separated by |. The file may be UTF-8 with or \
            without a BOM, with ; (Polish Excel) or , between fields. Importing the same file again changes nothing. \
            With --full, people missing from the file are marked inactive (never deleted).
            """
    )

    @Argument(help: "The roster CSV file.")
    var file: String

    @Option(help: ArgumentHelp(StoreOption.help))
    var db: String = "results.sqlite"

    @Flag(help: "The file is the whole roster: mark active people missing from it inactive.")
    var full = false

    @Option(name: [.customLong("manifest")], help: "The site's server manifest, to recompute assignments (default: .szpon/server.json, if there).")
    var manifest: String?

    func run() async throws {
        let roster: RosterFile
        do {
            roster = try RosterFile.read(contentsOf: file)
        } catch {
            Terminal.error("error: cannot read \(file): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        for warning in roster.warnings { Terminal.error(warning.description) }
        guard roster.isValid else {
            for error in roster.errors { Terminal.error(error.description) }
            let count = roster.errors.count
            Terminal.error("\(count) error\(count == 1 ? "" : "s"); nothing was imported")
            throw ExitCode(1)
        }
        let store = try await StoreOption.open(db)
        let summary = try await store.importRoster(roster.rows, full: full, actor: PeopleCommand.actor, now: Date())
        Terminal.print("\(file): \(summary.added.count) added, \(summary.updated.count) updated, "
            + "\(summary.unchanged.count) unchanged, \(summary.deactivated.count) deactivated")
        if !summary.deactivated.isEmpty {
            Terminal.print("deactivated: " + summary.deactivated.joined(separator: ", "))
        }
        // Enrollment follows the roster at once when the site's manifest is at hand;
        // otherwise szpon serve catches up within half a minute.
        if let courses = try? ManifestFile.load(manifest).courses, courses.contains(where: { $0.audience != nil }) {
            let change = try await store.recomputeAssignments(courses: courses, now: Date())
            Terminal.print("assignments: \(change.added) added, \(change.removed) removed, \(change.updated) due dates changed")
        }
    }
}

struct PeopleListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the roster (everyone, inactive people marked), or one group's active people."
    )

    @Option(help: "Only this group's active people.")
    var group: String?

    @Option(help: ArgumentHelp(StoreOption.help))
    var db: String = "results.sqlite"

    func run() async throws {
        let store = try await StoreOption.open(db, existing: true)
        let people: [Person]
        if let group {
            people = try await store.people(group: group)
        } else {
            people = try await store.allPeople()
        }
        guard !people.isEmpty else {
            Terminal.error(group.map { "no active people in group '\($0)'" }
                ?? "no people in \(StoreOption.name(db)); import a roster with: szpon people import FILE.csv")
            return
        }
        let rows = people.map { person in
            [person.id, person.name, person.roles.map(\.rawValue).joined(separator: "|"),
             person.groups.joined(separator: "|"), person.active ? "" : "inactive"]
        }
        let header = ["ID", "NAME", "ROLES", "GROUPS", ""]
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        for row in [header] + rows {
            let cells = row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
            var line = cells.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            Terminal.print(line)
        }
    }
}
