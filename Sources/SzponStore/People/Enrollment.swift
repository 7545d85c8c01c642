import Foundation

/// One person's assignment of one course, with where they are in it. Progress comes only
/// from records attributed to the person (learner codes), so a learner working
/// anonymously shows as not started.
public struct EnrollmentEntry: Sendable, Hashable, Codable {
    public var personID: String
    public var name: String
    public var groups: [String]
    public var course: String
    public var assignedAt: Date
    public var dueAt: Date?
    /// Required lessons completed (newest mark per lesson) and how many the course has.
    public var lessonsDone: Int
    public var lessonsTotal: Int
    /// Any progress mark or attempt in the course.
    public var started: Bool
    /// Every required lesson completed.
    public var completed: Bool
    /// At least one attempt the server scored as passed.
    public var passed: Bool
    /// Past the due date and not completed.
    public var overdue: Bool

    public enum Status: String, Sendable, Codable {
        case completed, started, notStarted = "not-started"
    }

    public var status: Status { completed ? .completed : started ? .started : .notStarted }
}

/// The counts staff see per group and course.
public struct EnrollmentSummary: Sendable, Hashable, Codable {
    public var group: String
    public var course: String
    public var assigned: Int
    public var completed: Int
    public var passed: Int
    /// Started and not completed.
    public var started: Int
    public var notStarted: Int
    public var overdue: Int

    /// Per group (of the people's groups) and course, in group then course order.
    public static func summarise(_ entries: [EnrollmentEntry], courseOrder: [String]) -> [EnrollmentSummary] {
        var byKey: [String: [String: EnrollmentSummary]] = [:]
        for entry in entries {
            for group in entry.groups.isEmpty ? [""] : entry.groups {
                var summary = byKey[group]?[entry.course]
                    ?? EnrollmentSummary(group: group, course: entry.course, assigned: 0, completed: 0, passed: 0,
                                         started: 0, notStarted: 0, overdue: 0)
                summary.assigned += 1
                if entry.completed { summary.completed += 1 }
                if entry.passed { summary.passed += 1 }
                if entry.started && !entry.completed { summary.started += 1 }
                if !entry.started { summary.notStarted += 1 }
                if entry.overdue { summary.overdue += 1 }
                byKey[group, default: [:]][entry.course] = summary
            }
        }
        let order = Dictionary(courseOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return byKey.keys.sorted().flatMap { group in
            byKey[group]!.values.sorted { (order[$0.course] ?? Int.max, $0.course) < (order[$1.course] ?? Int.max, $1.course) }
        }
    }
}

/// What a recomputation changed.
public struct EnrollmentChange: Sendable, Hashable, Codable {
    public var added: Int
    public var removed: Int
    public var updated: Int
}

/// Enrollment on both backends (`EnrollmentSQL` through the people store's operations).
public protocol EnrollmentStore: Sendable {
    /// Makes the assignments match the courses' audiences and the active roster, in one
    /// transaction: new matches are assigned now (due `due_days` later), assignments whose
    /// rule no longer matches (or whose person left) are removed, and due dates follow a
    /// changed `due_days`. Run whenever the roster or the site changes.
    func recomputeAssignments(courses: [ServerManifest.Course], now: Date) async throws -> EnrollmentChange
    /// Every assignment (of one group's people, or of one person), with its progress.
    func enrollment(group: String?, personID: String?, courses: [ServerManifest.Course], now: Date) async throws -> [EnrollmentEntry]
    /// Changes whenever the roster does (people added, changed, deactivated or erased).
    func rosterStamp() async throws -> String
}

enum EnrollmentSQL {
    static func recompute(courses: [ServerManifest.Course], now: Date) -> PeopleOperation<EnrollmentChange> {
        PeopleOperation(writes: true, reads: [
            SQLStatement("SELECT id, office, department, roles FROM people WHERE active = 1"),
            SQLStatement("SELECT g.person_id, g.group_name FROM person_groups g JOIN people p ON p.id = g.person_id WHERE p.active = 1"),
            SQLStatement("SELECT person_id, course, assigned_at, due_at FROM assignments"),
        ]) { results in
            var groups: [String: [String]] = [:]
            for row in results[1] {
                if let id = row["person_id"].string, let group = row["group_name"].string { groups[id, default: []].append(group) }
            }
            var wanted: [String: Int?] = [:]  // "person\0course" -> due_days
            for person in results[0] {
                guard let id = person["id"].string else { continue }
                let roles = PeopleSQL.decodeRoles(person["roles"].string).map(\.rawValue)
                for course in courses {
                    guard let rule = course.audience,
                          rule.includes(groups: groups[id] ?? [], office: person["office"].string,
                                        department: person["department"].string, roles: roles) else { continue }
                    wanted[id + "\0" + course.slug] = course.dueDays
                }
            }
            var writes: [SQLStatement] = []
            var change = EnrollmentChange(added: 0, removed: 0, updated: 0)
            var have: Set<String> = []
            for row in results[2] {
                guard let id = row["person_id"].string, let course = row["course"].string else { continue }
                let key = id + "\0" + course
                have.insert(key)
                guard let dueDays = wanted[key] else {
                    writes.append(SQLStatement("DELETE FROM assignments WHERE person_id = ? AND course = ?", [.text(id), .text(course)]))
                    change.removed += 1
                    continue
                }
                let assigned = PeopleSQL.date(row["assigned_at"].string) ?? now
                let due = dueDays.map { PeopleSQL.timestamp(assigned.addingTimeInterval(Double($0) * 86_400)) }
                if due != row["due_at"].string {
                    writes.append(SQLStatement("UPDATE assignments SET due_at = ? WHERE person_id = ? AND course = ?",
                                               [SQLValue(due), .text(id), .text(course)]))
                    change.updated += 1
                }
            }
            for (key, dueDays) in wanted.sorted(by: { $0.key < $1.key }) where !have.contains(key) {
                let parts = key.split(separator: "\0", maxSplits: 1).map(String.init)
                let due = dueDays.map { PeopleSQL.timestamp(now.addingTimeInterval(Double($0) * 86_400)) }
                writes.append(SQLStatement("INSERT INTO assignments (person_id, course, assigned_at, due_at) VALUES (?, ?, ?, ?)",
                                           [.text(parts[0]), .text(parts[1]), .text(PeopleSQL.timestamp(now)), SQLValue(due)]))
                change.added += 1
            }
            return PeoplePlan(change, writes: writes)
        }
    }

    static func enrollment(group: String?, personID: String?, courses: [ServerManifest.Course], now: Date)
        -> PeopleOperation<[EnrollmentEntry]> {
        // Narrows every read to the same people; values repeat per placeholder.
        var people = "1 = 1"
        var values: [SQLValue] = []
        if let group {
            people += " AND %@ IN (SELECT person_id FROM person_groups WHERE group_name = ?)"
            values.append(.text(group))
        }
        if let personID {
            people += " AND %@ = ?"
            values.append(.text(personID))
        }
        func on(_ column: String) -> String { people.replacingOccurrences(of: "%@", with: column) }
        return PeopleOperation(writes: false, reads: [
            SQLStatement("""
                SELECT a.person_id, a.course, a.assigned_at, a.due_at, p.name
                FROM assignments a JOIN people p ON p.id = a.person_id
                WHERE p.active = 1 AND \(on("a.person_id"))
                """, values),
            SQLStatement("SELECT person_id, group_name FROM person_groups WHERE \(on("person_id"))", values),
            // Each person's newest mark per lesson (a learner may unmark one).
            SQLStatement("""
                SELECT person_id, course, lesson, completed FROM (
                    SELECT r.person_id, p.course, p.lesson, p.completed,
                           ROW_NUMBER() OVER (PARTITION BY r.person_id, p.course, p.lesson
                                              ORDER BY r.created_at DESC, r.received_at DESC, r.id DESC) AS n
                    FROM progress p JOIN records r ON r.id = p.record_id
                    WHERE r.person_id IS NOT NULL AND p.lesson IS NOT NULL AND \(on("r.person_id"))
                ) AS ranked
                WHERE n = 1
                """, values),
            SQLStatement("""
                SELECT r.person_id, a.course, MAX(CASE WHEN a.server_passed = 1 THEN 1 ELSE 0 END) AS passed
                FROM attempt_scores a JOIN records r ON r.id = a.record_id
                WHERE r.person_id IS NOT NULL AND a.course IS NOT NULL AND \(on("r.person_id"))
                GROUP BY r.person_id, a.course
                """, values),
        ]) { results in
            var groups: [String: [String]] = [:]
            for row in results[1] {
                if let id = row["person_id"].string, let group = row["group_name"].string { groups[id, default: []].append(group) }
            }
            var marked: [String: [String: Bool]] = [:]  // "person\0course" -> lesson -> completed
            for row in results[2] {
                guard let id = row["person_id"].string, let course = row["course"].string, let lesson = row["lesson"].string else { continue }
                marked[id + "\0" + course, default: [:]][lesson] = row["completed"].bool ?? false
            }
            var passed: [String: Bool] = [:]
            for row in results[3] {
                guard let id = row["person_id"].string, let course = row["course"].string else { continue }
                passed[id + "\0" + course] = row["passed"].bool ?? false
            }
            let required = Dictionary(courses.map { ($0.slug, $0.lessons.filter(\.required).map(\.slug)) },
                                      uniquingKeysWith: { first, _ in first })
            let order = Dictionary(courses.enumerated().map { ($1.slug, $0) }, uniquingKeysWith: { first, _ in first })
            let entries = results[0].compactMap { row -> EnrollmentEntry? in
                guard let id = row["person_id"].string, let course = row["course"].string,
                      let assigned = PeopleSQL.date(row["assigned_at"].string) else { return nil }
                let key = id + "\0" + course
                let lessons = required[course] ?? []
                let done = lessons.filter { marked[key]?[$0] == true }.count
                let completed = !lessons.isEmpty && done == lessons.count
                let due = PeopleSQL.date(row["due_at"].string)
                return EnrollmentEntry(
                    personID: id, name: row["name"].string ?? "", groups: (groups[id] ?? []).sorted(), course: course,
                    assignedAt: assigned, dueAt: due, lessonsDone: done, lessonsTotal: lessons.count,
                    started: marked[key] != nil || passed[key] != nil, completed: completed, passed: passed[key] ?? false,
                    overdue: !completed && (due.map { $0 < now } ?? false))
            }
            return PeoplePlan(entries.sorted { left, right in
                switch left.name.compare(right.name, options: [.caseInsensitive], range: nil, locale: PeopleOrder.polish) {
                case .orderedAscending: return true
                case .orderedDescending: return false
                case .orderedSame:
                    return (left.personID, order[left.course] ?? Int.max, left.course)
                        < (right.personID, order[right.course] ?? Int.max, right.course)
                }
            })
        }
    }

    static func rosterStamp() -> PeopleOperation<String> {
        PeopleOperation(writes: false, reads: [
            SQLStatement("SELECT COUNT(*) AS n, MAX(updated_at) AS latest, SUM(active) AS active FROM people"),
            SQLStatement("SELECT COUNT(*) AS n FROM person_groups"),
        ]) { results in
            let people = results[0].first
            return PeoplePlan([people?["n"].int ?? 0, people?["active"].int ?? 0, results[1].first?["n"].int ?? 0]
                .map(String.init).joined(separator: "/") + "/" + (people?["latest"].string ?? ""))
        }
    }

    /// What a person's export holds here (RODO): their assignments.
    static func exportRead(personID: String) -> SQLStatement {
        SQLStatement("SELECT course, assigned_at, due_at FROM assignments WHERE person_id = ? ORDER BY course", [.text(personID)])
    }

    static func exportJSON(_ rows: [SQLRow]) -> JSONValue {
        .array(rows.map { row in
            .object(["course": row["course"].string.map(JSONValue.string) ?? .null,
                     "assignedAt": row["assigned_at"].string.map(JSONValue.string) ?? .null,
                     "dueAt": row["due_at"].string.map(JSONValue.string) ?? .null])
        })
    }

    /// What erasing a person removes here (RODO): their assignments.
    static func eraseWrites(personID: String) -> [SQLStatement] {
        [SQLStatement("DELETE FROM assignments WHERE person_id = ?", [.text(personID)])]
    }
}
