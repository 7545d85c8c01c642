import Foundation

/// Starter files for `szpon new`, written so that they pass `szpon check` as they are.
public enum Scaffold {
    public enum Kind: String, CaseIterable, Sendable {
        case course, lesson, guide, survey
    }

    public enum Problem: Error, CustomStringConvertible {
        case invalidName(String, suggestion: String)
        case exists(String)
        case noCourse(String)
        case lessonNeedsCourse(String)
        case numberedLesson(String, suggestion: String)

        public var description: String {
            switch self {
            case let .invalidName(name, suggestion):
                return "'\(name)' is not a valid name: use lowercase letters, digits and '-'" + (suggestion.isEmpty ? "" : " (e.g. '\(suggestion)')")
            case let .exists(path): return "\(path) already exists; nothing was written"
            case let .noCourse(path): return "no course at \(path); create it first with: szpon new course NAME"
            case let .lessonNeedsCourse(name): return "name the course too: szpon new lesson COURSE/\(name)"
            case let .numberedLesson(name, suggestion):
                return "'\(name)' starts with a number; give the lesson's name only (e.g. '\(suggestion)'): szpon numbers it"
            }
        }
    }

    /// The files to write, relative to the content folder. Nothing is written here.
    public static func files(_ kind: Kind, name: String, contentRoot: String) throws -> [(path: String, text: String)] {
        let fm = FileManager.default
        var course: String?
        var slug = name
        if kind == .lesson {
            let parts = name.split(separator: "/").map(String.init)
            guard parts.count == 2 else { throw Problem.lessonNeedsCourse(name) }
            course = parts[0]
            slug = parts[1]
        }
        for part in [course, slug].compactMap({ $0 }) where !TextFolding.isValidSlug(part) {
            throw Problem.invalidName(part, suggestion: TextFolding.slug(part))
        }
        if kind == .lesson, let parsed = ContentLoader.lessonName(slug + ".md") {
            throw Problem.numberedLesson(slug, suggestion: parsed.slug)
        }
        let title = humanTitle(slug)
        switch kind {
        case .course:
            let folder = "courses/\(slug)"
            if fm.fileExists(atPath: "\(contentRoot)/\(folder)") { throw Problem.exists("\(contentRoot)/\(folder)") }
            return [
                ("\(folder)/course.md", """
                ---
                title: \(title)
                summary: Krótki opis kursu – czego uczestnik się nauczy.
                audience: mieszkańcy
                duration: 15
                passing_score: 70
                ---

                Wprowadzenie do kursu. Opisz, dla kogo jest kurs i jak z niego korzystać.

                """),
                ("\(folder)/01-wprowadzenie.md", lessonText(title: "Wprowadzenie", quizID: unusedID("\(slug)-sprawdz-sie", contentRoot: contentRoot))),
            ] + siteFile(contentRoot)
        case .lesson:
            let folder = "courses/\(course!)"
            guard fm.fileExists(atPath: "\(contentRoot)/\(folder)/course.md") else { throw Problem.noCourse("\(contentRoot)/\(folder)") }
            let existing = (try? fm.contentsOfDirectory(atPath: "\(contentRoot)/\(folder)")) ?? []
            if let clash = existing.first(where: { ContentLoader.lessonName($0)?.slug == slug }) {
                throw Problem.exists("\(contentRoot)/\(folder)/\(clash)")
            }
            let numbers = existing.compactMap { name in Int(name.prefix { $0.isNumber }) }
            // A lesson numbered Int.max must not make the next number overflow.
            let next = numbers.max().map { $0 == Int.max ? $0 : $0 + 1 } ?? 1
            let file = "\(folder)/\(ContentLoader.lessonNumber(next))-\(slug).md"
            return [(file, lessonText(title: title, quizID: nil))]
        case .guide:
            let file = "guides/\(slug).md"
            if fm.fileExists(atPath: "\(contentRoot)/\(file)") { throw Problem.exists("\(contentRoot)/\(file)") }
            return [(file, """
            ---
            title: \(title)
            summary: Jak załatwić tę sprawę w urzędzie.
            audience: Mieszkańcy, którzy ...
            documents:
              - name: Dowód osobisty
            fees:
              - item: Opłata skarbowa
                amount: 0 zł
            location:
              office: Urząd
              address: ul. Przykładowa 1
              hours:
                - poniedziałek–piątek 8:00–16:00
            ---

            ## Krok po kroku

            1. Przygotuj dokumenty.
            2. Przyjdź do urzędu albo zarezerwuj wizytę.

            """)] + siteFile(contentRoot)
        case .survey:
            let file = "surveys/\(slug).md"
            if fm.fileExists(atPath: "\(contentRoot)/\(file)") { throw Problem.exists("\(contentRoot)/\(file)") }
            return [(file, """
            ---
            title: \(title)
            summary: Krótka ankieta.
            ---

            ```survey
            id: \(unusedID(slug, contentRoot: contentRoot))
            anonymous: true
            questions:
              - id: ocena
                type: likert
                scale: 5
                text: Jestem zadowolony(-a) ze szkolenia.
                required: true
              - id: uwagi
                type: text
                text: Co możemy poprawić?
            ```

            """)] + siteFile(contentRoot)
        }
    }

    /// A new content folder gets its `site.yaml` too, so the first `szpon new` gives a site that passes check.
    static func siteFile(_ contentRoot: String) -> [(path: String, text: String)] {
        guard !FileManager.default.fileExists(atPath: "\(contentRoot)/site.yaml") else { return [] }
        return [("site.yaml", """
        title: Nowy serwis szkoleniowy
        language: pl
        organisation: Nazwa urzędu lub szkoły
        accessibility:
          published: 2026-01-01
          updated: 2026-01-01
          prepared: 2026-01-01
          method: self-assessment
          status: partial
          non_compliant: []
          contact:
            name: Imię i nazwisko
            email: dostepnosc@example.pl
            phone: "+48 00 000 00 00"

        """)]
    }

    /// Quiz and survey ids must be unique in the site; a scaffold never takes one already used.
    static func unusedID(_ base: String, contentRoot: String) -> String {
        var used: Set<String> = []
        if let files = FileManager.default.enumerator(atPath: contentRoot)?.allObjects as? [String] {
            for file in files where file.hasSuffix(".md") {
                guard let text = try? String(contentsOfFile: "\(contentRoot)/\(file)", encoding: .utf8) else { continue }
                for line in text.split(separator: "\n") where line.hasPrefix("id: ") {
                    used.insert(String(line.dropFirst(4)).trimmed)
                }
            }
        }
        var candidate = base
        var number = 2
        while used.contains(candidate) {
            candidate = "\(base)-\(number)"
            number += 1
        }
        return candidate
    }

    static func lessonText(title: String, quizID: String?) -> String {
        var text = """
        ---
        title: \(title)
        duration: 5
        ---

        ## Najważniejsze informacje

        Treść lekcji w Markdownie.

        """
        if let quizID {
            text += """

            ```quiz
            id: \(quizID)
            title: Sprawdź się
            mode: immediate
            questions:
              - id: pytanie-1
                type: truefalse
                text: To jest przykładowe pytanie.
                answer: true
            ```

            """
        }
        return text
    }

    static func humanTitle(_ slug: String) -> String {
        let words = slug.split(separator: "-").joined(separator: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}
