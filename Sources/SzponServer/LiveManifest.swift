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
    private var book: AnswerKeyBook
    private var stamp: Stamp
    private var refused: Stamp?
    private var checked = Date.distantPast

    /// Reads the manifest at `path` (with `legacyFallback`, an older answer keys file beside
    /// it while there is no manifest); an error here is the caller's to stop on. A later
    /// file that cannot be read is reported through `report` once, and the manifest read
    /// before stays in use: a server that runs keeps scoring.
    public init(path: String, legacyFallback: Bool = false,
                report: @escaping @Sendable (String) -> Void = { _ in }) throws(ServerManifest.LoadError) {
        self.path = path
        self.legacyFallback = legacyFallback
        self.report = report
        stamp = Self.stamp(legacyFallback ? ServerManifest.locate(path) : path)
        book = AnswerKeyBook(manifest: try ServerManifest.load(path: stamp.file))
    }

    /// The file the manifest in use was read from: the manifest's path, or an older
    /// answer keys file beside it.
    public var file: String { lock.withLock { stamp.file } }

    public var manifest: ServerManifest { current.manifest }

    /// The current book; the file's time is looked at no more than once a second.
    public var current: AnswerKeyBook {
        lock.withLock {
            let now = Date()
            if now.timeIntervalSince(checked) >= 1 {
                checked = now
                let fresh = Self.stamp(legacyFallback ? ServerManifest.locate(path) : path)
                if fresh != stamp, fresh != refused, fresh.modified == nil {
                    // Builds replace the file in one rename, so it is never missing between
                    // them: one that went away was removed by hand, and its keys still count.
                    refused = fresh
                    report("warning: the server manifest \(fresh.file) is gone; the server goes on with the manifest it read before")
                } else if fresh != stamp, fresh != refused {
                    do {
                        book = AnswerKeyBook(manifest: try ServerManifest.load(path: fresh.file))
                        stamp = fresh
                        refused = nil
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
