import Foundation
import SzponContent
import SzponWire

/// The on-disk cache of `szpon build` (`.szpon/cache/` beside the output folder, next to
/// the server manifest). It lets a build skip what has not changed since the last one:
/// Yams for a lesson's front matter, cmark-gfm for its body, and rendering and writing
/// its page, which is hard-linked from the previous output folder instead.
///
/// Everything is keyed by content: each file by the digest of its bytes, every page by
/// the site key (szpon's binary, the theme, site.yaml, the list of pages and assets, the
/// options), course pages also by their course's outline. A shard that cannot be read,
/// comes from another format, or whose search entries file is not the one it wrote, is
/// ignored; a reused page file must still carry the stamp it was written with. The
/// output is byte for byte that of a clean build.
public final class BuildCache: @unchecked Sendable {
    /// `.szpon/cache` in the folder that holds the output folder.
    public static func defaultFolder(besideSite output: String) -> String {
        let manifestFolder = (ServerManifest.defaultPath(besideSite: output) as NSString).deletingLastPathComponent
        return (manifestFolder as NSString).appendingPathComponent("cache")
    }

    /// Empties the cache (`szpon build --clean`).
    public static func clean(folder: String) throws {
        if FileManager.default.fileExists(atPath: folder) { try FileManager.default.removeItem(atPath: folder) }
    }

    /// A shard as read back, with its search entries and where each page's lie in them.
    struct Stored: Sendable {
        var shard: CacheShard
        var rows: [CachedPage]
        var search: [UInt8]
        var pages: [String: (page: CachedPage, search: Range<Int>)]
    }

    let folder: String
    var shardFolder: String { "\(folder)/build" }
    /// The output folder, canonical, whose files the stamps describe.
    let target: String
    let tool: String
    public let memo: LoadMemo
    private let previous: [String: Stored]
    private(set) var siteKey = ""
    private var outlines: [Int: String] = [:]
    private var siteOutline = ""
    /// Set by `begin`.
    private(set) var reuse: Reuse?

    /// Reads what the previous build left; nothing readable is no error, just a full build.
    public init(folder: String, output: String) {
        self.folder = folder
        target = URL(fileURLWithPath: output).standardizedFileURL.path
        tool = Self.toolStamp()
        previous = StepTimer.measure("cache: read") { Self.read(from: "\(folder)/build") }
        var lessons: [String: LoadMemo.Lesson] = [:]
        for stored in previous.values where stored.shard.tool == tool {
            for page in stored.rows {
                if let lesson = page.lesson { lessons[page.path] = lesson }
            }
        }
        memo = LoadMemo(known: lessons)
    }

    static func read(from shardFolder: String) -> [String: Stored] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: shardFolder)) ?? [])
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
        let stored = Parallel.map(names.count) { index -> Stored? in
            let base = "\(shardFolder)/\(names[index])"
            guard let data = FileManager.default.contents(atPath: base + ".json"),
                  let shard = ShardEnvelope.open(data), let rows = shard.pages,
                  FileStamp(path: base + ".search")?.text == shard.searchStamp,
                  let search = FileManager.default.contents(atPath: base + ".search"), search.count == shard.searchSize else { return nil }
            var pages: [String: (page: CachedPage, search: Range<Int>)] = [:]
            var offset = 0
            for page in rows {
                guard page.searchLength >= 0, offset + page.searchLength <= search.count else { return nil }
                pages[page.path] = (page, offset..<offset + page.searchLength)
                offset += page.searchLength
            }
            guard offset == search.count else { return nil }
            return Stored(shard: shard, rows: rows, search: Array(search), pages: pages)
        }
        var shards: [String: Stored] = [:]
        for (name, shard) in zip(names, stored) { shards[name] = shard }
        return shards.compactMapValues { $0 }
    }

    // MARK: - Keys

    /// The running szpon binary: a rebuilt or upgraded szpon never trusts the old cache.
    static func toolStamp() -> String {
        var status = stat()
        guard stat("/proc/self/exe", &status) == 0 else { return UUID().uuidString }
        return "\(CacheShard.currentFormat):\(status.st_dev):\(status.st_ino):\(status.st_size):\(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
    }

    /// Called once the content is loaded: fixes the site key and says which pages the
    /// assembler may restore without parsing them.
    func begin(content: Content, options: SiteBuilder.Options) -> Reuse {
        var parts = [tool, content.root, memo.digest(of: "site.yaml") ?? "-", Self.themeDigest(options.theme),
                     options.bundle, (options.courses ?? []).sorted().joined(separator: ","), options.courses == nil ? "all" : "some",
                     options.checks.links ?? "-", options.checks.headings ?? "-", ProcessInfo.processInfo.environment["SZPON_SKELETONS"] ?? "-"]
        parts += content.allSources.map(\.contentPath)
        parts.append("unreadable")
        parts += content.unreadable.sorted()
        parts.append("assets")
        // Attachments show their size, and links are checked against the files there are.
        parts += content.assets.map { asset in
            "\(asset) \(FileStamp(path: "\(content.root)/\(asset)").map { String($0.size) } ?? "-")"
        }
        siteKey = SourceDigest.of(parts.joined(separator: "\u{1}"))
        var entries: [String: CachedPage] = [:]
        for stored in previous.values where stored.shard.siteKey == siteKey {
            for page in stored.rows { entries[page.path] = page }
        }
        reuse = Reuse(entries: entries, memo: memo, root: content.root)
        return reuse!
    }

    static func themeDigest(_ directory: String) -> String {
        let files = (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? []).sorted()
        var parts: [String] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: "\(directory)/\(file)") else { continue }
            parts.append("\(file) \(SourceDigest.of(data))")
        }
        return SourceDigest.of(parts.joined(separator: "\n"))
    }

    /// What the pages of a course show of each other and of the course: lesson order,
    /// titles, summaries, durations, and course.md itself.
    static func outline(_ course: Course, site: AssembledSite, memo: LoadMemo) -> String {
        var parts = [course.slug, memo.digest(of: course.intro.contentPath) ?? "-", site.title(of: course.intro.contentPath)]
        for lesson in course.lessons {
            parts += [lesson.body.contentPath, lesson.slug, site.title(of: lesson.body.contentPath),
                      lesson.meta.title ?? "\u{2}", lesson.meta.summary ?? "\u{2}", lesson.meta.duration.map(String.init) ?? "-"]
        }
        return SourceDigest.of(parts.joined(separator: "\u{1}"))
    }

    static func joined(_ anchors: Set<String>) -> String {
        anchors.sorted().joined(separator: " ")
    }

    static func anchors(_ joined: String) -> Set<String> {
        joined.isEmpty ? [] : Set(joined.split(separator: " ", omittingEmptySubsequences: false).map(String.init))
    }

    static func shardName(_ kind: Page.Kind, content: Content) -> String {
        switch kind {
        case let .course(c), let .lesson(c, _): return "course-\(content.courses[c].slug)"
        case .guide, .survey: return "pages"
        }
    }

    // MARK: - Reuse

    /// The pages of the previous build with this build's site key.
    struct Reuse: Sendable {
        let entries: [String: CachedPage]
        let memo: LoadMemo
        let root: String

        /// The source with its body: the loader leaves untouched lessons unread.
        func full(_ source: MarkdownSource) throws -> MarkdownSource {
            guard memo.isUnread(source.contentPath) else { return source }
            guard let (full, digest) = ContentLoader(root: root).body(of: source.contentPath), digest == memo.digest(of: source.contentPath) else {
                throw ContentChanged(file: source.file)
            }
            return full
        }

        /// The same, reading what the loader left unread, but restoring no page.
        var restoringNothing: Reuse { Reuse(entries: [:], memo: memo, root: root) }

        /// An unchanged lesson the assembler may take as the last build left it.
        func restorable(_ contentPath: String) -> CachedPage? {
            guard let entry = entries[contentPath], entry.restorable, entry.digest == memo.digest(of: contentPath) else { return nil }
            return entry
        }

        func anchorsChanged(_ page: Page) -> Bool {
            guard let entry = entries[page.document.source.contentPath] else { return false }
            return entry.anchors != BuildCache.joined(page.anchors)
        }

        func linkProblems(_ contentPath: String) -> [Diagnostic] {
            entries[contentPath]?.linkProblems?.map(\.diagnostic) ?? []
        }
    }

    /// A file that changed between being loaded and being parsed: the build stops rather
    /// than mix two versions of it.
    struct ContentChanged: Error, CustomStringConvertible {
        var file: String
        var description: String { "\(file) changed during the build; build again" }
    }

    /// Computes the outlines of this build's courses and of the whole site, before rendering.
    func prepare(_ site: AssembledSite) {
        outlines = [:]
        var parts: [String] = []
        for (c, course) in site.content.courses.enumerated() {
            outlines[c] = Self.outline(course, site: site, memo: memo)
            parts.append(outlines[c]!)
        }
        for source in site.content.guides.map(\.body) + site.content.surveys.map(\.body) {
            parts += [source.contentPath, memo.digest(of: source.contentPath) ?? "-", site.title(of: source.contentPath)]
        }
        siteOutline = SourceDigest.of(parts.joined(separator: "\u{1}"))
    }

    /// The shard of the files szpon writes itself.
    static let siteShard = "site"

    /// What a file szpon writes itself depends on beyond the site key: the listings
    /// (home, contents, site-data.js) show every course, lesson, guide and survey.
    func siteFileKey(_ path: String) -> String {
        [Routes.home, Routes.contents, Routes.siteScript].contains(path) ? siteOutline : "-"
    }

    /// What the server manifest is made of beyond the site key and outline: the pages with
    /// quizzes or surveys, guides (booking rules) and course pages, by digest.
    func manifestKey(_ site: AssembledSite, partial: Bool) -> String {
        var parts = [siteOutline, partial ? "partial" : "whole"]
        for page in site.pages {
            if case .lesson = page.kind, page.bodyOmitted || (page.quizzes.isEmpty && page.surveys.isEmpty) { continue }
            parts += [page.document.source.contentPath, memo.digest(of: page.document.source.contentPath) ?? "-"]
        }
        return SourceDigest.of(parts.joined(separator: "\u{1}"))
    }

    static func manifestEntry(_ path: String) -> String {
        "server-manifest:" + URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Whether the manifest file is still the one the last build wrote from the same key.
    func manifestUnchanged(key: String, path: String) -> Bool {
        guard let stored = previous[Self.siteShard], stored.shard.siteKey == siteKey,
              let entry = stored.pages[Self.manifestEntry(path)]?.page, entry.digest == key, let stamp = entry.stamp else { return false }
        return FileStamp(path: path) == stamp
    }

    /// The manifest as this build left it, for the next build.
    func manifestEntry(key: String, path: String) -> (String, String, FileStamp?) {
        (Self.manifestEntry(path), key, FileStamp(path: path))
    }

    /// The stamp of the previous build's copy of a file szpon writes itself, if it can be reused.
    func reusableSiteFile(_ path: String) -> FileStamp? {
        guard let stored = previous[Self.siteShard], stored.shard.siteKey == siteKey, stored.shard.target == target,
              let entry = stored.pages[path]?.page, entry.digest == siteFileKey(path) else { return nil }
        return entry.stamp
    }

    private func stored(for page: Page, site: AssembledSite) -> (Stored, CachedPage)? {
        let path = page.document.source.contentPath
        guard let stored = previous[Self.shardName(page.kind, content: site.content)], stored.shard.siteKey == siteKey,
              let entry = stored.pages[path]?.page, entry.digest == memo.digest(of: path) else { return nil }
        return (stored, entry)
    }

    /// The stamp of the previous build's file for this page when that file can be reused
    /// as it is: same site, same source, same course outline, same output folder.
    func reusableStamp(for page: Page, site: AssembledSite) -> FileStamp? {
        let c: Int
        switch page.kind {
        case let .course(index), let .lesson(index, _): c = index
        case .guide, .survey: return nil
        }
        guard let (stored, entry) = stored(for: page, site: site), stored.shard.target == target,
              stored.shard.outline == outlines[c] else { return nil }
        return entry.stamp
    }

    /// The page's search entries from the previous build, when its source is unchanged.
    func searchPart(for page: Page, site: AssembledSite) -> ArraySlice<UInt8>? {
        guard let (stored, _) = stored(for: page, site: site),
              let range = stored.pages[page.document.source.contentPath]?.search else { return nil }
        return stored.search[range]
    }

    // MARK: - Saving

    /// Writes what this build learned; shards that did not change are left as they are.
    /// A cache that cannot be written costs the next build time, never its output.
    /// `siteFiles`: the files szpon writes itself (home, contents, site-data.js…, the server
    /// manifest) with the key they were written under and their stamps.
    func save(_ site: AssembledSite, searchParts: [ArraySlice<UInt8>], stamps: [FileStamp?], siteFiles: [(String, String, FileStamp?)]) {
        var groups: [String: (outline: String, pages: [CachedPage], indices: [Int])] = [:]
        for (index, page) in site.pages.enumerated() {
            let path = page.document.source.contentPath
            guard let digest = memo.digest(of: path) else { return }
            let name = Self.shardName(page.kind, content: site.content)
            var restorable = false
            if case .lesson = page.kind {
                restorable = page.bodyOmitted || (page.document.blocks.isEmpty && page.document.unclosedBlocks.isEmpty && page.document.tooDeep == nil)
            }
            let entry = CachedPage(
                path: path, digest: digest, title: page.title,
                anchors: page.bodyOmitted ? reuse?.entries[path]?.anchors ?? "" : Self.joined(page.anchors), restorable: restorable,
                lesson: memo.cleanLesson(path),
                problems: CachedDiagnostic.list(site.pageDiagnostics[index]), linkProblems: CachedDiagnostic.list(site.linkDiagnostics[index]),
                stamp: stamps[index], searchLength: searchParts[index].count)
            var outline = ""
            switch page.kind {
            case let .course(c), let .lesson(c, _): outline = outlines[c] ?? ""
            case .guide, .survey: break
            }
            groups[name, default: (outline, [], [])].pages.append(entry)
            groups[name]!.indices.append(index)
        }
        groups[Self.siteShard] = (siteOutline, siteFiles.map { path, key, stamp in
            CachedPage(path: path, digest: key, title: "", anchors: "", restorable: false, stamp: stamp, searchLength: 0)
        }, [])
        do {
            try FileManager.default.createDirectory(atPath: shardFolder, withIntermediateDirectories: true)
            for (name, group) in groups.sorted(by: { $0.key < $1.key }) {
                // Equal entries (digests, titles, stamps) under the same keys mean equal search entries.
                if let old = previous[name], old.shard.tool == tool, old.shard.siteKey == siteKey, old.shard.target == target,
                   old.shard.outline == group.outline, old.rows == group.pages { continue }
                var search: [UInt8] = []
                for index in group.indices { search += searchParts[index] }
                var shard = CacheShard(tool: tool, siteKey: siteKey, target: target, outline: group.outline, pages: group.pages)
                shard.searchSize = search.count
                // The search entries first: a shard left pointing at other entries fails its stamp check.
                try Data(search).write(to: URL(fileURLWithPath: "\(shardFolder)/\(name).search"), options: .atomic)
                guard let stamp = FileStamp(path: "\(shardFolder)/\(name).search") else { continue }
                shard.searchStamp = stamp.text
                try JSONEncoder().encode(ShardEnvelope(shard)).write(to: URL(fileURLWithPath: "\(shardFolder)/\(name).json"), options: .atomic)
            }
            // Shards of courses that are gone, and files this build cannot read.
            let keep = Set(groups.keys.flatMap { ["\($0).json", "\($0).search"] })
            for file in (try? FileManager.default.contentsOfDirectory(atPath: shardFolder)) ?? [] where !keep.contains(file) {
                try? FileManager.default.removeItem(atPath: "\(shardFolder)/\(file)")
            }
        } catch {
            // Left as it is: the next build checks every shard it reads.
            if StepTimer.enabled { FileHandle.standardError.write(Data("cache: not written: \(error)\n".utf8)) }
        }
    }
}
