/// Who must take a course (`audience:` in its front matter), as the build checked it and
/// the server applies it to the roster. Enrollment is computed from this rule, never
/// clicked: a person is assigned the course while the rule matches them.
///
/// - `everyone`: every active person in the roster;
/// - `citizens`: no one in the roster: a public course, taken anonymously;
/// - otherwise the lists narrow one another (a person must match each non-empty one) and
///   within a list any entry matches: `{groups: [redaktorzy-www], office: UM Przykładowo}`
///   is the web editors of that office. A rule with every list empty matches no one.
public struct CourseAudience: Sendable, Hashable, Codable {
    public var everyone: Bool
    public var citizens: Bool
    public var groups: [String]
    public var offices: [String]
    public var departments: [String]
    public var roles: [String]
    /// How the course page names the audience ("Dla kogo"); nil: from the rule.
    public var label: String?

    public init(everyone: Bool = false, citizens: Bool = false, groups: [String] = [], offices: [String] = [],
                departments: [String] = [], roles: [String] = [], label: String? = nil) {
        self.everyone = everyone
        self.citizens = citizens
        self.groups = groups
        self.offices = offices
        self.departments = departments
        self.roles = roles
        self.label = label
    }

    public static let keywordEveryone = "everyone"
    public static let keywordCitizens = "citizens"

    /// Whether the rule assigns the course to a person with these attributes.
    public func includes(groups personGroups: [String], office: String?, department: String?, roles personRoles: [String]) -> Bool {
        if citizens { return false }
        if everyone { return true }
        if groups.isEmpty && offices.isEmpty && departments.isEmpty && roles.isEmpty { return false }
        if !groups.isEmpty && Set(groups).isDisjoint(with: personGroups) { return false }
        if !offices.isEmpty && !offices.contains(office ?? "") { return false }
        if !departments.isEmpty && !departments.contains(department ?? "") { return false }
        if !roles.isEmpty && Set(roles).isDisjoint(with: personRoles) { return false }
        return true
    }

    /// Whether `name` names this audience for `szpon bundle --audience`: a keyword, one of
    /// its groups, offices or departments, or its label.
    public func isNamed(_ name: String, fold: (String) -> String) -> Bool {
        let wanted = fold(name)
        if everyone && wanted == Self.keywordEveryone { return true }
        if citizens && wanted == Self.keywordCitizens { return true }
        return (groups + offices + departments + [label ?? ""]).contains { !$0.isEmpty && fold($0) == wanted }
    }

    /// Every name `isNamed` accepts, for the error that lists them.
    public var names: [String] {
        (everyone ? [Self.keywordEveryone] : []) + (citizens ? [Self.keywordCitizens] : [])
            + groups + offices + departments + (label.map { [$0] } ?? [])
    }
}
