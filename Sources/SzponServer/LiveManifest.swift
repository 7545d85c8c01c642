import Foundation
import SzponStore

/// The site's server manifest, reloaded when a build rewrites it: a site rebuilt while
/// the server runs (or by `--watch`) has its new quiz versions scored at once. Until the
/// first build after an upgrade, the answer keys file an older szpon left beside it is
/// read instead, and the manifest replaces it as soon as a build writes one.
public final class LiveManifest: @unchecked Sendable {
    private struct Stamp: Equatable {
        var file: String
        var modified: Date?
        var size: Int?
    }

    private let lock = NSLock()
    private let path: String
    private let legacyFallback: Bool
    private let report: @Sendable (String) -> Void
    private let interval: TimeInterval
    private var book: AnswerKeyBook
    private var stamp: Stamp
    private var refused: Stamp?
    /// Once the manifest itself has been read, an older keys file beside it no longer counts.
    private var manifestSeen = false
    private var checked = Date.distantPast

    /// Reads the manifest at `path` (with `legacyFallback`, an older answer keys file beside
    /// it while there is no manifest); an error here is the caller's to stop on. A later
    /// file that cannot be read is reported through `report` once, and the manifest read
    /// before stays in use: a server that runs keeps scoring. The file is looked at no more
    /// than once per `interval` seconds.
    public init(path: String, legacyFallback: Bool = false, interval: TimeInterval = 1,
                report: @escaping @Sendable (String) -> Void = { _ in }) throws(ServerManifest.LoadError) {
        self.path = path
        self.legacyFallback = legacyFallback
        self.interval = interval
        self.report = report
        stamp = Self.stamp(legacyFallback ? ServerManifest.locate(path) : path)
        book = AnswerKeyBook(manifest: try ServerManifest.load(path: stamp.file))
        manifestSeen = stamp.file == path && stamp.modified != nil
    }

    /// The file the manifest in use was read from: the manifest's path, or an older
    /// answer keys file beside it.
    public var file: String { lock.withLock { stamp.file } }

    public var manifest: ServerManifest { current.manifest }

    /// The current book, from the file as it was when last looked at.
    public var current: AnswerKeyBook {
        lock.withLock {
            let now = Date()
            if now.timeIntervalSince(checked) >= interval {
                checked = now
                let fresh = Self.stamp(legacyFallback && !manifestSeen ? ServerManifest.locate(path) : path)
                if fresh != stamp, fresh != refused, fresh.modified == nil {
                    // Builds replace the file in one rename, so it is never missing between
                    // them: one that went away was removed by hand, and its keys still count.
                    refused = fresh
                    report("warning: \(stamp.file) is gone; the server goes on with the manifest it read from it")
                } else if fresh != stamp, fresh != refused {
                    do {
                        book = AnswerKeyBook(manifest: try ServerManifest.load(path: fresh.file))
                        stamp = fresh
                        refused = nil
                        if fresh.file == path { manifestSeen = true }
                    } catch {
                        refused = fresh
                        report("warning: \(error); the server goes on with the manifest it read before")
                    }
                }
            }
            return book
        }
    }

    public var scorer: AttemptScorer {
        { [self] record in current.evaluate(record) }
    }

    private static func stamp(_ file: String) -> Stamp {
        let attributes = try? FileManager.default.attributesOfItem(atPath: file)
        return Stamp(file: file, modified: attributes?[.modificationDate] as? Date, size: (attributes?[.size] as? NSNumber)?.intValue)
    }
}
