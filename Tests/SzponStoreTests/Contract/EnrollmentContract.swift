import Foundation
import Testing
@testable import SzponStore

/// Enrollment computed from course audiences and the roster, never clicked, on both backends.
@Suite("Contract: Enrollment")
struct EnrollmentContractTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)
    static let day: TimeInterval = 86_400

    static let roster = [
        RosterRow(id: "1001", name: "Anna Wiśniewska", office: "UM Przykładowo", department: "Promocja",
                  roles: [.official], groups: ["redaktorzy-www"]),
        RosterRow(id: "1002", name: "Bogdan Kowal", office: "UM Przykładowo", department: "Kadry", roles: [.official], groups: ["kadry"]),
        RosterRow(id: "2001", name: "Łukasz Bąk", roles: [.learner], groups: ["klasa-7a"]),
        RosterRow(id: "2002", name: "Zofia Żak", roles: [.learner], groups: ["klasa-7a"]),
    ]

    static func course(_ slug: String, _ audience: CourseAudience?, dueDays: Int? = nil, lessons: [String] = ["l1", "l2"]) -> ServerManifest.Course {
        ServerManifest.Course(slug: slug, title: slug, lessons: lessons.map { .init(slug: $0, title: $0, page: "\($0).html") },
                              audience: audience, dueDays: dueDays)
    }

    static let courses = [
        course("dostepnosc", CourseAudience(groups: ["redaktorzy-www"]), dueDays: 30),
        course("bhp", CourseAudience(everyone: true)),
        course("urzad", CourseAudience(offices: ["UM Przykładowo"])),
        course("odpady", CourseAudience(citizens: true)),
        course("sieć", CourseAudience(groups: ["klasa-7a"]), dueDays: 7, lessons: ["kurs-a-1"]),
    ]

    func assigned(_ store: any ContractStore, at now: Date = t0, _ courses: [ServerManifest.Course] = courses) async throws -> [String: [String]] {
        var byPerson: [String: [String]] = [:]
        for entry in try await store.enrollment(group: nil, personID: nil, courses: courses, now: now) {
            byPerson[entry.personID, default: []].append(entry.course)
        }
        return byPerson
    }

    @Test("audiences assign courses: groups, office, everyone; citizens' courses no one; twice changes nothing", arguments: Backend.all)
    func assignment(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        _ = try await store.importRoster(Self.roster, full: false, actor: "test", now: Self.t0)
        let change = try await store.recomputeAssignments(courses: Self.courses, now: Self.t0)
        #expect(change == EnrollmentChange(added: 9, removed: 0, updated: 0))
        #expect(try await assigned(store) == [
            "1001": ["dostepnosc", "bhp", "urzad"],
            "1002": ["bhp", "urzad"],
            "2001": ["bhp", "sieć"],
            "2002": ["bhp", "sieć"],
        ])
        #expect(try await store.recomputeAssignments(courses: Self.courses, now: Self.t0 + Self.day)
                == EnrollmentChange(added: 0, removed: 0, updated: 0))
        let anna = try await store.enrollment(group: nil, personID: "1001", courses: Self.courses, now: Self.t0)
        let dostepnosc = try #require(anna.first { $0.course == "dostepnosc" })
        #expect(dostepnosc.assignedAt == Self.t0)
        #expect(dostepnosc.dueAt == Self.t0 + 30 * Self.day)
        #expect(anna.first { $0.course == "bhp" }?.dueAt == nil)
    }

    @Test("a roster change and a site change are followed by the next recomputation", arguments: Backend.all)
    func recomputation(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        _ = try await store.importRoster(Self.roster, full: false, actor: "test", now: Self.t0)
        _ = try await store.recomputeAssignments(courses: Self.courses, now: Self.t0)

        // Roster: Bogdan joins the web editors; Zofia leaves (a --full import without her).
        var roster = Self.roster.filter { $0.id != "2002" }
        roster[1].groups = ["kadry", "redaktorzy-www"]
        _ = try await store.importRoster(roster, full: true, actor: "test", now: Self.t0 + Self.day)
        let later = Self.t0 + 2 * Self.day
        #expect(try await store.recomputeAssignments(courses: Self.courses, now: later)
                == EnrollmentChange(added: 1, removed: 2, updated: 0))
        var now = try await assigned(store, at: later)
        #expect(now["1002"] == ["dostepnosc", "bhp", "urzad"])
        #expect(now["2002"] == nil)
        let bogdan = try await store.enrollment(group: nil, personID: "1002", courses: Self.courses, now: later)
        #expect(bogdan.first { $0.course == "dostepnosc" }?.dueAt == later + 30 * Self.day, "due counts from his assignment")

        // Site: the course's due_days changes and 'urzad' is narrowed to a department.
        var courses = Self.courses
        courses[0].dueDays = 14
        courses[2].audience = CourseAudience(departments: ["Kadry"])
        #expect(try await store.recomputeAssignments(courses: courses, now: later)
                == EnrollmentChange(added: 0, removed: 1, updated: 2))
        now = try await assigned(store, at: later, courses)
        #expect(now["1001"] == ["dostepnosc", "bhp"])
        let anna = try await store.enrollment(group: nil, personID: "1001", courses: courses, now: later)
        #expect(anna.first { $0.course == "dostepnosc" }?.dueAt == Self.t0 + 14 * Self.day)
    }

    @Test("status from attributed records: not started, started, completed, passed, overdue; by group", arguments: Backend.all)
    func status(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        _ = try await store.importRoster(Self.roster, full: false, actor: "test", now: Self.t0)
        _ = try await store.recomputeAssignments(courses: Self.courses, now: Self.t0)
        // Łukasz completes the one lesson of 'sieć' and passes its test (TestScorer: 60%);
        // Anna does one of two lessons of 'dostepnosc'.
        let records: [(JSONValue, String)] = [
            (progress(course: "sieć", lesson: "kurs-a-1", device: "d1"), "2001"),
            (attempt(quiz: "test-1", course: "sieć", device: "d1", answers: ["q1": "right"]), "2001"),
            (progress(course: "dostepnosc", lesson: "l1", device: "d2"), "1001"),
            // Anonymous work counts for no one.
            (progress(course: "sieć", lesson: "kurs-a-1", device: "d3"), ""),
        ]
        // Attributed as in a school: each learner's code, sealed and stored as
        // `szpon people codes` does, on the records their browser sends.
        let secret = try await store.learnerCodeSecret()
        var codes: [String: String] = [:]
        for person in try await store.people(group: nil) {
            let code = LearnerCode.seal(personID: person.id, generation: person.codeGeneration, secret: secret)
            #expect(try await store.setCodeTag(personID: person.id, tag: code.tag))
            codes[person.id] = code.text
        }
        let sent = records.map { record, person -> JSONValue in
            guard !person.isEmpty, case var .object(fields) = record else { return record }
            fields["learner"] = codes[person].map(JSONValue.string)
            return .object(fields)
        }
        let results = try await store.ingest(sent, source: .sync)
        #expect(results.allSatisfy { $0.status == .stored })
        let afterDue = Self.t0 + 10 * Self.day
        let klasa = try await store.enrollment(group: "klasa-7a", personID: nil, courses: Self.courses, now: afterDue)
        #expect(Set(klasa.map(\.personID)) == ["2001", "2002"])
        let lukasz = try #require(klasa.first { $0.personID == "2001" && $0.course == "sieć" })
        #expect(lukasz.completed && lukasz.passed && lukasz.started && !lukasz.overdue)
        #expect(lukasz.lessonsDone == 1 && lukasz.lessonsTotal == 1)
        let zofia = try #require(klasa.first { $0.personID == "2002" && $0.course == "sieć" })
        #expect(!zofia.started && !zofia.completed && zofia.overdue, "due after 7 days, nothing done")
        #expect(zofia.status == .notStarted)

        let anna = try #require(try await store.enrollment(group: nil, personID: "1001", courses: Self.courses, now: afterDue)
            .first { $0.course == "dostepnosc" })
        #expect(anna.status == .started && anna.lessonsDone == 1 && anna.lessonsTotal == 2 && !anna.overdue)

        let summary = EnrollmentSummary.summarise(klasa, courseOrder: Self.courses.map(\.slug))
        #expect(summary.map(\.course) == ["bhp", "sieć"])
        let siec = try #require(summary.first { $0.course == "sieć" })
        #expect(siec == EnrollmentSummary(group: "klasa-7a", course: "sieć", assigned: 2, completed: 1, passed: 1,
                                          started: 0, notStarted: 1, overdue: 1))
    }

    @Test("a person's export lists their assignments with their dates", arguments: Backend.all)
    func export(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        _ = try await store.importRoster(Self.roster, full: false, actor: "test", now: Self.t0)
        _ = try await store.recomputeAssignments(courses: Self.courses, now: Self.t0)
        let export = try #require(try await store.exportPerson(id: "1001", actor: "test", now: Self.t0))
        let assignments = try #require(export["assignments"]?.array)
        #expect(assignments.compactMap { $0["course"]?.string } == ["bhp", "dostepnosc", "urzad"])
        #expect(assignments.first { $0["course"]?.string == "dostepnosc" }?["dueAt"]?.string != nil)
        #expect(export["staffAccount"]?.object != nil, "the staff account part is still there")
    }

    @Test("erasing a person removes their assignments", arguments: Backend.all)
    func erase(backend: Backend) async throws {
        guard let fixture = try await backend.open() else { return }
        defer { fixture.remove() }
        let store = fixture.store
        _ = try await store.importRoster(Self.roster, full: false, actor: "test", now: Self.t0)
        _ = try await store.recomputeAssignments(courses: Self.courses, now: Self.t0)
        #expect(try await store.erasePerson(id: "2001", actor: "test", now: Self.t0))
        #expect(try await store.rows("SELECT COUNT(*) FROM assignments WHERE person_id = ?", ["2001"]).first?.first == "0")
    }
}
