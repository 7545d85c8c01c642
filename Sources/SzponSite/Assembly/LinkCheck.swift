import Foundation
import SzponContent
import SzponMarkdown

/// Links between pages, anchors, images, attachments and alt text.
enum LinkCheck {
    /// Checks every page's references, in parallel; the result is in page order.
    /// `severity` is for broken links, anchors and missing files (`checks.links`); a
    /// missing alt text stays an error.
    static func run(_ site: AssembledSite, severity: Diagnostic.Severity = .error) -> [Diagnostic] {
        Parallel.map(site.pages.count) { check(site.pages[$0], site: site, severity: severity) }.flatMap { $0 }
    }

    static func check(_ page: Page, site: AssembledSite, severity: Diagnostic.Severity = .error) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let root = site.content.root
        let from = page.document.source.contentPath
        var hints = Hints()
        for reference in page.document.references {
            let url = reference.url
            if reference.kind == .image {
                if reference.text.isEmpty, !reference.isDecorative {
                    diagnostics.append(reference.location.error(
                        "image '\(url)' has no alt text",
                        hint: "describe what the image shows: ![Niebieski pojemnik na papier](\(url))"))
                }
            }
            if url.isEmpty {
                diagnostics.append(reference.location.diagnostic(severity, "\(reference.kind == .image ? "image" : "link") has an empty address"))
                continue
            }
            if Routes.isExternal(url) { continue }
            let (path, fragment) = Routes.split(url)
            if path.isEmpty {
                if let fragment, !page.anchors.contains(fragment) {
                    diagnostics.append(reference.location.diagnostic(severity, "broken anchor '#\(fragment)': no such heading on this page",
                                                                hint: hints.nearAnchor(fragment, page.anchors, on: from)))
                }
                continue
            }
            guard let resolved = ContentPath.resolve(path.removingPercentEncodingSafe, from: from) else {
                diagnostics.append(reference.location.diagnostic(severity, "link '\(url)' points outside the content folder"))
                continue
            }
            if path.hasSuffix(".md"), reference.isRawHTML {
                diagnostics.append(reference.location.diagnostic(severity,
                    "raw HTML link '\(url)' is not turned into a link to the page",
                    hint: "write it as a Markdown link: [text](\(url))"))
                continue
            }
            if path.hasSuffix(".md") {
                guard let target = site.page(contentPath: resolved) else {
                    // A page that exists but could not be read is reported once, at the page itself.
                    if site.content.unreadable.contains(resolved) { continue }
                    diagnostics.append(reference.location.diagnostic(severity, "broken link: no page '\(root)/\(resolved)'",
                                                                hint: hints.nearPage(resolved, site.pages.map(\.document.source.contentPath))))
                    continue
                }
                if let fragment, !target.anchors.contains(fragment) {
                    diagnostics.append(reference.location.diagnostic(severity, "broken anchor '#\(fragment)': no such heading in '\(root)/\(resolved)'",
                                                                hint: hints.nearAnchor(fragment, target.anchors, on: resolved)))
                }
                continue
            }
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: root + "/" + resolved, isDirectory: &isDirectory)
            if !exists {
                let what = reference.kind == .image ? "image" : "file"
                let hint = path.hasSuffix(".html") ? "link to the page's .md file; szpon turns it into the .html link" : nil
                diagnostics.append(reference.location.diagnostic(severity, "missing \(what) '\(url)' (looked for \(root)/\(resolved))", hint: hint))
            } else if isDirectory.boolValue {
                diagnostics.append(reference.location.diagnostic(severity,
                    "link '\(url)' points to a folder",
                    hint: "link to a page's .md file; a folder opens as a file listing from a USB stick"))
            }
        }
        return diagnostics
    }

    /// "Did you mean" hints for one page's references. A page with thousands of broken links
    /// to a page with thousands of headings made the check take minutes, so each hint is
    /// worked out once, and after `budget` of them the rest get the plain hint.
    struct Hints {
        static let budget = 100
        var known: [String: String?] = [:]
        /// The list of a page's anchors, for the references past the budget.
        var plain: [String: String?] = [:]

        mutating func nearAnchor(_ fragment: String, _ anchors: Set<String>, on page: String) -> String? {
            let key = page + "#" + fragment
            if let hint = known[key] { return hint }
            guard known.count < Self.budget else {
                if let hint = plain[page] { return hint }
                let hint = LinkCheck.nearAnchor(fragment, anchors, suggest: false)
                plain[page] = hint
                return hint
            }
            let hint = LinkCheck.nearAnchor(fragment, anchors)
            known[key] = hint
            return hint
        }

        mutating func nearPage(_ path: String, _ pages: @autoclosure () -> [String]) -> String? {
            let key = "\u{0}" + path
            if let hint = known[key] { return hint }
            let hint = known.count < Self.budget ? LinkCheck.nearPage(path, pages()) : nil
            known[key] = hint
            return hint
        }
    }

    static func nearAnchor(_ fragment: String, _ anchors: Set<String>, suggest: Bool = true) -> String? {
        if suggest, let near = Suggestion.didYouMean("#" + fragment, in: anchors.map { "#" + $0 }) { return near }
        guard !anchors.isEmpty else { return "the page has no headings to link to" }
        let list = anchors.sorted().prefix(8).map { "#" + $0 }.joined(separator: ", ")
        return "anchors on that page: \(list)\(anchors.count > 8 ? ", …" : "")"
    }

    /// A page in the same folder whose name, without `.md`, is a close match. Whole paths
    /// share their folder and `.md`, which made any page look close ("04-pszok.md" →
    /// "course.md"); the limit is now set by the name alone.
    static func nearPage(_ path: String, _ pages: [String]) -> String? {
        let folder = (path as NSString).deletingLastPathComponent
        let stem = { (page: String) in ((page as NSString).lastPathComponent as NSString).deletingPathExtension }
        let siblings = pages.filter { ($0 as NSString).deletingLastPathComponent == folder }
        let byStem = Dictionary(siblings.map { (stem($0), $0) }, uniquingKeysWith: { first, _ in first })
        return Suggestion.nearest(to: stem(path), in: byStem.keys.sorted())
            .flatMap { byStem[$0] }
            .map { "did you mean '\(ContentPath.relativeName($0))'?" }
    }
}

extension ContentPath {
    static func relativeName(_ path: String) -> String { (path as NSString).lastPathComponent }
}
