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

    @Flag(help: "Build everything anew, neither reading nor writing the build cache (.szpon/cache beside the output folder).")
    var noCache = false

    @Flag(help: "Empty the build cache first, then build everything anew and cache it again.")
    var clean = false

    func run() throws {
        let start = Date()
        do {
            var build = checks.applied(to: .init(content: options.content, theme: Terminal.themePath(theme), output: output, manifest: manifest))
            let cacheFolder = BuildCache.defaultFolder(besideSite: output)
            if clean {
                do { try BuildCache.clean(folder: cacheFolder) } catch {
                    Terminal.error("error: cannot empty the build cache \(cacheFolder): \(error.localizedDescription)")
                    throw ExitCode(1)
                }
            }
            if !noCache { build.cacheFolder = cacheFolder }
            let report = try SiteBuilder.build(build)
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
