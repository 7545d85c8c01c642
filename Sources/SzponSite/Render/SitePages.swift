import SzponContent
import SzponMarkdown

/// The pages szpon writes itself: home, table of contents, search, the accessibility statement and the 404 page.
struct SitePages {
    let site: AssembledSite
    let theme: Theme
    var i18n: I18n { theme.i18n }
    var context: PageContext { PageContext(site: site, theme: theme) }

    func listings(from output: String) -> [String: Any] {
        let renderer = PageRenderer(site: site, theme: theme)
        let courses = site.content.courses.map { course -> [String: Any] in
            [
                "title": site.title(of: course.intro.contentPath), "summary": course.meta.summary ?? "",
                "href": ContentPath.relative(to: Routes.course(course.slug), from: output),
                "facts": renderer.courseFacts(course),
                "lessons": course.lessons.map { lesson in
                    ["title": site.title(of: lesson.body.contentPath),
                     "href": ContentPath.relative(to: site.routes.page(for: lesson.body.contentPath)!, from: output)]
                },
            ]
        }
        let guides = site.content.guides.map { guide -> [String: Any] in
            ["title": site.title(of: guide.body.contentPath), "summary": guide.meta.summary ?? "",
             "href": ContentPath.relative(to: site.routes.page(for: guide.body.contentPath)!, from: output)]
        }
        let surveys = site.content.surveys.map { survey -> [String: Any] in
            ["title": site.title(of: survey.body.contentPath), "summary": survey.meta.summary ?? "",
             "href": ContentPath.relative(to: site.routes.page(for: survey.body.contentPath)!, from: output)]
        }
        return ["courses": courses, "guides": guides, "surveys": surveys,
                "hasCourses": !courses.isEmpty, "hasGuides": !guides.isEmpty, "hasSurveys": !surveys.isEmpty]
    }

    func home() -> String {
        let title = site.content.site.title ?? ""
        var values = context.base(output: Routes.home, title: title, breadcrumbs: [], kind: "home")
        values.merge(listings(from: Routes.home)) { $1 }
        return theme.render("home", values)
    }

    func contents() -> String {
        var values = context.base(output: Routes.contents, title: i18n["contents"], breadcrumbs: [(i18n["contents"], nil)], kind: "toc")
        values.merge(listings(from: Routes.contents)) { $1 }
        return theme.render("toc", values)
    }

    func search() -> String {
        var values = context.base(output: Routes.search, title: i18n["search"], breadcrumbs: [(i18n["search"], nil)], kind: "search")
        values["searchScript"] = Routes.searchScript
        return theme.render("search", values)
    }

    /// The page a server shows for a missing address, in the site's language with its
    /// header. Links are relative to the root: `szpon serve` adds `<base href="/">`,
    /// since it serves this page at any depth.
    func notFound() -> String {
        let values = context.base(output: Routes.notFound, title: i18n["not_found_title"],
                                  breadcrumbs: [(i18n["not_found_title"], nil)], kind: "notfound")
        return theme.render("notfound", values)
    }

    /// The statement follows the structure the Polish act of 4 April 2019 requires,
    /// including the element ids (`a11y-…`) that the official template and monitoring tools use.
    func accessibility() -> String {
        let config = site.content.site
        let info = config.accessibility
        var values = context.base(output: Routes.accessibility, title: i18n["a11y_title"],
                                  breadcrumbs: [(i18n["a11y_title"], nil)], kind: "accessibility")
        let status = info?.status ?? "partial"
        let a11y: [String: Any?] = [
            "organisation": config.organisation ?? "",
            "siteTitle": config.title ?? "",
            "published": info?.published ?? "",
            "updated": info?.updated ?? "",
            "prepared": info?.prepared ?? "",
            "reviewed": info?.reviewed,
            "statusText": i18n["a11y_status_\(status)"],
            "nonCompliant": info?.nonCompliant ?? [],
            "hasNonCompliant": !(info?.nonCompliant ?? []).isEmpty,
            "exemptions": info?.exemptions ?? [],
            "hasExemptions": !(info?.exemptions ?? []).isEmpty,
            "methodText": info?.method == "external"
                ? i18n["a11y_method_external"] + (info?.assessor.map { ": \($0)" } ?? "")
                : i18n["a11y_method_self"],
            "contactName": info?.contact?.name ?? "",
            "contactEmail": info?.contact?.email ?? "",
            "contactPhone": info?.contact?.phone ?? "",
            "architectureHTML": info?.architecture.map(Markdown.block),
            "signLanguage": info?.signLanguage,
            "shortcuts": info?.shortcuts,
        ]
        // Absent values must be missing keys: Mustache treats a boxed nil as present.
        values["a11y"] = a11y.compactMapValues { $0 }
        return theme.render("accessibility", values)
    }
}
