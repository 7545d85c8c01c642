import Foundation

/// Writes a `JSONValue` as compact JSON with sorted keys, byte for byte what
/// Foundation's `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]` writes.
///
/// Every stored record's digest is a SHA-256 of this text, so it must never drift
/// from the bytes records were hashed with before it existed: `JSONWriterTests`
/// checks it against `JSONEncoder` (the oracle) on generated and mutated values.
/// It exists because the encoder's generic `Encodable` walk (dynamic casts,
/// a boxed value tree, a dictionary sort through closures) was a fifth of the ingest
/// server's CPU; this is one recursive pass appending to one buffer.
///
/// Where it follows the encoder rather than RFC 8785:
/// - keys sort by their UTF-8 bytes;
/// - a number is Swift's shortest round-trip `Double.description`, with a trailing
///   ".0" dropped (`1`, `-0`, `1e+300`, `2.5e-05`);
/// - only `"`, `\`, and U+0000–U+001F are escaped, the last as `\b \f \n \r \t` or
///   `\u00xx` in lowercase hex; `/` and U+007F stay as they are;
/// - a non-finite number, or arrays and objects nested 512 deep, make the whole
///   value unwritable (`nil`), as they make the encoder throw.
enum JSONWriter {
    /// The encoder's limit: its writer refuses to open the 512th nested container.
    static let maximumDepth = 511

    static func write(_ value: JSONValue) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        guard write(value, into: &out, depth: 0) else { return nil }
        return out
    }

    private static func write(_ value: JSONValue, into out: inout [UInt8], depth: Int) -> Bool {
        switch value {
        case .null:
            out.append(contentsOf: "null".utf8)
        case let .bool(flag):
            out.append(contentsOf: (flag ? "true" : "false").utf8)
        case let .number(number):
            guard number.isFinite else { return false }
            writeNumber(number, into: &out)
        case let .string(text):
            writeString(text, into: &out)
        case let .array(elements):
            guard depth < maximumDepth else { return false }
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                guard write(element, into: &out, depth: depth + 1) else { return false }
            }
            out.append(UInt8(ascii: "]"))
        case let .object(members):
            guard depth < maximumDepth else { return false }
            out.append(UInt8(ascii: "{"))
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                guard write(members[key]!, into: &out, depth: depth + 1) else { return false }
            }
            out.append(UInt8(ascii: "}"))
        }
        return true
    }

    private static func writeNumber(_ number: Double, into out: inout [UInt8]) {
        // Whole numbers below 2^53, where `description` still prints every digit
        // ("7000000000000000.0", but "9.99e+15"), print as integers without it: the
        // common case (scores, counts, times).
        if number == number.rounded(.towardZero), abs(number) < 9_007_199_254_740_992,
           !(number == 0 && number.sign == .minus) {
            var digits = Int(number).description
            digits.withUTF8 { out.append(contentsOf: $0) }
            return
        }
        var text = number.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        text.withUTF8 { out.append(contentsOf: $0) }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var mark = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                out.append(contentsOf: bytes[mark..<index])
                mark = index + 1
                out.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x0c: out.append(UInt8(ascii: "f"))
                case 0x0a: out.append(UInt8(ascii: "n"))
                case 0x0d: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                default:
                    out.append(contentsOf: "u00".utf8)
                    out.append(hexDigits[Int(byte >> 4)])
                    out.append(hexDigits[Int(byte & 0x0f)])
                }
            }
            out.append(contentsOf: bytes[mark...])
        }
        out.append(UInt8(ascii: "\""))
    }
}
