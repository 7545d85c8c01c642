import Foundation
import Logging
import PostgresNIO

/// SQL with `?` placeholders and `SQLValue` arguments on a PostgreSQL connection.
extension PostgresConnection {
    static let quiet = Logger(label: "szpon.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    static func query(_ sql: String, _ arguments: [SQLValue]) throws -> PostgresQuery {
        var bindings = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch argument {
            case .null: bindings.appendNull()
            case let .integer(number): try bindings.append(number)
            case let .real(number): try bindings.append(number)
            case let .text(text): try bindings.append(text)
            }
        }
        return PostgresQuery(unsafeSQL: numbered(sql), binds: bindings)
    }

    /// `SQLText.postgres` byte by byte: `?` is ASCII, so it is never part of a multi-byte
    /// character, and a group's statement of a thousand rows is numbered without walking it
    /// character by character (a twentieth of the server's CPU under load).
    static func numbered(_ sql: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(sql.utf8.count + sql.utf8.count / 4)
        var number = 0
        for byte in sql.utf8 {
            if byte == UInt8(ascii: "?") {
                number += 1
                bytes.append(UInt8(ascii: "$"))
                bytes.append(contentsOf: String(number).utf8)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Every row of a query.
    func rows(_ sql: String, _ arguments: [SQLValue] = []) async throws -> [SQLRow] {
        do {
            return try await uncheckedRows(sql, arguments)
        } catch let error as PSQLError {
            throw PostgresStoreError(error, sql: sql)
        }
    }

    /// Every row of a query whose binds are made by hand (arrays, which `SQLValue` has not);
    /// `sql` is PostgreSQL's own, with `$1`, `$2`, ….
    func rows(postgres sql: String, _ bindings: PostgresBindings) async throws -> [SQLRow] {
        do {
            return try await uncheckedRows(PostgresQuery(unsafeSQL: sql, binds: bindings))
        } catch let error as PSQLError {
            throw PostgresStoreError(error, sql: sql)
        }
    }

    private func uncheckedRows(_ sql: String, _ arguments: [SQLValue]) async throws -> [SQLRow] {
        try await uncheckedRows(Self.query(sql, arguments))
    }

    private func uncheckedRows(_ postgresQuery: PostgresQuery) async throws -> [SQLRow] {
        let sequence = try await query(postgresQuery, logger: Self.quiet)
        var result: [SQLRow] = []
        for try await row in sequence {
            var columns: [String] = []
            var values: [SQLValue] = []
            for cell in row {
                columns.append(cell.columnName)
                values.append(try SQLValue(cell))
            }
            result.append(SQLRow(columns: columns, values: values))
        }
        return result
    }

    /// Runs a statement; how many rows it returned (use `RETURNING` to count changes).
    @discardableResult
    func run(_ sql: String, _ arguments: [SQLValue] = []) async throws -> Int {
        do {
            let sequence = try await query(Self.query(sql, arguments), logger: Self.quiet)
            var count = 0
            for try await _ in sequence { count += 1 }
            return count
        } catch let error as PSQLError {
            throw PostgresStoreError(error, sql: sql)
        }
    }

    /// Runs statements without arguments one by one (migrations, BEGIN, …), split at `;`:
    /// no `;` may appear inside a literal or a comment of such SQL.
    func script(_ sql: String) async throws {
        for statement in sql.split(separator: ";") {
            let text = statement.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { continue }
            try await run(text)
        }
    }
}

extension SQLValue {
    init(_ cell: PostgresCell) throws {
        guard cell.bytes != nil else {
            self = .null
            return
        }
        switch cell.dataType {
        case .int2, .int4, .int8, .oid:
            self = .integer(try cell.decode(Int64.self))
        case .float4, .float8:
            self = .real(try cell.decode(Double.self))
        case .numeric:
            self = .real(NSDecimalNumber(decimal: try cell.decode(Decimal.self)).doubleValue)
        case .bool:
            self = .integer(try cell.decode(Bool.self) ? 1 : 0)
        default:
            self = .text(try cell.decode(String.self))
        }
    }
}

/// A PostgreSQL error with the server's message and SQLSTATE (PSQLError hides both from
/// its description), and the start of the statement.
public struct PostgresStoreError: Error, CustomStringConvertible, Sendable {
    public var state: String?
    public var message: String
    public var statement: String

    init(_ error: PSQLError, sql: String) {
        state = error.serverInfo?[.sqlState]
        message = error.serverInfo?[.message] ?? "\(error.code)"
        statement = String(sql.prefix(120))
    }

    public var description: String {
        "PostgreSQL: \(message) (SQLSTATE \(state ?? "none")) in: \(statement)"
    }
}

extension Error {
    /// The SQLSTATE of a PostgreSQL error, if it is one.
    var postgresState: String? {
        (self as? PostgresStoreError)?.state ?? (self as? PSQLError)?.serverInfo?[.sqlState]
    }
}
