import Foundation
import SzponContent
import SzponMarkdown

/// Parsed pages kept between builds of one process (`szpon serve --watch`), so a
/// rebuild parses only the files that changed. A page's parse depends on its source
/// and on the site's routes (links are rewritten while parsing), so a file added,
/// removed or renamed empties the cache.
public final class ParseCache: @unchecked Sendable {
    private let lock = NSLock()
    private var routesKey = ""
    private var documents: [MarkdownSource: MarkdownDocument] = [:]
    /// Parses done in the last build (for the watcher's log and the tests).
    public private(set) var lastParsed = 0

    public init() {}

    func begin(routesKey key: String) {
        lock.withLock {
            if key != routesKey {
                routesKey = key
                documents = [:]
            }
            lastParsed = 0
        }
    }

    func document(for source: MarkdownSource, parse: () -> MarkdownDocument) -> MarkdownDocument {
        if let cached = lock.withLock({ documents[source] }) { return cached }
        let document = parse()
        lock.withLock {
            documents[source] = document
            lastParsed += 1
        }
        return document
    }

    /// Drops the pages of files that are gone or changed, so the cache holds one site.
    func keep(only sources: [MarkdownSource]) {
        let live = Set(sources)
        lock.withLock { documents = documents.filter { live.contains($0.key) } }
    }
}
