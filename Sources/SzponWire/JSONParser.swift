import Foundation

extension JSONValue {
    /// The deepest nesting of arrays and objects `parse` accepts: `[]` is one level,
    /// `{"a": [1]}` two. Records need about 6. Input is refused as soon as the parser
    /// opens level 33, so a hostile body costs no more than reading that far, and code
    /// that walks a parsed value recursively never goes deeper than this.
    public static let maximumDepth = 32

    /// Why `parse` refused its input: a short reason and the byte offset where it was
    /// found (counted in the input as given, or, for UTF-16 and UTF-32 input, in its
    /// UTF-8 conversion).
    public struct ParseError: Error, CustomStringConvertible, Equatable, Sendable {
        public enum Kind: Sendable, Equatable {
            /// Arrays and objects nested more than `JSONValue.maximumDepth` levels deep.
            case tooDeep
            /// Anything else: not JSON, or a number or string no `JSONValue` can hold.
            case invalid
        }

        public let kind: Kind
        public let reason: String
        public let offset: Int

        public var description: String { "\(reason) (at byte \(offset))" }
    }
}

/// A JSON parser for `JSONValue.parse`: one pass over the UTF-8 bytes, linear in their
/// length, recursing at most `JSONValue.maximumDepth` levels.
///
/// It gives exactly what Foundation's `JSONDecoder().decode(JSONValue.self, from:)`
/// gave before it (the same value, or an error where that threw), which
/// `JSONParserTests` checks by differential fuzzing. That means keeping the places
/// where Foundation is more lenient than RFC 8259, each marked "Foundation:" below:
///
/// - a trailing comma is accepted in arrays and objects (`[1,]`, `{"a":1,}`);
/// - UTF-16 and UTF-32 input is accepted (detected by a BOM or by the pattern of zero
///   bytes in the first four, RFC 4627 section 3), as is a UTF-8 BOM;
/// - with a duplicate key the first one wins, and the values of the later ones are
///   only checked for structure (Foundation never decodes them): `{"a":1,"a":01}` and
///   `{"a":1,"a":"\x"}` are accepted. Keys are Swift strings, so keys that are
///   canonically equivalent (`"é"` and `"e\u0301"`) are duplicates too;
/// - a zero is refused when written as `0e1`, `0E5` or `-0.0e5`, and `1e-403` written
///   as `0.` + 402 zeros + `1e0` reads as 0 (see `isTrueZeroAsFoundationSees`).
///
/// And where it is stricter than a JSON grammar alone: a number must fit a Double
/// (`1e400` and `1e-400` are refused, subnormals are kept), strings must be valid
/// UTF-8 with no lone surrogate escapes (`"\ud83d"` is refused), and only space, tab,
/// CR and LF count as whitespace. Numbers are converted exactly as Foundation does
/// (a correctly rounded decimal conversion, the same as `strtod`).
struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let depthLimit: Int
    /// Added to offsets in errors, so they count from the start of the caller's data.
    private let offsetBase: Int
    private var index = 0
    private var depth = 0
    /// Reused for strings with escapes.
    private var scratch: [UInt8] = []

    private init(bytes: UnsafeBufferPointer<UInt8>, depthLimit: Int, offsetBase: Int) {
        self.bytes = bytes
        self.depthLimit = depthLimit
        self.offsetBase = offsetBase
    }

    /// Parses a whole JSON text. `depthLimit` is for tests that compare this parser with
    /// Foundation past the limit; everything else uses `JSONValue.maximumDepth`.
    static func parse(_ data: Data, depthLimit: Int = JSONValue.maximumDepth) throws(JSONValue.ParseError) -> JSONValue {
        let result: Result<JSONValue, JSONValue.ParseError> = data.withUnsafeBytes { raw in
            let all = raw.bindMemory(to: UInt8.self)
            switch Encoding.detect(all) {
            case let .utf8(bom):
                let body = UnsafeBufferPointer(rebasing: all[bom...])
                var parser = JSONParser(bytes: body, depthLimit: depthLimit, offsetBase: bom)
                return Result { () throws(JSONValue.ParseError) in try parser.parseDocument() }
            case let .other(encoding, bom):
                // Foundation converts such input with String(bytes:encoding:) and parses
                // the UTF-8 of the result; doing the same keeps even its odd cases alike.
                guard var text = String(bytes: all[bom...], encoding: encoding) else {
                    return .failure(JSONValue.ParseError(kind: .invalid, reason: "the input is not valid UTF-8, UTF-16 or UTF-32", offset: 0))
                }
                return text.withUTF8 { utf8 in
                    var parser = JSONParser(bytes: utf8, depthLimit: depthLimit, offsetBase: 0)
                    return Result { () throws(JSONValue.ParseError) in try parser.parseDocument() }
                }
            }
        }
        return try result.get()
    }

    // MARK: Encoding

    private enum Encoding {
        case utf8(bom: Int)
        case other(String.Encoding, bom: Int)

        /// Foundation's JSONDecoder guesses the encoding from the first four bytes, as
        /// RFC 4627 section 3 describes (and a little beyond it); these are its cases, in
        /// its order. (Its UTF-32 little-endian BOM case looks for FE FF 00 00, not
        /// FF FE 00 00, which it reads as UTF-16 LE; kept.)
        static func detect(_ bytes: UnsafeBufferPointer<UInt8>) -> Encoding {
            let n = bytes.count
            let b0: UInt8? = n > 0 ? bytes[0] : nil
            let b1: UInt8? = n > 1 ? bytes[1] : nil
            let b2: UInt8? = n > 2 ? bytes[2] : nil
            let b3: UInt8? = n > 3 ? bytes[3] : nil
            switch (b0, b1, b2, b3) {
            case (0, 0, 0xFE, 0xFF): return .other(.utf32BigEndian, bom: 4)
            case (0xFE, 0xFF, 0, 0): return .other(.utf32LittleEndian, bom: 4)
            case (0xFE, 0xFF, _, _): return .other(.utf16BigEndian, bom: 2)
            case (0xFF, 0xFE, _, _): return .other(.utf16LittleEndian, bom: 2)
            case (0xEF, 0xBB, 0xBF, _): return .utf8(bom: 3)
            case let (0, 0, 0, .some(nz)) where nz != 0: return .other(.utf32BigEndian, bom: 0)
            case let (0, .some(nz1), 0, .some(nz2)) where nz1 != 0 && nz2 != 0: return .other(.utf16BigEndian, bom: 0)
            case let (.some(nz), 0, 0, 0) where nz != 0: return .other(.utf32LittleEndian, bom: 0)
            case let (.some(nz1), 0, .some(nz2), 0) where nz1 != 0 && nz2 != 0: return .other(.utf16LittleEndian, bom: 0)
            case let (0, .some(nz), nil, nil) where nz != 0: return .other(.utf16BigEndian, bom: 0)
            case let (.some(nz), 0, nil, nil) where nz != 0: return .other(.utf16LittleEndian, bom: 0)
            default: return .utf8(bom: 0)
            }
        }
    }

    // MARK: Errors

    private func fail(_ reason: String, at offset: Int? = nil) -> JSONValue.ParseError {
        JSONValue.ParseError(kind: .invalid, reason: reason, offset: offsetBase + (offset ?? index))
    }

    private func unexpected(_ what: String) -> JSONValue.ParseError {
        guard index < bytes.count else { return fail("unexpected end of the JSON \(what)") }
        return fail("unexpected \(Self.describe(bytes[index])) \(what)")
    }

    private static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F && byte != UInt8(ascii: "'") {
            return "character '\(Character(Unicode.Scalar(byte)))'"
        }
        return "byte 0x" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
    }

    /// A token for an error message, cut short if it is long.
    private func token(_ start: Int, _ end: Int) -> String {
        let shown = min(end, start + 40)
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<shown]), as: UTF8.self)
        return shown < end ? text + "…" : text
    }

    // MARK: Structure

    private mutating func parseDocument() throws(JSONValue.ParseError) -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else {
            throw fail(bytes.isEmpty ? "the JSON is empty" : "the JSON holds only whitespace")
        }
        let value = try parseValue()
        skipWhitespace()
        if index < bytes.count { throw unexpected("after the JSON value") }
        return value
    }

    @inline(__always)
    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// Whitespace, then the next byte, which must be there.
    @inline(__always)
    private mutating func nextByte(_ context: @autoclosure () -> String) throws(JSONValue.ParseError) -> UInt8 {
        skipWhitespace()
        guard index < bytes.count else { throw fail("unexpected end of the JSON \(context())") }
        return bytes[index]
    }

    private mutating func enter() throws(JSONValue.ParseError) {
        guard depth < depthLimit else {
            throw JSONValue.ParseError(kind: .tooDeep, reason: "the JSON is nested more than \(depthLimit) levels deep",
                                       offset: offsetBase + index)
        }
        depth += 1
    }

    private mutating func parseValue() throws(JSONValue.ParseError) -> JSONValue {
        switch try nextByte("where a value should be") {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw unexpected("where a value should be")
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONValue.ParseError) {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw fail("unexpected end of the JSON in \(word)") }
        let pointer = word.utf8Start
        for offset in 0..<count where bytes[index + offset] != pointer[offset] {
            index += offset
            throw unexpected("in \(word)")
        }
        index += count
    }

    private mutating func parseArray() throws(JSONValue.ParseError) -> JSONValue {
        try enter()
        index += 1
        var elements: [JSONValue] = []
        if try nextByte("in an array") == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue())
            switch try nextByte("in an array") {
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return .array(elements)
            case UInt8(ascii: ","):
                index += 1
                // Foundation: a trailing comma is accepted.
                if try nextByte("in an array") == UInt8(ascii: "]") {
                    index += 1
                    depth -= 1
                    return .array(elements)
                }
            default:
                throw unexpected("in an array, where ',' or ']' should be")
            }
        }
    }

    private mutating func parseObject() throws(JSONValue.ParseError) -> JSONValue {
        try enter()
        index += 1
        // Members are gathered in order and hashed once, into the dictionary at the end;
        // duplicates are found by comparing keys (the same `==` a dictionary uses), or
        // through a set once an object has many members.
        var keys: [String] = []
        var values: [JSONValue] = []
        var seen: Set<String>? = nil
        func finish(_ keys: [String], _ values: [JSONValue]) -> JSONValue {
            .object(Dictionary(zip(keys, values), uniquingKeysWith: { first, _ in first }))
        }
        if try nextByte("in an object") == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object([:])
        }
        while true {
            guard bytes[index] == UInt8(ascii: "\"") else { throw unexpected("in an object, where a key should be") }
            let key = try parseString()
            guard try nextByte("in an object") == UInt8(ascii: ":") else {
                throw unexpected("in an object, where ':' should be")
            }
            index += 1
            let duplicate: Bool
            if seen != nil {
                duplicate = !seen!.insert(key).inserted
            } else {
                duplicate = keys.contains(key)
                if !duplicate, keys.count == 16 { seen = Set(keys + [key]) }
            }
            if duplicate {
                // Foundation: the first of duplicate keys wins, and the later values are
                // never decoded, so only their structure has to be valid.
                skipWhitespace()
                try skipValue()
            } else {
                keys.append(key)
                values.append(try parseValue())
            }
            switch try nextByte("in an object") {
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return finish(keys, values)
            case UInt8(ascii: ","):
                index += 1
                // Foundation: a trailing comma is accepted.
                if try nextByte("in an object") == UInt8(ascii: "}") {
                    index += 1
                    depth -= 1
                    return finish(keys, values)
                }
            default:
                throw unexpected("in an object, where ',' or '}' should be")
            }
        }
    }

    // MARK: Numbers

    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    @inline(__always)
    private static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"),
             UInt8(ascii: "e"), UInt8(ascii: "E"):
            return true
        default:
            return false
        }
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    /// A number token is, as in Foundation's scanner, the longest run of digits and
    /// `.+-eE`; it must then match RFC 8259's grammar as a whole and fit a Double.
    private mutating func parseNumber() throws(JSONValue.ParseError) -> Double {
        let start = index
        index += 1
        while index < bytes.count, Self.isNumberByte(bytes[index]) { index += 1 }
        let end = index

        var i = start
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        // Significant digits gathered while they fit; `exponent10` scales them.
        var significand: UInt64 = 0
        var significantDigits = 0
        var dropped = false
        var exponent10 = 0
        var nonZeroDigit = false

        guard i < end, Self.isDigit(bytes[i]) else { throw fail("invalid number '\(token(start, end))'", at: start) }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if i < end, Self.isDigit(bytes[i]) { throw fail("invalid number '\(token(start, end))' (leading zero)", at: start) }
        } else {
            while i < end, Self.isDigit(bytes[i]) {
                let digit = bytes[i] &- UInt8(ascii: "0")
                if significantDigits < 19 {
                    significand = significand &* 10 &+ UInt64(digit)
                    if significand != 0 { significantDigits += 1 }
                } else {
                    exponent10 += 1
                    dropped = true
                }
                nonZeroDigit = true
                i += 1
            }
        }
        if i < end, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard i < end, Self.isDigit(bytes[i]) else { throw fail("invalid number '\(token(start, end))'", at: start) }
            while i < end, Self.isDigit(bytes[i]) {
                let digit = bytes[i] &- UInt8(ascii: "0")
                if digit != 0 { nonZeroDigit = true }
                if significantDigits < 19 {
                    significand = significand &* 10 &+ UInt64(digit)
                    if significand != 0 { significantDigits += 1 }
                    exponent10 -= 1
                } else {
                    dropped = true
                }
                i += 1
            }
        }
        if i < end, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var exponentNegative = false
            if i < end, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            guard i < end, Self.isDigit(bytes[i]) else { throw fail("invalid number '\(token(start, end))'", at: start) }
            var exponent = 0
            while i < end, Self.isDigit(bytes[i]) {
                // Capped: anything this far out is zero or infinite, decided by strtod below.
                if exponent < 1_000_000 { exponent = exponent * 10 + Int(bytes[i] &- UInt8(ascii: "0")) }
                i += 1
            }
            exponent10 += exponentNegative ? -exponent : exponent
        }
        guard i == end else { throw fail("invalid number '\(token(start, end))'", at: start) }

        // Foundation: a number that rounds to infinity is refused, and so is one that
        // rounds to zero unless its own test says it is a true zero (see
        // `isTrueZeroAsFoundationSees`); subnormal results are kept.
        if !nonZeroDigit {
            guard Self.isTrueZeroAsFoundationSees(UnsafeBufferPointer(rebasing: bytes[start..<end])) else {
                throw fail("the number \(token(start, end)) is refused (JSONDecoder took this zero for one too small for a double)", at: start)
            }
            return negative ? -0.0 : 0.0
        }
        // Clinger's fast path: both operands exact, one correctly rounded operation.
        if !dropped, significand <= 1 << 53, exponent10 >= -22, exponent10 <= 22 {
            let value = exponent10 < 0 ? Double(significand) / Self.exactPowersOfTen[-exponent10]
                                       : Double(significand) * Self.exactPowersOfTen[exponent10]
            return negative ? -value : value
        }
        // Everything else goes to the C library's correctly rounded conversion on the
        // exact token, as in Foundation, so the bits are the same.
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        guard let value = Double(text) else { throw fail("invalid number '\(token(start, end))'", at: start) }
        if value.isInfinite { throw fail("the number \(token(start, end)) is too large for a double", at: start) }
        if value == 0, !Self.isTrueZeroAsFoundationSees(UnsafeBufferPointer(rebasing: bytes[start..<end])) {
            throw fail("the number \(token(start, end)) is too small for a double (it rounds to 0)", at: start)
        }
        return value
    }

    /// Foundation's JSONDecoder (`isTrueZero`) decides whether a number that converted to
    /// zero was written as zero by looking for a digit 1-9 before an `e`. It reads the
    /// token four bytes at a time in order, but the last one to three bytes backwards, so
    /// it is wrong at the end of a token (Foundation bugs, kept so results match):
    /// `0e1`, `0E5` and `-0.0e5` are refused (it sees the exponent's digit first), while
    /// `0.` + 402 zeros + `1e0` (that is, 1e-403) is taken as 0 (it sees the `e` first).
    static func isTrueZeroAsFoundationSees(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        func check(_ byte: UInt8) -> Bool? {
            switch byte {
            case UInt8(ascii: "1")...UInt8(ascii: "9"): return false
            case UInt8(ascii: "e"), UInt8(ascii: "E"): return true
            default: return nil
            }
        }
        var i = 0
        while token.count - i >= 4 {
            for k in 0..<4 { if let verdict = check(token[i + k]) { return verdict } }
            i += 4
        }
        for k in stride(from: token.count - 1, through: i, by: -1) {
            if let verdict = check(token[k]) { return verdict }
        }
        return true
    }

    // MARK: Strings

    /// A string starting at the opening quote under `index`; leaves `index` after the
    /// closing quote.
    private mutating func parseString() throws(JSONValue.ParseError) -> String {
        index += 1
        let start = index
        var high: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            high |= byte
            index += 1
        }
        guard index < bytes.count else { throw fail("unterminated string", at: start - 1) }
        if bytes[index] == UInt8(ascii: "\"") {
            let body = UnsafeBufferPointer(rebasing: bytes[start..<index])
            if high & 0x80 != 0, let bad = Self.invalidUTF8(in: body) {
                throw fail("invalid UTF-8 in a string", at: start + bad)
            }
            index += 1
            return String(decoding: body, as: UTF8.self)
        }
        return try parseEscapedString(from: start)
    }

    private mutating func parseEscapedString(from start: Int) throws(JSONValue.ParseError) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while true {
            guard index < bytes.count else { throw fail("unterminated string", at: start - 1) }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                let text: String? = scratch.withUnsafeBufferPointer { buffer in
                    Self.invalidUTF8(in: buffer) == nil ? String(decoding: buffer, as: UTF8.self) : nil
                }
                // Escapes only add whole characters, so a bad sequence is in the raw bytes.
                guard let text else { throw fail("invalid UTF-8 in a string", at: start) }
                return text
            case UInt8(ascii: "\\"):
                try parseEscape()
            case 0..<0x20:
                throw fail("control character U+\(String(byte, radix: 16, uppercase: true).leftPadded(to: 4)) in a string (it must be escaped)")
            default:
                scratch.append(byte)
                index += 1
            }
        }
    }

    private mutating func parseEscape() throws(JSONValue.ParseError) {
        let escapeStart = index
        index += 1
        guard index < bytes.count else { throw fail("unterminated string") }
        let letter = bytes[index]
        index += 1
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(letter)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try hex4(escapeStart)
            var scalar: UInt32
            switch unit {
            case 0xD800...0xDBFF:
                guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw fail("\\u\(token(escapeStart + 2, escapeStart + 6)) is a lone surrogate", at: escapeStart)
                }
                index += 2
                let low = try hex4(index - 2)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw fail("\\u\(token(escapeStart + 2, escapeStart + 6)) is a lone surrogate", at: escapeStart)
                }
                scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            case 0xDC00...0xDFFF:
                throw fail("\\u\(token(escapeStart + 2, escapeStart + 6)) is a lone surrogate", at: escapeStart)
            default:
                scalar = UInt32(unit)
            }
            appendUTF8(scalar)
        default:
            throw fail("invalid escape '\\\(Character(Unicode.Scalar(letter < 0x80 ? letter : UInt8(ascii: "?"))))' in a string", at: escapeStart)
        }
    }

    /// Four hex digits under `index`.
    private mutating func hex4(_ escapeStart: Int) throws(JSONValue.ParseError) -> UInt16 {
        guard bytes.count - index >= 4 else { throw fail("unterminated \\u escape", at: escapeStart) }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail("invalid \\u escape (four hex digits should follow)", at: escapeStart)
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// The offset of the first byte that is not well-formed UTF-8 (Unicode 15, table
    /// 3-7: no overlong forms, surrogates or values past U+10FFFF), or nil.
    static func invalidUTF8(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let lead = bytes[i]
            if lead < 0x80 { i += 1; continue }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            guard n - i >= length else { return i }
            let second = bytes[i + 1]
            guard second >= low, second <= high else { return i }
            for k in 2..<max(2, length) where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }

    // MARK: Skipping

    /// Foundation checks a value it never decodes (the later value of a duplicate key)
    /// only as its scanner does: the structure, and that literals are spelt right. Number
    /// tokens and string contents are not looked at, except that a `\u` must be followed by
    /// four bytes none of which is a quote.
    private mutating func skipValue() throws(JSONValue.ParseError) {
        switch try nextByte("where a value should be") {
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "{"):
            try enter()
            index += 1
            if try nextByte("in an object") != UInt8(ascii: "}") {
                while true {
                    guard bytes[index] == UInt8(ascii: "\"") else { throw unexpected("in an object, where a key should be") }
                    try skipString()
                    guard try nextByte("in an object") == UInt8(ascii: ":") else {
                        throw unexpected("in an object, where ':' should be")
                    }
                    index += 1
                    try skipValue()
                    let next = try nextByte("in an object")
                    if next == UInt8(ascii: "}") { break }
                    guard next == UInt8(ascii: ",") else { throw unexpected("in an object, where ',' or '}' should be") }
                    index += 1
                    if try nextByte("in an object") == UInt8(ascii: "}") { break }
                }
            }
            index += 1
            depth -= 1
        case UInt8(ascii: "["):
            try enter()
            index += 1
            if try nextByte("in an array") != UInt8(ascii: "]") {
                while true {
                    try skipValue()
                    let next = try nextByte("in an array")
                    if next == UInt8(ascii: "]") { break }
                    guard next == UInt8(ascii: ",") else { throw unexpected("in an array, where ',' or ']' should be") }
                    index += 1
                    if try nextByte("in an array") == UInt8(ascii: "]") { break }
                }
            }
            index += 1
            depth -= 1
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            index += 1
            while index < bytes.count, Self.isNumberByte(bytes[index]) { index += 1 }
        default:
            throw unexpected("where a value should be")
        }
    }

    private mutating func skipString() throws(JSONValue.ParseError) {
        let start = index
        index += 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                index += 1
                return
            case UInt8(ascii: "\\"):
                index += 2
                if index <= bytes.count, bytes[index - 1] == UInt8(ascii: "u") {
                    guard bytes.count - index >= 4 else { throw fail("unterminated \\u escape", at: index - 2) }
                    for k in 0..<4 where bytes[index + k] == UInt8(ascii: "\"") {
                        throw fail("invalid \\u escape (four hex digits should follow)", at: index - 2)
                    }
                    index += 4
                }
            default:
                index += 1
            }
        }
        throw fail("unterminated string", at: start)
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
