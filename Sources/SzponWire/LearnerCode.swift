import Crypto
import Foundation

/// A learner code such as `7KQ2-M9XA`, handed out on paper so that results taken offline
/// (a bundle on a USB stick, no accounts) reach the right person.
///
/// Seven Crockford base32 characters carry 35 bits, the start of an HMAC-SHA256 of the
/// person's id under a server secret: a code cannot be made up without the secret, and
/// the server needs no list of codes beyond the tag it stores per person. An eighth
/// character is Crockford's check symbol, the 35-bit value modulo 37. Because 37 is a
/// prime larger than 32 that divides neither a digit difference nor 31, the check catches
/// every single wrong character and every swap of two different neighbours, check
/// character included (docs/learning.md, "Learner codes"; `learner-code.js` checks the
/// same in the browser).
public struct LearnerCode: Sendable, Hashable, CustomStringConvertible {
    /// Crockford's base32 digits: no I, L, O or U, which read as other characters.
    public static let dataAlphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    /// The check symbols: the 32 digits and five more for the values 32 to 36.
    public static let checkAlphabet = dataAlphabet + Array("*~$=U")
    public static let dataLength = 7
    /// What is sealed before the person's id: a new scheme gets a new prefix, so its codes
    /// never collide with these.
    static let domain = "szpon-learner-code/1"

    /// The 35-bit value of the data characters.
    public let value: UInt64

    /// The seven data characters, the part the store indexes (`people.code_tag`).
    public var tag: String { String(Self.digits(of: value)) }

    /// The check character of the data.
    public var checkCharacter: Character { Self.checkAlphabet[Int(value % 37)] }

    /// As printed and shown: `7KQ2-M9XA`.
    public var text: String {
        let all = Array(tag) + [checkCharacter]
        return String(all[0..<4]) + "-" + String(all[4...])
    }

    public var description: String { text }

    /// A code for `value`'s low 35 bits.
    public init(value: UInt64) {
        self.value = value & Self.valueMask
    }

    static let valueMask: UInt64 = (1 << 35) - 1

    /// The code of one person: the first 35 bits of
    /// HMAC-SHA256(secret, "szpon-learner-code/1\0" + personID + "\0" + generation).
    /// A new `generation` (after a code is revoked) gives the person a new code.
    public static func seal(personID: String, generation: Int, secret: Data) -> LearnerCode {
        let message = Data((domain + "\0" + personID + "\0" + String(generation)).utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret))
        let first5 = Array(mac.prefix(5))
        var bits: UInt64 = 0
        for byte in first5 { bits = bits << 8 | UInt64(byte) }
        return LearnerCode(value: bits >> 5)
    }

    /// Reads a code as a learner types it: any case, with spaces or hyphens anywhere, and
    /// Crockford's look-alikes (O for 0, I and L for 1).
    public init(parsing input: String) throws(LearnerCodeError) {
        var symbols: [Int] = []
        var position = 0
        for scalar in input.unicodeScalars {
            if scalar == " " || scalar == "-" || scalar == "\t" { continue }
            position += 1
            // Only ASCII can be a symbol; anything else (and very long input) is
            // reported without reading further.
            guard let symbol = Self.symbol(of: scalar) else {
                throw .badCharacter(Character(scalar), position: position)
            }
            symbols.append(symbol)
            if symbols.count > Self.dataLength + 1 { break }
        }
        guard symbols.count == Self.dataLength + 1 else {
            throw .wrongLength(found: symbols.count)
        }
        for (index, symbol) in symbols.prefix(Self.dataLength).enumerated() where symbol >= 32 {
            throw .badCharacter(Self.checkAlphabet[symbol], position: index + 1)
        }
        var value: UInt64 = 0
        for symbol in symbols.prefix(Self.dataLength) { value = value << 5 | UInt64(symbol) }
        guard value % 37 == UInt64(symbols[Self.dataLength]) else {
            throw .wrongCheckCharacter
        }
        self.value = value
    }

    /// The symbol value of a typed character, nil when it is not one.
    static func symbol(of scalar: Unicode.Scalar) -> Int? {
        guard scalar.isASCII else { return nil }
        var c = Character(scalar)
        if let upper = c.uppercased().first { c = upper }
        switch c {
        case "O": return 0
        case "I", "L": return 1
        default: return checkAlphabet.firstIndex(of: c)
        }
    }

    static func digits(of value: UInt64) -> [Character] {
        (0..<dataLength).map { i in dataAlphabet[Int((value >> UInt64(5 * (dataLength - 1 - i))) & 31)] }
    }
}

/// Why typed text is not a learner code.
public enum LearnerCodeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not 8 characters once spaces and hyphens are left out (`found` counts at most 9).
    case wrongLength(found: Int)
    /// A character that is not a code symbol (or a check symbol among the first seven);
    /// `position` counts from 1, spaces and hyphens left out.
    case badCharacter(Character, position: Int)
    /// Every character is a symbol but the check does not match: a typo.
    case wrongCheckCharacter

    public var description: String {
        switch self {
        case .wrongLength(let found):
            return found > LearnerCode.dataLength + 1
                ? "a learner code has 8 characters; this has more"
                : "a learner code has 8 characters; this has \(found)"
        case .badCharacter(let character, let position):
            return "'\(character)' (character \(position)) cannot be in a learner code"
        case .wrongCheckCharacter:
            return "this is not a valid learner code: a character is mistyped"
        }
    }
}
