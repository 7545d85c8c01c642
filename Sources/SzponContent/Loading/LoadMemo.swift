import Crypto
import Foundation
import SzponWire

/// What the loader shares with a build's on-disk cache: the digest of every file it
/// reads (the cache keys each page by it), and the lessons of the previous build, so an
/// unchanged lesson skips Yams and, when its file provably has not been touched, even
/// the reading: its body is read only if a later step needs it (`body(of:)`).
public final class LoadMemo: @unchecked Sendable {
    /// A lesson read without a problem by the previous build.
    public struct Lesson: Sendable, Hashable {
        public var digest: String
        public var meta: LessonMeta
        /// Lines before the body (`MarkdownSource.lineOffset`).
        public var bodyLineOffset: Int
        /// The file when it was read, if old enough to be trusted (`FileStamp.source`).
        public var stamp: String?

        public init(digest: String, meta: LessonMeta, bodyLineOffset: Int, stamp: String?) {
            self.digest = digest
            self.meta = meta
            self.bodyLineOffset = bodyLineOffset
            self.stamp = stamp
        }
    }

    private let known: [String: Lesson]
    private let lock = NSLock()
    private var digests: [String: String] = [:]
    private var stamps: [String: String] = [:]
    private var clean: [String: Lesson] = [:]
    private var unread: Set<String> = []
    /// Files changed less than this long before the build are read whatever their stamp
    /// says: a write in the same clock tick as the previous read keeps its stamp (git's
    /// "racily clean" entries).
    private let trustedBefore = Date().timeIntervalSince1970 - 1

    /// `known`: content path → the lesson as the previous build read it.
    public init(known: [String: Lesson] = [:]) {
        self.known = known
    }

    /// The digest of a file's bytes (content path: `courses/x/01-a.md`, `site.yaml`), or
    /// nil for a file that was not read.
    public func digest(of contentPath: String) -> String? {
        lock.withLock { digests[contentPath] }
    }

    /// A lesson of this build that had no problem, for the next build.
    public func cleanLesson(_ contentPath: String) -> Lesson? {
        lock.withLock { clean[contentPath] }
    }

    /// Whether a lesson's body was left unread (its `MarkdownSource.text` is empty).
    public func isUnread(_ contentPath: String) -> Bool {
        lock.withLock { unread.contains(contentPath) }
    }

    /// Before a file is read: its stamp, taken first, so a change during the read shows next time.
    func stamp(_ contentPath: String, path: String) {
        guard let stamp = SourceStamp.source(path, olderThan: trustedBefore) else { return }
        lock.withLock { stamps[contentPath] = stamp }
    }

    func record(_ contentPath: String, data: Data) {
        let digest = SourceDigest.of(data)
        lock.withLock { digests[contentPath] = digest }
    }

    /// The previous build's lesson when the file has the very stamp it had then: not read again.
    func untouchedLesson(_ contentPath: String, path: String) -> Lesson? {
        guard let lesson = known[contentPath], let stamp = lesson.stamp,
              SourceStamp.source(path, olderThan: trustedBefore) == stamp else { return nil }
        lock.withLock {
            digests[contentPath] = lesson.digest
            stamps[contentPath] = stamp
            clean[contentPath] = lesson
            unread.insert(contentPath)
        }
        return lesson
    }

    /// The previous build's front matter when the file's bytes have not changed since.
    func reusableMeta(of contentPath: String) -> LessonMeta? {
        guard let lesson = known[contentPath], let digest = digest(of: contentPath), lesson.digest == digest else { return nil }
        return lesson.meta
    }

    func remember(_ contentPath: String, meta: LessonMeta, bodyLineOffset: Int) {
        lock.withLock {
            guard let digest = digests[contentPath] else { return }
            clean[contentPath] = Lesson(digest: digest, meta: meta, bodyLineOffset: bodyLineOffset, stamp: stamps[contentPath])
        }
    }
}

/// SHA-256 (the first 128 bits, hex) of a file's bytes: what the build cache keys content by.
public enum SourceDigest {
    public static func of(_ data: Data) -> String {
        ContentHash.hex(SHA256.hash(data: data).prefix(16))
    }

    public static func of(_ text: String) -> String {
        of(Data(text.utf8))
    }
}

enum SourceStamp {
    /// Device, inode, size and change and modification times of a content file, or nil
    /// when it cannot be read or was modified after `olderThan` (seconds since 1970).
    static func source(_ path: String, olderThan: Double) -> String? {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        let modified = Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1e9
        let changed = Double(status.st_ctim.tv_sec) + Double(status.st_ctim.tv_nsec) / 1e9
        guard max(modified, changed) < olderThan else { return nil }
        return "\(status.st_dev):\(status.st_ino):\(status.st_size):\(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec):\(status.st_ctim.tv_sec).\(status.st_ctim.tv_nsec)"
    }
}
