import Dispatch
import Foundation
import SzponContent
import SzponMarkdown

/// The check step: parses every body (in parallel), resolves titles and embedded
/// quizzes and surveys, and checks what crosses files: links, anchors, images,
/// heading order and ids that must be unique in the whole site.
public enum Assembler {
    /// `checks` (the command line's) override `checks:` in site.yaml.
    public static func assemble(_ content: Content, cache: ParseCache? = nil, checks: CheckLevels = CheckLevels()) -> (AssembledSite, [Diagnostic]) {
        assemble(content, cache: cache, checks: checks, reuse: nil)
    }

    /// `reuse`: pages the build cache restores without parsing them (unchanged lessons),
    /// with their own problems and their links' problems as the last build found them.
    static func assemble(_ content: Content, cache: ParseCache?, checks: CheckLevels, reuse: BuildCache.Reuse?) -> (AssembledSite, [Diagnostic]) {
        let levels = (content.site.checks ?? CheckLevels()).overridden(by: checks)
        let routes = Routes(content: content)
        let sources = content.allSources
        let kinds = pageKinds(content)
        cache?.begin(routesKey: sources.map(\.contentPath).joined(separator: "\n"))

        let parsed = StepTimer.measure("assemble: parse") {
            Parallel.map(sources.count) { index in
                let listed = sources[index]
                if case .lesson = kinds[index], let entry = reuse?.restorable(listed.contentPath) {
                    var page = Page(kind: kinds[index], output: routes.page(for: listed.contentPath) ?? listed.contentPath,
                                    title: entry.title, document: MarkdownDocument(source: listed))
                    page.bodyOmitted = true
                    return (page, entry.problems?.map(\.diagnostic) ?? [])
                }
                let source: MarkdownSource
                do { source = try reuse?.full(listed) ?? listed } catch {
                    return (Page(kind: kinds[index], output: listed.contentPath, title: "", document: MarkdownDocument(source: listed)),
                            [Diagnostic(file: listed.file, message: "\(error)")])
                }
                let parse = { Markdown.parse(source, rewriteLink: { url in routes.rewrite(url, from: source.contentPath) }) }
                let document = cache.map { $0.document(for: source, parse: parse) } ?? parse()
                return makePage(document, kind: kinds[index], content: content, routes: routes, headings: levels.headingSeverity)
            }
        }
        cache?.keep(only: sources)
        var pages = parsed.map(\.0)
        // A page parsed again whose anchors changed may break or mend links in the pages
        // that were not parsed: check them all.
        if let reuse, pages.contains(where: \.bodyOmitted), pages.contains(where: { !$0.bodyOmitted && reuse.anchorsChanged($0) }) {
            return assemble(content, cache: cache, checks: checks, reuse: reuse.restoringNothing)
        }

        if let reuse { giveAnchors(to: &pages, linkedFrom: pages.filter { !$0.bodyOmitted }, reuse: reuse) }

        var site = AssembledSite(content: content, routes: routes, pages: pages)
        site.levels = levels
        site.pageDiagnostics = parsed.map(\.1)
        let checked = site
        site.linkDiagnostics = StepTimer.measure("assemble: links") {
            Parallel.map(pages.count) { index in
                let page = checked.pages[index]
                if page.bodyOmitted { return reuse?.linkProblems(page.document.source.contentPath) ?? [] }
                return LinkCheck.check(page, site: checked, severity: levels.linkSeverity)
            }
        }
        let diagnostics = site.pageDiagnostics.flatMap { $0 } + site.linkDiagnostics.flatMap { $0 } + uniqueBlockIDs(pages)
        return (site, diagnostics)
    }

    /// Restored pages carry their anchors only when a parsed page links to them: only
    /// those links are checked, and thousands of sets of ids cost a build that changed one file.
    static func giveAnchors(to pages: inout [Page], linkedFrom parsed: [Page], reuse: BuildCache.Reuse) {
        var linked: Set<String> = []
        for page in parsed {
            for reference in page.document.references where !Routes.isExternal(reference.url) {
                let path = Routes.split(reference.url).path
                if path.hasSuffix(".md"), let resolved = ContentPath.resolve(path.removingPercentEncodingSafe, from: page.document.source.contentPath) {
                    linked.insert(resolved)
                }
            }
        }
        for index in pages.indices where pages[index].bodyOmitted && linked.contains(pages[index].document.source.contentPath) {
            pages[index].anchors = BuildCache.anchors(reuse.entries[pages[index].document.source.contentPath]?.anchors ?? "")
        }
    }

    /// The page with its body, parsed again if the build cache restored it without one.
    static func restore(_ page: Page, in site: AssembledSite, reuse: BuildCache.Reuse?) throws -> Page {
        guard page.bodyOmitted else { return page }
        let source = try reuse?.full(page.document.source) ?? page.document.source
        let document = Markdown.parse(source, rewriteLink: { url in site.routes.rewrite(url, from: source.contentPath) })
        return makePage(document, kind: page.kind, content: site.content, routes: site.routes, headings: site.levels.headingSeverity).0
    }

    static func pageKinds(_ content: Content) -> [Page.Kind] {
        var kinds: [Page.Kind] = []
        for (c, course) in content.courses.enumerated() {
            kinds.append(.course(c))
            kinds += course.lessons.indices.map { .lesson(course: c, lesson: $0) }
        }
        kinds += content.guides.indices.map { .guide($0) }
        kinds += content.surveys.indices.map { .survey($0) }
        return kinds
    }

    static func makePage(_ document: MarkdownDocument, kind: Page.Kind, content: Content, routes: Routes,
                         headings: Diagnostic.Severity = .error) -> (Page, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let source = document.source
        let metaTitle: String?
        var passingScore: Int?
        switch kind {
        case let .course(c):
            metaTitle = content.courses[c].meta.title
        case let .lesson(c, l):
            metaTitle = content.courses[c].lessons[l].meta.title
            passingScore = content.courses[c].meta.passingScore
        case let .guide(g):
            metaTitle = content.guides[g].meta.title
        case let .survey(s):
            metaTitle = content.surveys[s].meta.title
        }
        var title = metaTitle ?? document.title ?? ""
        if let metaTitle, let bodyTitle = document.title, metaTitle != bodyTitle, let at = document.titleLocation {
            diagnostics.append(at.warning("the '# \(bodyTitle)' heading differs from the front matter title '\(metaTitle)'; the front matter title is used"))
        }
        if title.isEmpty {
            if case .lesson = kind {
                diagnostics.append(Diagnostic(file: source.file, message: "missing required field 'title' in lesson front matter",
                                              hint: "add 'title:' to the front matter or start the lesson with '# Title'"))
            } else if case .survey = kind {
                diagnostics.append(Diagnostic(file: source.file, message: "missing required field 'title' in survey page front matter"))
            }
            title = source.contentPath
        }
        var page = Page(kind: kind, output: routes.page(for: source.contentPath) ?? source.contentPath, title: title, document: document)
        page.anchors = document.anchors
        if case let .guide(g) = kind {
            page.anchors.formUnion(GuideSections.anchors(for: content.guides[g], language: content.site.language ?? "pl"))
        }

        diagnostics += HeadingCheck.run(document, severity: headings)
        if let (at, depth) = document.tooDeep {
            diagnostics.append(at.error("block quotes and lists are nested \(depth) deep on this line; the most is \(Nesting.maxDepth)"))
        }
        for (kind, at) in document.unclosedBlocks {
            diagnostics.append(at.error("this \(kind.rawValue) block is never closed",
                                        hint: "add a line with ``` after the \(kind.rawValue)'s last line"))
        }

        for (index, block) in document.blocks.enumerated() {
            if !block.isTopLevel {
                diagnostics.append(block.reader.location(nil).warning(
                    "a \(block.kind.rawValue) block inside a list or quote is shown as code",
                    hint: "start the ```\(block.kind.rawValue) fence at the beginning of a line, outside lists and quotes"))
                continue
            }
            switch block.kind {
            case .quiz:
                let (quiz, problems) = QuizParser.parse(yaml: block.yaml, reader: block.reader)
                diagnostics += problems
                if var quiz {
                    if quiz.pass == nil { quiz.pass = passingScore }
                    page.quizzes[index] = quiz
                    page.anchors.insert("quiz-\(quiz.id)")
                }
            case .survey:
                let (survey, problems) = SurveyParser.parse(yaml: block.yaml, reader: block.reader)
                diagnostics += problems
                if let survey {
                    page.surveys[index] = survey
                    page.anchors.insert("survey-\(survey.id)")
                }
            }
        }
        return (page, diagnostics)
    }

    /// Quiz and survey ids key the learner's stored answers, so they must be unique in the site.
    static func uniqueBlockIDs(_ pages: [Page]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var seen: [String: String] = [:]
        for page in pages {
            let blocks = page.quizzes.map { ($0.key, "quiz", $0.value.id) } + page.surveys.map { ($0.key, "survey", $0.value.id) }
            for (index, kind, id) in blocks.sorted(by: { $0.0 < $1.0 }) {
                let at = page.document.blocks[index].reader.location(nil)
                let key = "\(kind):\(id)"
                if let first = seen[key] {
                    diagnostics.append(at.error("duplicate \(kind) id '\(id)', already used in \(first)",
                                                hint: "\(kind) ids must be unique in the whole site"))
                } else {
                    seen[key] = "\(at.file):\(at.line)"
                }
            }
        }
        return diagnostics
    }
}
