import Foundation

/// A value bound to, or read from, SQL, the same on SQLite and PostgreSQL. Booleans are
/// stored as integers 0/1 on both, so that reports count them with the same SQL.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    public init(_ value: String?) { self = value.map(SQLValue.text) ?? .null }
    public init(_ value: Double?) { self = value.map(SQLValue.real) ?? .null }
    public init(_ value: Int?) { self = value.map { .integer(Int64($0)) } ?? .null }
    public init(_ value: Bool?) { self = value.map { .integer($0 ? 1 : 0) } ?? .null }

    public var isNull: Bool { self == .null }

    public var string: String? {
        switch self {
        case let .text(text): return text
        case let .integer(number): return String(number)
        case let .real(number): return String(number)
        case .null: return nil
        }
    }

    public var double: Double? {
        switch self {
        case let .real(number): return number
        case let .integer(number): return Double(number)
        case let .text(text): return Double(text)
        case .null: return nil
        }
    }

    public var int: Int? {
        switch self {
        case let .integer(number): return Int(number)
        case let .real(number): return Int(exactly: number.rounded()) 
        case let .text(text): return Int(text)
        case .null: return nil
        }
    }

    public var bool: Bool? { int.map { $0 != 0 } }
}

/// One row of a query, by column name.
public struct SQLRow: Sendable, Hashable {
    public var columns: [String]
    public var values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    public subscript(_ name: String) -> SQLValue {
        guard let index = columns.firstIndex(of: name) else { return .null }
        return values[index]
    }
}

/// SQL written once for both backends: `?` placeholders, numbered in order. SQLite takes
/// it as it is; PostgreSQL gets `$1`, `$2`, … (`SQLText.postgres`). No `?` may appear
/// inside a string literal of such SQL.
enum SQLText {
    static func postgres(_ sql: String) -> String {
        var result = ""
        result.reserveCapacity(sql.count + 16)
        var number = 0
        for character in sql {
            if character == "?" {
                number += 1
                result += "$\(number)"
            } else {
                result.append(character)
            }
        }
        return result
    }
}
