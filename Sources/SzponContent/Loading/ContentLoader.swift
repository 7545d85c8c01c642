import Foundation
import SzponWire
import Yams

/// Reads a content folder into the typed model, collecting every problem as a diagnostic.
///
/// Loading never throws for bad content: a file that cannot be read becomes a
/// diagnostic and the rest of the tree is still read, so one run shows everything.
public struct ContentLoader: Sendable {
    /// The content folder as the user named it, used as the prefix of every reported path.
    public let root: String
    /// File digests and unchanged lessons' front matter, for a build with an on-disk cache.
    public let memo: LoadMemo?

    public init(root: String, memo: LoadMemo? = nil) {
        // `--content content/` must report `content/x.md`, not `content//x.md`.
        var root = root
        while root.count > 1, root.hasSuffix("/") { root.removeLast() }
        self.root = root
        self.memo = memo
    }

    /// One file to read; files are read and decoded in parallel, then put together in order.
    enum Job: Sendable {
        case course(slug: String)
        case lesson(course: String, file: String)
        case guide(file: String)
        case survey(file: String)
    }

    enum Loaded: Sendable {
        case course(CourseMeta, MarkdownSource)
        case lesson(Lesson)
        case guide(Guide)
        case survey(StandalonePage)
        case failed
    }

    public func load() -> (Content, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        guard isDirectory(root) else {
            return (Content(root: root, site: SiteConfig()), [Diagnostic(file: root, line: 1, column: 1, message: "content folder not found",
                                                              hint: "run in a folder that has content/, or pass --content DIR")])
        }
        let site = loadSite(&diagnostics)
        let tree = walk()
        diagnostics += symbolicLinks(tree)

        var jobs: [Job] = []
        for name in list("courses") {
            guard isDirectory(path("courses/\(name)")) else {
                if name.hasSuffix(".md") {
                    diagnostics.append(Diagnostic(file: display("courses/\(name)"), message: "a course is a folder, not a file",
                                                  hint: "move it to courses/\(name.dropLast(3))/course.md"))
                }
                continue
            }
            jobs.append(.course(slug: name))
            jobs += list("courses/\(name)").filter { $0.hasSuffix(".md") && $0 != "course.md" }.map { .lesson(course: name, file: $0) }
        }
        jobs += list("guides").filter { $0.hasSuffix(".md") }.map { .guide(file: $0) }
        jobs += list("surveys").filter { $0.hasSuffix(".md") }.map { .survey(file: $0) }

        let allJobs = jobs
        let results = Parallel.map(allJobs.count) { run(allJobs[$0]) }

        var courses: [Course] = []
        var guides: [Guide] = []
        var surveys: [StandalonePage] = []
        var lessons: [Lesson] = []
        var unreadable: Set<String> = []
        var currentCourse: (slug: String, meta: CourseMeta, intro: MarkdownSource)?
        func closeCourse() {
            if let course = currentCourse {
                courses.append(Course(slug: course.slug, meta: course.meta, intro: course.intro, lessons: lessons.sorted { ($0.number, $0.slug) < ($1.number, $1.slug) }))
            }
            currentCourse = nil
            lessons = []
        }
        for (job, (loaded, problems)) in zip(jobs, results) {
            diagnostics += problems
            if case .course = job { closeCourse() }
            switch loaded {
            case let .course(meta, intro):
                if case let .course(slug) = job { currentCourse = (slug, meta, intro) }
            case let .lesson(lesson):
                lessons.append(lesson)
            case let .guide(guide):
                guides.append(guide)
            case let .survey(page):
                surveys.append(page)
            case .failed:
                switch job {
                case let .course(slug): unreadable.insert("courses/\(slug)/course.md")
                case let .lesson(course, file): unreadable.insert("courses/\(course)/\(file)")
                case let .guide(file): unreadable.insert("guides/\(file)")
                case let .survey(file): unreadable.insert("surveys/\(file)")
                }
            }
        }
        closeCourse()
        for course in Set(jobs.compactMap { job -> String? in if case let .lesson(course, _) = job { return course } else { return nil } }).sorted() {
            diagnostics += checkLessonNames(course: course)
        }
        for name in list("") where name.hasSuffix(".md") {
            diagnostics.append(Diagnostic(file: display(name), severity: .warning,
                                          message: "this page is not in courses/, guides/ or surveys/, so it is not published"))
        }
        var content = Content(root: root, site: site, courses: courses, guides: guides, surveys: surveys, assets: assets(tree))
        content.unreadable = unreadable
        return (content, diagnostics)
    }

    func run(_ job: Job) -> (Loaded, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let loaded: Loaded?
        switch job {
        case let .course(slug):
            loaded = loadCourse(slug: slug, &diagnostics).map { .course($0.0, $0.1) }
        case let .lesson(course, file):
            loaded = loadLesson(course: course, file: file, &diagnostics).map { .lesson($0) }
        case let .guide(file):
            loaded = loadGuide(file: file, &diagnostics).map { .guide($0) }
        case let .survey(name):
            let slug = String(name.dropLast(3))
            let contentPath = "surveys/\(name)"
            checkSlug(slug, contentPath, &diagnostics)
            loaded = loadPage(contentPath, LessonMeta.self, schema: LessonMeta.schema, context: "survey page front matter", &diagnostics)
                .map { .survey(StandalonePage(slug: slug, meta: $0.0, body: $0.1)) }
        }
        return (loaded ?? .failed, diagnostics)
    }

    // MARK: - Files

    func path(_ relative: String) -> String { relative.isEmpty ? root : root + "/" + relative }
    func display(_ relative: String) -> String { path(relative) }

    func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }

    /// Visible entries of a folder, sorted so that output order never depends on the file system.
    func list(_ relative: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: path(relative))) ?? []
        return entries.filter { !$0.hasPrefix(".") }.sorted()
    }

    func read(_ relative: String, _ diagnostics: inout [Diagnostic]) -> String? {
        memo?.stamp(relative, path: path(relative))
        guard let data = FileManager.default.contents(atPath: path(relative)) else {
            diagnostics.append(Diagnostic(file: display(relative), message: "cannot read file"))
            return nil
        }
        memo?.record(relative, data: data)
        // The standard library validates UTF-8 much faster than Foundation's String(data:encoding:).
        guard let text = String(validating: data, as: UTF8.self) else {
            let (line, column) = Self.firstInvalidUTF8(data)
            diagnostics.append(Diagnostic(file: display(relative), line: line, column: column, message: "file is not valid UTF-8",
                                          hint: "it was probably saved as Windows-1250 or ISO-8859-2; save it as UTF-8 in your editor"))
            return nil
        }
        return text
    }

    /// Every entry under the content folder, relative to it, with what the checks below
    /// need. Read with readdir, whose entry types spare a stat per file: on a site of
    /// thousands of pages FileManager's enumerator took a tenth of the build.
    struct TreeEntry {
        var path: String
        var isDirectory: Bool
        var isSymbolicLink: Bool
        /// The entry or a folder above it starts with a dot.
        var isHidden: Bool
    }

    func walk() -> [TreeEntry] {
        var entries: [TreeEntry] = []
        func visit(_ relative: String, hidden: Bool) {
            guard let folder = opendir(path(relative)) else { return }
            defer { closedir(folder) }
            while let entry = readdir(folder) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name == "." || name == ".." { continue }
                let item = relative.isEmpty ? name : "\(relative)/\(name)"
                var type = Int32(entry.pointee.d_type)
                if type == Int32(DT_UNKNOWN) {
                    var status = stat()
                    guard lstat(path(item), &status) == 0 else { continue }
                    switch status.st_mode & S_IFMT {
                    case S_IFDIR: type = Int32(DT_DIR)
                    case S_IFLNK: type = Int32(DT_LNK)
                    default: type = Int32(DT_REG)
                    }
                }
                let isHidden = hidden || name.hasPrefix(".")
                entries.append(TreeEntry(path: item, isDirectory: type == Int32(DT_DIR), isSymbolicLink: type == Int32(DT_LNK), isHidden: isHidden))
                if type == Int32(DT_DIR) { visit(item, hidden: isHidden) }
            }
        }
        visit("", hidden: false)
        return entries
    }

    /// A symbolic link in content/ is an error: whatever it points at (the answer keys
    /// beside the site, /etc/hostname) would be published as if it were content.
    func symbolicLinks(_ tree: [TreeEntry]) -> [Diagnostic] {
        tree.filter(\.isSymbolicLink).map { entry in
            Diagnostic(file: display(entry.path), message: "symbolic links are not published",
                       hint: "copy the file into content/ instead of linking to it")
        }.sorted { $0.file < $1.file }
    }

    func assets(_ tree: [TreeEntry]) -> [String] {
        tree.filter { entry in
            !entry.isHidden && !entry.isSymbolicLink && !entry.isDirectory && !entry.path.hasSuffix(".md") && entry.path != "site.yaml"
        }.map(\.path).sorted()
    }

    func checkSlug(_ slug: String, _ contentPath: String, _ diagnostics: inout [Diagnostic]) {
        if !TextFolding.isValidSlug(slug) {
            let suggestion = TextFolding.slug(slug)
            diagnostics.append(Diagnostic(file: display(contentPath), message: "'\(slug)' is not a valid slug: use lowercase letters, digits and '-'",
                                          hint: suggestion.isEmpty ? nil : "rename it to '\(suggestion)'"))
        }
        // The page is written as SLUG.html, and file systems refuse names over 255 bytes:
        // without this check the build failed after check had passed.
        if slug.utf8.count > Self.maxSlugLength {
            diagnostics.append(Diagnostic(file: display(contentPath), message: "the name '\(slug.prefix(20))…' is \(slug.utf8.count) bytes long; the most is \(Self.maxSlugLength)",
                                          hint: "give it a shorter name"))
        }
    }

    /// 255 bytes, the longest file name, less `.html`.
    static let maxSlugLength = 250

    // MARK: - Site

    func loadSite(_ diagnostics: inout [Diagnostic]) -> SiteConfig {
        let file = "site.yaml"
        guard FileManager.default.fileExists(atPath: path(file)) else {
            diagnostics.append(Diagnostic(file: display(file), message: "site.yaml is missing",
                                          hint: "create it with title, language and organisation"))
            return SiteConfig()
        }
        guard let text = read(file, &diagnostics) else { return SiteConfig() }
        let reader = YAMLReader(file: display(file), firstLine: 1)
        let (node, error) = reader.compose(text.replacingOccurrences(of: "\r\n", with: "\n"))
        if let error { diagnostics.append(error); return SiteConfig() }
        guard let node else {
            diagnostics.append(reader.location(nil).error("site.yaml is empty", hint: "set title, language and organisation"))
            return SiteConfig()
        }
        diagnostics += reader.unknownKeys(in: node, schema: SiteConfig.schema, context: "site.yaml")
        let (decoded, decodeErrors) = reader.decodeLeniently(SiteConfig.self, from: node, context: "site.yaml")
        diagnostics += decodeErrors
        let site = decoded ?? SiteConfig()
        for key in ["title", "language", "organisation"] where node.value(forKey: key)?.string?.isEmpty ?? true {
            diagnostics.append(reader.location(of: node).error("missing required field '\(key)' in site.yaml"))
        }
        if let language = site.language, !SiteConfig.languages.contains(language) {
            diagnostics.append(reader.location(node.markOf(key: "language")).error(
                "unsupported language '\(language)'", hint: "use pl or en"))
        }
        for origin in site.ingestOrigins ?? [] where origin != "null" && origin.wholeMatch(of: /https?:\/\/[^\/\s]+/) == nil {
            diagnostics.append(reader.location(node.markOf(key: "ingest_origins")).error(
                "'\(origin)' is not an origin", hint: "write \"null\" (pages opened from file://) or scheme://host[:port], with no path"))
        }
        if let ingest = site.ingestURL, ingest.wholeMatch(of: /https?:\/\/\S+/) == nil {
            diagnostics.append(reader.location(node.markOf(key: "ingest_url")).error(
                "'ingest_url' must be an http:// or https:// address", hint: "e.g. https://szkolenia.example.pl/api/v1/sync"))
        }
        if let checks = site.checks, let checksNode = node.value(forKey: "checks") {
            for (key, value) in [("links", checks.links), ("headings", checks.headings)] {
                if let value, !CheckLevels.levels.contains(value) {
                    diagnostics.append(reader.location(checksNode.markOf(key: key)).error(
                        "unknown level '\(value)' for checks.\(key)",
                        hint: Suggestion.didYouMean(value, in: CheckLevels.levels) ?? "use error (the default: the build stops) or warning (reported, the site is built)"))
                }
            }
        }
        if let a11y = site.accessibility, let a11yNode = node.value(forKey: "accessibility") {
            let at = { (key: String) in reader.location(a11yNode.markOf(key: key)) }
            if let status = a11y.status, !AccessibilityInfo.statuses.contains(status) {
                diagnostics.append(at("status").error("unknown accessibility status '\(status)'", hint: "use full, partial or none"))
            }
            if let method = a11y.method, !AccessibilityInfo.methods.contains(method) {
                diagnostics.append(at("method").error("unknown assessment method '\(method)'", hint: "use self-assessment or external"))
            }
            if let email = a11y.contact?.email, !Self.looksLikeEmail(email) {
                diagnostics.append(reader.location(a11yNode.value(forKey: "contact")?.markOf(key: "email")).error(
                    "'\(email)' is not an e-mail address", hint: "write it as name@example.pl"))
            }
            for key in ["published", "updated", "prepared", "reviewed"] {
                if let value = a11yNode.value(forKey: key)?.string, !BookingRules.isISODate(value) {
                    diagnostics.append(at(key).error("'\(key)' should be a date as YYYY-MM-DD"))
                }
            }
        } else if diagnostics.isEmpty {
            diagnostics.append(reader.location(of: node).warning(
                "site.yaml has no 'accessibility' block, so the accessibility statement lacks its dates and contact",
                hint: "see docs/authoring.md, section site.yaml"))
        }
        return site
    }

    // MARK: - Pages

    /// Splits and decodes one Markdown file's front matter into `Meta`.
    /// `reuse` is asked once the file is read: front matter known from an earlier build of
    /// the same bytes, which then skips Yams.
    func loadPage<Meta: Decodable>(_ contentPath: String, _ type: Meta.Type, schema: KeySchema, context: String,
                                   reuse: () -> Meta? = { nil },
                                   _ diagnostics: inout [Diagnostic]) -> (Meta, MarkdownSource, Node?)? {
        guard let text = read(contentPath, &diagnostics) else { return nil }
        let (split, splitError) = FrontMatterSplit.split(text, file: display(contentPath))
        if let splitError { diagnostics.append(splitError); return nil }
        let body = MarkdownSource(file: display(contentPath), contentPath: contentPath, text: split.body, lineOffset: split.bodyLineOffset)
        if let meta = reuse() { return (meta, body, nil) }
        let emptyMapping = Node.mapping(Node.Mapping([]))
        guard let yaml = split.yaml else {
            let (meta, _) = YAMLReader(file: body.file, firstLine: 1).decodeLeniently(Meta.self, from: emptyMapping, context: context)
            return meta.map { ($0, body, nil) }
        }
        let reader = YAMLReader(file: display(contentPath), firstLine: split.yamlFirstLine)
        let (composed, syntaxError) = reader.compose(yaml)
        if let syntaxError { diagnostics.append(syntaxError); return nil }
        let node = composed ?? emptyMapping
        guard case .mapping = node else {
            diagnostics.append(reader.location(of: node).error("front matter should be 'key: value' lines",
                                                                hint: "did you forget the space after a colon?"))
            return nil
        }
        diagnostics += reader.unknownKeys(in: node, schema: schema, context: context)
        let (meta, decodeErrors) = reader.decodeLeniently(Meta.self, from: node, context: context)
        diagnostics += decodeErrors
        return meta.map { ($0, body, node) }
    }

    func loadCourse(slug: String, _ diagnostics: inout [Diagnostic]) -> (CourseMeta, MarkdownSource)? {
        let folder = "courses/\(slug)"
        checkSlug(slug, folder, &diagnostics)
        let coursePath = "\(folder)/course.md"
        guard FileManager.default.fileExists(atPath: path(coursePath)) else {
            diagnostics.append(Diagnostic(file: display(coursePath), message: "course '\(slug)' has no course.md",
                                          hint: "run: szpon new course \(slug)"))
            return nil
        }
        guard let (meta, intro, node) = loadPage(coursePath, CourseMeta.self, schema: CourseMeta.schema, context: "course front matter", &diagnostics) else {
            return nil
        }
        let reader = YAMLReader(file: display(coursePath), firstLine: node == nil ? 1 : 2)
        for key in ["title", "summary"] where (node?.value(forKey: key)?.string ?? "").isEmpty {
            diagnostics.append(reader.location(of: node).error("missing required field '\(key)' in course front matter"))
        }
        if let score = meta.passingScore, !(0...100).contains(score) {
            diagnostics.append(reader.location(node?.markOf(key: "passing_score")).error(
                "impossible passing score \(score)%: it must be between 0 and 100"))
        }
        if let identify = meta.identify, identify != CourseMeta.identifyByCode {
            diagnostics.append(reader.location(node?.markOf(key: "identify")).error(
                "unknown value '\(identify)' for 'identify'",
                hint: "write 'identify: code' to ask learners for the code their teacher hands out, or leave the key out: the course stays anonymous"))
        }
        checkAudience(meta, node, reader, &diagnostics)
        checkDuration(meta.duration, node, reader, &diagnostics)
        return (meta, intro)
    }

    /// `audience` assigns courses to people, so a near miss of a keyword ("everybody")
    /// would silently assign no one; `due_days` needs an audience to count from.
    func checkAudience(_ meta: CourseMeta, _ node: Node?, _ reader: YAMLReader, _ diagnostics: inout [Diagnostic]) {
        let place = reader.location(node?.markOf(key: "audience"))
        if let text = meta.audience?.text {
            let keywords = [CourseAudience.keywordEveryone, CourseAudience.keywordCitizens]
            let folded = TextFolding.fold(text)
            if let keyword = Suggestion.nearest(to: folded, in: keywords) {
                diagnostics.append(place.warning(
                    "audience '\(text)' only describes the course: it assigns it to no one",
                    hint: "did you mean 'audience: \(keyword)'? Or name groups: 'audience: {groups: [redaktorzy-www]}'"))
            }
        }
        if let rule = meta.audience?.rule, !rule.everyone, !rule.citizens,
           rule.groups.isEmpty, rule.offices.isEmpty, rule.departments.isEmpty, rule.roles.isEmpty {
            diagnostics.append(place.error("this audience names no one",
                                           hint: "give 'groups', 'office', 'department' or 'roles', or write 'audience: everyone'"))
        }
        if let roles = meta.audience?.rule?.roles {
            let known = ["admin", "official", "teacher", "learner"]
            for role in roles where !known.contains(role) {
                diagnostics.append(place.error("unknown role '\(role)' in audience",
                                               hint: Suggestion.didYouMean(role, in: known) ?? "roles are: \(known.joined(separator: ", "))"))
            }
        }
        if let days = meta.dueDays {
            let duePlace = reader.location(node?.markOf(key: "due_days"))
            if days <= 0 {
                diagnostics.append(duePlace.error("'due_days' must be a positive number of days"))
            } else if meta.audience?.rule == nil || meta.audience?.rule?.citizens == true {
                diagnostics.append(duePlace.warning("'due_days' has no effect: this course is assigned to no one",
                                                    hint: "add an audience such as 'audience: everyone' or 'audience: {groups: [...]}'"))
            }
        }
    }

    /// Course and lesson pages show their duration and sum it, so it must be a real time.
    func checkDuration(_ duration: Int?, _ node: Node?, _ reader: YAMLReader, _ diagnostics: inout [Diagnostic]) {
        if let duration, duration <= 0 {
            diagnostics.append(reader.location(node?.markOf(key: "duration")).error("'duration' is in minutes and must be positive"))
        }
    }

    /// The body of a page the loader left unread (`LoadMemo.isUnread`), read as `load`
    /// reads it, with the digest of the file's bytes; nil if it cannot be read now.
    public func body(of contentPath: String) -> (MarkdownSource, digest: String)? {
        guard let data = FileManager.default.contents(atPath: path(contentPath)),
              let text = String(validating: data, as: UTF8.self) else { return nil }
        let (split, splitError) = FrontMatterSplit.split(text, file: display(contentPath))
        if splitError != nil { return nil }
        return (MarkdownSource(file: display(contentPath), contentPath: contentPath, text: split.body, lineOffset: split.bodyLineOffset),
                SourceDigest.of(data))
    }

    /// `NN-slug.md` → number and slug, or nil when the name does not follow the pattern.
    static func lessonName(_ name: String) -> (number: Int, slug: String)? {
        let stem = name.dropLast(3)
        guard let dash = stem.firstIndex(of: "-"), !stem[..<dash].isEmpty, stem[..<dash].allSatisfy(\.isASCII),
              stem[..<dash].allSatisfy(\.isNumber), let number = Int(stem[..<dash]) else { return nil }
        return (number, String(stem[stem.index(after: dash)...]))
    }

    /// `7` → `07`. Not `String(format: "%02d")`, which reads only 32 bits of an `Int`.
    static func lessonNumber(_ number: Int) -> String {
        let digits = String(number)
        return digits.count < 2 ? "0" + digits : digits
    }

    func loadLesson(course: String, file name: String, _ diagnostics: inout [Diagnostic]) -> Lesson? {
        let contentPath = "courses/\(course)/\(name)"
        guard let (number, lessonSlug) = Self.lessonName(name) else {
            diagnostics.append(Diagnostic(file: display(contentPath), message: "lesson file name should start with its number and a dash",
                                          hint: "rename it to \(suggestedLessonName(name, course: course))"))
            return nil
        }
        checkSlug(lessonSlug, contentPath, &diagnostics)
        if lessonSlug == "index" {
            diagnostics.append(Diagnostic(file: display(contentPath), message: "a lesson cannot be named 'index': that is the course page"))
        }
        if let lesson = memo?.untouchedLesson(contentPath, path: path(contentPath)) {
            return Lesson(number: number, slug: lessonSlug, meta: lesson.meta,
                          body: MarkdownSource(file: display(contentPath), contentPath: contentPath, text: "", lineOffset: lesson.bodyLineOffset))
        }
        let before = diagnostics.count
        var reused = false
        guard let (meta, body, node) = loadPage(contentPath, LessonMeta.self, schema: LessonMeta.schema, context: "lesson front matter",
                                                reuse: { memo?.reusableMeta(of: contentPath).map { reused = true; return $0 } }, &diagnostics) else {
            return nil
        }
        // Only front matter read without a problem is remembered, so a reused one has none to report.
        if !reused {
            checkDuration(meta.duration, node, YAMLReader(file: display(contentPath), firstLine: node == nil ? 1 : 2), &diagnostics)
        }
        if diagnostics.count == before { memo?.remember(contentPath, meta: meta, bodyLineOffset: body.lineOffset) }
        return Lesson(number: number, slug: lessonSlug, meta: meta, body: body)
    }

    /// Line and column (in characters) of the first byte that is not valid UTF-8.
    static func firstInvalidUTF8(_ data: Data) -> (Int, Int) {
        var line = 1, column = 1
        var iterator = data.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(scalar):
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput, .error:
                return (line, column)
            }
        }
    }

    static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !text.contains(" ")
    }

    /// `08 spacja.md` → `08-spacja.md`; `bez-numeru.md` → the next free number.
    func suggestedLessonName(_ name: String, course: String) -> String {
        let stem = String(name.dropLast(3))
        let digits = stem.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty {
            let rest = TextFolding.slug(String(stem.dropFirst(digits.count)))
            return "\(digits)-\(rest.isEmpty ? "lekcja" : rest).md"
        }
        let numbers = list("courses/\(course)").compactMap { Self.lessonName($0)?.number }
        // A lesson numbered Int.max must not make the hint overflow.
        let next = numbers.max().map { $0 == Int.max ? $0 : $0 + 1 } ?? 1
        return Self.lessonNumber(next) + "-\(TextFolding.slug(stem)).md"
    }

    /// Two lessons with one number, or two files that would become the same page.
    func checkLessonNames(course: String) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var numbers: [Int: String] = [:]
        var slugs: [String: String] = [:]
        for name in list("courses/\(course)") where name.hasSuffix(".md") && name != "course.md" {
            guard let (number, slug) = Self.lessonName(name) else { continue }
            let file = display("courses/\(course)/\(name)")
            if let other = numbers[number] {
                diagnostics.append(Diagnostic(file: file, message: "two lessons are numbered \(number): \(other) and \(name)",
                                              hint: "give each lesson its own number"))
            }
            if let other = slugs[slug] {
                diagnostics.append(Diagnostic(file: file, message: "duplicate lesson slug '\(slug)': \(other) and \(name) would both become \(slug).html"))
            }
            numbers[number] = name
            slugs[slug] = name
        }
        return diagnostics
    }

    func loadGuide(file name: String, _ diagnostics: inout [Diagnostic]) -> Guide? {
        let slug = String(name.dropLast(3))
        let contentPath = "guides/\(name)"
        checkSlug(slug, contentPath, &diagnostics)
        guard let (meta, body, node) = loadPage(contentPath, GuideMeta.self, schema: GuideMeta.schema, context: "guide front matter", &diagnostics) else {
            return nil
        }
        let reader = YAMLReader(file: display(contentPath), firstLine: node == nil ? 1 : 2)
        for key in ["title", "summary"] where (node?.value(forKey: key)?.string ?? "").isEmpty {
            diagnostics.append(reader.location(of: node).error("missing required field '\(key)' in guide front matter"))
        }
        for (index, document) in (meta.documents ?? []).enumerated() where (document.name ?? "").isEmpty {
            let at = node?.value(forKey: "documents")?.sequence?[index]
            diagnostics.append(reader.location(of: at).error("a document in the checklist needs a 'name'"))
        }
        for (index, fee) in (meta.fees ?? []).enumerated() where (fee.item ?? "").isEmpty || (fee.amount ?? "").isEmpty {
            let at = node?.value(forKey: "fees")?.sequence?[index]
            diagnostics.append(reader.location(of: at).error("a fee needs an 'item' and an 'amount'"))
        }
        for (index, attachment) in (meta.attachments ?? []).enumerated() {
            let at = reader.location(of: node?.value(forKey: "attachments")?.sequence?[index])
            guard let file = attachment.file, !file.isEmpty else {
                diagnostics.append(at.error("an attachment needs a 'file'"))
                continue
            }
            if (attachment.title ?? "").isEmpty {
                diagnostics.append(at.error("attachment '\(file)' needs a 'title' that says what it is"))
            }
            let resolved = ContentPath.resolve(file, from: contentPath)
            if resolved == nil || !FileManager.default.fileExists(atPath: path(resolved!)) || isDirectory(path(resolved!)) {
                diagnostics.append(at.error("attachment '\(file)' not found", hint: "put the file next to the guide, e.g. content/guides/\(slug)/\((file as NSString).lastPathComponent)"))
            }
        }
        var booking: BookingRules?
        if let bookingNode = node?.value(forKey: "booking") {
            let (rules, problems) = BookingRules.parse(bookingNode, reader: reader)
            booking = rules
            diagnostics += problems
        }
        return Guide(slug: slug, meta: meta, body: body, booking: booking)
    }
}
