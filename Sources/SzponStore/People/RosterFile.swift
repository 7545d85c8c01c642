import CSV
import Foundation

/// One person as a roster file lists them.
public struct RosterRow: Sendable, Hashable {
    public var id: String
    public var name: String
    public var email: String?
    public var office: String?
    public var department: String?
    /// Each once, in `PersonRole` order.
    public var roles: [PersonRole]
    /// Each once, sorted.
    public var groups: [String]
    /// The physical line the row starts on (1: the header).
    public var line: Int

    public init(id: String, name: String, email: String? = nil, office: String? = nil, department: String? = nil,
                roles: [PersonRole] = [], groups: [String] = [], line: Int = 0) {
        self.id = id
        self.name = name
        self.email = email
        self.office = office
        self.department = department
        self.roles = Array(Set(roles)).sorted()
        self.groups = Array(Set(groups)).sorted()
        self.line = line
    }
}

/// A problem with a roster file, printed as `FILE:LINE: error: MESSAGE`.
public struct RosterProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var file: String
    public var line: Int
    public var severity: Severity
    public var message: String

    public var description: String { "\(file):\(line): \(severity.rawValue): \(message)" }
}

/// A roster CSV file (`szpon people import`): a header line naming the columns `id`,
/// `name`, `email`, `office`, `department`, `roles` and `groups` in any order (`id` and
/// `name` required; others ignored with a warning), then one person per record. Roles and
/// groups are `|`-separated. UTF-8 with or without a BOM; `;` (as Polish Excel writes it)
/// or `,`, whichever the header line uses more; quoted fields may hold separators and line
/// breaks; CRLF or LF. Parsing is CSV.swift's; this type adds the roster's rules.
public struct RosterFile: Sendable {
    public static let columns = ["id", "name", "email", "office", "department", "roles", "groups"]
    public static let requiredColumns = ["id", "name"]

    /// The valid rows, in file order; empty when there is any error.
    public var rows: [RosterRow]
    public var errors: [RosterProblem]
    public var warnings: [RosterProblem]
    /// The separator the header line uses.
    public var separator: Character

    public var isValid: Bool { errors.isEmpty }

    /// Reads a roster; `file` names it in messages.
    public init(data: Data, file: String) {
        rows = []
        errors = []
        warnings = []
        separator = ","
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(data: bytes, encoding: .utf8) else {
            errors.append(problem(file, 1, "the file is not UTF-8 text; save it from Excel as \"CSV UTF-8\""))
            return
        }
        read(text, file: file)
    }

    public static func read(contentsOf path: String) throws -> RosterFile {
        RosterFile(data: try Data(contentsOf: URL(fileURLWithPath: path)), file: path)
    }

    private func problem(_ file: String, _ line: Int, _ message: String,
                         _ severity: RosterProblem.Severity = .error) -> RosterProblem {
        RosterProblem(file: file, line: line, severity: severity, message: message)
    }

    private mutating func read(_ text: String, file: String) {
        let headerLine = text.prefix { $0 != "\n" && $0 != "\r" && $0 != "\r\n" }
        separator = headerLine.filter { $0 == ";" }.count > headerLine.filter { $0 == "," }.count ? ";" : ","
        let records: [(line: Int, fields: [String])]
        do {
            records = try Self.records(text, separator: separator)
        } catch {
            errors.append(problem(file, 1, "the file cannot be read as CSV: \(error)"))
            return
        }
        guard let header = records.first else {
            errors.append(problem(file, 1, "the file is empty; a roster starts with the header line "
                                  + Self.columns.joined(separator: String(separator))))
            return
        }
        // Which field holds which column.
        var index: [String: Int] = [:]
        for (position, raw) in header.fields.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            if name.isEmpty { continue }
            if !Self.columns.contains(name) {
                warnings.append(problem(file, header.line, "column '\(name)' is not a roster column; ignored "
                                        + "(columns: \(Self.columns.joined(separator: ", ")))", .warning))
            } else if index[name] != nil {
                errors.append(problem(file, header.line, "column '\(name)' appears twice in the header"))
            } else {
                index[name] = position
            }
        }
        let missing = Self.requiredColumns.filter { index[$0] == nil }
        if !missing.isEmpty {
            let list = missing.map { "'\($0)'" }.joined(separator: " and ")
            errors.append(problem(file, header.line, "the header lacks the required column\(missing.count > 1 ? "s" : "") "
                                  + "\(list) (found: \(header.fields.joined(separator: String(separator))))"))
            return
        }
        let body = records.dropFirst()
        if body.isEmpty {
            errors.append(problem(file, header.line, "the roster has a header but no people"))
            return
        }
        var firstLine: [String: Int] = [:]
        var valid: [RosterRow] = []
        for record in body {
            var rowErrors: [String] = []
            func field(_ column: String) -> String {
                guard let position = index[column], position < record.fields.count else { return "" }
                return record.fields[position]
            }
            if record.fields.count > header.fields.count,
               record.fields[header.fields.count...].contains(where: { !$0.isBlank }) {
                rowErrors.append("the row has \(record.fields.count) fields but the header has \(header.fields.count); "
                                 + "quote a value that holds '\(separator)'")
            }
            let id = field("id").trimmingCharacters(in: .whitespacesAndNewlines)
            let name = Self.singleLine(field("name"))
            let email = Self.singleLine(field("email"))
            if id.isEmpty {
                rowErrors.append("missing id")
            } else if Self.isPESEL(id) {
                rowErrors.append("the id is a PESEL; ids must be employee or pupil numbers, never a PESEL")
            } else if id.count > 64 || id.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0 == "|" }) {
                rowErrors.append("id '\(id.prefix(64))' must be at most 64 characters, without spaces or '|'")
            } else if let first = firstLine[id] {
                rowErrors.append("duplicate id '\(id)' (first on line \(first))")
            } else {
                firstLine[id] = record.line
            }
            if name.isEmpty { rowErrors.append(id.isEmpty ? "missing name" : "missing name for id '\(id)'") }
            if !email.isEmpty && !Self.isEmail(email) { rowErrors.append("bad email '\(email)'") }
            var roles: [PersonRole] = []
            for text in Self.list(field("roles")) {
                if let role = PersonRole(rawValue: text.lowercased()) {
                    roles.append(role)
                } else {
                    rowErrors.append("unknown role '\(text)'; valid roles: \(PersonRole.validList)")
                }
            }
            for message in rowErrors { errors.append(problem(file, record.line, message)) }
            if rowErrors.isEmpty {
                valid.append(RosterRow(id: id, name: name, email: email.isEmpty ? nil : email,
                                       office: Self.optional(Self.singleLine(field("office"))),
                                       department: Self.optional(Self.singleLine(field("department"))),
                                       roles: roles, groups: Self.list(field("groups")), line: record.line))
            }
        }
        if errors.isEmpty { rows = valid }
    }

    /// Every non-blank record with the physical line it starts on. CSV.swift ends each
    /// record at one CR, LF or CRLF and keeps quoted line breaks in the fields, so a
    /// record's lines are one plus the breaks inside its fields.
    static func records(_ text: String, separator: Character) throws -> [(line: Int, fields: [String])] {
        let reader = try CSVReader(string: text, hasHeaderRow: false, trimFields: false,
                                   delimiter: separator.unicodeScalars.first!)
        var result: [(line: Int, fields: [String])] = []
        var line = 1
        while let fields = reader.next() {
            if !fields.allSatisfy(\.isBlank) { result.append((line, fields)) }
            line += 1 + fields.reduce(0) { $0 + lineBreaks(in: $1) }
        }
        if let error = reader.error { throw error }
        return result
    }

    private static func lineBreaks(in text: String) -> Int {
        // "\r\n" is one Character in Swift, so this counts CRLF once.
        text.reduce(0) { $0 + ($1 == "\n" || $1 == "\r" || $1 == "\r\n" ? 1 : 0) }
    }

    /// Whitespace runs (an Excel cell's line breaks too) as one space, trimmed.
    static func singleLine(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
    }

    private static func optional(_ text: String) -> String? { text.isEmpty ? nil : text }

    /// A `|`-separated list: trimmed, without empty items, each once, in order.
    static func list(_ text: String) -> [String] {
        var seen = Set<String>()
        return text.split(separator: "|").map { singleLine(String($0)) }.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// A plausible address: one `@`, something before it, a dotted domain after, no spaces.
    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, text.count <= 254,
              !text.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" }) else {
            return false
        }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }
    }

    /// Eleven digits whose last is the PESEL check digit of the first ten.
    public static func isPESEL(_ text: String) -> Bool {
        let digits = text.compactMap { $0.isASCII ? $0.wholeNumberValue : nil }
        guard text.count == 11, digits.count == 11 else { return false }
        let weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return (10 - sum % 10) % 10 == digits[10]
    }
}

private extension String {
    var isBlank: Bool { allSatisfy { $0.isWhitespace || $0.isNewline } }
}
