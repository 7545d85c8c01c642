import ArgumentParser
import Foundation
import SzponServer
import SzponStore

/// `szpon people enrollment`: who must take which course (each course's `audience` applied
/// to the roster), and how far each group has got: the same figures as /panel, for a
/// terminal or a spreadsheet.
struct PeopleEnrollmentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrollment",
        abstract: "Recompute the assignments from the roster and the site, and show them per group and course.",
        discussion: """
            Assignments follow each course's 'audience' and the active roster; szpon serve keeps them \
            up to date by itself, and szpon people import recomputes them when the manifest is at hand. \
            Progress counts only records that carry a learner code (identify: code). \
            --format csv writes one row per person and course (with due dates and status) for a spreadsheet.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, csv }

    @Option(help: "Only this group's people.")
    var group: String?

    @Option(help: "text (counts per group and course) or csv (one row per person and course).")
    var format: Format = .text

    @Option(help: ArgumentHelp(StoreOption.help))
    var db: String = "results.sqlite"

    @Option(name: [.customLong("manifest")], help: "The site's server manifest (default: .szpon/server.json).")
    var manifest: String?

    func run() async throws {
        let courses = try ManifestFile.load(manifest).courses
        let store = try await StoreOption.open(db, existing: true)
        let now = Date()
        _ = try await store.recomputeAssignments(courses: courses, now: now)
        let entries = try await store.enrollment(group: group, personID: nil, courses: courses, now: now)
        let titles = Dictionary(courses.map { ($0.slug, $0.title) }, uniquingKeysWith: { first, _ in first })
        switch format {
        case .csv:
            FileHandle.standardOutput.write(Data(EnrollmentCSV.render(entries, titles: titles).utf8))
        case .text:
            guard !entries.isEmpty else {
                Terminal.error("no assignments: no course's audience matches \(group.map { "group '\($0)'" } ?? "anyone in the roster")")
                return
            }
            var summaries = EnrollmentSummary.summarise(entries, courseOrder: courses.map(\.slug))
            if let group { summaries = summaries.filter { $0.group == group } }
            let header = ["GROUP", "COURSE", "ASSIGNED", "COMPLETED", "PASSED", "STARTED", "NOT STARTED", "OVERDUE"]
            let rows = summaries.map { s in
                [s.group.isEmpty ? "-" : s.group, titles[s.course] ?? s.course, String(s.assigned), String(s.completed),
                 String(s.passed), String(s.started), String(s.notStarted), String(s.overdue)]
            }
            let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
            for row in [header] + rows {
                Terminal.print(row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                    .joined(separator: "  ").trimmingCharacters(in: .whitespaces))
            }
        }
    }
}
