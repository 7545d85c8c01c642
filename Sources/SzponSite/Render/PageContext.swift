import SzponContent

/// The values every page template sees: site, strings, the path to the root and breadcrumbs.
struct PageContext {
    let site: AssembledSite
    let theme: Theme

    var language: String { site.content.site.language ?? "pl" }

    func base(output: String, title: String, breadcrumbs: [(String, String?)], kind: String) -> [String: Any] {
        let root = ContentPath.toRoot(from: output)
        let siteTitle = site.content.site.title ?? ""
        var crumbs: [[String: Any]] = [["title": theme.i18n["home"], "href": root + Routes.home]]
        crumbs += breadcrumbs.map { title, target in
            var crumb: [String: Any] = ["title": title]
            if let target { crumb["href"] = ContentPath.relative(to: target, from: output) }
            return crumb
        }
        let lastIndex = crumbs.count - 1
        crumbs = crumbs.enumerated().map { index, crumb in
            var crumb = crumb
            if index == lastIndex { crumb["current"] = true; crumb["href"] = nil }
            return crumb
        }
        var values = siteLevel(root: root)
        values["page"] = output
        values["kind"] = kind
        values["title"] = title
        values["htmlTitle"] = title == siteTitle ? siteTitle : "\(title) – \(siteTitle)"
        values["breadcrumbs"] = crumbs.count > 1 ? crumbs : []
        values["hasBreadcrumbs"] = crumbs.count > 1
        values["chrome"] = theme.chrome(root: root) { siteLevel(root: root) }
        return values
    }

    /// Values that are the same for every page at one folder depth.
    func siteLevel(root: String) -> [String: Any] {
        [
            "lang": language,
            "t": theme.sharedStrings,
            "root": root,
            "site": [
                "title": site.content.site.title ?? "",
                "organisation": site.content.site.organisation ?? "",
                "description": site.content.site.description ?? "",
            ],
            "homeHref": root + Routes.home,
            "searchHref": root + Routes.search,
            "tocHref": root + Routes.contents,
            "accessibilityHref": root + Routes.accessibility,
            "assets": root + "assets/",
            "siteScript": root + Routes.siteScript,
        ]
    }

    func minutes(_ value: Int?) -> String? {
        value.map { theme.i18n.plural("minutes", $0) }
    }
}
