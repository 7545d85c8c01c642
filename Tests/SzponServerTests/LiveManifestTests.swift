import Foundation
import SzponStore
import Testing
@testable import SzponServer

/// The manifest a running server scores with, as builds rewrite it.
@Suite("Live manifest")
struct LiveManifestTests {
    static let legacyKeys = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/answer-keys-v1/answer-keys.json").path

    final class Messages: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [String] = []
        func add(_ text: String) { lock.withLock { list.append(text) } }
        var all: [String] { lock.withLock { list } }
    }

    @Test("an older answer keys file serves until a build writes the manifest, which then follows every rebuild")
    func followsTheBuilds() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("szpon-live-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(".szpon/server.json").path
        let legacy = ServerManifest.legacyKeysPath(besideManifest: path)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.legacyKeys, toPath: legacy)
        let messages = Messages()
        // interval 0: every read looks at the file, so the test needs no clock.
        let live = try LiveManifest(path: path, legacyFallback: true, interval: 0) { messages.add($0) }
        #expect(live.file == legacy)
        #expect(live.manifest.site == "akademia-testowa")
        #expect(live.current.quiz("odpady-test", version: "3270383b68b7649b72cb98c8e7f366ea") != nil)

        // The first build writes the manifest: it takes over.
        try ServerManifest(site: "akademia-po-budowie").write(to: path)
        #expect(live.manifest.site == "akademia-po-budowie")
        #expect(live.file == path)

        // A manifest that cannot be read is reported once; the one before keeps scoring.
        try Data("{\"format\": ".utf8).write(to: URL(fileURLWithPath: path))
        #expect(live.manifest.site == "akademia-po-budowie")
        #expect(live.manifest.site == "akademia-po-budowie")
        #expect(messages.all.count == 1)
        #expect(messages.all.first?.hasPrefix("warning: cannot read the server manifest \(path): it is not valid JSON") == true)

        // The next good build is read again.
        try ServerManifest(site: "akademia-trzecia-wersja").write(to: path)
        #expect(live.manifest.site == "akademia-trzecia-wersja")

        // A manifest removed by hand leaves the server with the one it had, not with the old keys file.
        try FileManager.default.removeItem(atPath: path)
        #expect(live.manifest.site == "akademia-trzecia-wersja")
        #expect(live.file == path)
        #expect(messages.all.count == 2 && messages.all.last?.contains("\(path) is gone") == true)
    }

    @Test("without the fallback only the named file counts, and one that cannot be read stops the start")
    func namedFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("szpon-live-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("server.json").path
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.legacyKeys, toPath: ServerManifest.legacyKeysPath(besideManifest: path))
        #expect(try LiveManifest(path: path).manifest == .empty)
        try Data(#"{"format": "szpon-server-manifest", "version": 2}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect { try LiveManifest(path: path) } throws: { error in
            (error as? ServerManifest.LoadError)?.neededVersion == 2
        }
    }
}
