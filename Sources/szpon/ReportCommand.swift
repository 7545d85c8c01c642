import ArgumentParser
import Foundation
import SzponServer
import SzponSite
import SzponStore

/// `szpon report`: the same report as the /admin page, from the same queries.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print the results report: completion and pass rates, question difficulty, survey answers, conflicts."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case html, csv, json
    }

    @Option(help: ArgumentHelp(StoreOption.help))
    var db: String = "results.sqlite"

    @Option(help: "Only this course (its slug).")
    var course: String?

    @Option(help: "html (a page that reads offline), csv or json.")
    var format: Format = .html

    @Flag(help: "The gradebook instead: one row per attempt and question, with device, times and both scores (csv or json).")
    var attempts = false

    @Option(name: [.customLong("manifest"), .customLong("keys")],
            help: "The site's server manifest, for question texts and survey labels (default: .szpon/server.json).")
    var manifest: String?

    @Option(help: "The theme whose templates/staff/report.mustache and i18n/ make the HTML page (default: szpon's default theme).")
    var theme: String?

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    func run() async throws {
        let book = AnswerKeyBook(manifest: try ManifestFile.load(manifest))
        let settings = SiteSettings(manifest: book.manifest)
        let store = try await StoreOption.open(db, existing: true)
        if attempts {
            guard format != .html else { throw ValidationError("--attempts writes csv or json: add --format csv") }
            let rows = try await store.gradebook(ReportFilter(course: course))
            try write(ReportRendering.renderGradebook(rows, format: format.rawValue,
                                                  labels: ReportLabels(book: book, language: settings.language)))
            return
        }
        let report = try await store.report(ReportFilter(course: course, requiredLessons: ReportFilter.requiredLessons(of: book.manifest)))
        let text = ReportRendering.render(report, format: format.rawValue,
                                          labels: ReportLabels(book: book, language: settings.language), title: settings.title,
                                          theme: theme)
        try write(text)
    }

    private func write(_ text: String) throws {
        if let output {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } else {
            Terminal.print(text)
        }
    }
}
