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
        /// The on-disk build cache (`BuildCache`, `.szpon/cache`), or nil to build without one.
        public var cacheFolder: String?

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
        var options = Options(content: root, theme: "", output: "", manifest: "")
        options.cache = cache
        options.courses = courses
        options.checks = checks
        return check(options, disk: nil)
    }

    static func check(_ options: Options, disk: BuildCache?) -> (AssembledSite, [Diagnostic]) {
        var (content, loadDiagnostics) = StepTimer.measure("load") { ContentLoader(root: options.content, memo: disk?.memo).load() }
        if let courses = options.courses { content = content.only(courses: courses) }
        let reuse = disk?.begin(content: content, options: options)
        let (site, checkDiagnostics) = StepTimer.measure("assemble") {
            Assembler.assemble(content, cache: options.cache, checks: options.checks, reuse: reuse)
        }
        return (site, (loadDiagnostics + checkDiagnostics).sorted())
    }

    public static func build(_ options: Options) throws -> Report {
        let disk = options.cacheFolder.map { BuildCache(folder: $0, output: options.output) }
        var (site, diagnostics) = check(options, disk: disk)
        site.bundle = options.bundle
        if diagnostics.hasErrors { throw Failure.content(diagnostics) }

        // The theme loads while the build cache works out what it can reuse.
        let language = site.content.site.language ?? "pl"
        let themeLoad = Background { try Theme(directory: options.theme, language: language) }
        disk?.prepare(site)
        let folders = disk.map { disk in StepTimer.measure("cache: reused folders") { ReusedFolders(site, disk: disk) } }
        let theme: Theme
        do {
            theme = try themeLoad.value()
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
        // With the build cache, a manifest this szpon wrote from the same quizzes, surveys,
        // courses and lessons is left as it is: merging it again would give the same file.
        let manifestKey = disk?.manifestKey(site, partial: options.courses != nil)
        var manifest: ServerManifest?
        do {
            if let disk, let manifestKey, disk.manifestUnchanged(key: manifestKey, path: options.manifest) {
                manifest = nil
            } else {
                let previous = try ServerManifest.load(path: ServerManifest.locate(options.manifest))
                manifest = try ServerManifestBuilder.manifest(site).merged(over: previous, partial: options.courses != nil)
            }
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
            let rendered = try StepTimer.measure("render") { try renderPages(site, theme: theme, into: output, disk: disk, folders: folders) }
            report.pages = rendered.pages
            report.files = try StepTimer.measure("copy") { try copyFiles(site, theme: theme, into: output) }
            // The manifest first: versions only accumulate, so a failed swap leaves a harmless
            // extra version, while the reverse order could publish a quiz the server cannot score.
            do { try manifest?.write(to: options.manifest) } catch {
                throw Failure.output("cannot write the server manifest to \(options.manifest): \(error)")
            }
            // Last, so only the swap itself lies between taking folders from the old site and
            // publishing them in the new one.
            try StepTimer.measure("swap") {
                try folders?.move(into: output, site: site)
                try output.commit(keepingOld: disk != nil)
            }
            if let disk {
                // The old site goes while the cache is written.
                let removal = DispatchGroup()
                DispatchQueue.global().async(group: removal) { output.removeOld() }
                var kept = rendered.siteFiles.map { ($0.0, disk.siteFileKey($0.0), $0.1) }
                if let manifestKey { kept.append(disk.manifestEntry(key: manifestKey, path: options.manifest)) }
                StepTimer.measure("cache: write") { disk.save(site, searchParts: rendered.searchParts, stamps: rendered.stamps, siteFiles: kept) }
                removal.wait()
            }
            return report
        } catch {
            folders?.moveBack(from: output)
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

    struct Rendered {
        var pages: Int
        /// Per page: its search entries and the stamp of its file (for the build cache).
        var searchParts: [ArraySlice<UInt8>] = []
        var stamps: [FileStamp?] = []
        var siteFiles: [(String, FileStamp?)] = []
    }

    /// Renders and writes every page and the site-wide files, all in one parallel pass;
    /// each task writes its own file. The search index, the largest task, goes first.
    /// With a build cache, a page whose file from the last build can be reused is linked
    /// from there instead, and search entries of pages not parsed again come from the cache.
    static func renderPages(_ site: AssembledSite, theme: Theme, into output: OutputDirectory, disk: BuildCache? = nil,
                            folders: ReusedFolders? = nil) throws -> Rendered {
        let restoring = disk?.reuse
        let parts = StepTimer.measure("render: search entries") {
            Parallel.map(site.pages.count) { index -> ArraySlice<UInt8>? in
                let page = site.pages[index]
                if page.bodyOmitted, let part = disk?.searchPart(for: page, site: site) { return part }
                return (try? Assembler.restore(page, in: site, reuse: restoring)).map { ArraySlice(SearchIndex.part($0, site: site)) }
            }
        }
        if let missing = parts.firstIndex(where: { $0 == nil }) {
            throw Failure.output(BuildCache.ContentChanged(file: site.pages[missing].document.source.file).description)
        }
        let searchParts = parts.map { $0! }
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
        let stamps = StampSlots(count: disk == nil ? 0 : site.pages.count + siteFiles.count)
        let failures = Parallel.map(1 + siteFiles.count + site.pages.count) { index -> String? in
            var path = Routes.searchScript
            do {
                if index == 0 {
                    try output.write(path, SearchIndex.script(parts: searchParts))
                } else if index <= siteFiles.count {
                    path = siteFiles[index - 1].0
                    let slot = site.pages.count + index - 1
                    if let disk, let stamp = disk.reusableSiteFile(path), reuse(path, stamp: stamp, from: disk.target, into: output) {
                        stamps[slot] = stamp
                        return nil
                    }
                    try output.write(path, siteFiles[index - 1].1())
                    if disk != nil { stamps[slot] = FileStamp(path: "\(output.staging)/\(path)") }
                } else {
                    let pageIndex = index - 1 - siteFiles.count
                    let page = site.pages[pageIndex]
                    path = page.output
                    guard let disk else {
                        try output.write(path, pageRenderer.render(page))
                        return nil
                    }
                    // Its whole folder is taken over from the previous site before the swap.
                    if let stamp = folders?.stamps[pageIndex] {
                        stamps[pageIndex] = stamp
                        return nil
                    }
                    if let stamp = disk.reusableStamp(for: page, site: site), reuse(page.output, stamp: stamp, from: disk.target, into: output) {
                        stamps[pageIndex] = stamp
                        return nil
                    }
                    try output.write(path, pageRenderer.render(Assembler.restore(page, in: site, reuse: restoring)))
                    stamps[pageIndex] = FileStamp(path: "\(output.staging)/\(path)")
                }
                return nil
            } catch {
                return "\(path): \(error)"
            }
        }
        if let failure = failures.compactMap({ $0 }).first { throw Failure.output(failure) }
        let slots = stamps.values
        return Rendered(pages: site.pages.count + 4, searchParts: searchParts, stamps: Array(slots.prefix(site.pages.count)),
                        siteFiles: disk == nil ? [] : siteFiles.enumerated().map { ($1.0, slots[site.pages.count + $0]) })
    }

    /// Links the previous build's file for the page into the new site, if it is still the
    /// file the cache describes (checked on the link, so a file swapped meanwhile is not taken).
    static func reuse(_ relative: String, stamp: FileStamp, from target: String, into output: OutputDirectory) -> Bool {
        do { try output.link(from: "\(target)/\(relative)", to: relative) } catch { return false }
        if FileStamp(path: "\(output.staging)/\(relative)") == stamp { return true }
        try? FileManager.default.removeItem(atPath: "\(output.staging)/\(relative)")
        return false
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

/// Work started on another thread, waited for where its result is needed.
final class Background<T>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<T, Error>?

    init(_ work: @escaping @Sendable () throws -> T) {
        DispatchQueue.global().async {
            self.result = Result { try work() }
            self.done.signal()
        }
    }

    func value() throws -> T {
        done.wait()
        done.signal()
        return try result!.get()
    }
}

/// One slot per page, each written by one render task.
final class StampSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [FileStamp?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    subscript(index: Int) -> FileStamp? {
        get { lock.withLock { slots[index] } }
        set { lock.withLock { slots[index] = newValue } }
    }

    var values: [FileStamp?] { lock.withLock { slots } }
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
