import ArgumentParser
import Foundation
import SzponBundle
import SzponContent
import SzponSite

/// `szpon bundle`: one self-contained archive per course (or per audience) for USB
/// sticks, intranets and Moodle, and `szpon bundle verify` to check one.
struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Pack courses into offline bundles: zip, tar.gz or a SCORM 1.2 package.",
        discussion: """
        Without --course or --audience, every course gets its own bundle. Each bundle holds a
        start page (index.html) that opens from disk, the course's pages and assets, the search
        index, the engine, manifest.json (bundle id, content hash, SHA-256 of every file) and a
        README for teachers. The same content always gives byte-identical archives.
        """,
        subcommands: [BundleMakeCommand.self, BundleVerifyCommand.self],
        defaultSubcommand: BundleMakeCommand.self
    )
}

struct BundleMakeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "make", abstract: "Write the bundles (the default).")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case zip
        case tarGz = "tar.gz"
        case scorm12
    }

    @OptionGroup var options: ContentOption

    @Option(help: "A course to bundle (its folder name); repeat for more. Default: every course.")
    var course: [String] = []

    @Option(help: "Bundle every course whose front matter names this audience, together.")
    var audience: String?

    @Option(help: "zip, tar.gz or scorm12 (a zip with imsmanifest.xml for an LMS).")
    var format: Format = .zip

    @Option(help: "The folder to write the archives to.")
    var output: String = "bundles"

    @Option(help: "A custom theme folder (default: szpon's own theme).")
    var theme: String?

    @Option(name: [.customLong("manifest"), .customLong("keys")],
            help: "The server manifest the bundled courses' keys are merged into, never put in a bundle (default: .szpon/server.json).")
    var manifest: String = ManifestFile.defaultPath

    struct Plan {
        var id: String
        var title: String
        var courses: [Course]
    }

    func run() throws {
        let (loaded, diagnostics) = ContentLoader(root: options.content).load()
        if diagnostics.hasErrors {
            Terminal.report(diagnostics)
            Terminal.error("error: the content has errors; no bundle was written (run szpon check)")
            throw ExitCode(1)
        }
        let plans: [Plan]
        do { plans = try plan(loaded) } catch let problem as BundleProblem {
            Terminal.error("error: \(problem.message)")
            throw ExitCode(1)
        }
        let outputPath = URL(fileURLWithPath: output).standardizedFileURL.path
        let contentPath = URL(fileURLWithPath: options.content).standardizedFileURL.path
        if outputPath == contentPath || outputPath.hasPrefix(contentPath + "/") {
            Terminal.error("error: --output \(output) is inside the content folder; choose another folder")
            throw ExitCode(1)
        }
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let progress = BundleProgress(total: plans.count)
        for (index, plan) in plans.enumerated() {
            let path = try write(plan, site: loaded.site)
            progress.step(index + 1, (path as NSString).lastPathComponent)
            Terminal.print(path)
        }
    }

    struct BundleProblem: Error {
        let message: String
    }

    func plan(_ content: Content) throws -> [Plan] {
        let site = content.site.siteID
        if let audience {
            // The same rules as enrollment: a course whose audience names the group, office
            // or department (or whose label or descriptive text is the name).
            let wanted = TextFolding.fold(audience)
            let matching = content.courses.filter { course in
                guard let field = course.meta.audience else { return false }
                return field.label.map { TextFolding.fold($0) == wanted } ?? false
                    || (field.rule?.isNamed(audience, fold: TextFolding.fold) ?? false)
            }
            guard !matching.isEmpty else {
                let known = Set(content.courses.flatMap { course -> [String] in
                    guard let field = course.meta.audience else { return [] }
                    return (field.rule?.names ?? []) + (field.text.map { [$0] } ?? [])
                }).sorted()
                throw BundleProblem(message: "no course has the audience '\(audience)'" + (known.isEmpty ? "" : "; the audiences are: \(known.joined(separator: ", "))"))
            }
            return [Plan(id: "\(site)-\(TextFolding.slug(audience))", title: "\(content.site.title ?? site): \(audience)", courses: matching)]
        }
        let chosen: [Course]
        if course.isEmpty {
            chosen = content.courses
        } else {
            chosen = try course.map { slug in
                guard let found = content.courses.first(where: { $0.slug == slug }) else {
                    throw BundleProblem(message: "no course '\(slug)'" + (Suggestion.didYouMean(slug, in: content.courses.map(\.slug)).map { "; \($0)" } ?? ""))
                }
                return found
            }
        }
        guard !chosen.isEmpty else { throw BundleProblem(message: "the content has no course to bundle") }
        return chosen.map { Plan(id: "\(site)-\($0.slug)", title: $0.meta.title ?? $0.slug, courses: [$0]) }
    }

    /// Builds the plan's courses into a temporary site, adds the README, the manifest and
    /// (for SCORM) imsmanifest.xml, and archives it all. Returns the archive's path.
    func write(_ plan: Plan, site config: SiteConfig) throws -> String {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("szpon-bundle-\(ProcessInfo.processInfo.processIdentifier)-\(plan.id)")
        try? FileManager.default.removeItem(at: work)
        defer { try? FileManager.default.removeItem(at: work) }
        var build = SiteBuilder.Options(content: options.content, theme: Terminal.themePath(theme), output: work.appendingPathComponent("site").path, manifest: manifest)
        build.courses = Set(plan.courses.map(\.slug))
        build.bundle = plan.id
        let report: SiteBuilder.Report
        do { report = try SiteBuilder.build(build) } catch let failure as SiteBuilder.Failure {
            if case let .content(diagnostics) = failure { Terminal.report(diagnostics) }
            Terminal.error("error: bundle \(plan.id): \(failure.description)")
            throw ExitCode(1)
        }
        var files = try Self.files(under: work.appendingPathComponent("site"))
        let scorm = format == .scorm12
        let archiveName = "\(plan.id)\(scorm ? "-scorm12" : "").\(format == .tarGz ? "tar.gz" : "zip")"
        files.append(("README.txt", Data(BundleReadme.text(title: plan.title, archive: archiveName, ingestURL: config.ingestURL, scorm: scorm).utf8)))
        if scorm {
            // Each lesson is judged by its own quiz's passing score; a lesson without a
            // quiz has none, so the LMS marks it completed rather than failed.
            let items = plan.courses.flatMap { course in
                course.lessons.map { lesson in
                    let href = "courses/\(course.slug)/\(lesson.slug).html"
                    return ScormManifest.Item(identifier: "\(course.slug)-\(lesson.slug)", title: lesson.meta.title ?? lesson.slug,
                                              href: href, masteryScore: report.passingScores[href])
                }
            }
            let xml = ScormManifest.xml(bundle: plan.id, title: plan.title, organisation: config.organisation ?? "",
                                        items: items, files: files.map(\.0).sorted() + ["README.txt", BundleManifest.fileName])
            files.append(("imsmanifest.xml", Data(xml.utf8)))
        }
        let manifest = try BundleManifest.make(files: files, bundle: plan.id, site: config.siteID, ingestURL: config.ingestURL,
                                               szponVersion: Szpon.configuration.version)
        files.append((BundleManifest.fileName, try manifest.encoded()))
        let target = URL(fileURLWithPath: output).appendingPathComponent(archiveName)
        try ArchiveWriter.write(files: files, format: format == .tarGz ? .tarGz : .zip, to: target)
        return target.path
    }

    static func files(under root: URL) throws -> [(path: String, data: Data)] {
        let base = root.standardizedFileURL.path
        var out: [(path: String, data: Data)] = []
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let path = String(url.standardizedFileURL.path.dropFirst(base.count + 1))
            if path == ".gitkeep" { continue }
            out.append((path, try Data(contentsOf: url)))
        }
        return out.sorted { $0.path < $1.path }
    }
}

struct BundleVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a bundle against its manifest: missing, extra or altered files."
    )

    @Argument(help: "The bundle archive (.zip or .tar.gz).")
    var file: String

    func run() throws {
        do {
            let report = try BundleVerifier.verify(archive: URL(fileURLWithPath: file))
            Terminal.print(report.description)
            if !report.isIntact { throw ExitCode(1) }
        } catch let error as ExitCode {
            throw error
        } catch {
            Terminal.error("\(file): error: \(error)")
            throw ExitCode(1)
        }
    }
}
