import Foundation
import Yams

/// The files `szpon import gift` writes, worked out completely before anything is written.
public struct GiftImportPlan: Sendable, Hashable {
    public struct File: Sendable, Hashable {
        /// As the user named the target folder, e.g. `content/courses/kurs/01-examples.md`.
        public var path: String
        public var text: String
    }

    public var files: [File]
    /// Questions imported, over all lessons.
    public var questionCount: Int
}

/// Turns GIFT question banks into szpon lessons: one lesson holding one quiz per GIFT category (or
/// per input file without categories). Every question is checked with szpon's own quiz parser before
/// the plan is returned, so a plan that exists passes `szpon check`; with any error there is no plan.
public enum GiftImporter {
    public enum Problem: Error, CustomStringConvertible, Equatable {
        case notACourseFolder(String)
        case invalidCourseSlug(String, suggestion: String)

        public var description: String {
            switch self {
            case let .notACourseFolder(path):
                return "'\(path)' is not a course folder: import into CONTENT/courses/SLUG/, e.g. --into content/courses/moodle/"
            case let .invalidCourseSlug(slug, suggestion):
                return "'\(slug)' is not a valid course name: use lowercase letters, digits and '-'" + (suggestion.isEmpty ? "" : " (e.g. '\(suggestion)')")
            }
        }
    }

    /// The GIFT files as named on the command line, read from disk.
    public static func plan(files: [String], into folder: String) throws -> (GiftImportPlan?, [Diagnostic]) {
        var sources: [(file: String, text: String)] = []
        var diagnostics: [Diagnostic] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                diagnostics.append(Diagnostic(file: file, message: "cannot read this file"))
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                let (line, column) = ContentLoader.firstInvalidUTF8(data)
                diagnostics.append(Diagnostic(file: file, line: line, column: column, message: "the file is not valid UTF-8",
                                              hint: "save the GIFT file as UTF-8 (Moodle exports it so)"))
                continue
            }
            sources.append((file, text))
        }
        let (plan, problems) = try plan(sources: sources, into: folder)
        diagnostics += problems
        diagnostics.sort()
        return (diagnostics.hasErrors ? nil : plan, diagnostics)
    }

    /// GIFT texts (with the file names to report) → the lesson files for `folder` (`CONTENT/courses/SLUG`).
    public static func plan(sources: [(file: String, text: String)], into folder: String) throws -> (GiftImportPlan?, [Diagnostic]) {
        let target = try Target(folder)
        var diagnostics: [Diagnostic] = []

        // Questions grouped into lessons, in order of first appearance.
        var groups: [Group] = []
        var groupIndex: [String: Int] = [:]
        for source in sources {
            let (questions, problems) = GiftParser.parse(source.text, file: source.file)
            diagnostics += problems
            if questions.isEmpty, problems.isEmpty {
                diagnostics.append(Diagnostic(file: source.file, message: "no GIFT questions found in this file"))
            }
            for question in questions {
                let key: String
                let title: String
                if let category = question.category, let last = category.last {
                    key = "category:" + category.joined(separator: "/")
                    title = last
                } else {
                    key = "file:" + source.file
                    title = fileTitle(source.file)
                }
                if groupIndex[key] == nil {
                    groupIndex[key] = groups.count
                    groups.append(Group(title: title))
                }
                groups[groupIndex[key]!].questions.append(question)
            }
        }

        let fm = FileManager.default
        let existing = (try? fm.contentsOfDirectory(atPath: target.folder)) ?? []
        var usedSlugs = Set(existing.compactMap { $0.hasSuffix(".md") ? ContentLoader.lessonName($0)?.slug : nil } + ["index"])
        let numbered = existing.sorted().compactMap { name in name.hasSuffix(".md") ? ContentLoader.lessonName(name).map { (name, $0.number) } : nil }
        var number = 1
        if let (lastName, last) = numbered.max(by: { $0.1 < $1.1 }) {
            // A lesson numbered near Int.max would make the next number overflow.
            if last > Int.max - groups.count {
                diagnostics.append(Diagnostic(file: "\(target.displayFolder)/\(lastName)",
                                              message: "lesson number \(last) leaves no number for the imported lessons",
                                              hint: "renumber the lessons of this course from 01"))
            } else {
                number = last + 1
            }
        }
        var usedQuizIDs: Set<String> = []
        var files: [GiftImportPlan.File] = []

        for group in groups {
            let base = Self.fileSlug(group.title)
            let slug = unique(base, in: usedSlugs)
            usedSlugs.insert(slug)
            func newQuizID() -> String {
                // `<course>-<lesson>`, then `-2`, `-3`… for the lesson's next quiz blocks, unused in the content folder and this import.
                let base = "\(target.course)-\(slug)"
                var quizID = Scaffold.unusedID(base, contentRoot: target.contentRoot)
                var suffix = 2
                while usedQuizIDs.contains(quizID) {
                    quizID = Scaffold.unusedID("\(base)-\(suffix)", contentRoot: target.contentRoot)
                    suffix += 1
                }
                usedQuizIDs.insert(quizID)
                return quizID
            }

            // The lesson's items in order: descriptions are paragraphs of the lesson, and each run of
            // questions between them is one quiz block, as Moodle shows a description among the questions.
            var body = ""
            var groupFailed = false
            var quizzes = 0
            var run: [GiftQuestion] = []
            let file = "\(target.displayFolder)/\(ContentLoader.lessonNumber(number))-\(slug).md"
            number += 1
            let frontMatter = "---\n" + serialize(Node([(key("title"), string(group.title))])) + "---\n"

            func closeQuiz() {
                guard !run.isEmpty else { return }
                defer { run = [] }
                quizzes += 1
                var questionIDs: Set<String> = []
                var questionNodes: [Node] = []
                for (position, question) in run.enumerated() {
                    let named = question.name.map(TextFolding.slug) ?? ""
                    let id = unique(named.isEmpty ? "q\(position + 1)" : named, in: questionIDs)
                    questionIDs.insert(id)
                    let node = questionNode(question, id: id)
                    let problems = validate(node)
                    if problems.isEmpty {
                        questionNodes.append(node)
                    } else {
                        groupFailed = true
                        diagnostics += problems.map {
                            // The id is the importer's, not the author's: name the question by where it is.
                            var message = $0.message
                            for kind in ["matching ", "single-choice ", ""] {
                                message = message.replacingOccurrences(of: "\(kind)question '\(id)'", with: "this question")
                            }
                            return question.location.error("cannot import this \(question.kindName) question: \(message)")
                        }
                    }
                }
                var quiz: [(Node, Node)] = [(key("id"), string(newQuizID()))]
                // The lesson's first quiz carries its title; the next ones follow a description, which introduces them.
                if quizzes == 1 { quiz.append((key("title"), string(group.title))) }
                quiz += [
                    (key("mode"), string(Quiz.FeedbackMode.after.rawValue)),
                    (key("questions"), Node(questionNodes)),
                ]
                let yaml = serialize(Node(quiz))
                body += "\n```quiz\n"
                if !groupFailed {
                    // Site-wide and quiz-level rules (the questions passed one by one above).
                    let firstLine = (frontMatter + body).reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
                    let (_, problems) = QuizParser.parse(yaml: yaml, reader: YAMLReader(file: file, firstLine: firstLine))
                    diagnostics += problems.filter { $0.severity == .error }
                }
                body += yaml + "```\n"
            }

            for item in group.questions {
                guard item.isDescription else {
                    run.append(item)
                    continue
                }
                closeQuiz()
                if let title = item.name { body += "\n## " + GiftMarkdown.heading(title) + "\n" }
                body += "\n" + GiftMarkdown.paragraph(item.text) + "\n"
            }
            closeQuiz()
            files.append(.init(path: file, text: frontMatter + body))
        }

        // Nothing to import (only categories): nothing to write, not even the course around it.
        if groups.isEmpty {
            diagnostics.sort()
            return (diagnostics.hasErrors ? nil : GiftImportPlan(files: [], questionCount: 0), diagnostics)
        }
        if !fm.fileExists(atPath: "\(target.folder)/course.md") {
            files.append(.init(path: "\(target.displayFolder)/course.md", text: courseText(target.course)))
        }
        for (path, text) in Scaffold.siteFile(target.contentRoot) {
            files.append(.init(path: target.displayRoot + path, text: text))
        }
        let count = groups.reduce(0) { $0 + $1.questions.filter { !$0.isDescription }.count }
        diagnostics.sort()
        return (diagnostics.hasErrors ? nil : GiftImportPlan(files: files, questionCount: count), diagnostics)
    }

    /// Writes every file of the plan, or none: on any failure the files and folders written so far are removed.
    public static func write(_ plan: GiftImportPlan) throws {
        let fm = FileManager.default
        var written: [String] = []
        var createdFolders: [String] = []
        do {
            for file in plan.files {
                var missing: [String] = []
                var folder = (file.path as NSString).deletingLastPathComponent
                while !folder.isEmpty, !fm.fileExists(atPath: folder) {
                    missing.append(folder)
                    folder = (folder as NSString).deletingLastPathComponent
                }
                for folder in missing.reversed() {
                    try fm.createDirectory(atPath: folder, withIntermediateDirectories: false)
                    createdFolders.append(folder)
                }
                try Data(file.text.utf8).write(to: URL(fileURLWithPath: file.path), options: .withoutOverwriting)
                written.append(file.path)
            }
        } catch {
            for path in written.reversed() { try? fm.removeItem(atPath: path) }
            for folder in createdFolders.reversed() { try? fm.removeItem(atPath: folder) }
            throw error
        }
    }

    // MARK: - Target folder

    struct Target {
        /// The course folder as given, without a trailing slash (for messages and written paths).
        var displayFolder: String
        /// The same, usable as a file-system path.
        var folder: String
        var course: String
        /// The content folder (`.` when the course folder was given as `courses/SLUG`).
        var contentRoot: String
        /// Prefix of paths in the content folder as shown: `content/` or nothing.
        var displayRoot: String

        init(_ given: String) throws {
            var folder = given
            while folder.count > 1, folder.hasSuffix("/") { folder.removeLast() }
            let course = (folder as NSString).lastPathComponent
            let courses = (folder as NSString).deletingLastPathComponent
            guard (courses as NSString).lastPathComponent == "courses" else { throw Problem.notACourseFolder(given) }
            guard TextFolding.isValidSlug(course) else { throw Problem.invalidCourseSlug(course, suggestion: TextFolding.slug(course)) }
            let root = (courses as NSString).deletingLastPathComponent
            displayFolder = folder
            self.folder = folder
            self.course = course
            contentRoot = root.isEmpty ? "." : root
            displayRoot = root.isEmpty ? "" : (root.hasSuffix("/") ? root : root + "/")
        }
    }

    struct Group {
        var title: String
        var questions: [GiftQuestion] = []
    }

    /// The slug of a lesson's file name. A category name can be any length, and a file name
    /// longer than 255 bytes cannot be written, so the slug keeps at most its first 60
    /// characters, cut at a dash.
    static func fileSlug(_ title: String) -> String {
        let slug = TextFolding.slug(title)
        guard !slug.isEmpty else { return "quiz" }
        guard slug.count > 60 else { return slug }
        let head = slug.prefix(60)
        return String(head.lastIndex(of: "-").map { head[..<$0] } ?? head)
    }

    static func unique(_ base: String, in used: Set<String>) -> String {
        var candidate = base
        var number = 2
        while used.contains(candidate) {
            candidate = "\(base)-\(number)"
            number += 1
        }
        return candidate
    }

    /// `questions_in_category.gift.txt` → `Questions in category`.
    static func fileTitle(_ file: String) -> String {
        var name = (file as NSString).lastPathComponent
        while let dot = name.lastIndex(of: "."), ["txt", "gift"].contains(name[name.index(after: dot)...].lowercased()) {
            name = String(name[..<dot])
        }
        let words = name.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ").trimmed
        guard !words.isEmpty else { return "Pytania" }
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// A `course.md` that passes `szpon check`, like the one `szpon new course` writes.
    static func courseText(_ slug: String) -> String {
        let meta = Node([
            (key("title"), string(Scaffold.humanTitle(slug))),
            (key("summary"), string("Pytania zaimportowane z Moodle (format GIFT).")),
            (key("passing_score"), number(70)),
        ])
        return "---\n" + serialize(meta) + "---\n\nWprowadzenie do kursu. Opisz, dla kogo jest kurs i jak z niego korzystać.\n"
    }

    // MARK: - Quiz YAML

    static func questionNode(_ question: GiftQuestion, id: String) -> Node {
        var pairs: [(Node, Node)] = [(key("id"), string(id))]
        func add(_ name: String, _ value: Node) { pairs.append((key(name), value)) }
        func markdown(_ text: GiftQuestion.Text) -> Node { string(GiftMarkdown.markdown(text)) }

        let type: String
        switch question.body {
        case let .multipleChoice(choices):
            let credits = choices.map(\.credit)
            type = credits.filter({ $0 == 100 }).count == 1 && !credits.contains(where: { $0 < 0 }) ? "single" : "multiple"
        case .trueFalse: type = "truefalse"
        case .shortAnswer: type = "short"
        case .numeric: type = "numeric"
        case .matching: type = "matching"
        // A description is lesson text, never a question node.
        case .essay, .description: type = "essay"
        }
        add("type", string(type))
        add("text", markdown(question.text))
        add("points", number(1))
        if let feedback = question.generalFeedback { add("feedback", markdown(feedback)) }

        switch question.body {
        case let .multipleChoice(choices):
            // `=` is `correct: true`; GIFT's percentages are weights. In a weighted multiple-answer
            // question an unweighted `=` answer is worth 100% (as in Moodle), so it gets `weight: 100`.
            let weighted = type == "multiple" && choices.contains { $0.weight != nil }
            add("answers", Node(choices.map { choice in
                var answer: [(Node, Node)] = [(key("text"), markdown(choice.text))]
                if let weight = choice.weight {
                    answer.append((key("weight"), number(weight)))
                } else if choice.isRight {
                    answer.append(weighted ? (key("weight"), number(100)) : (key("correct"), bool(true)))
                }
                if let feedback = choice.feedback { answer.append((key("feedback"), markdown(feedback))) }
                return Node(answer)
            }))
        case let .trueFalse(truth, wrong, right):
            add("answer", bool(truth))
            let (whenTrue, whenFalse) = truth ? (right, wrong) : (wrong, right)
            if let whenTrue { add("feedback_true", markdown(whenTrue)) }
            if let whenFalse { add("feedback_false", markdown(whenFalse)) }
        case let .shortAnswer(answers):
            if answers.allSatisfy({ ($0.weight ?? 100) == 100 && $0.feedback == nil }) {
                add("accept", Node(answers.map { string($0.text) }))
            } else {
                add("answers", Node(answers.map { answer in
                    var item: [(Node, Node)] = [(key("text"), string(answer.text)), (key("weight"), number(answer.weight ?? 100))]
                    if let feedback = answer.feedback { item.append((key("feedback"), markdown(feedback))) }
                    return Node(item)
                }))
            }
        case let .numeric(answers, otherFeedback):
            func value(_ value: GiftQuestion.NumericValue) -> [(Node, Node)] {
                switch value {
                case let .value(number, tolerance):
                    return [(key("answer"), self.number(number))] + (tolerance.map { [(key("tolerance"), self.number($0))] } ?? [])
                case let .range(min, max):
                    return [(key("min"), number(min)), (key("max"), number(max))]
                }
            }
            if answers.count == 1, otherFeedback == nil, let only = answers.first, only.feedback == nil, (only.weight ?? 100) == 100 {
                for (name, node) in value(only.value) { pairs.append((name, node)) }
            } else {
                var items = answers.map { answer in
                    var item = value(answer.value)
                    if let weight = answer.weight { item.append((key("weight"), number(weight))) }
                    if let feedback = answer.feedback { item.append((key("feedback"), markdown(feedback))) }
                    return Node(item)
                }
                if let otherFeedback { items.append(Node([(key("feedback"), markdown(otherFeedback))])) }
                add("answers", Node(items))
            }
        case let .matching(matchPairs, distractors):
            add("pairs", Node(matchPairs.map { Node([(key("left"), markdown($0.left)), (key("right"), string($0.right))]) }))
            if !distractors.isEmpty { add("distractors", Node(distractors.map(string))) }
        case .essay, .description:
            break
        }
        return Node(pairs)
    }

    /// The question's errors as szpon's quiz parser reports them.
    static func validate(_ question: Node) -> [Diagnostic] {
        let quiz = Node([(key("id"), string("gift-import")), (key("questions"), Node([question]))])
        let (_, problems) = QuizParser.parse(yaml: serialize(quiz), reader: YAMLReader(file: "gift-import", firstLine: 1))
        return problems.filter { $0.severity == .error }
    }

    static func serialize(_ node: Node) -> String {
        // Only strings, numbers and booleans go in, which libyaml always emits.
        (try? Yams.serialize(node: node, indent: 2, width: -1, allowUnicode: true)) ?? ""
    }

    static func key(_ name: String) -> Node { Node(name, Tag(.str)) }

    /// A string, quoted where YAML would read it as something else; text with line breaks double-quoted.
    static func string(_ text: String) -> Node {
        if text.contains("\n") || text.contains("\r") { return .scalar(.init(text, Tag(.str), .doubleQuoted)) }
        return .scalar(text.represented())
    }

    static func bool(_ value: Bool) -> Node { .scalar(value.represented()) }

    /// Whole numbers without a fraction; others in plain decimal notation (no exponent).
    static func number(_ value: Double) -> Node {
        if value == value.rounded(), abs(value) < 1e15 { return Node(String(Int(value)), Tag(.int)) }
        var text = "\(value)"
        if text.contains("e") || text.contains("E") {
            text = String(format: "%.17f", value)
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text += "0" }
        }
        return Node(text, Tag(.float))
    }
}
