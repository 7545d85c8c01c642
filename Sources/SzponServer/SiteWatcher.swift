import Foundation
import SzponContent
import SzponSite

/// `szpon serve --watch`: rebuilds the site when a file under the content or the theme
/// changes, and keeps a generation number that open pages poll to reload themselves.
/// A build that fails keeps the previous site and its diagnostics, which pages show
/// in place of themselves until the next good build (as Hugo's server does).
public actor SiteWatcher {
    let options: SiteBuilder.Options
    public private(set) var generation = 0
    /// The last failed build's diagnostics as `file:line:col: error: message` lines; nil after a good build.
    public private(set) var failure: [String]?
    private var fingerprint = ""
    private let log: @Sendable (String) -> Void

    public init(options: SiteBuilder.Options, log: @escaping @Sendable (String) -> Void) {
        var options = options
        options.cache = options.cache ?? ParseCache()
        self.options = options
        self.log = log
    }

    /// Builds once, then polls for changes until the task is cancelled. Polling (twice a
    /// second over the file list's times and sizes) needs no platform file-event API.
    public func run() async {
        fingerprint = Self.fingerprint([options.content, options.theme])
        rebuild()
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(500))
            let now = Self.fingerprint([options.content, options.theme])
            if now != fingerprint {
                fingerprint = now
                rebuild()
            }
        }
    }

    func rebuild() {
        let start = Date()
        do {
            let report = try SiteBuilder.build(options)
            failure = nil
            log("rebuilt \(report.pages) pages (\(options.cache?.lastParsed ?? report.pages) files parsed again) in \(String(format: "%.2f", Date().timeIntervalSince(start))) s")
        } catch let error as SiteBuilder.Failure {
            switch error {
            case let .content(diagnostics): failure = diagnostics.filter { $0.severity == .error }.map(\.description)
            default: failure = [error.description]
            }
            log((failure ?? []).joined(separator: "\n"))
        } catch {
            failure = ["\(error)"]
        }
        generation += 1
    }

    static func fingerprint(_ roots: [String]) -> String {
        var parts: [String] = []
        for root in roots {
            guard let walker = FileManager.default.enumerator(at: URL(fileURLWithPath: root),
                                                              includingPropertiesForKeys: [.contentModificationDateKey, .fileSizeKey]) else { continue }
            for case let url as URL in walker {
                let values = try? url.resourceValues(forKeys: [.contentModificationDateKey, .fileSizeKey])
                parts.append("\(url.path)|\(values?.contentModificationDate?.timeIntervalSince1970 ?? 0)|\(values?.fileSize ?? 0)")
            }
        }
        return parts.sorted().joined(separator: "\n")
    }
}
