import ArgumentParser
import SzponContent
import SzponSite

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the content and report every problem, without writing anything.",
        discussion: "Problems are printed as path:line:col: error|warning: message. Exits 1 when there are errors."
    )

    @OptionGroup var options: ContentOption
    @OptionGroup var checks: CheckOptions

    func run() throws {
        let (site, diagnostics) = SiteBuilder.check(content: options.content, checks: checks.levels)
        Terminal.report(diagnostics, toStandardOutput: true)
        let pages = site.pages.count
        Terminal.print("checked \(pages) page\(pages == 1 ? "" : "s"): \(Terminal.summary(diagnostics))")
        if diagnostics.hasErrors { throw ExitCode(1) }
    }
}
