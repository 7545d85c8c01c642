import Foundation

/// What a person may do. Staff roles (`admin`, `official`, `teacher`) get a sign-in;
/// `learner` is someone courses are assigned to.
public enum PersonRole: String, CaseIterable, Sendable, Hashable, Codable, Comparable {
    case admin
    case official
    case teacher
    case learner

    /// The roles in the order they are listed and stored.
    public static func < (left: PersonRole, right: PersonRole) -> Bool {
        allCases.firstIndex(of: left)! < allCases.firstIndex(of: right)!
    }

    /// "admin, official, teacher, learner", for messages.
    public static var validList: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// One person of the roster, as the store holds them.
public struct Person: Sendable, Hashable {
    /// An employee or pupil number; never a PESEL.
    public var id: String
    public var name: String
    public var email: String?
    public var office: String?
    public var department: String?
    /// Sorted in `PersonRole` order, each once.
    public var roles: [PersonRole]
    /// Sorted, each once.
    public var groups: [String]
    /// False once a `--full` import left the person out; inactive people keep their data
    /// until erased (by hand or by the retention period).
    public var active: Bool
    /// Bumped when the person's learner code is revoked, so the next code differs.
    public var codeGeneration: Int
    /// The data characters of the person's current learner code (`LearnerCode.tag`).
    public var codeTag: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var deactivatedAt: Date?
    public var lastSeenAt: Date?

    public init(id: String, name: String, email: String? = nil, office: String? = nil, department: String? = nil,
                roles: [PersonRole] = [], groups: [String] = [], active: Bool = true, codeGeneration: Int = 1,
                codeTag: String? = nil, createdAt: Date, updatedAt: Date, deactivatedAt: Date? = nil,
                lastSeenAt: Date? = nil) {
        self.id = id
        self.name = name
        self.email = email
        self.office = office
        self.department = department
        self.roles = roles
        self.groups = groups
        self.active = active
        self.codeGeneration = codeGeneration
        self.codeTag = codeTag
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.deactivatedAt = deactivatedAt
        self.lastSeenAt = lastSeenAt
    }

    public func has(_ role: PersonRole) -> Bool { roles.contains(role) }
}

/// What an import did, by person id (each list sorted).
public struct RosterImportSummary: Sendable, Hashable {
    public var added: [String]
    public var updated: [String]
    public var unchanged: [String]
    /// Left out of a `--full` import: now inactive.
    public var deactivated: [String]

    public init(added: [String] = [], updated: [String] = [], unchanged: [String] = [], deactivated: [String] = []) {
        self.added = added
        self.updated = updated
        self.unchanged = unchanged
        self.deactivated = deactivated
    }

    /// Whether the import wrote anything.
    public var changed: Bool { !(added.isEmpty && updated.isEmpty && deactivated.isEmpty) }
}

/// One row of the audit log: what was done to people's data, by whom. `subject` is a
/// person id (never a name); `detail` is a JSON object without personal data.
public struct AuditEntry: Sendable, Hashable {
    public var id: Int64
    public var at: Date
    public var actor: String
    public var action: String
    public var subject: String?
    public var detail: JSONValue

    public init(id: Int64, at: Date, actor: String, action: String, subject: String?, detail: JSONValue) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.detail = detail
    }
}

/// The audit log's actions written by the store.
public enum AuditAction {
    public static let rosterImport = "roster.import"
    public static let roles = "person.roles"
    public static let export = "person.export"
    public static let erase = "person.erase"
    public static let codeRevoked = "person.code-revoked"
}

/// Errors of the people store beyond the database's own.
public enum PeopleStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Another person already holds that learner code tag (a 35-bit collision: revoke and
    /// make a new code).
    case codeTagTaken(tag: String)
    /// A stored secret that is not base64 of at least one byte.
    case badSecret(name: String)

    public var description: String {
        switch self {
        case let .codeTagTaken(tag): return "the learner code tag \(tag) already belongs to another person"
        case let .badSecret(name): return "the stored server secret '\(name)' is not base64"
        }
    }
}

/// Names sorted as a Polish reader expects (ą after a, ł after l, ż last), then by id.
enum PeopleOrder {
    static let polish = Locale(identifier: "pl_PL")

    static func sorted(_ people: [Person]) -> [Person] {
        people.sorted { left, right in
            switch left.name.compare(right.name, options: [.caseInsensitive], range: nil, locale: polish) {
            case .orderedAscending: return true
            case .orderedDescending: return false
            case .orderedSame: return left.id < right.id
            }
        }
    }
}
