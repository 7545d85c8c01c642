import Dispatch
import Foundation
import SzponContent
import SzponWire

/// The whole build as named steps: load → assemble (check) → render → write → swap in.
public enum SiteBuilder {
    public struct Options: Sendable {
        public var content: String
        public var theme: String
        public var output: String
        /// Where the server manifest goes (answer keys, origins, courses, booking rules);
        /// outside the site, never published.
        public var manifest: String
        /// Parsed pages from earlier builds in this process (`serve --watch`).
        public var cache: ParseCache?
        /// Only these courses (by slug), for `szpon bundle`; nil: every course.
        public var courses: Set<String>?
        /// The bundle id in site-data.js, which namespaces the learner's data and every record.
        public var bundle = "site"
        /// `--links`/`--headings`: override `checks:` in site.yaml.
        public var checks = CheckLevels()

        public init(content: String, theme: String, output: String, manifest: String? = nil) {
            self.content = content
            self.theme = theme
            self.output = output
            self.manifest = manifest ?? ServerManifest.defaultPath(besideSite: output)
        }
    }

    public struct Report: Sendable {
        public var diagnostics: [Diagnostic]
        public var pages: Int = 0
        public var files: Int = 0
        /// Page path → the effective passing score (the quiz's own `pass`, else its
        /// course's `passing_score`) of the page's first quiz that has one. An LMS judges
        /// each SCORM item by it, so it must be the very threshold the page applies.
        public var passingScores: [String: Int] = [:]
    }

    public enum Failure: Error, CustomStringConvertible {
        /// The content has errors; nothing was written.
        case content([Diagnostic])
        case theme(String)
        case output(String)

        public var description: String {
            switch self {
            case let .content(diagnostics):
                let errors = diagnostics.filter { $0.severity == .error }.count
                return "\(errors) error\(errors == 1 ? "" : "s") in the content; the site was not written"
            case let .theme(message): return message.contains(": error: ") ? message : "error: \(message)"
            case let .output(message): return "error: cannot write the site: \(message)"
            }
        }
    }

    /// Loads and checks content without writing anything (`szpon check`).
    public static func check(content root: String, cache: ParseCache? = nil, courses: Set<String>? = nil,
                             checks: CheckLevels = CheckLevels()) -> (AssembledSite, [Diagnostic]) {
        var (content, loadDiagnostics) = StepTimer.measure("load") { ContentLoader(root: root).load() }
        if let courses { content = content.only(courses: courses) }
        let (site, checkDiagnostics) = StepTimer.measure("assemble") { Assembler.assemble(content, cache: cache, checks: checks) }
        return (site, (loadDiagnostics + checkDiagnostics).sorted())
    }

    public static func build(_ options: Options) throws -> Report {
        var (site, diagnostics) = check(content: options.content, cache: options.cache, courses: options.courses, checks: options.checks)
        site.bundle = options.bundle
        if diagnostics.hasErrors { throw Failure.content(diagnostics) }

        let theme: Theme
        do {
            theme = try Theme(directory: options.theme, language: site.content.site.language ?? "pl")
        } catch {
            throw Failure.theme("\(error)")
        }

        if let refusal = OutputGuard.refusal(output: options.output, content: options.content, theme: options.theme) {
            throw Failure.output(refusal)
        }
        if OutputGuard.isInside(options.manifest, options.output) {
            throw Failure.output("the server manifest \(options.manifest) would be published inside \(options.output)/; choose a --manifest path outside it")
        }
        // The manifest before this build, read before anything is written: its quiz versions
        // are merged in, so one that cannot be read stops the build instead of being replaced.
        let manifest: ServerManifest
        do {
            let previous = try ServerManifest.load(path: ServerManifest.locate(options.manifest))
            manifest = try ServerManifestBuilder.manifest(site).merged(over: previous, partial: options.courses != nil)
        } catch let error as ServerManifest.LoadError {
            throw Failure.output("\(error); the build keeps every quiz version from it, so repair it or move it away")
        } catch {
            throw Failure.output("cannot make the server manifest: \(error)")
        }
        let output: OutputDirectory
        do { output = try OutputDirectory(target: options.output) } catch { throw Failure.output("\(error)") }
        do {
            var report = Report(diagnostics: diagnostics)
            report.passingScores = passingScores(site)
            report.pages = try StepTimer.measure("render") { try renderPages(site, theme: theme, into: output) }
            report.files = try StepTimer.measure("copy") { try copyFiles(site, theme: theme, into: output) }
            // The manifest first: versions only accumulate, so a failed swap leaves a harmless
            // extra version, while the reverse order could publish a quiz the server cannot score.
            do { try manifest.write(to: options.manifest) } catch {
                throw Failure.output("cannot write the server manifest to \(options.manifest): \(error)")
            }
            try StepTimer.measure("swap") { try output.commit() }
            return report
        } catch {
            output.discard()
            if let failure = error as? Failure { throw failure }
            throw Failure.output("\(error)")
        }
    }

    static func passingScores(_ site: AssembledSite) -> [String: Int] {
        var scores: [String: Int] = [:]
        for page in site.pages {
            if let pass = page.quizzes.sorted(by: { $0.key < $1.key }).lazy.compactMap({ $0.value.pass }).first {
                scores[page.output] = pass
            }
        }
        return scores
    }

    /// Renders and writes every page and the site-wide files, all in one parallel pass;
    /// each task writes its own file. The search index, the largest task, goes first.
    static func renderPages(_ site: AssembledSite, theme: Theme, into output: OutputDirectory) throws -> Int {
        let pageRenderer = PageRenderer(site: site, theme: theme)
        let pages = SitePages(site: site, theme: theme)
        let siteFiles: [(String, @Sendable () -> String)] = [
            (Routes.home, { pages.home() }),
            (Routes.contents, { pages.contents() }),
            (Routes.search, { pages.search() }),
            (Routes.accessibility, { pages.accessibility() }),
            (Routes.notFound, { pages.notFound() }),
            (Routes.siteScript, { SiteData.script(site, theme: theme) }),
        ]
        let failures = Parallel.map(1 + siteFiles.count + site.pages.count) { index -> String? in
            var path = Routes.searchScript
            do {
                if index == 0 {
                    try output.write(path, SearchIndex.script(site))
                } else if index <= siteFiles.count {
                    path = siteFiles[index - 1].0
                    try output.write(path, siteFiles[index - 1].1())
                } else {
                    let page = site.pages[index - 1 - siteFiles.count]
                    path = page.output
                    try output.write(path, pageRenderer.render(page))
                }
                return nil
            } catch {
                return "\(path): \(error)"
            }
        }
        if let failure = failures.compactMap({ $0 }).first { throw Failure.output(failure) }
        return site.pages.count + 4
    }

    static func copyFiles(_ site: AssembledSite, theme: Theme, into output: OutputDirectory) throws -> Int {
        for asset in site.content.assets {
            try output.copy(from: "\(site.content.root)/\(asset)", to: asset)
        }
        let themeAssets = theme.assetFiles()
        for asset in themeAssets {
            try output.copy(from: "\(theme.directory)/assets/\(asset)", to: "assets/\(asset)")
        }
        return site.content.assets.count + themeAssets.count
    }
}

/// Per-step wall times on stderr when `SZPON_TIMINGS=1`, for profiling builds.
enum StepTimer {
    static let enabled = ProcessInfo.processInfo.environment["SZPON_TIMINGS"] == "1"

    static func measure<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        guard enabled else { return try body() }
        let start = DispatchTime.now()
        defer {
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6
            FileHandle.standardError.write(Data("step \(name): \(Int(ms)) ms\n".utf8))
        }
        return try body()
    }
}
