import Foundation
import Testing
@testable import SzponWire

/// `JSONValue.canonical` is hashed into every stored record's digest, so `JSONWriter`
/// must write exactly the bytes Foundation's JSONEncoder wrote before it: a resend of
/// a record stored by an older szpon must still read as a duplicate, not a conflict.
/// Foundation is the oracle here, as it is for the parser in `JSONParserTests`.
@Suite struct JSONWriterTests {
    static func expectSame(_ value: JSONValue, _ label: @autoclosure () -> String) {
        let ours = value.canonical
        let foundation = value.canonicalWithFoundation
        #expect(ours == foundation, """
            \(label()): ours \(String(decoding: ours.prefix(400), as: UTF8.self)) \
            foundation \(String(decoding: foundation.prefix(400), as: UTF8.self))
            """)
    }

    @Test("hand-picked values: escapes, key order, number spellings")
    func examples() {
        let strings = ["", "a\"b\\c/d", "\u{0}\u{1}\u{8}\u{9}\u{A}\u{B}\u{C}\u{D}\u{1F}\u{7F}", "Zażółć gęślą jaźń",
                       "😀 e\u{301}", "\u{FEFF}x", "\u{2028}\u{2029}", "</script>"]
        for text in strings {
            Self.expectSame(.string(text), "string \(text.debugDescription)")
        }
        let numbers: [Double] = [0, -0.0, 1, -1, 0.1, 1.5, 100, 1e15, 7e15, 9.99e15, 9_007_199_254_740_991,
                                 9_007_199_254_740_992, 9_007_199_254_740_994, 1e16, 1e21, 1e22, 1e300, -1e300,
                                 1e-7, 2.5e-5, 5e-324, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                                 .leastNormalMagnitude, 123456789.125, -2.0, 0.30000000000000004]
        for number in numbers {
            Self.expectSame(.number(number), "number \(number)")
            Self.expectSame(.array([.number(number), .number(-number)]), "array of \(number)")
        }
        let keys = ["b", "a", "B", "é", "Z", "😀", "\u{1}", "aa", "", "ﬀ", "\u{7F}"]
        Self.expectSame(.object(Dictionary(uniqueKeysWithValues: keys.map { ($0, JSONValue.string($0)) })), "key order")
        Self.expectSame(.object([:]), "empty object")
        Self.expectSame(.array([]), "empty array")
        Self.expectSame(.array([.null, .bool(true), .bool(false)]), "literals")
    }

    @Test("values nothing can write give null, as the encoder's failure did")
    func unwritable() {
        for number in [Double.nan, .infinity, -.infinity] {
            Self.expectSame(.number(number), "number \(number)")
            Self.expectSame(.object(["a": .array([.number(1), .number(number)])]), "nested \(number)")
            #expect(JSONValue.object(["a": .number(number)]).canonical == Data("null".utf8))
        }
        // The encoder refuses the 512th nested container.
        for depth in [509, 510, 511, 512, 513] {
            var array = JSONValue.number(1)
            var object = JSONValue.number(1)
            for _ in 0..<depth {
                array = .array([array])
                object = .object(["k": object])
            }
            Self.expectSame(array, "arrays \(depth) deep")
            Self.expectSame(object, "objects \(depth) deep")
        }
    }

    /// Values from the parser fuzz generator: every body `JSONValue.parse` accepts,
    /// mutated ones included, and random value trees with any finite double.
    @Test("generated and mutated values: the same bytes as JSONEncoder", arguments: 0..<4)
    func differential(chunk: Int) {
        var written = 0
        var failures = 0
        for n in 0..<26_000 {
            var random = SplitMix64(seed: JSONParserTests.baseSeed &+ 0x5752_4954 &+ UInt64(chunk) &* 0x1_0000_0000 &+ UInt64(n))
            let value: JSONValue
            if random.chance(50) {
                let (input, _) = JSONFuzz.input(&random)
                guard let parsed = try? JSONValue.parse(Data(input)) else { continue }
                value = parsed
            } else {
                value = JSONFuzz.randomValue(&random, depth: 0)
            }
            written += 1
            if value.canonical != value.canonicalWithFoundation {
                failures += 1
                Self.expectSame(value, "chunk \(chunk) case \(n)")
                if failures >= 5 { break }
            }
        }
        // Enough of the cases must be values at all, or the comparison proves little.
        #expect(written > 15_000, "only \(written) values written")
    }

    @Test("every number token the parser fuzz makes is written as the encoder writes it")
    func numbers() throws {
        var random = SplitMix64(seed: JSONParserTests.baseSeed ^ 0x5752_4E55)
        var compared = 0
        for _ in 0..<30_000 {
            let token = JSONFuzz.numberToken(&random)
            guard let value = try? JSONValue.parse(Data(token.utf8)) else { continue }
            compared += 1
            if value.canonical != value.canonicalWithFoundation {
                Self.expectSame(value, "token \(token)")
                return
            }
        }
        #expect(compared > 10_000)
    }
}
