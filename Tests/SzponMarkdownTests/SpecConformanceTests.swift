import Foundation
import SzponContent
import Testing

@testable import SzponMarkdown

/// Renders the CommonMark and GFM conformance suites through szpon's Markdown stage
/// (the same `Markdown.parse` every page goes through) and compares with the spec's HTML.
/// Examples that differ on purpose are listed in docs/markdown.md and in `deviations` below.
struct SpecConformanceTests {
    struct Example: Decodable {
        var markdown: String
        var html: String
        var example: Int
        var section: String
        var extensions: [String]?
    }

    static let specFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/testdata/markdown-spec")

    /// Suites and the examples szpon renders differently on purpose, with the reason.
    static let suites: [(file: String, allExtensions: Bool, deviations: [Int: String])] = [
        ("commonmark-spec-0.31.2.tests.json", false, [
            28: Reason.newerSpec, 171: Reason.newerSpec, 354: Reason.newerSpec, 625: Reason.newerSpec, 626: Reason.newerSpec,
        ]),
        ("commonmark-spec-HEAD-31c0ca2.tests.json", false, [
            28: Reason.newerSpec, 173: Reason.newerSpec, 356: Reason.newerSpec, 627: Reason.newerSpec, 628: Reason.newerSpec,
        ]),
        ("cmark-regression.tests.json", false, Dictionary(uniqueKeysWithValues: [14, 15, 17, 18, 20, 21, 22, 23, 24, 25, 26].map { ($0, Reason.newerCmark) })),
        ("gfm-spec.tests.json", false, [279: Reason.disabledInSpec, 280: Reason.disabledInSpec]),
        ("gfm-regression.tests.json", false, [13: Reason.footnotes]),
        ("gfm-extensions.tests.json", true, [20: Reason.newerCmark, 23: Reason.footnotes]),
        ("gfm-smart_punct.tests.json", false, Dictionary(uniqueKeysWithValues: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 15].map { ($0, Reason.noSmartPunctuation) })),
    ]

    /// Why an example differs; each is explained in docs/markdown.md.
    enum Reason {
        /// Debian's libcmark-gfm 0.29 predates these spec 0.30/0.31 changes; its own CLI gives the same output.
        static let newerSpec = "spec change after 0.29"
        /// A regression test for a fix made in cmark after the Debian release; its own CLI gives the same output.
        static let newerCmark = "fixed in a later cmark"
        /// Marked "disabled" in the GFM spec: task-list examples the spec runner skips.
        static let disabledInSpec = "disabled in the spec"
        /// szpon does not enable footnotes.
        static let footnotes = "footnotes are not enabled"
        /// szpon keeps quotes and dashes as typed (Polish „…” are typed directly).
        static let noSmartPunctuation = "smart punctuation is off"
    }

    static func load(_ file: String) throws -> [Example] {
        let data = try Data(contentsOf: specFolder.appendingPathComponent(file))
        return try JSONDecoder().decode([Example].self, from: data)
    }

    static func render(_ example: Example, allExtensions: Bool) -> String {
        var extensions = example.extensions ?? []
        if allExtensions { extensions = ["table", "strikethrough", "autolink", "tagfilter", "tasklist", "footnotes"] }
        let options = MarkdownOptions(extensions: extensions.filter { $0 != "disabled" }, headingAnchors: false,
                                      allowRawHTML: true, extractTitle: false, accessibleTaskLists: false)
        let source = MarkdownSource(file: "spec.md", contentPath: "spec.md", text: example.markdown, lineOffset: 0)
        return Markdown.parse(source, options: options).html
    }

    @Test(arguments: suites.map(\.file))
    func suiteAgreesWithSpecExceptDocumentedDeviations(file: String) throws {
        let suite = Self.suites.first { $0.file == file }!
        let examples = try Self.load(file)
        #expect(examples.count > 10)
        var failing: [Int] = []
        for example in examples where Self.render(example, allExtensions: suite.allExtensions) != example.html {
            failing.append(example.example)
        }
        print("\(file): \(examples.count - failing.count)/\(examples.count) agree; differing: \(failing)")
        #expect(Set(failing) == Set(suite.deviations.keys), "examples differing from \(file) changed")
    }
}
