import SzponContent

/// The offline search index, shipped as a classic script (`search-index.js`) that sets a
/// global, because `fetch()` of a local JSON file fails under file://. One entry per
/// section, so a result links straight to its heading.
enum SearchIndex {
    /// Each entry is `[page title, section heading, url, text]`; the browser folds diacritics when it loads.
    static func script(_ site: AssembledSite) -> [UInt8] {
        // Pages are encoded in parallel and joined in page order, so the file is deterministic.
        let pages = site.pages
        return script(parts: Parallel.map(pages.count) { ArraySlice(part(pages[$0], site: site)) })
    }

    /// One page's entries, each after a comma: what the build cache keeps of a page it does not parse again.
    static func part(_ page: Page, site: AssembledSite) -> [UInt8] {
        var bytes: [UInt8] = []
        for entry in entries(page, site: site) {
            bytes.append(UInt8(ascii: ","))
            appendJSONStrings(entry, to: &bytes)
        }
        return bytes
    }

    /// The script from every page's `part`, in page order.
    static func script(parts: [ArraySlice<UInt8>]) -> [UInt8] {
        var out = Array("window.SZPON_SEARCH_INDEX = [".utf8)
        out.reserveCapacity(out.count + parts.reduce(0) { $0 + $1.count } + 3)
        var first = true
        for part in parts where !part.isEmpty {
            out += first ? part.dropFirst() : part[...]
            first = false
        }
        out += Array("];\n".utf8)
        return out
    }

    static func entries(_ page: Page, site: AssembledSite) -> [[String]] {
        var entries: [[String]] = page.document.sections.map { section in
            [page.title, section.heading ?? "", page.output + (section.anchor.map { "#\($0)" } ?? ""), collapseSpaces(section.text)]
        }
        if entries.isEmpty { entries.append([page.title, "", page.output, ""]) }
        if case let .guide(index) = page.kind {
            // Guide sections written by szpon (documents, fees) are searchable too.
            let guide = site.content.guides[index]
            let documents = (guide.meta.documents ?? []).map { [$0.name ?? "", $0.note ?? ""].joined(separator: " ") }
            let fees = (guide.meta.fees ?? []).map { [$0.item ?? "", $0.amount ?? "", $0.note ?? ""].joined(separator: " ") }
            let extra = ([guide.meta.summary ?? "", guide.meta.audience ?? ""] + documents + fees).joined(separator: " ")
            entries.append([page.title, "", page.output, collapseSpaces(extra)])
        }
        return entries
    }

    /// Runs of spaces, tabs and newlines become one space (on bytes: this sees every word of the site).
    /// Runs of other bytes are copied whole.
    static func collapseSpaces(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { out in
                func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D }
                var count = 0
                var i = 0
                while i < bytes.count {
                    if isSpace(bytes[i]) { i += 1; continue }
                    var end = i + 1
                    while end < bytes.count, !isSpace(bytes[end]) { end += 1 }
                    if count > 0 { out[count] = 0x20; count += 1 }
                    _ = UnsafeMutableBufferPointer(rebasing: out[count...]).initialize(fromContentsOf: bytes[i..<end])
                    count += end - i
                    i = end
                }
                return count
            }
        }
    }
}

/// Site-wide data in one shared script (`site-data.js`): the navigation tree and the
/// interface strings. Keeping navigation here rather than in every page keeps the
/// output linear in the number of pages (mdBook's lesson from repeating its TOC).
enum SiteData {
    static func script(_ site: AssembledSite, theme: Theme) -> String {
        let courses = site.content.courses.map { course -> [String: Any] in
            [
                "id": course.slug,
                "title": site.title(of: course.intro.contentPath),
                "url": Routes.course(course.slug),
                "lessons": course.lessons.map { lesson -> [String] in
                    [site.title(of: lesson.body.contentPath), site.routes.page(for: lesson.body.contentPath)!]
                },
            ]
        }
        var data: [String: Any] = [
            "id": site.content.site.siteID,
            // A plain site is one bundle; `szpon bundle` writes its own id here.
            "bundle": site.bundle,
            "language": site.content.site.language ?? "pl",
            "title": site.content.site.title ?? "",
            "courses": courses,
            "guides": site.content.guides.map { guide -> [String] in
                [site.title(of: guide.body.contentPath), site.routes.page(for: guide.body.contentPath)!]
            },
            "strings": theme.i18n.strings.filter { !$0.key.hasPrefix("staff_") },
            "plurals": theme.i18n.plurals,
        ]
        if let ingest = site.content.site.ingestURL { data["ingest"] = ingest }
        return "window.SZPON_SITE = " + json(data) + ";\n"
    }
}
