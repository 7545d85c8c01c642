import Foundation
import SzponContent

/// One file of the build cache (`.szpon/cache/build/<name>.json`): what the last build
/// learned about the pages of one course (or of the guides and surveys), and beside it
/// (`<name>.search`) their entries of the search index, byte for byte.
///
/// A course per file, so a build that changes one lesson rewrites one small file.
struct CacheShard: Codable, Sendable, Equatable {
    /// Bumped whenever what is stored, or what it means, changes; other formats are ignored.
    static let currentFormat = 1

    var format: Int
    /// The szpon binary that wrote it (`BuildCache.toolStamp`): lessons' front matter is
    /// reused only by the same szpon, whatever else changed.
    var tool: String
    /// Everything every page depends on (`BuildCache.siteKey`): szpon itself, the theme,
    /// site.yaml, the list of pages, assets and options. Another key: the shard is ignored.
    var siteKey: String
    /// The output folder the stamps describe.
    var target: String
    /// What the course's pages show of each other (`BuildCache.outline`): titles, order,
    /// summaries and durations. Another outline: the course's pages are rendered again.
    var outline: String
    var pages: [CachedPage]
    /// Digest and size of the search entries file, checked before it is used.
    var searchDigest: String
    var searchSize: Int
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

struct CachedPage: Codable, Sendable, Equatable {
    /// Content path (`courses/x/01-a.md`).
    var path: String
    /// `SourceDigest` of the file's bytes.
    var digest: String
    var title: String
    /// Sorted, for links from other pages.
    var anchors: [String]
    /// Whether the page may be restored without its body: a lesson with no quiz or survey
    /// block (those are parsed every time, as the server manifest needs their keys).
    var restorable: Bool
    /// The lesson's front matter, when it was read without a problem (it then skips Yams).
    var meta: CachedLessonMeta?
    /// Problems found in the page itself and in its links (absent: none).
    var problems: [CachedDiagnostic]?
    var linkProblems: [CachedDiagnostic]?
    /// The page's file in the output folder as this build wrote it.
    var output: String
    var stamp: FileStamp?
    /// Bytes of the page's entries in the `.search` file.
    var searchLength: Int
}

struct CachedLessonMeta: Codable, Sendable, Equatable {
    var title: String?
    var summary: String?
    var duration: Int?

    init(_ meta: LessonMeta) {
        title = meta.title
        summary = meta.summary
        duration = meta.duration
    }

    var meta: LessonMeta { LessonMeta(title: title, summary: summary, duration: duration) }
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
struct FileStamp: Codable, Sendable, Equatable {
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
}
