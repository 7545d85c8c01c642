import Foundation
import Testing
import Yams
@testable import SzponContent

/// Inputs found by fuzzing `szpon check`, `build` and `import gift` that used to crash the
/// tool; each must now give a diagnostic (or be accepted) instead.
struct HostileInputTests {
    let reader = YAMLReader(file: "lesson.md", firstLine: 10)

    func parse(_ yaml: String) -> (Quiz?, [String]) {
        let (quiz, diagnostics) = QuizParser.parse(yaml: yaml, reader: reader)
        return (quiz, diagnostics.map(\.description))
    }

    func quiz(_ question: String) -> String {
        """
        id: q
        questions:
          - id: a
        \(question)
        """
    }

    /// Yams reads `1:1:…` as a base-60 integer and trapped on overflow.
    @Test func baseSixtyNumberTooLargeForAnIntIsTheWrongType() {
        let (_, problems) = parse("""
        id: q
        pass: 1:1:1:1:1:1:1:1:1:1:1
        questions:
          - { id: a, type: truefalse, text: A, answer: true }
        """)
        #expect(problems == ["lesson.md:11:7: error: 'pass' should be a whole number\n  hint: found '1:1:1:1:1:1:1:1:1:1:1'"])
    }

    @Test func baseSixtyNumberTooLargeForAnIntInFrontMatterIsTheWrongType() throws {
        let yaml = "title: Kurs\nsummary: S\nduration: 999999999999999999:59\n"
        let (node, error) = YAMLReader(file: "course.md", firstLine: 2).compose(yaml)
        #expect(error == nil)
        let (meta, problems) = YAMLReader(file: "course.md", firstLine: 2).decodeLeniently(CourseMeta.self, from: try #require(node), context: "course front matter")
        #expect(problems.map(\.description) == ["course.md:4:11: error: 'duration' should be a whole number\n  hint: found '999999999999999999:59'"])
        #expect(meta?.title == "Kurs")
    }

    @Test func baseSixtyNumbersThatFitStillReadAsNumbersAndTextStaysText() throws {
        let (node, _) = reader.compose("a: 1:30\nb: 1:1:1:1:1:1:1:1:1:1:1\nc: -1:0:0:0:0:0:0:0:0:0:0\n")
        let root = try #require(node)
        #expect(root.value(forKey: "a")?.int == 90)
        #expect(root.value(forKey: "b")?.int == nil)
        #expect(root.value(forKey: "b")?.string == "1:1:1:1:1:1:1:1:1:1:1")
        #expect(root.value(forKey: "c")?.int == nil)
        #expect(!SexagesimalGuard.overflows("153722867280912930:7"))
        #expect(SexagesimalGuard.overflows("153722867280912930:8"))
        #expect(!SexagesimalGuard.overflows("08:00-16:00"))
    }

    /// An alias bomb with a number that overflows must not make the guard walk billions of
    /// nodes. No clock here (the machines are shared): a regression shows as a test that hangs.
    @Test func aliasBombWithAnOverflowingNumberIsComposed() throws {
        var yaml = "a0: &a0 [1:1:1:1:1:1:1:1:1:1:1, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 { yaml += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let (node, _) = reader.compose(yaml)
        #expect(node != nil)
    }

    /// The "out of range" messages turned the author's number into an Int, which trapped.
    @Test func hugeWeightsAndBoundsAreReportedNotTrapped() {
        let (_, weights) = parse(quiz("""
            type: multiple
            text: A
            answers: [{ text: x, weight: 1e20 }, { text: y, weight: 1.7976931348623157e308 }, { text: z, weight: 1.7976931348623157e308 }]
        """))
        #expect(weights.contains { $0.contains("weight 1e+20% is out of range") })
        #expect(weights.contains { $0.contains("add up to inf%") })
        let (_, bounds) = parse(quiz("""
            type: numeric
            text: A
            min: 1e300
            max: 1
        """))
        #expect(bounds.contains { $0.contains("'min' (1e+300) is greater than 'max' (1)") })
    }

    @Test func absurdPointsAndAnInfiniteToleranceAreErrors() {
        let (_, points) = parse(quiz("""
            type: truefalse
            text: A
            answer: true
            points: 1.7976931348623157e308
        """))
        #expect(points == ["lesson.md:16:13: error: question 'a' is worth 1.7976931348623157e+308 points; the most is 1000000"])
        let (_, tolerance) = parse(quiz("""
            type: numeric
            text: A
            answer: 1.7e308
            tolerance: 1.7e308
        """))
        #expect(tolerance.contains { $0.contains("'answer' ± 'tolerance' is too large a number") })
    }

    /// A lesson numbered Int.max made the next number (for a rename hint) overflow.
    @Test func lessonNumberedIntMaxDoesNotOverflowTheRenameHint() throws {
        let root = temporaryFolder("szpon-hostile")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: "\(root)/courses/kurs", withIntermediateDirectories: true)
        for name in ["9223372036854775807-ostatnia.md", "bez-numeru.md"] {
            try Data("# Lekcja\n".utf8).write(to: URL(fileURLWithPath: "\(root)/courses/kurs/\(name)"))
        }
        let loader = ContentLoader(root: root)
        #expect(loader.suggestedLessonName("bez-numeru.md", course: "kurs") == "9223372036854775807-bez-numeru.md")
        #expect(ContentLoader.lessonNumber(7) == "07")
        #expect(ContentLoader.lessonNumber(4_294_967_297) == "4294967297")
    }

    @Test func giftImportAfterALessonNumberedIntMaxIsAnError() throws {
        let root = temporaryFolder("szpon-hostile")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: "\(root)/content/courses/kurs", withIntermediateDirectories: true)
        try Data("# Lekcja\n".utf8).write(to: URL(fileURLWithPath: "\(root)/content/courses/kurs/9223372036854775807-ostatnia.md"))
        let (plan, diagnostics) = try GiftImporter.plan(sources: [("a.gift", "Pytanie? {T}\n")], into: "\(root)/content/courses/kurs")
        #expect(plan == nil)
        #expect(diagnostics.map(\.message) == ["lesson number 9223372036854775807 leaves no number for the imported lessons"])
    }

    /// A guide's page is SLUG.html: a 252-byte name passed check and then failed the build.
    @Test func pageNameTooLongForAFileIsAnError() throws {
        let root = temporaryFolder("szpon-hostile")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: "\(root)/guides", withIntermediateDirectories: true)
        for name in [String(repeating: "a", count: 251), String(repeating: "b", count: 250)] {
            try Data("---\ntitle: Poradnik\nsummary: S\n---\n".utf8).write(to: URL(fileURLWithPath: "\(root)/guides/\(name).md"))
        }
        let (_, diagnostics) = ContentLoader(root: root).load()
        #expect(diagnostics.filter { $0.message.contains("bytes long") }.map(\.description) == [
            "\(root)/guides/\(String(repeating: "a", count: 251)).md:1:1: error: the name 'aaaaaaaaaaaaaaaaaaaa…' is 251 bytes long; the most is 250\n  hint: give it a shorter name",
        ])
    }

    /// A GIFT category of a thousand characters became a lesson file name that could not be written.
    @Test func giftCategoryWithAVeryLongNameGetsAShortFileName() throws {
        let root = temporaryFolder("szpon-hostile")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let category = Array(repeating: "Bardzo długa nazwa kategorii", count: 40).joined(separator: " ")
        let (plan, diagnostics) = try GiftImporter.plan(sources: [("a.gift", "$CATEGORY: \(category)\n\nPytanie? {T}\n")], into: "\(root)/content/courses/kurs")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let lesson = try #require(plan?.files.first).path
        #expect((lesson as NSString).lastPathComponent == "01-bardzo-dluga-nazwa-kategorii-bardzo-dluga-nazwa-kategorii.md")
    }
}

struct SuggestionTests {
    @Test func nearestIsTheClosestAndOfEqualsTheFirstInSortedOrder() {
        #expect(Suggestion.nearest(to: "multipel", in: ["single", "multiple", "matching"]) == "multiple")
        #expect(Suggestion.nearest(to: "#ab-c", in: ["#ab-d", "#ab-b", "#zzzzz"]) == "#ab-b")
        #expect(Suggestion.nearest(to: "Żółty", in: ["zolty", "żółte"]) == "żółte")
        #expect(Suggestion.nearest(to: "abc", in: ["xyz"]) == nil)
        #expect(Suggestion.editDistance("kitten", "sitting") == 3)
    }

    /// A course's duration was checked and a lesson's was not: -5 minutes was accepted.
    @Test func lessonDurationMustBePositiveLikeACoursesDuration() throws {
        let root = temporaryFolder("szpon-hostile")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: "\(root)/courses/kurs", withIntermediateDirectories: true)
        try Data("---\ntitle: Kurs\nsummary: S\nduration: 30\n---\n".utf8).write(to: URL(fileURLWithPath: "\(root)/courses/kurs/course.md"))
        try Data("---\ntitle: Lekcja\nduration: -5\n---\n\nTreść.\n".utf8).write(to: URL(fileURLWithPath: "\(root)/courses/kurs/01-lekcja.md"))
        try Data("---\ntitle: Druga\nduration: 5\n---\n\nTreść.\n".utf8).write(to: URL(fileURLWithPath: "\(root)/courses/kurs/02-druga.md"))
        let (_, diagnostics) = ContentLoader(root: root).load()
        #expect(diagnostics.filter { $0.message.contains("duration") }.map(\.description) == [
            "\(root)/courses/kurs/01-lekcja.md:3:11: error: 'duration' is in minutes and must be positive",
        ])
    }
}
