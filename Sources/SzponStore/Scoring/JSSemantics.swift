import Foundation

/* The few pieces of JavaScript that score.js leans on, so that the server reads a
   response exactly as the browser does: String(value), trim() and \s, truthiness,
   property access (a[i], "s"[i]), String.prototype.normalize and toLowerCase,
   Math.round and Math.min/max with NaN. Internal to the scorer. */

/// A JavaScript value as score.js sees a parsed response. Strings are UTF-16 code
/// units: `"😀"[0]` is half a surrogate pair, and `===` compares units, not
/// canonically equivalent characters as Swift's `==` does.
indirect enum JSValue: Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case text([UInt16])
    case array([JSValue])
    case object([String: JSValue])

    init(_ json: JSONValue) {
        switch json {
        case .null: self = .null
        case let .bool(b): self = .bool(b)
        case let .number(n): self = .number(n)
        case let .string(s): self = .text(Array(s.utf16))
        case let .array(items): self = .array(items.map(JSValue.init))
        case let .object(object): self = .object(object.mapValues(JSValue.init))
        }
    }

    init(_ json: JSONValue?) {
        self = json.map(JSValue.init) ?? .null
    }

    var number: Double? { if case let .number(n) = self { return n } else { return nil } }
    var text: [UInt16]? { if case let .text(t) = self { return t } else { return nil } }
    var array: [JSValue]? { if case let .array(a) = self { return a } else { return nil } }
    var isNull: Bool { if case .null = self { return true } else { return false } }
}

enum JS {
    // MARK: - Conversions

    /// `String(value)`; `null` is "null" (callers that treat null as "" check first).
    static func string(_ value: JSValue) -> [UInt16] {
        switch value {
        case .null: return Array("null".utf16)
        case let .bool(b): return Array((b ? "true" : "false").utf16)
        case let .number(n): return Array(numberString(n).utf16)
        case let .text(t): return t
        case let .array(items):
            // Array.prototype.join(","): null and undefined become empty.
            var out: [UInt16] = []
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(0x2C) }
                if !item.isNull { out += string(item) }
            }
            return out
        case .object: return Array("[object Object]".utf16)
        }
    }

    /// `String(text == null ? "" : text)`, as fold() and parseNumber() begin.
    static func stringOrEmpty(_ value: JSValue?) -> [UInt16] {
        guard let value, !value.isNull else { return [] }
        return string(value)
    }

    /// Number::toString (ECMA-262 6.1.6.1.20): the shortest digits that round-trip,
    /// written plainly from 1e-7 to 1e21, else with an exponent ("1e+21", "1.5e-7").
    static func numberString(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x == 0 { return "0" }
        if x < 0 { return "-" + numberString(-x) }
        if x.isInfinite { return "Infinity" }
        // Swift's description also gives the shortest round-trip digits; only the layout differs.
        let description = x.description
        let parts = description.split(separator: "e", maxSplits: 1)
        let exponent = parts.count > 1 ? Int(parts[1])! : 0
        let mantissa = parts[0].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integer = String(mantissa[0])
        let fraction = mantissa.count > 1 ? String(mantissa[1]) : ""
        var digits = Array(integer + fraction)
        var n = integer.count + exponent // value = 0.digits × 10^n
        while digits.first == "0" { digits.removeFirst(); n -= 1 }
        while digits.last == "0" { digits.removeLast() }
        let k = digits.count
        let s = String(digits)
        if k <= n && n <= 21 { return s + String(repeating: "0", count: n - k) }
        if 0 < n && n <= 21 { return String(digits[..<n]) + "." + String(digits[n...]) }
        if -6 < n && n <= 0 { return "0." + String(repeating: "0", count: -n) + s }
        let e = n - 1
        let sign = e < 0 ? "-" : "+"
        if k == 1 { return s + "e" + sign + String(abs(e)) }
        return String(digits[0]) + "." + String(digits[1...]) + "e" + sign + String(abs(e))
    }

    /// JavaScript truthiness.
    static func truthy(_ value: JSValue?) -> Bool {
        switch value {
        case nil, .null?: return false
        case let .bool(b)?: return b
        case let .number(n)?: return n != 0 && !n.isNaN
        case let .text(t)?: return !t.isEmpty
        case .array?, .object?: return true
        }
    }

    /// `value[key]` for the properties a parsed response has of its own: array and
    /// string indices and `length`, object members. nil is `undefined`.
    static func property(_ value: JSValue?, _ key: [UInt16]) -> JSValue? {
        switch value {
        case let .array(items)?:
            if let index = arrayIndex(key) { return index < items.count ? items[index] : nil }
            return key == Array("length".utf16) ? .number(Double(items.count)) : nil
        case let .text(units)?:
            if let index = arrayIndex(key) { return index < units.count ? .text([units[index]]) : nil }
            return key == Array("length".utf16) ? .number(Double(units.count)) : nil
        case let .object(members)?:
            return members[String(decoding: key, as: UTF16.self)]
        default:
            return nil
        }
    }

    static func property(_ value: JSValue?, _ index: Int) -> JSValue? {
        property(value, Array(String(index).utf16))
    }

    /// A canonical array index ("0", "7", not "07", "+7", "7.0" or "-0"), as a property key names it.
    static func arrayIndex(_ key: [UInt16]) -> Int? {
        guard !key.isEmpty, key.count <= 10, key.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        if key.count > 1 && key[0] == 0x30 { return nil }
        let value = key.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        return value < 4_294_967_295 ? value : nil
    }

    /// Names an array inherits (Array.prototype, Object.prototype, ES2023): `answers[name]`
    /// is a function (or the prototype), so truthy, and has no weight.
    static let inheritedArrayMembers: Set<[UInt16]> = Set([
        "constructor", "at", "concat", "copyWithin", "fill", "find", "findIndex", "findLast", "findLastIndex",
        "lastIndexOf", "pop", "push", "reverse", "shift", "unshift", "slice", "sort", "splice", "includes",
        "indexOf", "join", "keys", "entries", "values", "forEach", "filter", "flat", "flatMap", "map", "every",
        "some", "reduce", "reduceRight", "toLocaleString", "toString", "toReversed", "toSorted", "toSpliced",
        "with", "__defineGetter__", "__defineSetter__", "hasOwnProperty", "__lookupGetter__", "__lookupSetter__",
        "isPrototypeOf", "propertyIsEnumerable", "valueOf", "__proto__",
    ].map { Array($0.utf16) })

    // MARK: - Whitespace

    /// WhiteSpace and LineTerminator: what `trim()` drops and `\s` matches (all BMP).
    static func isSpace(_ unit: UInt16) -> Bool {
        switch unit {
        case 0x09...0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: return true
        default: return false
        }
    }

    static func trim(_ text: [UInt16]) -> [UInt16] {
        guard let start = text.firstIndex(where: { !isSpace($0) }) else { return [] }
        let end = text.lastIndex(where: { !isSpace($0) })!
        return Array(text[start...end])
    }

    /// `.replace(/\s+/g, " ")`
    static func collapseSpaces(_ text: [UInt16]) -> [UInt16] {
        var out: [UInt16] = []
        out.reserveCapacity(text.count)
        var inSpace = false
        for unit in text {
            if isSpace(unit) {
                if !inSpace { out.append(0x20) }
                inSpace = true
            } else {
                out.append(unit)
                inSpace = false
            }
        }
        return out
    }

    // MARK: - Code points

    /// A code point of a JavaScript string: a scalar, or a lone surrogate (kept as is by
    /// normalize and toLowerCase, and never combining with its neighbours).
    enum CodePoint: Equatable {
        case scalar(Unicode.Scalar)
        case lone(UInt16)
    }

    static func codePoints(_ text: [UInt16]) -> [CodePoint] {
        var out: [CodePoint] = []
        out.reserveCapacity(text.count)
        var i = 0
        while i < text.count {
            let unit = text[i]
            if UTF16.isLeadSurrogate(unit), i + 1 < text.count, UTF16.isTrailSurrogate(text[i + 1]) {
                let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(text[i + 1]) - 0xDC00)
                out.append(.scalar(Unicode.Scalar(value)!))
                i += 2
            } else if UTF16.isLeadSurrogate(unit) || UTF16.isTrailSurrogate(unit) {
                out.append(.lone(unit))
                i += 1
            } else {
                out.append(.scalar(Unicode.Scalar(unit)!))
                i += 1
            }
        }
        return out
    }

    static func units(_ points: [CodePoint]) -> [UInt16] {
        var out: [UInt16] = []
        out.reserveCapacity(points.count)
        for point in points {
            switch point {
            case let .scalar(s): out += Array(String(s).utf16)
            case let .lone(u): out.append(u)
            }
        }
        return out
    }

    /// Runs of whole scalars, split at lone surrogates (which normalization leaves alone
    /// and which no character composes across: they are starters without a mapping).
    static func mapScalarRuns(_ text: [UInt16], _ transform: (String) -> [UInt16]) -> [UInt16] {
        var out: [UInt16] = []
        var run: [Unicode.Scalar] = []
        func flush() {
            guard !run.isEmpty else { return }
            var s = String.UnicodeScalarView()
            s.append(contentsOf: run)
            out += transform(String(s))
            run.removeAll()
        }
        for point in codePoints(text) {
            switch point {
            case let .scalar(s): run.append(s)
            case let .lone(u): flush(); out.append(u)
            }
        }
        flush()
        return out
    }

    // MARK: - Normalization

    /// `normalize("NFC")`: composed by the standard library (whose data is as recent as
    /// browsers'; Foundation's misses Unicode 16's compositions), from our NFD, since the
    /// standard library alone leaves marks out of order after expanding ones like U+0F73.
    static func nfc(_ text: [UInt16]) -> [UInt16] {
        if text.allSatisfy({ $0 < 0x300 }) { return text }
        return mapScalarRuns(nfd(text)) { Array(String(decoding: $0._nfcCodeUnits, as: UTF8.self).utf16) }
    }

    /// `normalize("NFD")`: Foundation's decompositions, those of Unicode 16 that it lacks,
    /// then the canonical ordering by the standard library's combining classes.
    static func nfd(_ text: [UInt16]) -> [UInt16] {
        if text.allSatisfy({ $0 < 0xC0 }) { return text }
        return mapScalarRuns(text) { string in
            var scalars: [Unicode.Scalar] = []
            for scalar in string.unicodeScalars {
                if scalar.value < 0xC0 {
                    scalars.append(scalar)
                } else if let extra = newerDecompositions[scalar.value] {
                    scalars += extra.map { Unicode.Scalar($0)! }
                } else {
                    scalars += String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
                }
            }
            // Canonical ordering: a stable sort of each run of non-starters by combining class.
            var i = 0
            while i < scalars.count {
                guard scalars[i].properties.canonicalCombiningClass.rawValue != 0 else { i += 1; continue }
                var j = i
                while j < scalars.count && scalars[j].properties.canonicalCombiningClass.rawValue != 0 { j += 1 }
                let sorted = scalars[i..<j].enumerated().sorted {
                    let a = $0.element.properties.canonicalCombiningClass.rawValue
                    let b = $1.element.properties.canonicalCombiningClass.rawValue
                    return a != b ? a < b : $0.offset < $1.offset
                }.map(\.element)
                scalars.replaceSubrange(i..<j, with: sorted)
                i = j
            }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            return Array(String(view).utf16)
        }
    }

    /// Canonical decompositions added in Unicode 16 (Todhri, Tulu-Tigalari, Gurung Khema,
    /// Kirat Rai), missing from Foundation's tables on Linux; taken from Node's ICU.
    static let newerDecompositions: [UInt32: [UInt32]] = [
        0x105C9: [0x105D2, 0x307], 0x105E4: [0x105DA, 0x307],
        0x11383: [0x11382, 0x113C9], 0x11385: [0x11384, 0x113BB], 0x1138E: [0x1138B, 0x113C2],
        0x11391: [0x11390, 0x113C9], 0x113C5: [0x113C2, 0x113C2], 0x113C7: [0x113C2, 0x113B8],
        0x113C8: [0x113C2, 0x113C9],
        0x16121: [0x1611E, 0x1611E], 0x16122: [0x1611E, 0x16129], 0x16123: [0x1611E, 0x1611F],
        0x16124: [0x16129, 0x1611F], 0x16125: [0x1611E, 0x16120], 0x16126: [0x1611E, 0x1611E, 0x1611F],
        0x16127: [0x1611E, 0x16129, 0x1611F], 0x16128: [0x1611E, 0x1611E, 0x16120],
        0x16D68: [0x16D67, 0x16D67], 0x16D69: [0x16D63, 0x16D67], 0x16D6A: [0x16D63, 0x16D67, 0x16D67],
    ]

    // MARK: - Case

    /// `toLowerCase()`: each code point's full lower-case mapping (not the locale's), and
    /// the one contextual rule, Final_Sigma: Σ ending a word becomes ς.
    static func lowercase(_ text: [UInt16]) -> [UInt16] {
        if text.allSatisfy({ $0 < 0x80 }) {
            return text.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        }
        let points = codePoints(text)
        var out: [UInt16] = []
        out.reserveCapacity(text.count)
        for (index, point) in points.enumerated() {
            guard case let .scalar(scalar) = point else {
                if case let .lone(unit) = point { out.append(unit) }
                continue
            }
            if scalar.value == 0x3A3 && isFinalSigma(points, at: index) {
                out.append(0x3C2)
            } else {
                out += Array(scalar.properties.lowercaseMapping.utf16)
            }
        }
        return out
    }

    /// Unicode 3.13 Final_Sigma: a cased letter before (past case-ignorables), none after.
    static func isFinalSigma(_ points: [CodePoint], at index: Int) -> Bool {
        func cased(_ p: CodePoint) -> Bool { if case let .scalar(s) = p { return s.properties.isCased } else { return false } }
        func ignorable(_ p: CodePoint) -> Bool { if case let .scalar(s) = p { return s.properties.isCaseIgnorable } else { return false } }
        var before = false
        var i = index - 1
        while i >= 0 {
            if ignorable(points[i]) { i -= 1; continue }
            before = cased(points[i])
            break
        }
        guard before else { return false }
        var j = index + 1
        while j < points.count {
            if ignorable(points[j]) { j += 1; continue }
            return !cased(points[j])
        }
        return true
    }

    // MARK: - Numbers

    /// `Math.round`: the nearest integer, halves toward +∞.
    static func round(_ x: Double) -> Double {
        guard x.isFinite else { return x }
        let floor = x.rounded(.down)
        return x - floor >= 0.5 ? floor + 1 : floor
    }

    /// `Math.min`/`Math.max`: NaN wins.
    static func min(_ a: Double, _ b: Double) -> Double { a.isNaN || b.isNaN ? .nan : Swift.min(a, b) }
    static func max(_ a: Double, _ b: Double) -> Double { a.isNaN || b.isNaN ? .nan : Swift.max(a, b) }

    /// A JSON number as arithmetic sees it: `undefined` (and anything else) is NaN, null 0.
    static func toNumber(_ value: JSValue?) -> Double {
        switch value {
        case let .number(n)?: return n
        case .null?: return 0
        case let .bool(b)?: return b ? 1 : 0
        default: return .nan
        }
    }
}
