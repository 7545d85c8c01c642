import Foundation
import Testing
@testable import SzponStore

@Suite("Record validation")
struct RecordValidationTests {
    private func reason(_ value: JSONValue) -> String? {
        if case let .failure(rejection) = IncomingRecord.validate(value) { return rejection.reason }
        return nil
    }

    private func with(_ key: String, _ value: JSONValue?, in base: JSONValue = progress(lesson: "l1")) -> JSONValue {
        var object = base.object!
        object[key] = value
        return .object(object)
    }

    @Test("a browser's record passes; the id is lowercased and the time normalised to UTC")
    func valid() throws {
        let id = "3B1F0A52-6C1E-4C4E-9A55-0F7E1F1F6A10"
        let value = record(id: id, kind: "attempt", contentHash: "9358d2247d4da5173e37a8a665f4f236",
                           createdAt: "2026-11-23T11:15:00+01:00",
                           payload: ["quiz": .string("q"), "responses": .object([:]), "questions": json(#"["a", "b"]"#)])
        let incoming = try IncomingRecord.validate(value).get()
        #expect(incoming.id == id.lowercased())
        #expect(incoming.kind == .attempt)
        #expect(incoming.site == "akademia")
        #expect(incoming.bundle == "site")
        #expect(incoming.contentHash == "9358d2247d4da5173e37a8a665f4f236")
        #expect(incoming.createdAt == "2026-11-23T10:15:00.000Z")
        #expect(incoming.device == "device-1")
        #expect(incoming.raw == value)
    }

    @Test("missing contentHash and device read as null; an anonymous survey response passes")
    func optionalFields() throws {
        var object = progress(lesson: "l1").object!
        object["contentHash"] = nil
        object["device"] = nil
        let incoming = try IncomingRecord.validate(.object(object)).get()
        #expect(incoming.contentHash == nil && incoming.device == nil)
        #expect(throws: Never.self) { try IncomingRecord.validate(surveyResponse(responses: ["a": .number(1)])).get() }
    }

    @Test("'learner' is optional: absent or null is nil, a name is kept, anything else is refused")
    func learner() throws {
        #expect(try IncomingRecord.validate(progress(lesson: "l1")).get().learner == nil)
        #expect(try IncomingRecord.validate(with("learner", .null)).get().learner == nil)
        #expect(try IncomingRecord.validate(with("learner", .string("anna.nowak"))).get().learner == "anna.nowak")
        let refused = "'learner' must be null or a non-empty string of at most 200 characters"
        #expect(reason(with("learner", .number(7))) == refused)
        #expect(reason(with("learner", .string(""))) == refused)
        #expect(reason(with("learner", .string(String(repeating: "l", count: 201)))) == refused)
        #expect(reason(with("learner", .string("a\u{0}b"))) == "'learner' must not contain U+0000")
    }

    @Test("each broken field is named in the reason")
    func reasons() {
        #expect(reason(.array([])) == "a record must be a JSON object")
        #expect(reason(with("id", nil)) == "'id' is missing")
        #expect(reason(with("id", .number(12))) == "'id' must be a string")
        #expect(reason(with("id", .string("not-a-uuid"))) == "'id' must be a UUID")
        #expect(reason(with("id", .string("3b1f0a52-6c1e-4c4e-9a55-0f7e1f1f6a1g"))) == "'id' must be a UUID")
        #expect(reason(with("id", .string("3b1f0a526c1e4c4e9a550f7e1f1f6a10"))) == "'id' must be a UUID")
        #expect(reason(with("kind", .string("foo"))) == "unknown kind 'foo'")
        #expect(reason(with("kind", nil)) == "'kind' is missing")
        #expect(reason(with("site", .string(""))) == "'site' must be a non-empty string of at most 200 characters")
        #expect(reason(with("site", .string(String(repeating: "s", count: 201)))) != nil)
        #expect(reason(with("site", .string(String(repeating: "s", count: 200)))) == nil)
        #expect(reason(with("bundle", .number(1))) == "'bundle' must be a non-empty string of at most 200 characters")
        #expect(reason(with("contentHash", .string("xyz"))) == "'contentHash' must be null or a hex string of at most 128 digits")
        #expect(reason(with("contentHash", .string(String(repeating: "a", count: 129)))) != nil)
        #expect(reason(with("createdAt", .string("yesterday"))) == "'createdAt' must be an ISO 8601 date-time string")
        #expect(reason(with("createdAt", .string("2026-11-23"))) == "'createdAt' must be an ISO 8601 date-time string")
        #expect(reason(with("createdAt", .number(1_700_000_000))) == "'createdAt' must be an ISO 8601 date-time string")
        #expect(reason(with("createdAt", .string("2026-11-23T10:15:00Z"))) == nil)
        #expect(reason(with("device", .string(String(repeating: "d", count: 201)))) == "'device' must be null or a string of at most 200 characters")
        #expect(reason(with("payload", .array([]))) == "'payload' must be an object")
        #expect(reason(with("payload", nil)) == "'payload' must be an object")
    }

    @Test("payloads need their kind's fields")
    func payloads() {
        #expect(reason(record(kind: "attempt", payload: ["responses": .object([:])])) == "'payload.quiz' must be a string")
        #expect(reason(record(kind: "attempt", payload: ["quiz": .string("q")])) == "'payload.responses' must be an object")
        #expect(reason(record(kind: "attempt", payload: ["quiz": .string("q"), "responses": .object([:]), "questions": json("[1]")]))
            == "'payload.questions' must be an array of strings")
        #expect(reason(record(kind: "survey_response", payload: ["responses": .object([:])])) == "'payload.survey' must be a string")
        #expect(reason(record(kind: "survey_response", payload: ["survey": .string("s"), "responses": .string("x")])) == "'payload.responses' must be an object")
        #expect(reason(record(kind: "progress", payload: ["lesson": .string("l")])) == "'payload.course' must be a string")
        #expect(reason(record(kind: "progress", payload: ["course": .string("c"), "completed": .string("yes")])) == "'payload.completed' must be true or false")
        #expect(reason(record(kind: "booking_request", payload: ["anything": .number(1)])) == nil)
    }

    @Test("a record over 256 KiB is refused, with its id")
    func size() {
        let id = newID()
        let big = surveyResponse(id: id, responses: ["uwagi": .string(String(repeating: "x", count: 256 * 1024))])
        guard case let .failure(rejection) = IncomingRecord.validate(big) else {
            Issue.record("accepted a record over 256 KiB")
            return
        }
        #expect(rejection.id == id)
        #expect(rejection.reason == "the record is larger than 256 KiB")
        let fits = surveyResponse(responses: ["uwagi": .string(String(repeating: "x", count: 250 * 1024))])
        #expect(reason(fits) == nil)
    }

    @Test("a rejection carries the record's id when it has a usable one")
    func rejectionID() {
        let id = newID()
        if case let .failure(rejection) = IncomingRecord.validate(with("kind", .string("foo"), in: progress(id: id.uppercased(), lesson: "l"))) {
            #expect(rejection.id == id)
        } else {
            Issue.record("accepted an unknown kind")
        }
        if case let .failure(rejection) = IncomingRecord.validate(with("id", .string("short"))) {
            #expect(rejection.id == "short")
        }
        if case let .failure(rejection) = IncomingRecord.validate(with("id", .number(3))) {
            #expect(rejection.id == nil)
        }
    }

    @Test("U+0000 is refused in text that gets a column of its own (SQLite would cut it there)")
    func nul() {
        #expect(reason(with("bundle", .string("site\u{0}x"))) == "'bundle' must not contain U+0000")
        #expect(reason(with("device", .string("d\u{0}"))) == "'device' must not contain U+0000")
        #expect(reason(with("site", .string("\u{0}"))) == "'site' must not contain U+0000")
        #expect(reason(progress(course: "k\u{0}", lesson: "l")) == "'payload.course' must not contain U+0000")
        #expect(reason(progress(lesson: "l\u{0}")) == "'payload.lesson' must not contain U+0000")
        #expect(reason(attempt(quiz: "q\u{0}", answers: [:])) == "'payload.quiz' must not contain U+0000")
        #expect(reason(attempt(course: "\u{0}", answers: [:])) == "'payload.course' must not contain U+0000")
        #expect(reason(surveyResponse(survey: "s\u{0}", responses: [:])) == "'payload.survey' must not contain U+0000")
        #expect(reason(surveyResponse(responses: ["a\u{0}b": .number(1)]))
            == "'payload.responses' question ids must not contain U+0000")
        // Inside JSON (an answer's text) it is escaped, so it stays.
        #expect(reason(surveyResponse(responses: ["uwagi": .string("a\u{0}b")])) == nil)
    }
}
