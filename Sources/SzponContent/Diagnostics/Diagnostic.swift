/// A problem found in content, pointing at the spot: `file:line:col: severity: message`.
///
/// Content problems are values, not thrown errors, so one run can report all of them.
public struct Diagnostic: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    /// Path relative to the content folder's parent as the user passed it (e.g. `content/site.yaml`).
    public var file: String
    /// 1-based line; 0 when the problem concerns the whole file.
    public var line: Int
    /// 1-based column.
    public var column: Int
    public var severity: Severity
    public var message: String
    /// What to do next, when there is a useful suggestion.
    public var hint: String?

    public init(file: String, line: Int = 1, column: Int = 1, severity: Severity = .error, message: String, hint: String? = nil) {
        self.file = file
        self.line = max(line, 1)
        self.column = max(column, 1)
        self.severity = severity
        self.message = message
        self.hint = hint
    }

    public var description: String {
        var text = "\(file):\(line):\(column): \(severity.rawValue): \(message)"
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }

    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        (lhs.file, lhs.line, lhs.column, lhs.message) < (rhs.file, rhs.line, rhs.column, rhs.message)
    }
}

/// Where something sits in a source file.
public struct SourceLocation: Sendable, Hashable {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public func error(_ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(file: file, line: line, column: column, severity: .error, message: message, hint: hint)
    }

    public func warning(_ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(file: file, line: line, column: column, severity: .warning, message: message, hint: hint)
    }

    public func diagnostic(_ severity: Diagnostic.Severity, _ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(file: file, line: line, column: column, severity: severity, message: message, hint: hint)
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
