import ArgumentParser

@main
struct Szpon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "szpon",
        abstract: "Courses, surveys and office guides from Markdown, as a static site that works from a USB stick.",
        version: "0.1.0",
        subcommands: [CheckCommand.self, BuildCommand.self, NewCommand.self, ImportCommand.self, ServeCommand.self, AdminCommand.self, ReportCommand.self, BundleCommand.self, PeopleCommand.self]
    )
}

/// `--content DIR`, shared by every command that reads content.
struct ContentOption: ParsableArguments {
    @Option(name: .long, help: "The content folder.")
    var content: String = "content"
}
