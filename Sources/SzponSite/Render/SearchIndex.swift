import SzponContent

/// The offline search index, shipped as a classic script (`search-index.js`) that sets a
/// global, because `fetch()` of a local JSON file fails under file://. One entry per
/// section, so a result links straight to its heading.
enum SearchIndex {
    static func script(_ site: AssembledSite) -> String {
        var entries: [[Any]] = []
        for page in site.pages {
            for section in page.document.sections {
                let url = page.output + (section.anchor.map { "#\($0)" } ?? "")
                let text = section.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                // [page title, section heading, url, text]; the browser folds diacritics when it loads.
                entries.append([page.title, section.heading ?? "", url, text])
            }
            if page.document.sections.isEmpty {
                entries.append([page.title, "", page.output, ""])
            }
        }
        for guide in site.content.guides {
            // Guide sections written by szpon (documents, fees) are searchable too.
            guard let page = site.pages.first(where: { $0.document.source.contentPath == guide.body.contentPath }) else { continue }
            let documents = (guide.meta.documents ?? []).map { [$0.name ?? "", $0.note ?? ""].joined(separator: " ") }
            let fees = (guide.meta.fees ?? []).map { [$0.item ?? "", $0.amount ?? "", $0.note ?? ""].joined(separator: " ") }
            let extra = ([guide.meta.summary ?? "", guide.meta.audience ?? ""] + documents + fees).joined(separator: " ")
            entries.append([page.title, "", page.output, extra])
        }
        return "window.SZPON_SEARCH_INDEX = " + json(entries) + ";\n"
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
                "title": site.pages.first { $0.document.source.contentPath == course.intro.contentPath }?.title ?? course.slug,
                "url": Routes.course(course.slug),
                "lessons": course.lessons.map { lesson -> [String] in
                    let output = site.routes.page(for: lesson.body.contentPath)!
                    return [site.pages.first { $0.output == output }?.title ?? lesson.slug, output]
                },
            ]
        }
        let data: [String: Any] = [
            "language": site.content.site.language ?? "pl",
            "title": site.content.site.title ?? "",
            "courses": courses,
            "guides": site.content.guides.map { guide -> [String] in
                let output = site.routes.page(for: guide.body.contentPath)!
                return [site.pages.first { $0.output == output }?.title ?? guide.slug, output]
            },
            "strings": theme.i18n.strings,
            "plurals": theme.i18n.plurals,
        ]
        return "window.SZPON_SITE = " + json(data) + ";\n"
    }
}
