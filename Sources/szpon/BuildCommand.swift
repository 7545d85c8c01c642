import ArgumentParser
import Foundation
import SzponContent
import SzponSite

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the static site: check the content, render every page, and swap the new site in whole."
    )

    @OptionGroup var options: ContentOption
    @OptionGroup var checks: CheckOptions

    @Option(help: "A custom theme folder (default: szpon's own theme).")
    var theme: String?

    @Option(help: "The output folder; replaced only when the build succeeds.")
    var output: String = "site"

    @Option(name: [.customLong("manifest"), .customLong("keys")],
            help: "The server manifest (answer keys, origins, courses), kept out of the site (default: .szpon/server.json beside the output folder).")
    var manifest: String?

    func run() throws {
        let start = Date()
        do {
            let report = try SiteBuilder.build(checks.applied(to: .init(content: options.content, theme: Terminal.themePath(theme), output: output, manifest: manifest)))
            Terminal.report(report.diagnostics)
            let seconds = String(format: "%.2f", Date().timeIntervalSince(start))
            Terminal.print("built \(report.pages) pages and copied \(report.files) files to \(output)/ in \(seconds) s (\(Terminal.summary(report.diagnostics)))")
        } catch let failure as SiteBuilder.Failure {
            switch failure {
            case let .content(diagnostics):
                Terminal.report(diagnostics)
                Terminal.error("error: \(failure.description)")
            case .theme, .output:
                Terminal.error(failure.description)
            }
            throw ExitCode(1)
        }
    }
}
