import Foundation
import Testing
@testable import SzponWire

/// Learner codes: sealed with an HMAC, typed by hand, so every typo must be caught.
@Suite("Learner codes")
struct LearnerCodeTests {
    static let secret = Data("secret-for-tests".utf8)

    /// Every symbol a learner could type in place of another: the 37 check symbols and
    /// Crockford's look-alikes, in both cases.
    static let typeable: [Character] = LearnerCode.checkAlphabet + Array("OIL") + Array("abcdefghijklmnopqrstuvwxyz*~$=")

    /// The 8 characters without the hyphen.
    static func characters(_ code: LearnerCode) -> [Character] {
        Array(code.tag) + [code.checkCharacter]
    }

    /// The symbol value a typed character stands for (look-alikes and case folded).
    static func meaning(_ c: Character) -> Int? {
        LearnerCode.symbol(of: c.unicodeScalars.first!)
    }

    /// Checks that every single wrong character in every position, and every swap of two
    /// different neighbours, of `code` fails to parse; returns how many variants it tried.
    @discardableResult
    static func assertEveryTypoIsCaught(_ code: LearnerCode) -> Int {
        let original = characters(code)
        var tried = 0
        for position in original.indices {
            for replacement in typeable where meaning(replacement) != meaning(original[position]) {
                var typed = original
                typed[position] = replacement
                tried += 1
                #expect(throws: LearnerCodeError.self, "\(String(typed)) from \(code.text)") {
                    try LearnerCode(parsing: String(typed))
                }
            }
        }
        for position in 0..<(original.count - 1) where original[position] != original[position + 1] {
            var typed = original
            typed.swapAt(position, position + 1)
            tried += 1
            #expect(throws: LearnerCodeError.self, "\(String(typed)) from \(code.text)") {
                try LearnerCode(parsing: String(typed))
            }
        }
        return tried
    }

    @Test func sealedCodesMatchAnIndependentHMAC() {
        // Computed with Python's hmac module (the formula in LearnerCode.seal's comment).
        #expect(LearnerCode.seal(personID: "u1001", generation: 1, secret: Self.secret).text == "R83F-AAGB")
        #expect(LearnerCode.seal(personID: "u1001", generation: 2, secret: Self.secret).text == "DXAM-T4TQ")
        #expect(LearnerCode.seal(personID: "zażółć", generation: 1, secret: Data(0..<32)).text == "644S-EWZN")
        #expect(LearnerCode.seal(personID: "u1001", generation: 1, secret: Data("other".utf8)).text != "R83F-AAGB")
    }

    @Test func aCodeReadsBackAsItselfInAnyCaseAndSpacing() throws {
        let code = LearnerCode.seal(personID: "u1001", generation: 1, secret: Self.secret)
        #expect(code.tag == "R83FAAG")
        #expect(code.checkCharacter == "B")
        for typed in ["R83F-AAGB", "r83faagb", " r83f aagb ", "R-8-3-F-A-A-G-B", "r83F\tAaGb"] {
            #expect(try LearnerCode(parsing: typed) == code, "\(typed)")
        }
    }

    @Test func crockfordLookAlikesReadAsDigits() throws {
        let code = LearnerCode(value: 0b00000_00001_00001_00000_00000_00000_00001)
        #expect(code.text.hasPrefix("0110-001"))
        let check = code.checkCharacter
        for typed in ["0110001\(check)", "OIL0OOI\(check)", "oil0ooi\(check)", "o1Lo-0oL\(check)"] {
            #expect(try LearnerCode(parsing: typed) == code, "\(typed)")
        }
    }

    @Test func eachKindOfMistakeHasItsOwnError() {
        #expect(throws: LearnerCodeError.wrongLength(found: 7)) { try LearnerCode(parsing: "R83F-AAG") }
        #expect(throws: LearnerCodeError.wrongLength(found: 9)) { try LearnerCode(parsing: "R83F-AAGBB") }
        #expect(throws: LearnerCodeError.wrongLength(found: 0)) { try LearnerCode(parsing: " - ") }
        #expect(throws: LearnerCodeError.badCharacter("U", position: 2)) { try LearnerCode(parsing: "RU3F-AAGB") }
        #expect(throws: LearnerCodeError.badCharacter("*", position: 7)) { try LearnerCode(parsing: "R83F-AA*B") }
        #expect(throws: LearnerCodeError.badCharacter("ł", position: 1)) { try LearnerCode(parsing: "ł83F-AAGB") }
        #expect(throws: LearnerCodeError.badCharacter("!", position: 8)) { try LearnerCode(parsing: "R83F-AAG!") }
        #expect(throws: LearnerCodeError.wrongCheckCharacter) { try LearnerCode(parsing: "R83F-AAGC") }
        #expect(LearnerCodeError.wrongCheckCharacter.description == "this is not a valid learner code: a character is mistyped")
    }

    /// Check symbols past 31 show in the code: `U` and the four signs are part of the alphabet.
    @Test func checkSymbolsAboveThirtyOneParse() throws {
        for check in 32...36 {
            let value = (0..<UInt64(1000)).first { $0 % 37 == UInt64(check) }!
            let code = LearnerCode(value: value)
            #expect(code.checkCharacter == LearnerCode.checkAlphabet[check])
            #expect(try LearnerCode(parsing: code.text) == code)
            #expect(try LearnerCode(parsing: code.text.lowercased()) == code)
        }
    }

    /// Exhaustive over a fixed sample: sealed codes of 60 people, both edges of the value
    /// range, and codes whose check symbol is each of the 37.
    @Test func everyTypoOfAFixedSampleIsCaught() {
        var sample = (1...60).map { LearnerCode.seal(personID: "u\($0)", generation: 1, secret: Self.secret) }
        sample += [LearnerCode(value: 0), LearnerCode(value: LearnerCode.valueMask), LearnerCode(value: 0x5555_5555)]
        sample += (0..<37).map { check in LearnerCode(value: UInt64(37 * 1_000_003 + check)) }
        var tried = 0
        for code in sample {
            tried += Self.assertEveryTypoIsCaught(code)
        }
        #expect(tried > sample.count * 8 * 40)
    }

    /// The property over many random codes, reproducible from the seed (`SplitMix64` is
    /// the JSON fuzzer's generator).
    @Test func everyTypoOfRandomCodesIsCaught() {
        var generator = SplitMix64(seed: 0x5a70_6f6e)
        for _ in 0..<400 {
            Self.assertEveryTypoIsCaught(LearnerCode(value: generator.next()))
        }
    }

    /// The arithmetic behind the property, for every pair of digits at every position:
    /// 37 never divides a single change or a neighbour swap of the value.
    @Test func noChangeOfOneOrTwoNeighbouringDigitsIsAMultipleOf37() {
        for position in 0..<7 {
            let weight = Int64(1) << Int64(5 * position)
            for a in 0..<32 {
                for b in 0..<32 where a != b {
                    #expect((Int64(a - b) * weight) % 37 != 0)
                    if position < 6 {
                        // a at `position + 1` and b at `position`, swapped.
                        #expect((Int64(a - b) * weight * 32 + Int64(b - a) * weight) % 37 != 0)
                    }
                }
            }
        }
    }

    @Test func garbageNeverCrashesAndIsNeverACode() throws {
        let inputs = ["", "-", "\u{0}", String(repeating: "A", count: 100_000), "👩‍👩‍👧‍👦🙂", "R83F\u{301}AAGB",
                      "R83F-AAGB\u{0}", "ＲＸ３Ｆ－ＡＡＧＢ", "R83F—AAGB", String(repeating: "- ", count: 10_000)]
        for input in inputs {
            #expect(throws: LearnerCodeError.self) { try LearnerCode(parsing: input) }
        }
        var generator = SplitMix64(seed: 7)
        let pool = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=Uoil -ąż\u{0}\u{FEFF}")
        var valid = 0
        for _ in 0..<5000 {
            let length = Int(generator.next() % 14)
            let text = String((0..<length).map { _ in pool[Int(generator.next() % UInt64(pool.count))] })
            if let code = try? LearnerCode(parsing: text) {
                valid += 1
                #expect(try LearnerCode(parsing: code.text) == code)
            }
        }
        // About one random 8-symbol string in 37 has a matching check; few random strings
        // have 8 symbols at all.
        #expect(valid < 100)
    }
}

/// A course's `identify` travels in the server manifest, and manifests without it load.
@Suite("Learner codes in the server manifest")
struct LearnerCodeManifestTests {
    @Test func aCourseWithoutIdentifyLoadsAsAnonymous() throws {
        let json = #"{"slug": "odpady", "title": "Odpady", "passing_score": 60, "lessons": []}"#
        let course = try JSONDecoder().decode(ServerManifest.Course.self, from: Data(json.utf8))
        #expect(course.identify == nil)
        #expect(!String(decoding: try JSONEncoder().encode(course), as: UTF8.self).contains("identify"))
    }

    @Test func identifyCodeRoundTrips() throws {
        let course = ServerManifest.Course(slug: "siec", title: "Sieć", lessons: [], identify: "code")
        let data = try JSONEncoder().encode(course)
        #expect(String(decoding: data, as: UTF8.self).contains(#""identify":"code""#))
        #expect(try JSONDecoder().decode(ServerManifest.Course.self, from: data) == course)
    }
}
