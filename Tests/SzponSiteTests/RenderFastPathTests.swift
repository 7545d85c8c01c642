import Foundation
import Testing
@testable import SzponSite

/// The build's fast paths give what the plain code they replaced gave: the search index's
/// escaping and space folding, checked against the byte-at-a-time versions as oracles on
/// generated text, and page shapes, which must not depend on how a value is typed.
struct RenderFastPathTests {
    /// The escaping the search index used before runs were copied whole.
    static func oracleJSON(_ strings: [String]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (index, string) in strings.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            var previous: UInt8 = 0
            for byte in string.utf8 {
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
                case UInt8(ascii: "\n"): out += Array("\\n".utf8)
                case UInt8(ascii: "\t"): out += Array("\\t".utf8)
                case UInt8(ascii: "\r"): out += Array("\\r".utf8)
                case 0..<0x20: out += Array(String(format: "\\u%04x", byte).utf8)
                case UInt8(ascii: "/") where previous == UInt8(ascii: "<"): out += [UInt8(ascii: "\\"), byte]
                default: out.append(byte)
                }
                previous = byte
            }
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    static func oracleCollapse(_ text: String) -> String {
        var out: [UInt8] = []
        var pending = false
        for byte in text.utf8 {
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D { pending = !out.isEmpty } else {
                if pending { out.append(0x20); pending = false }
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Text made of the characters that matter here: every control character, quotes,
    /// backslashes, `</`, spaces of each kind, multi-byte letters and an emoji.
    static func generated(_ count: Int, seed: UInt64) -> [String] {
        var rng = SplitMix(seed)
        let pieces = ["a", "Ż", "한", "😀", "\"", "\\", "<", "/", "</", " ", "  ", "\n", "\r\n", "\t", "\u{7F}", "e\u{301}", "x y"]
            + (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }
        return (0..<count).map { _ in
            (0..<Int(rng.next() % 40)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
        }
    }

    @Test func searchIndexEscapingMatchesTheByteAtATimeVersion() {
        let strings = Self.generated(20_000, seed: 11)
        for start in stride(from: 0, to: strings.count, by: 4) {
            let entry = Array(strings[start..<min(start + 4, strings.count)])
            var out: [UInt8] = []
            appendJSONStrings(entry, to: &out)
            #expect(out == Self.oracleJSON(entry), "\(entry)")
        }
        var out: [UInt8] = []
        appendJSONStrings(["</script>", "a\u{1}b", ""], to: &out)
        #expect(String(decoding: out, as: UTF8.self) == #"["<\/script>","a\u0001b",""]"#)
    }

    @Test func spacesCollapseAsTheByteAtATimeVersion() {
        for text in Self.generated(20_000, seed: 12) {
            #expect(SearchIndex.collapseSpaces(text) == Self.oracleCollapse(text), "\(Array(text.utf8))")
        }
        #expect(SearchIndex.collapseSpaces("  a \n\t b\r\n") == "a b")
    }

    @Test func scriptJSONMatchesJSONSerialization() {
        var rng = SplitMix(13)
        let texts = Self.generated(4_000, seed: 14)
        let keys = ["a", "B", "b", "a10", "a9", "a_1", "a-1", "A1", "_x", "ä", "z", "Zz", "10", "9", "day_mon", "dayMon", ""]
            + texts.prefix(40)
        func text() -> String { texts[Int(rng.next() % UInt64(texts.count))] }
        func object(_ depth: Int) -> [String: Any] {
            var result: [String: Any] = [:]
            for _ in 0..<Int(rng.next() % 8) {
                let key = keys[Int(rng.next() % UInt64(keys.count))]
                switch rng.next() % (depth > 2 ? 2 : 6) {
                case 0: result[key] = text()
                case 1: result[key] = (0..<Int(rng.next() % 4)).map { _ in text() }
                case 2: result[key] = (0..<Int(rng.next() % 3)).map { _ in [text(), text()] }
                case 3: result[key] = Dictionary(uniqueKeysWithValues: keys.prefix(Int(rng.next() % 6)).map { ($0, text()) })
                case 4: result[key] = (0..<Int(rng.next() % 3)).map { _ in object(depth + 1) }
                default: result[key] = object(depth + 1)
                }
            }
            return result
        }
        for _ in 0..<2_000 {
            let value = object(0)
            #expect(ScriptJSON.encode(value) != nil)
            #expect(json(value) == jsonViaFoundation(value))
        }
        let mixed: [String: Any] = ["n": 1, "s": "x"]
        #expect(ScriptJSON.encode(mixed) == nil, "numbers go through JSONSerialization")
        #expect(json(mixed) == jsonViaFoundation(mixed))
    }

    @Test func aShapeDoesNotDependOnHowAValueIsTyped() {
        let typed: [String: Any] = [
            "title": "A & B", "crumbs": [["title": "x", "current": true]] as [[String: Any]],
            "next": ["title": "N", "href": "n.html"] as [String: String], "tags": ["a", "", "b\n"] as [String],
            "count": 3, "maybe": Optional("m") as Any, "t": SharedValues(["k": "v"]),
        ]
        let loose: [String: Any] = [
            "title": "A & B", "crumbs": [["title": "x", "current": true] as [String: Any]] as [Any],
            "next": ["title": "N", "href": "n.html"] as [String: Any], "tags": ["a", "", "b\n"] as [Any],
            "count": 3, "maybe": "m", "t": typed["t"]!,
        ]
        var first = PageShape(), second = PageShape()
        let addedTyped = first.add(typed), addedLoose = second.add(loose)
        #expect(addedTyped && addedLoose)
        #expect(first.signature == second.signature)
        #expect(first.leaves == second.leaves)
        #expect(first.leaves == ["x", "m", "n.html", "N", "a", "b\n", "A & B"])
        #expect(first.kinds.filter { $0 == .endsInNewline }.count == 1)

        var other = PageShape()
        let addedOther = other.add(["title": "A & B", "crumbs": [["title": "x", "current": false]] as [[String: Any]]] as [String: Any])
        #expect(addedOther)
        #expect(other.signature != first.signature)
        var unknown = PageShape()
        let addedUnknown = unknown.add(["date": Date()] as [String: Any])
        #expect(!addedUnknown, "a type a skeleton cannot stand for")
    }

    @Test func lessonPositionIsFilledAsStringReplacingDoes() {
        for text in ["Lesson {n} of {total}", "{n}{n}/{total}", "Lekcja {n} z {total}", "Żaba {n}", "}{n}\u{301} {n}", "", "{n"] {
            #expect(PageRenderer.replacing(text, "{n}", with: "12") == text.replacing("{n}", with: "12"), "\(text)")
        }
    }
}

/// A small deterministic generator, so a failure can be reproduced.
struct SplitMix {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
