import Crypto
import Foundation
import SzponWire

/// What the loader shares with a build's on-disk cache: the digest of every file it
/// reads (the cache keys each page by it), and the front matter of lessons from the
/// previous build, so an unchanged lesson skips Yams.
public final class LoadMemo: @unchecked Sendable {
    /// A lesson's front matter as the previous build decoded it, and the digest of the
    /// file it came from.
    public struct Lesson: Sendable, Hashable {
        public var digest: String
        public var meta: LessonMeta

        public init(digest: String, meta: LessonMeta) {
            self.digest = digest
            self.meta = meta
        }
    }

    private let known: [String: Lesson]
    private let lock = NSLock()
    private var digests: [String: String] = [:]
    private var clean: [String: LessonMeta] = [:]

    /// `known`: content path → the lesson as the previous build read it.
    public init(known: [String: Lesson] = [:]) {
        self.known = known
    }

    /// The digest of a file's bytes as read in this build (content path: `courses/x/01-a.md`,
    /// `site.yaml`), or nil for a file that was not read.
    public func digest(of contentPath: String) -> String? {
        lock.withLock { digests[contentPath] }
    }

    /// The front matter of a lesson read in this build without any problem, for the next one.
    public func cleanMeta(of contentPath: String) -> LessonMeta? {
        lock.withLock { clean[contentPath] }
    }

    func record(_ contentPath: String, data: Data) {
        let digest = SourceDigest.of(data)
        lock.withLock { digests[contentPath] = digest }
    }

    /// The previous build's front matter when the file has not changed since.
    func reusableMeta(of contentPath: String) -> LessonMeta? {
        guard let lesson = known[contentPath], let digest = digest(of: contentPath), lesson.digest == digest else { return nil }
        return lesson.meta
    }

    func remember(_ contentPath: String, meta: LessonMeta) {
        lock.withLock { clean[contentPath] = meta }
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
