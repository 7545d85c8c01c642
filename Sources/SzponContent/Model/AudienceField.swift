import SzponWire

/// `audience:` in a course's front matter, as authors write it: `everyone`, `citizens`,
/// a mapping (`{groups: [redaktorzy-www], office: UM Przykładowo, due…}`), or any other
/// text, which only describes the audience on the course page ("Dla kogo") and names it
/// for `szpon bundle --audience`: it assigns the course to no one.
public struct AudienceField: Sendable, Hashable, Decodable {
    /// The rule the server applies; nil for descriptive text.
    public var rule: CourseAudience?
    /// The text as written, when it was text.
    public var text: String?

    public init(rule: CourseAudience?, text: String?) {
        self.rule = rule
        self.text = text
    }

    /// What the course page shows and `bundle --audience` matches: the label or the text.
    public var label: String? { rule?.label ?? text }

    enum Keys: String, CodingKey {
        case groups, office, offices, department, departments, roles, label
    }

    public static let schema = KeySchema.mapping(Dictionary(uniqueKeysWithValues: [Keys.groups, .office, .offices, .department,
                                                                                    .departments, .roles, .label].map { ($0.rawValue, KeySchema.value) }))

    public init(from decoder: Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            let word = text.trimmingCharacters(in: .whitespaces).lowercased()
            switch word {
            case CourseAudience.keywordEveryone: self.init(rule: CourseAudience(everyone: true), text: nil)
            case CourseAudience.keywordCitizens: self.init(rule: CourseAudience(citizens: true), text: nil)
            default: self.init(rule: nil, text: text)
            }
            return
        }
        let container = try decoder.container(keyedBy: Keys.self)
        // A single name or a list; office and department also under their plural keys.
        func names(_ keys: Keys...) throws -> [String] {
            var names: [String] = []
            for key in keys where container.contains(key) {
                if let one = try? container.decode(String.self, forKey: key) {
                    names.append(one)
                } else {
                    names += try container.decode([String].self, forKey: key)
                }
            }
            return names.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        self.init(rule: CourseAudience(groups: try names(.groups), offices: try names(.office, .offices),
                                       departments: try names(.department, .departments), roles: try names(.roles),
                                       label: try container.decodeIfPresent(String.self, forKey: .label)),
                  text: nil)
    }
}
