import Foundation
import Testing
@testable import SzponWire

/// The server manifest: one typed, versioned file from the build to the server.
@Suite("Server manifest")
struct ServerManifestTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    /// Written by szpon before the manifest (Tests/Fixtures/answer-keys-v1/README.md).
    static let legacyKeys = fixtures.appendingPathComponent("answer-keys-v1/answer-keys.json").path

    /// A manifest with every part filled.
    static func full() -> ServerManifest {
        let quiz: JSONValue = .object([
            "id": .string("odpady-test"), "mode": .string("exam"), "pass": .number(60), "graded": .bool(true),
            "questions": .array([.object(["id": .string("a"), "type": .string("truefalse"), "answer": .bool(true),
                                          "points": .number(1.5), "text": .string("Puszka to metal.")])]),
        ])
        return ServerManifest(
            site: "akademia", language: "en", title: "Akademia", contentHash: "0123456789abcdef0123456789abcdef",
            ingestOrigins: ["null", "https://intranet.example"],
            quizzes: ["odpady-test": .init(current: "bbbb", course: "odpady", page: "courses/odpady/test.html", pass: 60,
                                           versions: ["aaaa": quiz, "bbbb": quiz])],
            surveys: ["ankieta": .init(current: "cccc", page: "surveys/ankieta.html", versions: [
                "cccc": .init(id: "ankieta", title: "Ankieta", anonymous: true, questions: [
                    .init(id: "a", type: "rating", text: "Ocena", required: true, scale: 5),
                    .init(id: "b", type: "matrix", text: "Oceń.", required: false, rows: ["Treść"], columns: ["Słabo", "Dobrze"]),
                ]),
            ])],
            courses: [.init(slug: "odpady", title: "Odpady", passingScore: 60, lessons: [
                .init(slug: "wstep", title: "Wstęp", page: "courses/odpady/wstep.html"),
                .init(slug: "test", title: "Test", page: "courses/odpady/test.html", quizzes: ["odpady-test"]),
            ])],
            bookingRules: ["dowod": .init(title: "Dowód osobisty", page: "guides/dowod.html", desks: 2, slotMinutes: 15,
                                          hours: ["mon": [.init(start: 480, end: 720), .init(start: 780, end: 960)]],
                                          exceptions: [.init(date: "2026-12-24", hours: [])])],
            events: [.init(id: "dzien-otwarty", title: "Dzień otwarty", start: "2026-05-01T10:00:00Z", end: "2026-05-01T14:00:00Z", capacity: 40)],
            badges: [.init(id: "segregator", title: "Segregator", criteria: [.init(kind: .courseCompleted, id: "odpady"),
                                                                            .init(kind: .quizPassed, id: "odpady-test")])]
        )
    }

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("szpon-manifest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func loadError(_ text: String) throws -> ServerManifest.LoadError {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("server.json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        do {
            let manifest = try ServerManifest.load(path: path)
            Issue.record("loaded \(manifest) from \(text)")
            return ServerManifest.LoadError(path: "", reason: "")
        } catch {
            #expect(error.path == path)
            #expect(error.description.hasPrefix("cannot read the server manifest \(path): "))
            return error
        }
    }

    @Test("what is written reads back the same, with the schema's names")
    func roundTrip() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(".szpon/server.json").path
        let manifest = Self.full()
        try manifest.write(to: path)
        #expect(try ServerManifest.load(path: path) == manifest)

        let document = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(document["format"] == .string("szpon-server-manifest"))
        #expect(document["version"] == .number(1))
        #expect(document["ingest_origins"] == .array([.string("null"), .string("https://intranet.example")]))
        #expect(document["content_hash"]?.string == "0123456789abcdef0123456789abcdef")
        #expect(document["booking_rules"]?["dowod"]?["slot_minutes"] == .number(15))
        #expect(document["courses"]?[0]?["passing_score"] == .number(60))
        #expect(document["courses"]?[0]?["lessons"]?[0]?["required"] == .bool(true))
        #expect(document["events"]?[0]?["capacity"] == .number(40))
        #expect(document["badges"]?[0]?["criteria"]?[1]?["kind"] == .string("quiz_passed"))
        // The quiz version is the body score.js reads, as it was given.
        #expect(document["quizzes"]?["odpady-test"]?["versions"]?["aaaa"]?["questions"]?[0]?["points"] == .number(1.5))
        // Empty survey lists are left out, as the answer keys file did.
        #expect(document["surveys"]?["ankieta"]?["versions"]?["cccc"]?["questions"]?[0]?["rows"] == nil)
        // The same manifest gives the same bytes.
        #expect(try manifest.encoded() == (try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    @Test("a manifest without the parts a later schema adds still loads, with those parts empty")
    func olderManifestLoads() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("server.json").path
        try Data(#"{"format": "szpon-server-manifest", "version": 1, "site": "akademia", "unknown_later_part": [1]}"#.utf8)
            .write(to: URL(fileURLWithPath: path))
        let manifest = try ServerManifest.load(path: path)
        #expect(manifest.site == "akademia")
        #expect(manifest.language == "pl" && manifest.title.isEmpty && manifest.contentHash == nil)
        #expect(manifest.quizzes.isEmpty && manifest.courses.isEmpty && manifest.bookingRules.isEmpty)
        #expect(manifest.events.isEmpty && manifest.badges.isEmpty && manifest.ingestOrigins.isEmpty)
    }

    @Test("a manifest from a newer szpon is refused, naming the version a szpon must read")
    func newerVersionRefused() throws {
        var newer = try JSONValue.parse(Self.full().encoded()).object!
        newer["version"] = .number(2)
        newer["quizzes"] = .array([])  // a newer shape must not even be looked at
        let error = try loadError(String(decoding: JSONValue.object(newer).canonical, as: UTF8.self))
        #expect(error.neededVersion == 2)
        #expect(error.reason.contains("it has version 2, written by a newer szpon"))
        #expect(error.reason.contains("up to version 1"))
        #expect(error.reason.contains("update szpon to a release that reads version 2"))
    }

    @Test("broken manifests are errors that say what is wrong; a missing one is empty")
    func brokenManifests() throws {
        #expect(try loadError(#"{"format": "szpon-server-manifest", "version": 1,"#).reason.hasPrefix("it is not valid JSON: "))
        #expect(try loadError("[]").reason == "it is not a JSON object")
        #expect(try loadError(#"{"format": "szpon-results", "version": 1}"#).reason
            == #"it is not a server manifest (no "format": "szpon-server-manifest")"#)
        #expect(try loadError(#"{"format": "szpon-server-manifest", "version": 1.5}"#).reason
            == #"its "version" is not a whole number from 1"#)
        #expect(try loadError(#"{"format": "szpon-server-manifest", "version": 1, "quizzes": {"q": {"current": 7}}}"#).reason
            == "quizzes.q.current is not a string")
        #expect(try loadError(#"{"format": "szpon-server-manifest", "version": 1, "courses": [{"slug": "a"}]}"#).reason
            == "courses[0].title is missing")
        #expect(try loadError(#"{"format": "szpon-answer-keys", "version": 2}"#).reason
            == "it is an answer keys file of version 2; this szpon reads version 1")
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        #expect(try loadError(deep).reason.contains("nested more than 32 levels deep"))

        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try ServerManifest.load(path: folder.appendingPathComponent("none.json").path) == .empty)
        #expect(throws: ServerManifest.LoadError(path: folder.path, reason: "it is a folder, not a file")) {
            try ServerManifest.load(path: folder.path)
        }
    }

    @Test("today's answer keys file (szpon-answer-keys version 1) loads as a manifest")
    func legacyAnswerKeys() throws {
        let manifest = try ServerManifest.load(path: Self.legacyKeys)
        #expect(manifest.format == ServerManifest.format && manifest.version == 1)
        #expect(manifest.site == "akademia-testowa")
        #expect(manifest.language == "pl" && manifest.title == "Akademia Testowa")
        #expect(manifest.ingestOrigins == ["null", "https://intranet.example"])
        #expect(manifest.contentHash == nil)

        let test = try #require(manifest.quizzes["odpady-test"])
        #expect(test.current == "947dfe77cc1d8183a384f7a7c6b3b71a")
        #expect(Set(test.versions.keys) == ["947dfe77cc1d8183a384f7a7c6b3b71a", "3270383b68b7649b72cb98c8e7f366ea"])
        #expect(test.course == "odpady" && test.page == "courses/odpady/test.html")
        #expect(test.pass == 50)
        #expect(test.versions[test.current]?["mode"] == .string("exam"))
        #expect(test.versions[test.current]?["questions"]?[0]?["text"] == .string("Gdzie wrzucisz pustą puszkę?"))
        #expect(test.versions["3270383b68b7649b72cb98c8e7f366ea"]?["questions"]?[0]?["text"] == .string("Gdzie wrzucisz puszkę?"))
        #expect(test.versions[test.current]?["questions"]?[0]?["answers"]?[0]?["correct"] == .bool(true))
        // The course's passing score, which the keys file had only inside the version.
        #expect(manifest.quizzes["odpady-cwiczenie"]?.pass == 60)

        let survey = try #require(manifest.surveys["ankieta"]?.versions.values.first)
        #expect(survey.anonymous && survey.title.isEmpty)  // the block has no title of its own
        #expect(survey.questions.first?.scale == 5)
        #expect(survey.questions.map(\.id) == ["a", "b"])
        #expect(survey.questions[0].type == "likert" && survey.questions[0].required)
        #expect(survey.questions[1].rows == ["Treść"] && survey.questions[1].columns == ["Słabo", "Dobrze"])
        // What the keys file never had is empty.
        #expect(manifest.courses.isEmpty && manifest.bookingRules.isEmpty && manifest.events.isEmpty && manifest.badges.isEmpty)
    }

    @Test("a build's manifest over the previous one keeps every version; a partial build keeps other courses")
    func mergeAcrossBuilds() {
        var previous = Self.full()
        previous.quizzes["stary-quiz"] = .init(current: "dddd", page: "courses/stary/quiz.html", versions: ["dddd": .null])
        previous.courses.append(.init(slug: "stary", title: "Stary", lessons: []))
        var next = Self.full()
        next.quizzes["odpady-test"] = .init(current: "eeee", course: "odpady", page: "courses/odpady/test.html", pass: 70,
                                            versions: ["eeee": .string("new")])
        next.surveys["ankieta"]?.current = "ffff"
        next.surveys["ankieta"]?.versions = ["ffff": .init(id: "ankieta", title: "Ankieta 2", anonymous: false, questions: [])]
        next.title = "Akademia 2"

        let merged = next.merged(over: previous)
        let quiz = merged.quizzes["odpady-test"]
        #expect(quiz?.current == "eeee" && quiz?.pass == 70)
        #expect(Set(quiz?.versions.keys.map { $0 } ?? []) == ["aaaa", "bbbb", "eeee"])
        #expect(merged.quizzes["stary-quiz"]?.current == "dddd")
        #expect(merged.surveys["ankieta"]?.current == "ffff")
        #expect(Set(merged.surveys["ankieta"]?.versions.keys.map { $0 } ?? []) == ["cccc", "ffff"])
        #expect(merged.title == "Akademia 2")
        // A full build's course list is its own; a partial one adds the others it did not build.
        #expect(merged.courses.map(\.slug) == ["odpady"])
        #expect(next.merged(over: previous, partial: true).courses.map(\.slug) == ["odpady", "stary"])
        // Merging again changes nothing.
        #expect(next.merged(over: merged) == merged)
    }

    @Test("the content hash is the build's own: older versions merged in do not change it")
    func contentHash() {
        var a = Self.full()
        a.stampContentHash()
        var b = Self.full()
        b.contentHash = "something else"
        b.stampContentHash()
        #expect(a.contentHash == b.contentHash)
        #expect(a.contentHash?.count == 32)
        var c = Self.full()
        c.title = "Inna"
        c.stampContentHash()
        #expect(c.contentHash != a.contentHash)
    }

    @Test("the default place is beside the site folder, never inside it; an older keys file is found there")
    func paths() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let site = folder.appendingPathComponent("site").path
        let path = ServerManifest.defaultPath(besideSite: site)
        #expect(path == folder.appendingPathComponent(".szpon/server.json").standardizedFileURL.path)
        #expect(!path.hasPrefix(site + "/"))
        #expect(ServerManifest.defaultPath(besideSite: site + "/") == path)
        #expect(ServerManifest.legacyKeysPath(besideManifest: path) == folder.appendingPathComponent(".szpon/answer-keys.json").standardizedFileURL.path)

        // Nothing there: the manifest's own path (read as empty).
        #expect(ServerManifest.locate(path) == path)
        // Only the older keys file: that.
        let legacy = ServerManifest.legacyKeysPath(besideManifest: path)
        try FileManager.default.createDirectory(atPath: (legacy as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.legacyKeys, toPath: legacy)
        #expect(ServerManifest.locate(path) == legacy)
        // Once a build wrote the manifest: the manifest.
        try ServerManifest(site: "x").write(to: path)
        #expect(ServerManifest.locate(path) == path)
    }
}
