import ArgumentParser
import Foundation
import SzponStore

/// RODO (GDPR): a person's right to their data (export) and to erasure, the audit log of
/// both, and the optional retention period for people no longer on the roster.
struct PeopleExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write everything held about a person as JSON (RODO art. 15): person, groups, records, audit entries."
    )

    @Argument(help: "The person's id.")
    var id: String

    @Option(help: ArgumentHelp(StoreOption.help))
    var db: String = "results.sqlite"

    @Option(help: "Write the JSON to this file (readable by its owner only) instead of standard output.")
    var output: String?

    func run() async throws {
        let store = try await StoreOption.open(db, existing: true)
        guard let export = try await store.exportPerson(id: id, actor: PeopleCommand.actor, now: Date()) else {
            Terminal.error("error: no person with id '\(id)' in \(StoreOption.name(db))")
            throw ExitCode(1)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(export)
        data.append(0x0A)
        guard let output else {
            FileHandle.standardOutput.write(data)
            return
        }
        // Personal data: only the owner may read the file.
        guard FileManager.default.createFile(atPath: output, contents: data, attributes: [.posixPermissions: 0o600]) else {
            Terminal.error("error: cannot write \(output)")
            throw ExitCode(1)
        }
        Terminal.error("wrote everything held about \(id) to \(output)")
    }
}

struct PeopleEraseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase a person (RODO art. 17): their personal data goes; their results stay as anonymous statistics.",
        discussion: """
            The person's row and groups are deleted; their records stay, no longer linked to them (no person, \
            no learner code, a new device id), so reports keep their counts and scores. The audit log names only \
            the id. This cannot be undone: export first if the person asked for a copy.
            """
    )

    @Argument(help: "The person's id.")
    var id: String

    @Option(help: ArgumentHelp(StoreOption.help))
    var db: String = "results.sqlite"

    @Flag(help: "Do not ask for confirmation.")
    var yes = false

    func run() async throws {
        let store = try await StoreOption.open(db, existing: true)
        guard let person = try await store.person(id: id) else {
            Terminal.error("error: no person with id '\(id)' in \(StoreOption.name(db))")
            throw ExitCode(1)
        }
        if !yes {
            guard isatty(STDIN_FILENO) != 0 else {
                Terminal.error("error: erasing \(id) cannot be undone; pass --yes to confirm")
                throw ExitCode(1)
            }
            Terminal.error("Erase \(person.id) (\(person.name))? This cannot be undone. Type the id to confirm: ", )
            guard readLine()?.trimmingCharacters(in: .whitespaces) == person.id else {
                Terminal.error("not erased")
                throw ExitCode(1)
            }
        }
        guard try await store.erasePerson(id: id, actor: PeopleCommand.actor, now: Date()) else {
            Terminal.error("error: \(id) was erased meanwhile")
            throw ExitCode(1)
        }
        Terminal.print("erased \(id): personal data deleted, results kept as anonymous statistics")
    }
}

struct PeopleAuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Show the audit log: imports, role changes, exports, erasures and code revocations, newest first."
    )

    @Option(help: ArgumentHelp(StoreOption.help))
    var db: String = "results.sqlite"

    @Option(help: "How many entries.")
    var limit: Int = 50

    func run() async throws {
        guard limit > 0 else {
            Terminal.error("error: --limit must be a positive number")
            throw ExitCode(1)
        }
        let store = try await StoreOption.open(db, existing: true)
        let entries = try await store.auditLog(limit: limit)
        guard !entries.isEmpty else {
            Terminal.error("the audit log of \(StoreOption.name(db)) is empty")
            return
        }
        for entry in entries {
            let detail = String(decoding: entry.detail.canonical, as: UTF8.self)
            Terminal.print([IncomingTime.text(entry.at), entry.actor, entry.action, entry.subject ?? "-", detail]
                .joined(separator: "  "))
        }
    }
}

struct PeopleRetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "Erase people inactive for more than N days (the retention period).",
        discussion: """
            People become inactive when an import with --full leaves them out. Run this daily from cron to \
            keep a retention period, for example: \
            15 3 * * * szpon people retention --days 365 --db /var/lib/szpon/results.sqlite
            """
    )

    @Option(help: "Erase people inactive for more than this many days.")
    var days: Int

    @Option(help: ArgumentHelp(StoreOption.help))
    var db: String = "results.sqlite"

    @Flag(help: "Only list who would be erased.")
    var dryRun = false

    func run() async throws {
        guard days > 0 else {
            Terminal.error("error: --days must be a positive number of days")
            throw ExitCode(1)
        }
        let store = try await StoreOption.open(db, existing: true)
        let now = Date()
        let cutoff = now.addingTimeInterval(-Double(days) * 86_400)
        if dryRun {
            let people = try await store.inactivePeople(deactivatedBefore: cutoff)
            for person in people {
                Terminal.print("would erase \(person.id) (inactive since \(person.deactivatedAt.map(IncomingTime.text) ?? "?"))")
            }
            Terminal.print("\(people.count) \(people.count == 1 ? "person" : "people") inactive for more than \(days) days")
            return
        }
        let erased = try await store.removeInactive(olderThan: cutoff, actor: PeopleCommand.actor, now: now)
        for id in erased { Terminal.print("erased \(id)") }
        Terminal.print("\(erased.count) \(erased.count == 1 ? "person" : "people") inactive for more than \(days) days erased")
    }
}

/// Times as the audit log shows them: UTC, to the second.
enum IncomingTime {
    static func text(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }
}
