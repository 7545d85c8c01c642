import Foundation

/// The people store's operations (`PeopleOperation`), run as they are by both backends.
enum PeopleSQL {
    // MARK: - Reading people

    private static let personColumns = """
        p.id, p.name, p.email, p.office, p.department, p.roles, p.active, p.code_generation, p.code_tag,
        p.created_at, p.updated_at, p.deactivated_at, p.last_seen_at
        """

    /// The people matching `condition` (on `people p`) and their groups: two reads.
    private static func peopleReads(_ condition: String, _ values: [SQLValue]) -> [SQLStatement] {
        [
            SQLStatement("SELECT \(personColumns) FROM people p WHERE \(condition)", values),
            SQLStatement("""
                SELECT g.person_id, g.group_name FROM person_groups g JOIN people p ON p.id = g.person_id
                WHERE \(condition)
                """, values),
        ]
    }

    private static func decodePeople(_ people: [SQLRow], groups: [SQLRow]) -> [Person] {
        var groupsByPerson: [String: [String]] = [:]
        for row in groups {
            if let id = row["person_id"].string, let group = row["group_name"].string {
                groupsByPerson[id, default: []].append(group)
            }
        }
        return people.map { row in
            let id = row["id"].string ?? ""
            return Person(
                id: id, name: row["name"].string ?? "", email: row["email"].string, office: row["office"].string,
                department: row["department"].string, roles: decodeRoles(row["roles"].string),
                groups: (groupsByPerson[id] ?? []).sorted(), active: row["active"].bool ?? false,
                codeGeneration: row["code_generation"].int ?? 1, codeTag: row["code_tag"].string,
                createdAt: date(row["created_at"].string) ?? .distantPast,
                updatedAt: date(row["updated_at"].string) ?? .distantPast,
                deactivatedAt: date(row["deactivated_at"].string), lastSeenAt: date(row["last_seen_at"].string))
        }
    }

    private static func peopleOperation<Output: Sendable>(
        _ condition: String, _ values: [SQLValue], _ output: @escaping @Sendable ([Person]) -> Output
    ) -> PeopleOperation<Output> {
        PeopleOperation(writes: false, reads: peopleReads(condition, values)) { results in
            PeoplePlan(output(decodePeople(results[0], groups: results[1])))
        }
    }

    static func person(id: String) -> PeopleOperation<Person?> {
        peopleOperation("p.id = ?", [.text(id)]) { $0.first }
    }

    static func person(codeTag: String) -> PeopleOperation<Person?> {
        peopleOperation("p.code_tag = ?", [.text(codeTag)]) { $0.first }
    }

    static func people(group: String?) -> PeopleOperation<[Person]> {
        if let group {
            return peopleOperation("""
                p.active = 1 AND p.id IN (SELECT person_id FROM person_groups WHERE group_name = ?)
                """, [.text(group)], PeopleOrder.sorted)
        }
        return peopleOperation("p.active = 1", [], PeopleOrder.sorted)
    }

    static func allPeople() -> PeopleOperation<[Person]> {
        peopleOperation("1 = 1", [], PeopleOrder.sorted)
    }

    static func inactivePeople(deactivatedBefore date: Date) -> PeopleOperation<[Person]> {
        peopleOperation("p.active = 0 AND p.deactivated_at < ?", [.text(timestamp(date))], PeopleOrder.sorted)
    }

    // MARK: - Importing a roster

    static func importRoster(_ rows: [RosterRow], full: Bool, actor: String, now: Date) -> PeopleOperation<RosterImportSummary> {
        PeopleOperation(writes: true, reads: peopleReads("1 = 1", [])) { results in
            let stored = Dictionary(decodePeople(results[0], groups: results[1]).map { ($0.id, $0) },
                                    uniquingKeysWith: { first, _ in first })
            let at = timestamp(now)
            var summary = RosterImportSummary()
            var writes: [SQLStatement] = []
            var audits: [SQLStatement] = []
            var seen = Set<String>()
            for row in rows {
                guard seen.insert(row.id).inserted else { continue }
                let roles = Array(Set(row.roles)).sorted()
                let groups = Array(Set(row.groups)).sorted()
                let rolesJSON = encodeRoles(roles)
                guard let person = stored[row.id] else {
                    writes.append(SQLStatement("""
                        INSERT INTO people (id, name, email, office, department, roles, active, code_generation,
                                            created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, 1, 1, ?, ?)
                        """, [.text(row.id), .text(row.name), SQLValue(row.email), SQLValue(row.office),
                              SQLValue(row.department), .text(rolesJSON), .text(at), .text(at)]))
                    for group in groups {
                        writes.append(SQLStatement("INSERT INTO person_groups (person_id, group_name) VALUES (?, ?)",
                                                   [.text(row.id), .text(group)]))
                    }
                    if !roles.isEmpty {
                        audits.append(auditInsert(at: at, actor: actor, action: AuditAction.roles, subject: row.id,
                                                  detail: roleChange(from: [], to: roles)))
                    }
                    summary.added.append(row.id)
                    continue
                }
                let same = person.name == row.name && person.email == row.email && person.office == row.office
                    && person.department == row.department && person.roles == roles && person.groups == groups
                    && person.active
                if same {
                    summary.unchanged.append(row.id)
                    continue
                }
                writes.append(SQLStatement("""
                    UPDATE people SET name = ?, email = ?, office = ?, department = ?, roles = ?, active = 1,
                                      deactivated_at = NULL, updated_at = ?
                    WHERE id = ?
                    """, [.text(row.name), SQLValue(row.email), SQLValue(row.office), SQLValue(row.department),
                          .text(rolesJSON), .text(at), .text(row.id)]))
                for group in Set(person.groups).subtracting(groups).sorted() {
                    writes.append(SQLStatement("DELETE FROM person_groups WHERE person_id = ? AND group_name = ?",
                                               [.text(row.id), .text(group)]))
                }
                for group in Set(groups).subtracting(person.groups).sorted() {
                    writes.append(SQLStatement("INSERT INTO person_groups (person_id, group_name) VALUES (?, ?)",
                                               [.text(row.id), .text(group)]))
                }
                if person.roles != roles {
                    audits.append(auditInsert(at: at, actor: actor, action: AuditAction.roles, subject: row.id,
                                              detail: roleChange(from: person.roles, to: roles)))
                }
                summary.updated.append(row.id)
            }
            if full {
                for person in stored.values where person.active && !seen.contains(person.id) {
                    writes.append(SQLStatement("""
                        UPDATE people SET active = 0, deactivated_at = ?, updated_at = ? WHERE id = ?
                        """, [.text(at), .text(at), .text(person.id)]))
                    summary.deactivated.append(person.id)
                }
            }
            summary.added.sort()
            summary.updated.sort()
            summary.unchanged.sort()
            summary.deactivated.sort()
            if summary.changed {
                writes += audits
                writes.append(auditInsert(at: at, actor: actor, action: AuditAction.rosterImport, subject: nil, detail: .object([
                    "full": .bool(full),
                    "added": .number(Double(summary.added.count)),
                    "updated": .number(Double(summary.updated.count)),
                    "unchanged": .number(Double(summary.unchanged.count)),
                    "deactivated": .number(Double(summary.deactivated.count)),
                ])))
            }
            return PeoplePlan(summary, writes: writes)
        }
    }

    private static func roleChange(from old: [PersonRole], to new: [PersonRole]) -> JSONValue {
        .object(["from": .array(old.map { .string($0.rawValue) }), "to": .array(new.map { .string($0.rawValue) })])
    }

    // MARK: - Learner codes

    static let learnerCodeSecretName = "learner-code-hmac"

    /// Inserted only if no node made one first; then whichever won is read.
    static func learnerCodeSecret() -> PeopleOperation<Data> {
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = UInt8.random(in: .min ... .max, using: &generator) }
        return PeopleOperation(
            writes: true,
            lock: false,
            prelude: [SQLStatement("INSERT INTO server_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                                   [.text(learnerCodeSecretName), .text(Data(bytes).base64EncodedString())])],
            reads: [SQLStatement("SELECT value FROM server_secrets WHERE name = ?", [.text(learnerCodeSecretName)])]
        ) { results in
            guard let text = results[0].first?["value"].string, let data = Data(base64Encoded: text), !data.isEmpty else {
                throw PeopleStoreError.badSecret(name: learnerCodeSecretName)
            }
            return PeoplePlan(data)
        }
    }

    static func setCodeTag(personID: String, tag: String?) -> PeopleOperation<Bool> {
        PeopleOperation(writes: true, reads: [
            SQLStatement("SELECT id FROM people WHERE id = ?", [.text(personID)]),
            SQLStatement("SELECT id FROM people WHERE code_tag = ? AND id <> ?", [SQLValue(tag), .text(personID)]),
        ]) { results in
            guard !results[0].isEmpty else { return PeoplePlan(false) }
            if let tag, !results[1].isEmpty { throw PeopleStoreError.codeTagTaken(tag: tag) }
            return PeoplePlan(true, writes: [
                SQLStatement("UPDATE people SET code_tag = ? WHERE id = ?", [SQLValue(tag), .text(personID)]),
            ])
        }
    }

    static func revokeLearnerCode(personID: String, actor: String, now: Date) -> PeopleOperation<Int?> {
        PeopleOperation(writes: true, reads: [
            SQLStatement("SELECT code_generation FROM people WHERE id = ?", [.text(personID)]),
        ]) { results in
            guard let row = results[0].first else { return PeoplePlan(nil) }
            let generation = (row["code_generation"].int ?? 1) + 1
            let at = timestamp(now)
            return PeoplePlan(generation, writes: [
                SQLStatement("UPDATE people SET code_generation = ?, code_tag = NULL, updated_at = ? WHERE id = ?",
                             [.integer(Int64(generation)), .text(at), .text(personID)]),
                auditInsert(at: at, actor: actor, action: AuditAction.codeRevoked, subject: personID,
                            detail: .object(["generation": .number(Double(generation))])),
            ])
        }
    }

    // MARK: - RODO: export, erase, retention, audit

    static func exportPerson(id: String, actor: String, now: Date) -> PeopleOperation<JSONValue?> {
        PeopleOperation(writes: true, reads: peopleReads("p.id = ?", [.text(id)]) + [
            SQLStatement("""
                SELECT r.id, r.kind, r.site, r.bundle, r.content_hash, r.created_at, r.received_at, r.device,
                       r.learner, r.payload, s.key_status, s.server_points, s.server_max, s.server_percent,
                       s.server_passed
                FROM records r LEFT JOIN attempt_scores s ON s.record_id = r.id
                WHERE r.person_id = ?
                ORDER BY r.created_at, r.id
                """, [.text(id)]),
            SQLStatement("SELECT id, at, actor, action, subject, detail FROM audit_log WHERE subject = ? ORDER BY id",
                         [.text(id)]),
        ] + StaffSQL.exportReads(personID: id) + [EnrollmentSQL.exportRead(personID: id)]) { results in
            guard let person = decodePeople(results[0], groups: results[1]).first else { return PeoplePlan(nil) }
            let at = timestamp(now)
            let records: [JSONValue] = results[2].map { row in
                var record: [String: JSONValue] = [
                    "id": json(row["id"]), "kind": json(row["kind"]), "site": json(row["site"]),
                    "bundle": json(row["bundle"]), "contentHash": json(row["content_hash"]),
                    "createdAt": json(row["created_at"]), "receivedAt": json(row["received_at"]),
                    "device": json(row["device"]), "learner": json(row["learner"]),
                    "payload": (row["payload"].string).flatMap { try? JSONValue.parse(Data($0.utf8)) } ?? .null,
                ]
                if let status = row["key_status"].string {
                    record["score"] = .object([
                        "keyStatus": .string(status),
                        "points": row["server_points"].double.map(JSONValue.number) ?? .null,
                        "max": row["server_max"].double.map(JSONValue.number) ?? .null,
                        "percent": row["server_percent"].double.map(JSONValue.number) ?? .null,
                        "passed": row["server_passed"].bool.map(JSONValue.bool) ?? .null,
                    ])
                }
                return .object(record)
            }
            let export: JSONValue = .object([
                "exportedAt": .string(at),
                "person": .object([
                    "id": .string(person.id), "name": .string(person.name),
                    "email": person.email.map(JSONValue.string) ?? .null,
                    "office": person.office.map(JSONValue.string) ?? .null,
                    "department": person.department.map(JSONValue.string) ?? .null,
                    "roles": .array(person.roles.map { .string($0.rawValue) }),
                    "active": .bool(person.active),
                    "codeGeneration": .number(Double(person.codeGeneration)),
                    "codeTag": person.codeTag.map(JSONValue.string) ?? .null,
                    "createdAt": .string(timestamp(person.createdAt)),
                    "updatedAt": .string(timestamp(person.updatedAt)),
                    "deactivatedAt": person.deactivatedAt.map { .string(timestamp($0)) } ?? .null,
                    "lastSeenAt": person.lastSeenAt.map { .string(timestamp($0)) } ?? .null,
                ]),
                "groups": .array(person.groups.map(JSONValue.string)),
                "staffAccount": StaffSQL.exportJSON(results[4..<7]),
                "assignments": EnrollmentSQL.exportJSON(results[7]),
                "records": .array(records),
                "audit": .array(results[3].map(decodeAudit).map { entry in
                    .object(["at": .string(timestamp(entry.at)), "actor": .string(entry.actor),
                             "action": .string(entry.action), "detail": entry.detail])
                }),
            ])
            return PeoplePlan(export, writes: [
                auditInsert(at: at, actor: actor, action: AuditAction.export, subject: id,
                            detail: .object(["records": .number(Double(records.count))])),
            ])
        }
    }

    /// Erases the person; with `inactiveBefore`, only if they are still inactive since
    /// before then (the retention period, checked in the erasing transaction).
    static func erasePerson(id: String, actor: String, now: Date, inactiveBefore: Date? = nil,
                            reason: String? = nil) -> PeopleOperation<Bool> {
        PeopleOperation(writes: true, reads: [
            SQLStatement("SELECT id, active, deactivated_at FROM people WHERE id = ?", [.text(id)]),
            SQLStatement("SELECT id, raw, device FROM records WHERE person_id = ? ORDER BY id", [.text(id)]),
        ]) { results in
            guard let row = results[0].first else { return PeoplePlan(false) }
            if let inactiveBefore {
                guard row["active"].bool == false, let since = row["deactivated_at"].string,
                      since < timestamp(inactiveBefore) else { return PeoplePlan(false) }
            }
            let at = timestamp(now)
            var writes = [
                SQLStatement("DELETE FROM conflicts WHERE record_id IN (SELECT id FROM records WHERE person_id = ?)",
                             [.text(id)]),
            ]
            // A fresh device id per device keeps "how many devices" right in reports while
            // no longer tying these records to the person's other ones.
            var devices: [String: String] = [:]
            for record in results[1] {
                guard let recordID = record["id"].string else { continue }
                var device: String?
                if let old = record["device"].string {
                    device = devices[old] ?? "erased-" + UUID().uuidString.lowercased()
                    devices[old] = device
                }
                var raw = record["raw"].string ?? ""
                if var object = (try? JSONValue.parse(Data(raw.utf8)))?.object {
                    object["learner"] = nil
                    if object["device"] != nil { object["device"] = device.map(JSONValue.string) ?? .null }
                    raw = String(decoding: JSONValue.object(object).canonical, as: UTF8.self)
                }
                // The digest stays the one of what was sent, so a resend is still a duplicate.
                writes.append(SQLStatement("""
                    UPDATE records SET raw = ?, device = ?, learner = NULL, person_id = NULL WHERE id = ?
                    """, [.text(raw), SQLValue(device), .text(recordID)]))
            }
            writes.append(SQLStatement("DELETE FROM person_groups WHERE person_id = ?", [.text(id)]))
            writes += StaffSQL.eraseWrites(personID: id)
            writes += EnrollmentSQL.eraseWrites(personID: id)
            writes.append(SQLStatement("DELETE FROM people WHERE id = ?", [.text(id)]))
            var detail: [String: JSONValue] = ["records": .number(Double(results[1].count))]
            if let reason { detail["reason"] = .string(reason) }
            writes.append(auditInsert(at: at, actor: actor, action: AuditAction.erase, subject: id, detail: .object(detail)))
            return PeoplePlan(true, writes: writes)
        }
    }

    static func appendAudit(action: String, subject: String?, detail: JSONValue, actor: String,
                            now: Date) -> PeopleOperation<Void> {
        PeopleOperation(writes: true, reads: []) { _ in
            PeoplePlan((), writes: [auditInsert(at: timestamp(now), actor: actor, action: action, subject: subject,
                                                detail: detail)])
        }
    }

    static func auditLog(limit: Int) -> PeopleOperation<[AuditEntry]> {
        PeopleOperation(writes: false, reads: [
            SQLStatement("SELECT id, at, actor, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT ?",
                         [.integer(Int64(max(0, limit)))]),
        ]) { results in
            PeoplePlan(results[0].map(decodeAudit))
        }
    }

    private static func auditInsert(at: String, actor: String, action: String, subject: String?,
                                    detail: JSONValue) -> SQLStatement {
        SQLStatement("INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
                     [.text(at), .text(actor), .text(action), SQLValue(subject),
                      .text(String(decoding: detail.canonical, as: UTF8.self))])
    }

    private static func decodeAudit(_ row: SQLRow) -> AuditEntry {
        AuditEntry(id: Int64(row["id"].int ?? 0), at: date(row["at"].string) ?? .distantPast,
                   actor: row["actor"].string ?? "", action: row["action"].string ?? "", subject: row["subject"].string,
                   detail: row["detail"].string.flatMap { try? JSONValue.parse(Data($0.utf8)) } ?? .object([:]))
    }

    // MARK: - Values

    private static func json(_ value: SQLValue) -> JSONValue {
        value.string.map(JSONValue.string) ?? .null
    }

    static func encodeRoles(_ roles: [PersonRole]) -> String {
        String(decoding: JSONValue.array(roles.map { .string($0.rawValue) }).canonical, as: UTF8.self)
    }

    static func decodeRoles(_ text: String?) -> [PersonRole] {
        guard let text, let array = (try? JSONValue.parse(Data(text.utf8)))?.array else { return [] }
        return Array(Set(array.compactMap { $0.string.flatMap(PersonRole.init(rawValue:)) })).sorted()
    }

    static func timestamp(_ date: Date) -> String { IncomingRecord.timestamp(date) }

    private static let storedTime = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    static func date(_ text: String?) -> Date? {
        text.flatMap { try? storedTime.parse($0) }
    }
}
