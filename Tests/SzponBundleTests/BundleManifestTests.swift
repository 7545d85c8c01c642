import Crypto
import Foundation
import Testing
@testable import SzponBundle

@Suite struct BundleManifestTests {
    private func manifest(ingestURL: String? = nil, created: String? = nil) throws -> BundleManifest {
        try BundleManifest.make(files: sampleFiles, bundle: "segregacja", site: "akademia",
                                ingestURL: ingestURL, szponVersion: "0.5.0", created: created)
    }

    @Test func listsEveryFileSortedWithSizeAndSHA256() throws {
        let made = try manifest()
        #expect(made.format == "szpon-bundle")
        #expect(made.version == 1)
        #expect(made.files.map(\.path) == sampleFiles.map(\.path).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        let empty = try #require(made.files.first { $0.path == "empty.txt" })
        #expect(empty.size == 0)
        #expect(empty.sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let turtle = try #require(made.files.first { $0.path == "materiały/żółw.txt" })
        #expect(turtle.size == "żółw\n".utf8.count)
    }

    @Test func contentHashIsTheSHA256OfTheSha256sumListing() throws {
        let made = try manifest()
        let listing = made.files.map { "\($0.sha256)  \($0.path)\n" }.joined()
        let expected = SHA256.hash(data: Data(listing.utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(made.contentHash == expected)
        // Independent of input order, and of the manifest itself being in the input.
        let again = try BundleManifest.make(
            files: sampleFiles.reversed() + [("manifest.json", Data("{}".utf8))],
            bundle: "segregacja", site: "akademia", ingestURL: nil, szponVersion: "0.5.0", created: nil)
        #expect(again == made)
        #expect(!again.files.contains { $0.path == "manifest.json" })
    }

    @Test func contentHashMatchesSha256sumOnTheExtractedFiles() throws {
        let folder = try TemporaryFolder()
        for file in sampleFiles {
            let url = folder.url.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.data.write(to: url)
        }
        let script = "find . -type f ! -name manifest.json | sed 's|^\\./||' | LC_ALL=C sort | xargs -d '\\n' sha256sum | sha256sum"
        let result = try run("sh", ["-c", script], in: folder.url)
        #expect(result.output.hasPrefix(try manifest().contentHash))
    }

    @Test func encodesSortedPrettyJSONWithoutWallClockTime() throws {
        let json = String(decoding: try manifest().encoded(), as: UTF8.self)
        #expect(json.hasSuffix("}\n"))
        let keys = ["\"bundle\"", "\"contentHash\"", "\"files\"", "\"format\"", "\"site\"", "\"szponVersion\"", "\"version\""]
        let positions = keys.map { json.range(of: $0)!.lowerBound }
        #expect(positions == positions.sorted(), "keys in sorted order")
        #expect(!json.contains("ingestURL"), "nil fields are left out")
        #expect(!json.contains("created"))
        #expect(json.contains("\n  "), "pretty-printed")
        #expect(try manifest().encoded() == (try manifest().encoded()))
    }

    @Test func carriesIngestURLAndSourceDate() throws {
        let made = try manifest(ingestURL: "https://wyniki.przykladowo.pl/api/v1/sync",
                                created: SourceDate.iso8601(1_700_000_000))
        let json = String(decoding: try made.encoded(), as: UTF8.self)
        #expect(json.contains("\"ingestURL\" : \"https://wyniki.przykladowo.pl/api/v1/sync\"")
             || json.contains("\"ingestURL\":\"https://wyniki.przykladowo.pl/api/v1/sync\""))
        #expect(made.created == "2023-11-14T22:13:20Z")
        #expect(try BundleManifest.decode(made.encoded()) == made)
    }

    @Test func refusesPathsTheWriterWouldRefuse() {
        #expect(throws: ArchiveProblem.self) {
            try BundleManifest.make(files: [("../x", Data())], bundle: "b", site: "s", ingestURL: nil, szponVersion: "1")
        }
        #expect(throws: ArchiveProblem.self) {
            try BundleManifest.make(files: [("x", Data()), ("x", Data())], bundle: "b", site: "s", ingestURL: nil, szponVersion: "1")
        }
    }
}
