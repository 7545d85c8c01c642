import Foundation
import SzponStore

/// The answer keys, reloaded when the build rewrites the file: a site rebuilt while
/// the server runs (or by `--watch`) has its new quiz versions scored at once.
public final class LiveKeyBook: @unchecked Sendable {
    private let lock = NSLock()
    private let path: String
    private var book: AnswerKeyBook
    private var stamp: Date?
    private var checked = Date.distantPast

    public init(path: String) throws {
        self.path = path
        book = try AnswerKeyBook(path: path)
        stamp = Self.modified(path)
    }

    /// The current book; the file's time is looked at no more than once a second.
    public var current: AnswerKeyBook {
        lock.withLock {
            let now = Date()
            if now.timeIntervalSince(checked) >= 1 {
                checked = now
                let modified = Self.modified(path)
                if modified != stamp, let fresh = try? AnswerKeyBook(path: path) {
                    book = fresh
                    stamp = modified
                }
            }
            return book
        }
    }

    public var scorer: AttemptScorer {
        { [self] record in current.evaluate(record) }
    }

    static func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }
}
