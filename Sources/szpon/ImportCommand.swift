import ArgumentParser
import Foundation
import SzponContent

/// `szpon import …`: questions and data from other systems, as szpon content.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import content from other systems.",
        subcommands: [ImportGiftCommand.self, ImportResultsCommand.self]
    )
}

struct ImportGiftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gift",
        abstract: "Turn Moodle GIFT question banks into lessons with quizzes.",
        discussion: """
        Each GIFT category (or each file without categories) becomes one lesson, numbered after
        the lessons already in the course folder. Problems are printed as file:line:col: error: message;
        when there is any, nothing is written.

        Example:
          szpon import gift pytania.gift.txt --into content/courses/moodle/
        """
    )

    @Argument(help: "The GIFT files (UTF-8, as Moodle exports them).")
    var files: [String]

    @Option(name: .long, help: "The course folder to add the lessons to: CONTENT/courses/SLUG/.")
    var into: String

    func run() throws {
        do {
            let (plan, diagnostics) = try GiftImporter.plan(files: files, into: into)
            Terminal.report(diagnostics)
            guard let plan, !diagnostics.hasErrors else {
                Terminal.error("error: nothing was imported (\(Terminal.summary(diagnostics)))")
                throw ExitCode(1)
            }
            try GiftImporter.write(plan)
            for file in plan.files { Terminal.print("created \(file.path)") }
            Terminal.print("\(plan.questionCount) question\(plan.questionCount == 1 ? "" : "s") imported")
        } catch let problem as GiftImporter.Problem {
            Terminal.error("error: \(problem.description)")
            throw ExitCode(1)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            Terminal.error("error: nothing was imported: \(error.localizedDescription)")
            throw ExitCode(1)
        }
    }
}
