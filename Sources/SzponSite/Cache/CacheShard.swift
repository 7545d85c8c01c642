import Foundation
import SzponContent

/// One file of the build cache (`.szpon/cache/build/<name>.json`): what the last build
/// learned about the pages of one course (or of the guides and surveys, or the files szpon
/// writes itself), and beside it (`<name>.search`) their entries of the search index,
/// byte for byte. A course per file, so a build that changes one lesson rewrites one small file.
///
/// Pages are stored as columns, one array per field: arrays of plain values decode
/// several times faster than as many keyed objects, and every build decodes them all.
struct CacheShard: Codable, Sendable, Equatable {
    /// Bumped whenever what is stored, or what it means, changes; other formats are ignored.
    static let currentFormat = 1

    var format = CacheShard.currentFormat
    /// The szpon binary that wrote it (`BuildCache.toolStamp`): lessons' front matter is
    /// reused only by the same szpon, whatever else changed.
    var tool: String
    /// Everything every page depends on (`BuildCache.siteKey`): szpon itself, the theme,
    /// site.yaml, the list of pages, assets and options. Another key: the pages are parsed again.
    var siteKey: String
    /// The output folder the stamps describe.
    var target: String
    /// What the course's pages show of each other (`BuildCache.outline`): titles, order,
    /// summaries and durations. Another outline: the course's pages are rendered again.
    var outline: String
    var paths: [String] = []
    var digests: [String] = []
    var titles: [String] = []
    var anchors: [String] = []
    var restorable: [Bool] = []
    var clean: [Bool] = []
    var metaTitles: [String?] = []
    var metaSummaries: [String?] = []
    var metaDurations: [Int?] = []
    var bodyLines: [Int] = []
    /// Empty: none (plain strings decode faster than optionals).
    var sourceStamps: [String] = []
    /// Content path → problems, for the few pages that have any.
    var problems: [String: [CachedDiagnostic]] = [:]
    var linkProblems: [String: [CachedDiagnostic]] = [:]
    var outputStamps: [String] = []
    var searchLengths: [Int] = []
    /// Stamp and size of the search entries file as written, checked before it is used
    /// (a digest of 20 MB would cost more than the rest of reading the cache).
    var searchStamp = ""
    var searchSize = 0

    init(tool: String, siteKey: String, target: String, outline: String, pages: [CachedPage]) {
        self.tool = tool
        self.siteKey = siteKey
        self.target = target
        self.outline = outline
        for page in pages {
            paths.append(page.path)
            digests.append(page.digest)
            titles.append(page.title)
            anchors.append(page.anchors)
            restorable.append(page.restorable)
            clean.append(page.lesson != nil)
            metaTitles.append(page.lesson?.meta.title)
            metaSummaries.append(page.lesson?.meta.summary)
            metaDurations.append(page.lesson?.meta.duration)
            bodyLines.append(page.lesson?.bodyLineOffset ?? 0)
            sourceStamps.append(page.lesson?.stamp ?? "")
            if let list = page.problems { problems[page.path] = list }
            if let list = page.linkProblems { linkProblems[page.path] = list }
            outputStamps.append(page.stamp?.text ?? "")
            searchLengths.append(page.searchLength)
        }
    }

    /// The rows, or nil if the columns do not line up.
    var pages: [CachedPage]? {
        let count = paths.count
        guard [digests.count, titles.count, anchors.count, restorable.count, clean.count, metaTitles.count, metaSummaries.count,
               metaDurations.count, bodyLines.count, sourceStamps.count, outputStamps.count, searchLengths.count].allSatisfy({ $0 == count })
        else { return nil }
        return (0..<count).map { i in
            CachedPage(path: paths[i], digest: digests[i], title: titles[i], anchors: anchors[i], restorable: restorable[i],
                       lesson: clean[i] ? LoadMemo.Lesson(digest: digests[i],
                                                          meta: LessonMeta(title: metaTitles[i], summary: metaSummaries[i], duration: metaDurations[i]),
                                                          bodyLineOffset: bodyLines[i], stamp: sourceStamps[i].isEmpty ? nil : sourceStamps[i]) : nil,
                       problems: problems[paths[i]], linkProblems: linkProblems[paths[i]], stamp: FileStamp(text: outputStamps[i]),
                       searchLength: searchLengths[i])
        }
    }
}

/// One page as the cache holds it.
struct CachedPage: Sendable, Equatable {
    /// Content path (`courses/x/01-a.md`), or the file's path for files szpon writes itself.
    var path: String
    /// `SourceDigest` of the file's bytes (for files szpon writes itself: the key they were written under).
    var digest: String
    var title: String
    /// Sorted and joined by spaces (ids are slugs; a space needs no escaping in JSON).
    var anchors: String
    /// Whether the page may be restored without its body: a lesson with no quiz or survey
    /// block (those are parsed every time, as the server manifest needs their keys).
    var restorable: Bool
    /// A lesson read without a problem: its front matter then skips Yams.
    var lesson: LoadMemo.Lesson?
    /// Problems found in the page itself and in its links (nil: none).
    var problems: [CachedDiagnostic]?
    var linkProblems: [CachedDiagnostic]?
    /// The page's file in the output folder as this build wrote it.
    var stamp: FileStamp?
    /// Bytes of the page's entries in the `.search` file.
    var searchLength: Int
}

/// How a shard is stored: its JSON with the JSON's digest, so a shard changed in any way
/// since it was written (a byte flipped, a title edited by hand) is not used.
struct ShardEnvelope: Codable {
    var format: Int
    var digest: String
    var shard: Data

    init(_ shard: CacheShard) throws {
        format = CacheShard.currentFormat
        self.shard = try JSONEncoder().encode(shard)
        digest = SourceDigest.of(self.shard)
    }

    static func open(_ data: Data) -> CacheShard? {
        guard let envelope = try? JSONDecoder().decode(ShardEnvelope.self, from: data), envelope.format == CacheShard.currentFormat,
              SourceDigest.of(envelope.shard) == envelope.digest,
              let shard = try? JSONDecoder().decode(CacheShard.self, from: envelope.shard), shard.format == CacheShard.currentFormat else { return nil }
        return shard
    }
}

struct CachedDiagnostic: Codable, Sendable, Equatable {
    var file: String
    var line: Int
    var column: Int
    var warning: Bool
    var message: String
    var hint: String?

    init(_ diagnostic: Diagnostic) {
        file = diagnostic.file
        line = diagnostic.line
        column = diagnostic.column
        warning = diagnostic.severity == .warning
        message = diagnostic.message
        hint = diagnostic.hint
    }

    var diagnostic: Diagnostic {
        Diagnostic(file: file, line: line, column: column, severity: warning ? .warning : .error, message: message, hint: hint)
    }

    static func list(_ diagnostics: [Diagnostic]) -> [CachedDiagnostic]? {
        diagnostics.isEmpty ? nil : diagnostics.map(CachedDiagnostic.init)
    }
}

/// Identity of a file as written (inode, size, modification time in nanoseconds): a page
/// reused from the output folder must still be the very file the cache describes, not one
/// edited or replaced since.
struct FileStamp: Sendable, Equatable {
    var inode: UInt64
    var size: Int64
    var modified: Int64

    init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        inode = UInt64(status.st_ino)
        size = Int64(status.st_size)
        modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
    }

    /// As stored: `inode:size:mtime`.
    init?(text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 3, let inode = UInt64(parts[0]), let size = Int64(parts[1]), let modified = Int64(parts[2]) else { return nil }
        self.inode = inode
        self.size = size
        self.modified = modified
    }

    var text: String { "\(inode):\(size):\(modified)" }
}
