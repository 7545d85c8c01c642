import ArgumentParser
import Foundation
import SzponContent

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Scaffold a course, lesson, guide or survey that passes `szpon check`.",
        discussion: """
        Examples:
          szpon new course segregacja-odpadow
          szpon new lesson segregacja-odpadow/pojemniki
          szpon new guide wymiana-dowodu
          szpon new survey zadowolenie
        """
    )

    @Argument(help: "What to create: course, lesson, guide or survey.")
    var kind: String

    @Argument(help: "The slug; for a lesson, COURSE/LESSON.")
    var name: String

    @OptionGroup var options: ContentOption

    func run() throws {
        guard let kind = Scaffold.Kind(rawValue: kind) else {
            Terminal.error("error: unknown kind '\(kind)'; use course, lesson, guide or survey")
            throw ExitCode(2)
        }
        do {
            let files = try Scaffold.files(kind, name: name, contentRoot: options.content)
            for (path, text) in files {
                let full = "\(options.content)/\(path)"
                try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: URL(fileURLWithPath: full), options: .withoutOverwriting)
                Terminal.print("created \(full)")
            }
        } catch let problem as Scaffold.Problem {
            Terminal.error("error: \(problem.description)")
            throw ExitCode(1)
        }
    }
}
