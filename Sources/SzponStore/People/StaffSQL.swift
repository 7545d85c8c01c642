import Foundation

/// The staff-account operations (`StaffStore`), as `PeopleOperation`s both backends run.
/// Sessions and invitations skip the people lock on PostgreSQL (each is one row, written
/// by one statement); the failure counter takes it, since it reads before it writes.
enum StaffSQL {
    private static func ts(_ date: Date) -> String { PeopleSQL.timestamp(date) }

    // MARK: - Invitations and passwords

    static func createInvitation(_ invitation: StaffInvitation) -> PeopleOperation<Bool> {
        PeopleOperation(writes: true, reads: [
            SQLStatement("SELECT id FROM people WHERE id = ?", [.text(invitation.personID)]),
        ]) { results in
            guard !results[0].isEmpty else { return PeoplePlan(false) }
            return PeoplePlan(true, writes: [
                SQLStatement("DELETE FROM staff_invitations WHERE person_id = ?", [.text(invitation.personID)]),
                SQLStatement("""
                    INSERT INTO staff_invitations (token_hash, person_id, created_at, expires_at) VALUES (?, ?, ?, ?)
                    """, [.text(invitation.tokenHash), .text(invitation.personID), .text(ts(invitation.createdAt)),
                          .text(ts(invitation.expiresAt))]),
            ])
        }
    }

    private static func usableInvitation(tokenHash: String, now: Date) -> SQLStatement {
        SQLStatement("""
            SELECT i.token_hash, i.person_id, i.created_at, i.expires_at FROM staff_invitations i
            JOIN people p ON p.id = i.person_id
            WHERE i.token_hash = ? AND i.used_at IS NULL AND i.expires_at > ? AND p.active = 1
            """, [.text(tokenHash), .text(ts(now))])
    }

    static func invitation(tokenHash: String, now: Date) -> PeopleOperation<StaffInvitation?> {
        PeopleOperation(writes: false, reads: [usableInvitation(tokenHash: tokenHash, now: now)]) { results in
            PeoplePlan(results[0].first.map { row in
                StaffInvitation(tokenHash: row["token_hash"].string ?? "", personID: row["person_id"].string ?? "",
                                createdAt: PeopleSQL.date(row["created_at"].string) ?? .distantPast,
                                expiresAt: PeopleSQL.date(row["expires_at"].string) ?? .distantPast)
            })
        }
    }

    /// Takes the people lock, so two tabs submitting the same link cannot both use it.
    static func acceptInvitation(tokenHash: String, passwordHash: String, now: Date) -> PeopleOperation<String?> {
        PeopleOperation(writes: true, reads: [usableInvitation(tokenHash: tokenHash, now: now)]) { results in
            guard let person = results[0].first?["person_id"].string else { return PeoplePlan(nil) }
            let at = ts(now)
            return PeoplePlan(person, writes: [
                SQLStatement("UPDATE staff_invitations SET used_at = ? WHERE token_hash = ?", [.text(at), .text(tokenHash)]),
                SQLStatement("DELETE FROM staff_credentials WHERE person_id = ?", [.text(person)]),
                SQLStatement("INSERT INTO staff_credentials (person_id, password_hash, set_at) VALUES (?, ?, ?)",
                             [.text(person), .text(passwordHash), .text(at)]),
                // A new password ends every session opened with the old one.
                SQLStatement("DELETE FROM staff_sessions WHERE person_id = ?", [.text(person)]),
                SQLStatement("INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, '{}')",
                             [.text(at), .text("panel"), .text(AuditAction.passwordSet), .text(person)]),
            ])
        }
    }

    static func credential(login: String) -> PeopleOperation<StaffCredential?> {
        PeopleOperation(writes: false, reads: [
            SQLStatement("""
                SELECT p.id, c.password_hash FROM people p LEFT JOIN staff_credentials c ON c.person_id = p.id
                WHERE p.active = 1 AND (p.id = ? OR lower(p.email) = ?)
                ORDER BY p.id
                """, [.text(login), .text(login.lowercased())]),
        ]) { results in
            // An id wins over someone else's email that happens to read the same.
            let rows = results[0]
            let row = rows.first { $0["id"].string == login } ?? (rows.count == 1 ? rows.first : nil)
            return PeoplePlan(row.map { StaffCredential(personID: $0["id"].string ?? "", passwordHash: $0["password_hash"].string) })
        }
    }

    // MARK: - Sessions

    static func createSession(_ session: StaffSession) -> PeopleOperation<Bool> {
        PeopleOperation(writes: true, lock: false, prelude: [
            SQLStatement("DELETE FROM staff_sessions WHERE expires_at <= ?", [.text(ts(session.createdAt))]),
        ], reads: [
            SQLStatement("SELECT id FROM people WHERE id = ? AND active = 1", [.text(session.personID)]),
        ]) { results in
            guard !results[0].isEmpty else { return PeoplePlan(false) }
            return PeoplePlan(true, writes: [
                SQLStatement("INSERT INTO staff_sessions (hash, person_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                             [.text(session.hash), .text(session.personID), .text(ts(session.createdAt)),
                              .text(ts(session.expiresAt))]),
            ])
        }
    }

    /// Read-only, so checking a session on every panel request does not queue behind the
    /// writer; the caller removes one found expired (`removeSession`).
    static func session(hash: String) -> PeopleOperation<StaffSession?> {
        PeopleOperation(writes: false, reads: [
            SQLStatement("SELECT hash, person_id, created_at, expires_at FROM staff_sessions WHERE hash = ?", [.text(hash)]),
        ]) { results in
            PeoplePlan(results[0].first.map { row in
                StaffSession(hash: hash, personID: row["person_id"].string ?? "",
                             createdAt: PeopleSQL.date(row["created_at"].string) ?? .distantPast,
                             expiresAt: PeopleSQL.date(row["expires_at"].string) ?? .distantPast)
            })
        }
    }

    static func removeSession(hash: String) -> PeopleOperation<Bool> {
        PeopleOperation(writes: true, lock: false, reads: [
            SQLStatement("SELECT hash FROM staff_sessions WHERE hash = ?", [.text(hash)]),
        ]) { results in
            PeoplePlan(!results[0].isEmpty, writes: [SQLStatement("DELETE FROM staff_sessions WHERE hash = ?", [.text(hash)])])
        }
    }

    // MARK: - Failed sign-ins

    static func blocked(account: String, now: Date) -> PeopleOperation<Date?> {
        PeopleOperation(writes: false, reads: [
            SQLStatement("SELECT blocked_until FROM staff_sign_in_failures WHERE account = ?", [.text(account)]),
        ]) { results in
            let until = PeopleSQL.date(results[0].first?["blocked_until"].string)
            return PeoplePlan(until.flatMap { $0 > now ? $0 : nil })
        }
    }

    static func recordFailure(account: String, policy: SignInPolicy, now: Date) -> PeopleOperation<Date?> {
        PeopleOperation(writes: true, reads: [
            SQLStatement("SELECT failures, last_at FROM staff_sign_in_failures WHERE account = ?", [.text(account)]),
        ]) { results in
            var failures = 0
            if let row = results[0].first, let last = PeopleSQL.date(row["last_at"].string),
               now.timeIntervalSince(last) <= policy.forgetAfter {
                failures = row["failures"].int ?? 0
            }
            failures += 1
            let until = policy.blockedUntil(failures: failures, now: now)
            let at = ts(now)
            return PeoplePlan(until, writes: [
                // Forgotten accounts go, so the table does not grow with every login ever typed.
                SQLStatement("DELETE FROM staff_sign_in_failures WHERE last_at < ?",
                             [.text(ts(now.addingTimeInterval(-policy.forgetAfter)))]),
                SQLStatement("DELETE FROM staff_sign_in_failures WHERE account = ?", [.text(account)]),
                SQLStatement("INSERT INTO staff_sign_in_failures (account, failures, last_at, blocked_until) VALUES (?, ?, ?, ?)",
                             [.text(account), .integer(Int64(failures)), .text(at), SQLValue(until.map(ts))]),
            ])
        }
    }

    static func clearFailures(account: String) -> PeopleOperation<Void> {
        PeopleOperation(writes: true, reads: []) { _ in
            PeoplePlan((), writes: [SQLStatement("DELETE FROM staff_sign_in_failures WHERE account = ?", [.text(account)])])
        }
    }

    // MARK: - RODO

    /// What erasing a person removes of their account: password, invitations, sessions
    /// and their failure counter.
    static func eraseWrites(personID id: String) -> [SQLStatement] {
        [
            SQLStatement("DELETE FROM staff_credentials WHERE person_id = ?", [.text(id)]),
            SQLStatement("DELETE FROM staff_invitations WHERE person_id = ?", [.text(id)]),
            SQLStatement("DELETE FROM staff_sessions WHERE person_id = ?", [.text(id)]),
            SQLStatement("DELETE FROM staff_sign_in_failures WHERE account = ?", [.text(StaffAccountKey.person(id))]),
        ]
    }

    /// The reads an export adds (three result sets, in this order, for `exportJSON`).
    static func exportReads(personID id: String) -> [SQLStatement] {
        [
            SQLStatement("SELECT set_at FROM staff_credentials WHERE person_id = ?", [.text(id)]),
            SQLStatement("SELECT created_at, expires_at, used_at FROM staff_invitations WHERE person_id = ? ORDER BY created_at",
                         [.text(id)]),
            SQLStatement("SELECT created_at, expires_at FROM staff_sessions WHERE person_id = ? ORDER BY created_at", [.text(id)]),
        ]
    }

    /// The account as an export shows it: when things happened, never a hash.
    static func exportJSON(_ results: ArraySlice<[SQLRow]>) -> JSONValue {
        let sets = Array(results)
        guard sets.count == 3 else { return .null }
        func text(_ row: SQLRow, _ name: String) -> JSONValue { row[name].string.map(JSONValue.string) ?? .null }
        return .object([
            "passwordSetAt": sets[0].first.map { text($0, "set_at") } ?? .null,
            "invitations": .array(sets[1].map { row in
                .object(["createdAt": text(row, "created_at"), "expiresAt": text(row, "expires_at"), "usedAt": text(row, "used_at")])
            }),
            "sessions": .array(sets[2].map { row in
                .object(["createdAt": text(row, "created_at"), "expiresAt": text(row, "expires_at")])
            }),
        ])
    }
}
