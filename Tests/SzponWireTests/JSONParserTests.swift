import Foundation
import Testing
@testable import SzponWire

/// `JSONValue.parse` (JSONParser) against Foundation's JSONDecoder, the code path it
/// replaced (`JSONValue.parseWithFoundation`): on every input within the depth limit
/// both give the same value, bit for bit, or both fail.
@Suite("JSON parser")
struct JSONParserTests {
    // MARK: Foundation's behaviour, pinned

    /// Inputs where Foundation's JSONDecoder does something worth knowing, with what it
    /// does. Each is checked against Foundation too, so a Foundation that changes shows
    /// up here rather than as a puzzling fuzz failure.
    static let pinned: [(input: [UInt8], expected: JSONValue?, note: String)] = {
        func t(_ text: String, _ expected: JSONValue?, _ note: String) -> ([UInt8], JSONValue?, String) {
            (Array(text.utf8), expected, note)
        }
        func b(_ bytes: [UInt8], _ expected: JSONValue?, _ note: String) -> ([UInt8], JSONValue?, String) {
            (bytes, expected, note)
        }
        let one = JSONValue.number(1)
        return [
            t("", nil, "empty input"),
            t(" \n", nil, "only whitespace"),
            t("1", one, "a top-level scalar is fine"),
            t("\"a\"", .string("a"), "a top-level string"),
            t(" \t\r\n1\r\n ", one, "leading and trailing whitespace"),
            t("\u{0C}1", nil, "form feed is not whitespace"),
            t("1 x", nil, "trailing garbage"),
            t("[] []", nil, "two values"),
            t("1e400", nil, "overflow to infinity is refused"),
            t("-1e400", nil, "overflow to -infinity is refused"),
            t("1e-400", nil, "underflow to zero is refused"),
            t("2.4703282292062327e-324", nil, "just below half the smallest subnormal rounds to 0: refused"),
            t("2.4703282292062328e-324", .number(Double(bitPattern: 1)), "just above rounds to the smallest subnormal"),
            t("0e400", .number(0), "a true zero with a huge exponent is zero"),
            t("-0", .number(-0.0), "-0 keeps its sign"),
            t("-0e1", .number(-0.0), "-0e1 too"),
            t("0e12", .number(0), "zero with an exponent"),
            t("0e1", nil, "questionable but Foundation's: its true-zero test reads the last bytes backwards"),
            t("-0.0e5", nil, "questionable but Foundation's: the same"),
            t("0." + String(repeating: "0", count: 402) + "1e0", .number(0), "questionable but Foundation's: 1e-403 read as 0"),
            t("0." + String(repeating: "0", count: 401) + "1e0", nil, "while 1e-402 is refused"),
            t("01", nil, "leading zero"),
            t("-01", nil, "leading zero after minus"),
            t("1.", nil, "no digits after the point"),
            t(".5", nil, "no digits before the point"),
            t("+1", nil, "plus sign"),
            t("1e", nil, "empty exponent"),
            t("1E+05", .number(100000), "exponent with sign and leading zero"),
            t("123456789012345678901234567890", .number(1.2345678901234568e29), "huge integer, rounded"),
            t("9007199254740993", .number(9007199254740992), "2^53+1 rounds to even"),
            t("1.7976931348623158e308", .number(.greatestFiniteMagnitude), "rounds down to the largest double"),
            t("1.7976931348623159e308", nil, "rounds up to infinity: refused"),
            t("NaN", nil, "no NaN"),
            t("Infinity", nil, "no Infinity"),
            t("\"a\\u0000b\"", .string("a\u{0}b"), "\\u0000 is kept"),
            t("\"\\ud83d\\ude00\"", .string("😀"), "a surrogate pair"),
            t("\"\\uD83D\\uDE00\"", .string("😀"), "upper-case hex"),
            t("\"\\ud83d\"", nil, "a lone high surrogate"),
            t("\"\\ude00\"", nil, "a lone low surrogate"),
            t("\"\\ude00\\ud83d\"", nil, "a reversed pair"),
            t("\"\\ud83d\\u0041\"", nil, "high surrogate then a non-surrogate"),
            t("\"\\u+041\"", nil, "hex digits only"),
            t("\"\\x\"", nil, "unknown escape"),
            t("\"\\/\"", .string("/"), "escaped solidus"),
            t("\"a\tb\"", nil, "raw tab in a string"),
            t("\"a\u{7F}b\"", .string("a\u{7F}b"), "DEL needs no escape"),
            b([0x22, 0x61, 0xFF, 0x22], nil, "invalid UTF-8 in a string"),
            b([0x22, 0xC0, 0x80, 0x22], nil, "overlong NUL"),
            b([0x22, 0xED, 0xA0, 0x80, 0x22], nil, "UTF-8-encoded surrogate"),
            b([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D], nil, "invalid UTF-8 in a key"),
            b([0xEF, 0xBB, 0xBF, 0x31], one, "UTF-8 BOM is skipped"),
            b([0xEF, 0xBB, 0xBF], nil, "only a BOM"),
            b([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, 0x31], nil, "two BOMs"),
            b([0x5B, 0x00, 0x31, 0x00, 0x5D, 0x00], .array([one]), "questionable but Foundation's: UTF-16 LE without BOM"),
            b([0xFE, 0xFF, 0x00, 0x5B, 0x00, 0x31, 0x00, 0x5D], .array([one]), "UTF-16 BE with BOM"),
            b([0, 0, 0, 0x5B, 0, 0, 0, 0x31, 0, 0, 0, 0x5D], .array([one]), "UTF-32 BE without BOM"),
            b([0x31, 0x00], one, "questionable but Foundation's: \"1\\0\" is UTF-16 LE for 1"),
            t("[1,]", .array([one]), "questionable but Foundation's: trailing comma in an array"),
            t("{\"a\":1,}", .object(["a": one]), "questionable but Foundation's: trailing comma in an object"),
            t("[,1]", nil, "leading comma"),
            t("[1,,]", nil, "two commas"),
            t("{\"a\":1,\"a\":2}", .object(["a": one]), "duplicate keys: the first wins"),
            t("{\"a\":1,\"a\":01}", .object(["a": one]), "questionable but Foundation's: a later duplicate's value is never decoded"),
            t("{\"a\":1,\"a\":\"\\ud800\\x\"}", .object(["a": one]), "... so bad escapes there pass"),
            t("{\"a\":1,\"a\":1e400}", .object(["a": one]), "... and so does 1e400"),
            t("{\"a\":1,\"a\":tru}", nil, "... but its structure is checked"),
            t("{\"a\":1,\"a\":\"\\u12\"}", nil, "... including four bytes after \\u"),
            t("{\"a\":1,\"\\x\":2}", nil, "every key is decoded, even a duplicate's"),
            t("{\"é\":1,\"e\u{301}\":2}", .object(["é": one]), "canonically equivalent keys are duplicates"),
            t("/*c*/1", nil, "no comments"),
            t("{'a':1}", nil, "no single quotes"),
        ]
    }()

    @Test("the tricky inputs give what Foundation gives")
    func pinnedBehaviour() {
        for (input, expected, note) in Self.pinned {
            let ours = try? JSONValue.parse(Data(input))
            let foundation = try? JSONValue.parseWithFoundation(Data(input))
            #expect(JSONFuzz.same(ours, expected), "\(note): \(JSONFuzz.escaped(input)) gave \(JSONFuzz.show(ours))")
            #expect(JSONFuzz.same(foundation, expected), "Foundation changed? \(note): \(JSONFuzz.escaped(input)) gave \(JSONFuzz.show(foundation))")
        }
    }

    @Test("which key survives among canonically equivalent duplicates is the first one, spelt as it was")
    func equivalentKeySpelling() throws {
        for text in ["{\"é\":1,\"e\u{301}\":2}", "{\"e\u{301}\":1,\"é\":2}"] {
            let data = Data(text.utf8)
            let ours = try #require(try JSONValue.parse(data).object)
            let foundation = try #require(try JSONValue.parseWithFoundation(data).object)
            #expect(ours.count == 1 && Array(ours.keys.first!.utf8) == Array(foundation.keys.first!.utf8))
            #expect(Array(ours.keys.first!.utf8) == Array(text.dropFirst(2).prefix { $0 != "\"" }.utf8))
        }
    }

    // MARK: Depth

    @Test("32 levels of nesting are accepted, 33 refused with the reason")
    func depthLimit() throws {
        #expect(JSONValue.maximumDepth == 32)
        // One unit of nesting, its closing, and how many levels it adds.
        for (open, close, levels) in [("[", "]", 1), ("{\"k\":", "}", 1), ("[{\"k\":", "}]", 2)] {
            func body(units: Int) -> Data {
                Data((String(repeating: open, count: units) + "1" + String(repeating: close, count: units)).utf8)
            }
            let deepest = body(units: 32 / levels)
            let value = try JSONValue.parse(deepest)
            #expect(JSONFuzz.depth(of: value) == 32)
            #expect(JSONFuzz.same(value, try JSONValue.parseWithFoundation(deepest)))

            let tooDeep = try #require(throws: JSONValue.ParseError.self) { try JSONValue.parse(body(units: 33 / levels + 1)) }
            #expect(tooDeep.kind == .tooDeep)
            #expect(tooDeep.reason == "the JSON is nested more than 32 levels deep")
            #expect((try? JSONValue.parseWithFoundation(body(units: 33 / levels + 1))) != nil, "Foundation alone takes it")
        }
        let arrays = Data((String(repeating: "[", count: 33) + String(repeating: "]", count: 33)).utf8)
        #expect(throws: JSONValue.ParseError(kind: .tooDeep, reason: "the JSON is nested more than 32 levels deep", offset: 32)) {
            try JSONValue.parse(arrays)
        }
        #expect(JSONFuzz.depth(of: try JSONValue.parseWithFoundation(arrays)) == 33, "Foundation alone takes it")
        let error = try #require(throws: JSONValue.ParseError.self) {
            try JSONValue.parse(Data(("{\"records\":[" + String(repeating: "{\"a\":", count: 31) + "1" + String(repeating: "}", count: 31) + "]}").utf8))
        }
        #expect(error.kind == .tooDeep)
        #expect(error.description == "the JSON is nested more than 32 levels deep (at byte 162)")
    }

    @Test("a too deep value is refused even where Foundation would never decode it, in a duplicate key")
    func depthInSkippedValue() {
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        let data = Data("{\"a\":1,\"a\":\(deep)}".utf8)
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(data) }
        #expect((try? JSONValue.parseWithFoundation(data)) == .object(["a": .number(1)]))
    }

    @Test("a 1 MiB body of nested arrays is refused at the limit, not parsed")
    func hugeNesting() throws {
        let half = 1 << 19
        let bodies = [
            Data(repeating: UInt8(ascii: "["), count: half) + Data(repeating: UInt8(ascii: "]"), count: half),
            Data(repeating: UInt8(ascii: "["), count: 1 << 20),
            Data(("{\"records\":" + String(repeating: "[{\"a\":", count: (1 << 20) / 6)).utf8),
        ]
        for body in bodies {
            #expect(body.count >= (1 << 20) - 16)
            let error = try #require(throws: JSONValue.ParseError.self) { try JSONValue.parse(body) }
            #expect(error.kind == .tooDeep)
            #expect(error.offset < 200, "refused at the 33rd level, not after reading the body")
        }
    }

    // MARK: Errors

    @Test("errors give a short reason and the byte offset")
    func errorReasons() {
        let cases: [(String, String)] = [
            ("", "the JSON is empty (at byte 0)"),
            ("  ", "the JSON holds only whitespace (at byte 2)"),
            ("[1,}", "unexpected character '}' where a value should be (at byte 3)"),
            ("[1 2]", "unexpected character '2' in an array, where ',' or ']' should be (at byte 3)"),
            ("{\"a\" 1}", "unexpected character '1' in an object, where ':' should be (at byte 5)"),
            ("{1:2}", "unexpected character '1' in an object, where a key should be (at byte 1)"),
            ("[1, 01]", "invalid number '01' (leading zero) (at byte 4)"),
            ("[1e400]", "the number 1e400 is too large for a double (at byte 1)"),
            ("[1e-400]", "the number 1e-400 is too small for a double (it rounds to 0) (at byte 1)"),
            ("\"abc", "unterminated string (at byte 0)"),
            ("[\"a\\qb\"]", "invalid escape '\\q' in a string (at byte 3)"),
            ("\"\\ud83d!\"", "\\ud83d is a lone surrogate (at byte 1)"),
            ("\"a\nb\"", "control character U+000A in a string (it must be escaped) (at byte 2)"),
            ("[tru]", "unexpected character ']' in true (at byte 4)"),
            ("1 2", "unexpected character '2' after the JSON value (at byte 2)"),
            ("[", "unexpected end of the JSON in an array (at byte 1)"),
        ]
        for (input, expected) in cases {
            do {
                _ = try JSONValue.parse(Data(input.utf8))
                Issue.record("\(input.debugDescription) was accepted")
            } catch {
                #expect(error.description == expected, "\(input.debugDescription)")
                #expect(error.kind == .invalid)
            }
        }
        let bad = Data([0x5B, 0x22, 0x61, 0xC3, 0x28, 0x22, 0x5D])
        #expect(throws: JSONValue.ParseError(kind: .invalid, reason: "invalid UTF-8 in a string", offset: 3)) { try JSONValue.parse(bad) }
        // Offsets count from the start of the data, BOM included.
        #expect(throws: JSONValue.ParseError(kind: .invalid, reason: "unexpected character 'x' where a value should be", offset: 4)) {
            try JSONValue.parse(Data([0xEF, 0xBB, 0xBF, 0x5B, 0x78, 0x5D]))
        }
    }

    // MARK: Values

    @Test("records come back as they were encoded, and canonical bytes do not change")
    func roundTrip() throws {
        var random = SplitMix64(seed: 0x2A)
        for _ in 0..<500 {
            let value = JSONFuzz.randomValue(&random, depth: 0)
            let data = try JSONEncoder().encode(value)
            let parsed = try JSONValue.parse(data)
            #expect(JSONFuzz.same(parsed, value), "\(String(decoding: data, as: UTF8.self))")
            #expect(parsed.canonical == value.canonical)
        }
    }

    // MARK: Differential fuzzing

    /// The base seed; SZPON_JSON_FUZZ_SEED (decimal or 0x-hex) replaces it to explore
    /// further, SZPON_JSON_FUZZ_CASES the number of cases per chunk.
    static let baseSeed: UInt64 = {
        let text = ProcessInfo.processInfo.environment["SZPON_JSON_FUZZ_SEED"] ?? "0x5A70_4E00_15_0A11"
        let digits = text.replacingOccurrences(of: "_", with: "")
        return digits.hasPrefix("0x") ? UInt64(digits.dropFirst(2), radix: 16)! : UInt64(digits)!
    }()
    static let casesPerChunk = Int(ProcessInfo.processInfo.environment["SZPON_JSON_FUZZ_CASES"] ?? "") ?? 26_000
    static let chunks = 4

    @Test("generated and mutated bodies: the same result as Foundation", arguments: 0..<JSONParserTests.chunks)
    func differential(chunk: Int) {
        var failures = 0
        var stats = JSONFuzz.Stats()
        for n in 0..<Self.casesPerChunk {
            let caseSeed = Self.baseSeed &+ UInt64(chunk) &* 0x1_0000_0000 &+ UInt64(n)
            var random = SplitMix64(seed: caseSeed)
            let (input, kind) = JSONFuzz.input(&random)
            let acceptedBefore = stats.accepted
            let mismatch = JSONFuzz.compare(input, stats: &stats)
            if kind == .duplicates, stats.accepted > acceptedBefore { stats.acceptedWithDuplicates += 1 }
            if let mismatch {
                failures += 1
                Issue.record("""
                    JSON fuzz mismatch: base seed 0x\(String(Self.baseSeed, radix: 16)), chunk \(chunk), case \(n) \
                    (case seed 0x\(String(caseSeed, radix: 16)); rerun with SplitMix64(seed:) and JSONFuzz.input):
                    input (\(input.count) bytes): \(JSONFuzz.escaped(input))
                    bytes: \(input.prefix(4096).map { String($0) }.joined(separator: ","))
                    \(mismatch)
                    """)
                if failures >= 5 { break }
            }
        }
        // The generator must keep reaching every kind of outcome, or the test proves little.
        #expect(stats.accepted > Self.casesPerChunk / 10, "\(stats)")
        #expect(stats.refused > Self.casesPerChunk / 10, "\(stats)")
        #expect(stats.tooDeep > Self.casesPerChunk / 100, "\(stats)")
        #expect(stats.acceptedWithDuplicates > Self.casesPerChunk / 100, "\(stats)")
        #expect(stats.otherEncoding > 0, "\(stats)")
    }

    @Test("numbers convert to the same bits as Foundation's")
    func numbers() {
        var random = SplitMix64(seed: Self.baseSeed ^ 0x4E55_4D42)
        var stats = JSONFuzz.Stats()
        for n in 0..<20_000 {
            let token = JSONFuzz.numberToken(&random)
            let input = Array(token.utf8)
            if let mismatch = JSONFuzz.compare(input, stats: &stats) {
                Issue.record("number \(n) \(token): \(mismatch)")
                return
            }
        }
        #expect(stats.accepted > 10_000)
    }
}

// MARK: - Fuzzing support

/// SplitMix64 (Steele, Lea and Flood 2014): tiny, fast and the same on every platform.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 0..<n (n > 0); the slight modulo bias does not matter here.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

enum JSONFuzz {
    struct Stats: CustomStringConvertible {
        var accepted = 0, refused = 0, tooDeep = 0, acceptedWithDuplicates = 0, otherEncoding = 0
        var description: String {
            "accepted \(accepted), refused \(refused), too deep \(tooDeep), accepted with duplicate keys \(acceptedWithDuplicates), other encodings \(otherEncoding)"
        }
    }

    /// nil if `JSONValue.parse` agrees with Foundation on `input`, else what differs.
    static func compare(_ input: [UInt8], stats: inout Stats) -> String? {
        let data = Data(input)
        let ours: Result<JSONValue, JSONValue.ParseError> = Result { () throws(JSONValue.ParseError) in try JSONValue.parse(data) }
        if isOtherEncoding(input) { stats.otherEncoding += 1 }
        if case let .failure(error) = ours, error.kind == .tooDeep {
            stats.tooDeep += 1
            guard error.reason == "the JSON is nested more than 32 levels deep" else { return "too deep with reason \(error.reason)" }
            if !isOtherEncoding(input), textualDepth(input) <= JSONValue.maximumDepth {
                return "refused as too deep, but the text is nested only \(textualDepth(input)) levels"
            }
            // Past the limit the parser must still agree with Foundation when allowed deeper.
            let unlimited = try? JSONParser.parse(data, depthLimit: 600)
            let foundation = try? JSONValue.parseWithFoundation(data)
            return same(unlimited, foundation) ? nil : "with no depth limit: ours \(show(unlimited)), Foundation \(show(foundation))"
        }
        let foundation = try? JSONValue.parseWithFoundation(data)
        switch ours {
        case let .success(value):
            stats.accepted += 1
            if !isOtherEncoding(input), textualDepth(input) > JSONValue.maximumDepth {
                return "accepted a text nested \(textualDepth(input)) levels deep"
            }
            return same(value, foundation) ? nil : "ours \(show(value)), Foundation \(show(foundation))"
        case let .failure(error):
            stats.refused += 1
            return foundation == nil ? nil : "ours failed (\(error)), Foundation gave \(show(foundation))"
        }
    }

    static func isOtherEncoding(_ input: [UInt8]) -> Bool {
        input.prefix(4).contains(0) || input.starts(with: [0xFE, 0xFF]) || input.starts(with: [0xFF, 0xFE])
    }

    /// Bit-for-bit equality: numbers by bit pattern (so -0 is not 0), strings and keys
    /// by their UTF-8 (so "é" is not "e\u{301}", which Swift's == says it is).
    static func same(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (a?, b?): return same(a, b)
        default: return false
        }
    }

    static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x.bitPattern == y.bitPattern
        case let (.string(x), .string(y)): return x.utf8.elementsEqual(y.utf8)
        case let (.array(x), .array(y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case let (.object(x), .object(y)):
            guard x.count == y.count else { return false }
            for (key, value) in x {
                guard let index = y.index(forKey: key) else { return false }
                guard key.utf8.elementsEqual(y[index].key.utf8), same(value, y[index].value) else { return false }
            }
            return true
        default: return false
        }
    }

    static func depth(of value: JSONValue) -> Int {
        switch value {
        case let .array(items): return 1 + (items.map(depth(of:)).max() ?? 0)
        case let .object(members): return 1 + (members.values.map(depth(of:)).max() ?? 0)
        default: return 0
        }
    }

    /// The deepest nesting of brackets outside strings, strings skipped as Foundation's
    /// scanner skips them (a `\u` takes the four bytes after it).
    static func textualDepth(_ bytes: [UInt8]) -> Int {
        var depth = 0, deepest = 0, i = 0, inString = false
        while i < bytes.count {
            let byte = bytes[i]
            if inString {
                if byte == UInt8(ascii: "\"") { inString = false }
                if byte == UInt8(ascii: "\\") { i += i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "u") ? 5 : 1 }
            } else {
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1; deepest = max(deepest, depth)
                case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
                default: break
                }
            }
            i += 1
        }
        return deepest
    }

    static func show(_ value: JSONValue?) -> String {
        guard let value else { return "an error" }
        switch value {
        case .null: return "null"
        case let .bool(b): return String(b)
        case let .number(d): return "\(d)(0x\(String(d.bitPattern, radix: 16)))"
        case let .string(s): return s.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 ? String($0) : "\\u{\(String($0.value, radix: 16))}" }.joined().debugDescription
        case let .array(items): return "[" + items.map { show($0) }.joined(separator: ",") + "]"
        case let .object(members):
            return "{" + members.map { "\(show(.string($0.key))):\(show($0.value))" }.sorted().joined(separator: ",") + "}"
        }
    }

    /// Printable: ASCII as is, everything else as \xNN.
    static func escaped(_ bytes: [UInt8]) -> String {
        let shown = bytes.prefix(4096).map { byte in
            (0x20..<0x7F).contains(byte) && byte != UInt8(ascii: "\\") ? String(UnicodeScalar(byte)) : String(format: "\\x%02X", byte)
        }.joined()
        return bytes.count > 4096 ? shown + "… (\(bytes.count) bytes)" : shown
    }

    // MARK: Generators

    enum Kind { case record, text, deep, duplicates, number, string, soup, encoding }

    /// One fuzz input, and the generator it came from.
    static func input(_ r: inout SplitMix64) -> (bytes: [UInt8], kind: Kind) {
        var bytes: [UInt8] = []
        let kind: Kind
        switch r.below(100) {
        // Foundation takes about a millisecond on a record body or a deep one (its cost is
        // what JSONParser fixes), so those are fewer than their weight would say.
        case 0..<10: kind = .record; bytes = recordBody(&r)
        case 10..<36: kind = .text; text(&r, depth: 0, into: &bytes)
        case 36..<45: kind = .deep; bytes = deepBody(&r)
        case 45..<59: kind = .duplicates; bytes = duplicates(&r)
        case 59..<70: kind = .number; bytes = Array(numberToken(&r).utf8)
        case 70..<80: kind = .string; string(&r, into: &bytes)
        case 80..<87: kind = .soup; bytes = soup(&r)
        default: kind = .encoding; text(&r, depth: 0, into: &bytes); bytes = reencoded(bytes, &r)
        }
        // Most inputs get mutated: flips, insertions, deletions, cuts.
        if r.chance(kind == .duplicates ? 25 : 60) {
            for _ in 0..<(1 + r.below(r.chance(20) ? 8 : 3)) { mutate(&bytes, &r) }
        }
        if r.chance(3) { bytes = [0xEF, 0xBB, 0xBF] + bytes }
        return (bytes, kind)
    }

    static let interestingBytes: [UInt8] = Array("\"\\[]{},:0123456789-+.eEutfnal \n\t\r".utf8)
        + [0x00, 0x01, 0x0C, 0x1F, 0x7F, 0x80, 0xA0, 0xBB, 0xBF, 0xC0, 0xC2, 0xC3, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFE, 0xFF]
    static let interestingTokens = ["\\u", "\\ud83d", "\\ude00", "\\u0000", "1e400", "1e-400", "-0", "[", "{\"a\":", ",]", ",}",
                                    "null", "true", "\"", "\\", "\"a\":1,", "\"id\":", "0.", "e+", "\u{FEFF}", "é", "e\u{301}"]

    static func mutate(_ bytes: inout [UInt8], _ r: inout SplitMix64) {
        let at = bytes.isEmpty ? 0 : r.below(bytes.count + 1)
        switch r.below(8) {
        case 0 where at < bytes.count: bytes[at] ^= 1 << UInt8(r.below(8))
        case 1 where at < bytes.count: bytes[at] = r.pick(interestingBytes)
        case 2: bytes.insert(r.pick(interestingBytes), at: at)
        case 3: bytes.insert(contentsOf: Array(r.pick(interestingTokens).utf8), at: at)
        case 4 where at < bytes.count: bytes.removeSubrange(at..<min(bytes.count, at + 1 + r.below(4)))
        case 5: bytes.removeSubrange(at...)
        case 6 where at < bytes.count:
            let end = min(bytes.count, at + 1 + r.below(16))
            bytes.insert(contentsOf: Array(bytes[at..<end]), at: r.below(bytes.count + 1))
        default:
            if at < bytes.count { bytes.remove(at: at) }
        }
    }

    static func whitespace(_ r: inout SplitMix64, into out: inout [UInt8]) {
        guard r.chance(30) else { return }
        out += Array(r.pick([" ", "\n", "\t", "\r\n", "  ", " \n  ", "\u{0C}", "\u{A0}"]).utf8)
    }

    /// A JSON text from a loose grammar: mostly valid, with Foundation's odd corners.
    static func text(_ r: inout SplitMix64, depth: Int, into out: inout [UInt8]) {
        whitespace(&r, into: &out)
        let kind = depth >= 6 ? 2 + r.below(8) : r.below(10)
        switch kind {
        case 0: // object
            out.append(UInt8(ascii: "{"))
            let count = r.below(5)
            for i in 0..<count {
                whitespace(&r, into: &out)
                key(&r, into: &out)
                whitespace(&r, into: &out)
                out.append(UInt8(ascii: ":"))
                text(&r, depth: depth + 1, into: &out)
                if i < count - 1 || r.chance(5) { out.append(UInt8(ascii: ",")) }
            }
            whitespace(&r, into: &out)
            out.append(UInt8(ascii: "}"))
        case 1: // array
            out.append(UInt8(ascii: "["))
            let count = r.below(5)
            for i in 0..<count {
                text(&r, depth: depth + 1, into: &out)
                if i < count - 1 || r.chance(5) { out.append(UInt8(ascii: ",")) }
            }
            whitespace(&r, into: &out)
            out.append(UInt8(ascii: "]"))
        case 2, 3, 4: string(&r, into: &out)
        case 5, 6: out += Array(numberToken(&r).utf8)
        default:
            out += Array(r.pick(["true", "false", "null", "true", "false", "null", "tru", "nul", "True", "nulll"]).utf8)
        }
        whitespace(&r, into: &out)
    }

    static let keys = ["a", "b", "id", "kind", "payload", "é", "e\u{301}", "\\u00e9", "e\\u0301", "\\u0061", "A", "", "\\u0000", "😀", "\\ud83d\\ude00"]

    static func key(_ r: inout SplitMix64, into out: inout [UInt8]) {
        if r.chance(85) {
            out += Array(("\"" + r.pick(keys) + "\"").utf8)
        } else {
            string(&r, into: &out)
        }
    }

    static func string(_ r: inout SplitMix64, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for _ in 0..<r.below(8) {
            switch r.below(40) {
            case 0..<10: out += Array(r.pick(["a", "abc", "Zażółć gęślą jaźń", " ", "/", "'", "😀", "e\u{301}", "\u{7F}", "\u{FEFF}"]).utf8)
            case 10..<14: out += Array(r.pick(["\\n", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\r", "\\t"]).utf8)
            case 14..<18:
                let unit = r.pick([0, 0x1F, 0x41, 0xE9, 0x7FF, 0x800, 0xFFFF, 0xFEFF, r.below(0xD800), 0xE000 + r.below(0x2000)])
                out += Array(hexEscape(unit, &r).utf8)
            case 18..<22: // a surrogate pair
                let scalar = 0x10000 + r.below(0x100000)
                out += Array((hexEscape(0xD800 + ((scalar - 0x10000) >> 10), &r) + hexEscape(0xDC00 + ((scalar - 0x10000) & 0x3FF), &r)).utf8)
            case 22..<25: // lone or reversed surrogates
                out += Array(r.pick([hexEscape(0xD800 + r.below(0x400), &r), hexEscape(0xDC00 + r.below(0x400), &r),
                                     "\\ude00\\ud83d", "\\ud83d\\u0041", "\\ud83d\\ud83d", "\\ud83d\\", "\\ud83d\\u"]).utf8)
            case 25..<28: // invalid UTF-8
                out += r.pick([[0xFF], [0xC0, 0x80], [0xC3], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xF0, 0x9F, 0x98]])
            case 28..<30: out.append(UInt8(r.below(0x20))) // raw control character
            case 30..<32: out += Array(r.pick(["\\x", "\\U0041", "\\u12", "\\u12g4", "\\u+041", "\\'", "\\"]).utf8)
            default: out += Array(r.pick(["x", "kurs", "2026-11-23T10:00:00.000Z", "ą", "ß", "日本"]).utf8)
            }
        }
        if r.chance(97) { out.append(UInt8(ascii: "\"")) }
    }

    static func hexEscape(_ unit: Int, _ r: inout SplitMix64) -> String {
        let hex = String(unit, radix: 16, uppercase: r.chance(30))
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    static let hardNumbers = [
        "2.2250738585072011e-308", "2.2250738585072014e-308", "4.9406564584124654e-324", "2.4703282292062327e-324",
        "2.4703282292062328e-324", "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308",
        "9007199254740993", "9007199254740992.5", "0.1", "0.30000000000000004", "123456789012345678901234567890",
        "1e23", "8.98846567431158e307", "5e-324", "1e-323", "0.000000000000000000000000000001", "1e22", "1e-22", "4.35679e-10",
        "7.2057594037927933e16", "1.00000000000000011102230246251565404236316680908203125", "1.00000000000000011102230246251565404236316680908203124",
        "1.00000000000000011102230246251565404236316680908203126", "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791",
        "-1e400", "1e400", "1e-400", "-0", "-0.0", "0e999999999999999999", "1e-999999999999999999", "1e999999999999999999",
    ]

    static func numberToken(_ r: inout SplitMix64) -> String {
        if r.chance(15) { return r.pick(hardNumbers) }
        if r.chance(8) {
            return r.pick(["01", "-01", "00", "1.", ".5", "+1", "1e", "1e+", "-", "--1", "1.5.5", "1e5e5", "1+2", "1-2",
                           "1.e5", "0x10", "1E+-3", "-.5", "0.e1", "-0.", "1e05", "1_000", "1,5", "Infinity", "NaN"])
        }
        var token = r.chance(30) ? "-" : ""
        if r.chance(25) {
            token += "0"
        } else {
            token += String(1 + r.below(9))
            let digits = r.chance(10) ? r.below(400) : r.below(20)
            for _ in 0..<digits { token += String(r.below(10)) }
        }
        if r.chance(50) {
            token += "."
            let digits = r.chance(10) ? 1 + r.below(400) : 1 + r.below(20)
            for _ in 0..<digits { token += String(r.below(10)) }
        }
        if r.chance(40) {
            token += r.pick(["e", "E", "e+", "e-", "E-", "E+"])
            token += String(r.chance(15) ? 290 + r.below(50) : r.below(r.chance(50) ? 400 : 30))
        }
        return token
    }

    /// A sync body as a browser sends it, with random field values.
    static func recordBody(_ r: inout SplitMix64) -> [UInt8] {
        var records: [String] = []
        for _ in 0..<(r.chance(70) ? 1 : 2) {
            let id = (0..<32).map { _ in String(r.below(16), radix: 16) }.joined()
            let kind = r.pick(["attempt", "progress", "survey_response"])
            var payload = "{\"quiz\": \"test-koncowy\", \"course\": \"kurs\", \"lesson\": \"test\", \"attempt\": \(1 + r.below(5)), "
            payload += "\"seed\": \(r.below(1 << 31)), \"questions\": [\"pojemnik\", \"papier\"], \"options\": {}, "
            payload += "\"responses\": {\"pojemnik\": \(r.below(3)), \"papier\": \(r.chance(50)), \"uwagi\": \"Zażółć \\\"gęślą\\\" jaźń \\ud83d\\ude00\"}, "
            payload += "\"score\": {\"points\": \(Double(r.below(1000)) / 4), \"max\": 3, \"percent\": \(r.below(101)), \"passed\": true, \"pending\": false, \"questions\": {}}, "
            payload += "\"startedAt\": \"2026-11-23T09:50:00.000Z\", \"timedOut\": false}"
            records.append("""
                {"id": "\(id)", "kind": "\(kind)", "site": "szkola-testowa", "bundle": "site", "contentHash": \(r.chance(50) ? "null" : "\"9358d2247d4da5173e37a8a665f4f236\""), \
                "createdAt": "2026-11-23T10:00:00.000Z", "device": \(r.chance(50) ? "null" : "\"dev-1\""), "payload": \(payload)}
                """)
        }
        let separator = r.chance(50) ? ", " : ",\n  "
        return Array("{\"records\": [\(records.joined(separator: separator))]}".utf8)
    }

    /// Arrays and objects nested around the limit (25 to 40 levels), sometimes with
    /// siblings, sometimes inside a duplicate key, sometimes cut short.
    static func deepBody(_ r: inout SplitMix64) -> [UInt8] {
        let levels = r.chance(60) ? 30 + r.below(5) : 25 + r.below(16)
        var open = "", closers: [String] = []
        for _ in 0..<levels {
            if r.chance(50) {
                open += "["
                if r.chance(20) { open += "1, " }
                closers.append("]")
            } else {
                open += "{" + (r.chance(20) ? "\"x\": 1, " : "") + "\"\(r.pick(["k", "a", "é"]))\": "
                closers.append("}")
            }
        }
        var inner = ""
        var innerBytes: [UInt8] = []
        text(&r, depth: 6, into: &innerBytes)
        inner = String(decoding: innerBytes, as: UTF8.self)
        var body = open + inner + closers.reversed().joined()
        if r.chance(20) { body = "{\"a\": 1, \"a\": \(body)}" }
        if r.chance(10) { body = "{\"records\": [\(body), \(body)]}" }
        var bytes = Array(body.utf8)
        if r.chance(10) { bytes.removeLast(r.below(min(bytes.count, 40))) }
        return bytes
    }

    /// Objects with duplicate keys whose later values Foundation never decodes, so they
    /// need only be well-formed to its scanner (or not even that, sometimes).
    static func duplicates(_ r: inout SplitMix64) -> [UInt8] {
        let spellings = [["a", "\\u0061"], ["é", "e\u{301}", "\\u00e9", "e\\u0301"], ["id", "i\\u0064"]]
        let key = r.pick(spellings)
        var out: [UInt8] = Array("{".utf8)
        if r.chance(30) { out += Array("\"other\": 1, ".utf8) }
        out += Array("\"\(r.pick(key))\": ".utf8)
        text(&r, depth: 4, into: &out)
        for _ in 0..<(1 + r.below(3)) {
            out += Array(", \"\(r.pick(key))\": ".utf8)
            if r.chance(70) {
                out += Array(r.pick(["01", "1e400", "-", "1.5.5", "1-2", "0e1", "\"\\x\"", "\"\\ud800\"", "\"\\uzzzz\"", "[1-2,]", "{\"\\q\":01}",
                                     "\"\u{1}\"", "[\"\\u12\\\\\"]", "{\"a\":{\"b\":[--]}}", "tru", "\"\\u12\"", "[,]", "{\"a\" 1}", "\"\\u12\\\"\""]).utf8)
                if r.chance(10) { out.insert(0xFF, at: out.count - 1) }
            } else {
                text(&r, depth: 3, into: &out)
            }
        }
        if r.chance(10) { out.append(UInt8(ascii: ",")) }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// A few bytes from JSON's alphabet and beyond.
    static func soup(_ r: inout SplitMix64) -> [UInt8] {
        (0..<r.below(16)).map { _ in r.chance(80) ? r.pick(interestingBytes) : UInt8(r.below(256)) }
    }

    /// The text in UTF-16 or UTF-32, with or without a BOM.
    static func reencoded(_ bytes: [UInt8], _ r: inout SplitMix64) -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self)
        let bom = r.chance(50)
        switch r.below(4) {
        case 0:
            return (bom ? [0xFF, 0xFE] : []) + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        case 1:
            return (bom ? [0xFE, 0xFF] : []) + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        case 2:
            return (bom ? [0, 0, 0xFE, 0xFF] : []) + text.unicodeScalars.flatMap { s in (0..<4).reversed().map { UInt8(truncatingIfNeeded: s.value >> ($0 * 8)) } }
        default:
            return (bom ? [0xFF, 0xFE, 0, 0] : []) + text.unicodeScalars.flatMap { s in (0..<4).map { UInt8(truncatingIfNeeded: s.value >> ($0 * 8)) } }
        }
    }

    /// A random value for round trips (numbers any finite double).
    static func randomValue(_ r: inout SplitMix64, depth: Int) -> JSONValue {
        switch depth >= 5 ? 2 + r.below(4) : r.below(6) {
        case 0: return .object(Dictionary((0..<r.below(5)).map { _ in (r.pick(["id", "kind", "é", "😀", "a\u{0}b", "x"]), randomValue(&r, depth: depth + 1)) }, uniquingKeysWith: { a, _ in a }))
        case 1: return .array((0..<r.below(5)).map { _ in randomValue(&r, depth: depth + 1) })
        case 2: return .string(r.pick(["", "Zażółć", "\u{0}\u{1F}\"\\/", "😀 e\u{301}", "\u{FEFF}x"]))
        case 3:
            var d = Double(bitPattern: r.next())
            while !d.isFinite { d = Double(bitPattern: r.next()) }
            return .number(r.chance(50) ? d : Double(r.below(100_000)) / 8)
        case 4: return .bool(r.chance(50))
        default: return .null
        }
    }
}
