import Foundation
import SzponContent
import Testing
@testable import SzponSite

/// `szpon check` on content that is broken on purpose.
struct DiagnosticsTests {
    static let fixtures = FileTree.repository.appendingPathComponent("Tests/Fixtures")

    @Test func brokenFixturesGiveExactlyTheExpectedDiagnostics() throws {
        let root = Self.fixtures.appendingPathComponent("broken").path
        let (_, diagnostics) = SiteBuilder.check(content: root)
        let actual = diagnostics.map(\.description).joined(separator: "\n").replacingOccurrences(of: root, with: "broken")
        let expected = try String(contentsOf: Self.fixtures.appendingPathComponent("broken.expected.txt"), encoding: .utf8)
        #expect(actual + "\n" == expected)
    }

    @Test func buildRefusesContentWithErrorsAndWritesNothing() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("szpon-broken-\(UUID().uuidString)").path
        #expect(throws: SiteBuilder.Failure.self) {
            try SiteBuilder.build(.init(content: Self.fixtures.appendingPathComponent("broken").path, theme: FileTree.theme, output: output))
        }
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    /// No input crashes the tool: every demo file cut short at many points, or with
    /// bytes flipped, still gives diagnostics rather than a crash.
    @Test func truncatedAndCorruptedContentNeverCrashes() throws {
        let demo = FileTree.repository.appendingPathComponent("content")
        let files = (FileManager.default.enumerator(atPath: demo.path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".md") || $0.hasSuffix(".yaml") }.sorted()
        #expect(!files.isEmpty)
        for file in files {
            let data = try Data(contentsOf: demo.appendingPathComponent(file))
            var variants: [Data] = stride(from: 0, to: data.count, by: max(1, data.count / 12)).map { data.prefix($0) }
            var flipped = data
            for index in stride(from: 3, to: flipped.count, by: max(1, flipped.count / 7)) { flipped[index] ^= 0x5A }
            variants.append(flipped)
            for variant in variants {
                let tree = try FileTree([:])
                try FileManager.default.copyItem(at: demo, to: tree.root.appendingPathComponent("content"))
                try variant.write(to: tree.root.appendingPathComponent("content/\(file)"))
                let (_, diagnostics) = SiteBuilder.check(content: tree.path("content"))
                for diagnostic in diagnostics {
                    #expect(diagnostic.line >= 1 && diagnostic.column >= 1)
                }
                tree.remove()
            }
        }
    }
}

struct ScaffoldTests {
    @Test(arguments: [("course", "nowy-kurs"), ("lesson", "odpady/nowa-lekcja"), ("guide", "nowy-poradnik"), ("survey", "nowa-ankieta")])
    func scaffoldedFilesPassCheck(kind: String, name: String) throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        for (path, text) in try Scaffold.files(Scaffold.Kind(rawValue: kind)!, name: name, contentRoot: tree.path("content")) {
            try tree.write("content/\(path)", text)
        }
        let (_, diagnostics) = SiteBuilder.check(content: tree.path("content"))
        #expect(diagnostics.isEmpty, "\(diagnostics)")
    }

    @Test func scaffoldRefusesAnInvalidNameOrAnExistingCourse() throws {
        let tree = try FileTree.smallSite()
        defer { tree.remove() }
        #expect(throws: Scaffold.Problem.self) { try Scaffold.files(.course, name: "Zły Kurs", contentRoot: tree.path("content")) }
        #expect(throws: Scaffold.Problem.self) { try Scaffold.files(.course, name: "odpady", contentRoot: tree.path("content")) }
        #expect(throws: Scaffold.Problem.self) { try Scaffold.files(.lesson, name: "brak/lekcja", contentRoot: tree.path("content")) }
    }
}

struct I18nTests {
    let polish = I18n(language: "pl", strings: [:], plurals: ["points": ["one": "{n} punkt", "few": "{n} punkty", "many": "{n} punktów", "other": "{n} punktu"]])

    @Test(arguments: [(1.0, "1 punkt"), (2, "2 punkty"), (4, "4 punkty"), (5, "5 punktów"), (12, "12 punktów"),
                      (22, "22 punkty"), (25, "25 punktów"), (0, "0 punktów"), (1.5, "1,5 punktu"), (112, "112 punktów")])
    func polishPluralForms(n: Double, expected: String) {
        #expect(polish.plural("points", n) == expected)
    }

    @Test func themeStringFilesHaveTheSameKeysInBothLanguages() throws {
        let pl = try I18n.load(themeDirectory: FileTree.theme, language: "pl")
        let en = try I18n.load(themeDirectory: FileTree.theme, language: "en")
        #expect(Set(pl.strings.keys) == Set(en.strings.keys))
        #expect(Set(pl.plurals.keys) == Set(en.plurals.keys))
        #expect(pl.plural("lessons", 5) == "5 lekcji")
        // Every string a template asks for exists.
        let templates = FileTree.theme + "/templates"
        let files = FileManager.default.enumerator(atPath: templates)?.allObjects as? [String] ?? []
        var used = 0
        defer { #expect(used > 40, "found only \(used) string uses in the templates") }
        for file in files where file.hasSuffix(".mustache") {
            let text = try String(contentsOfFile: templates + "/" + file, encoding: .utf8)
            for part in text.components(separatedBy: "{{t.").dropFirst() {
                let key = String(part.prefix { $0 != "}" })
                used += 1
                #expect(pl.strings[key] != nil, "\(file) uses t.\(key), missing in pl.yaml")
            }
        }
        #expect(en.plural("lessons", 1) == "1 lesson")
    }
}
