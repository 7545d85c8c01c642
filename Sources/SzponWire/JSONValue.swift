import Foundation

/// A JSON document as a Sendable value: records cross actors and tasks, and
/// `[String: Any]` cannot. Parsed with `parse` (JSONParser.swift), written with
/// `canonical` (JSONWriter.swift).
public enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case let .bool(value): try container.encode(value)
        case let .number(value): try container.encode(value)
        case let .string(value): try container.encode(value)
        case let .array(value): try container.encode(value)
        case let .object(value): try container.encode(value)
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case let .object(object) = self { return object[key] }
        return nil
    }

    public subscript(index: Int) -> JSONValue? {
        if case let .array(array) = self, array.indices.contains(index) { return array[index] }
        return nil
    }

    public var string: String? { if case let .string(value) = self { return value } else { return nil } }
    public var number: Double? { if case let .number(value) = self { return value } else { return nil } }
    public var bool: Bool? { if case let .bool(value) = self { return value } else { return nil } }
    public var array: [JSONValue]? { if case let .array(value) = self { return value } else { return nil } }
    public var object: [String: JSONValue]? { if case let .object(value) = self { return value } else { return nil } }
    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// Sorted keys, no whitespace: the same value always gives the same bytes, so
    /// records can be compared by digest. Written by `JSONWriter`, which gives the
    /// bytes `canonicalWithFoundation` gives, faster.
    public var canonical: Data {
        JSONWriter.write(self).map { Data($0) } ?? Data("null".utf8)
    }

    /// The canonical text through Foundation's JSONEncoder, as every stored digest was
    /// computed before `JSONWriter`: the oracle `JSONWriterTests` checks it against.
    var canonicalWithFoundation: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data("null".utf8)
    }

    /// Parses a JSON text (records, results files, answer keys) in one linear pass
    /// (`JSONParser`), refusing arrays and objects nested more than `maximumDepth`
    /// levels deep. The result is the same as `parseWithFoundation`'s on every input
    /// within that depth. Throws `JSONValue.ParseError`, whose description gives the
    /// reason and the byte offset.
    public static func parse(_ data: Data) throws(ParseError) -> JSONValue {
        try JSONParser.parse(data)
    }

    /// The old way, through `init(from:)` and Foundation's JSONDecoder: kept as the
    /// oracle `JSONParserTests` checks `parse` against. Do not use it on input from
    /// outside: its cost grows with the cube of the nesting depth (a 1 KB body of
    /// 500-deep arrays took a second of CPU), and so does decoding a `JSONValue` nested
    /// in any other `Decodable` type.
    static func parseWithFoundation(_ data: Data) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: data)
    }
}
