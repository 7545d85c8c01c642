import Foundation

/// A small site described as files in one place, written to a fresh temporary folder
/// (the way Hugo's integration tests describe a site as a file tree).
struct FileTree {
    let root: URL

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let theme = repository.appendingPathComponent("themes/default").path

    init(_ files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("szpon-test-\(UUID().uuidString)")
        for (path, text) in files {
            try write(path, text)
        }
    }

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    func read(_ relative: String) -> String? {
        try? String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
    }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path(relative)) }

    /// Every file below a folder, relative to it, sorted.
    func files(under relative: String) -> [String] {
        let base = path(relative)
        let all = FileManager.default.enumerator(atPath: base)?.allObjects as? [String] ?? []
        return all.filter { name in
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: base + "/" + name, isDirectory: &isDirectory)
            return !isDirectory.boolValue
        }.sorted()
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    static let siteYAML = """
    title: Akademia Testowa
    language: pl
    organisation: Urząd Testowy
    accessibility:
      published: 2026-01-01
      updated: 2026-02-01
      prepared: 2026-02-01
      method: self-assessment
      status: partial
      non_compliant: [Stare PDF-y]
      contact: { name: Anna Nowak, email: a11y@example.pl, phone: "+48 12 000 00 00" }
    """

    /// A small but complete site: a course with two lessons and a quiz, a guide and a survey.
    static func smallSite() throws -> FileTree {
        try FileTree([
            "content/site.yaml": siteYAML,
            "content/courses/odpady/course.md": """
            ---
            title: Odpady
            summary: Krótki kurs.
            audience: mieszkańcy
            duration: 20
            passing_score: 60
            ---

            Zacznij od [pierwszej lekcji](01-wstep.md).
            """,
            "content/courses/odpady/01-wstep.md": """
            # Wstęp

            ## Żółty pojemnik

            Do żółtego pojemnika wrzucamy metale. Zobacz [opłaty](../../guides/dowod.md#oplaty)
            i [następną lekcję](02-test.md#sprawdz-sie).

            ![Żółty pojemnik](img/zolty.svg)
            """,
            "content/courses/odpady/img/zolty.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            "content/courses/odpady/02-test.md": """
            ---
            title: Test
            ---

            ## Sprawdź się

            ```quiz
            id: odpady-test
            graded: true
            mode: exam
            questions:
              - id: a
                type: single
                text: Gdzie wrzucisz puszkę?
                answers:
                  - { text: Żółty, correct: true, feedback: Dobrze }
                  - { text: Zielony }
            ```
            """,
            "content/guides/dowod.md": """
            ---
            title: Dowód osobisty
            summary: Jak wymienić dowód.
            audience: Dorośli mieszkańcy.
            documents: [{ name: Zdjęcie 35×45 mm }]
            fees: [{ item: Wydanie dowodu, amount: 0 zł }]
            location: { office: Urząd, address: ul. Główna 1, hours: ["pon.–pt. 8–16"] }
            attachments: [{ file: dowod/wniosek.pdf, title: Wniosek }]
            booking: { desks: 1, slot_minutes: 15, hours: { mon: "08:00-16:00" } }
            ---

            ## Krok po kroku

            1. Złóż wniosek.
            """,
            "content/guides/dowod/wniosek.pdf": "%PDF-1.4 test",
            "content/surveys/ankieta.md": """
            ---
            title: Ankieta
            ---

            ```survey
            id: ankieta
            anonymous: true
            questions:
              - { id: a, type: likert, text: Było dobrze., required: true }
              - { id: b, type: matrix, text: Oceń., rows: [Treść], columns: [Słabo, Dobrze] }
            ```
            """,
        ])
    }
}
