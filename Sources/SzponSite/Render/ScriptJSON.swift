import Foundation

/// Deterministic JSON for embedding in a page or a classic script: sorted keys, and every
/// `<` written as `\u003c` (it only occurs inside strings), so neither `</script>` nor `<!--`
/// can end the element early and the text stays valid JSON for `JSON.parse`.
/// Values made only of strings, string-keyed dictionaries and arrays (the site data script)
/// are written by `ScriptJSON`, which gives these very bytes several times faster.
func json(_ value: Any) -> String {
    if let bytes = ScriptJSON.encode(value) { return String(decoding: bytes, as: UTF8.self) }
    return jsonViaFoundation(value)
}

/// `json` through JSONSerialization: the reference `ScriptJSON` is tested against.
func jsonViaFoundation(_ value: Any) -> String {
    guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes]) else { return "{}" }
    guard data.contains(UInt8(ascii: "<")) else { return String(decoding: data, as: UTF8.self) }
    var out = [UInt8]()
    out.reserveCapacity(data.count + 16)
    for byte in data {
        if byte == UInt8(ascii: "<") { out += Array("\\u003c".utf8) } else { out.append(byte) }
    }
    return String(decoding: out, as: UTF8.self)
}

/// JSONSerialization's output with `.sortedKeys` and `.withoutEscapingSlashes`, plus `json`'s
/// `<` as `\u003c`, for strings, dictionaries with string keys and arrays; nil for anything
/// else (numbers, Booleans, null), which then goes through JSONSerialization whole. Keys are
/// ordered by the very comparison JSONSerialization sorts with (numeric, case-insensitive,
/// forced ordering, system locale); strings are escaped as its `serializeString` does, per
/// scalar: `"`, `\`, `\b`, `\f`, `\n`, `\r`, `\t`, other controls as `\u00xx` in lower case.
enum ScriptJSON {
    static func encode(_ value: Any) -> [UInt8]? {
        // Only what JSONSerialization takes at the top: an object or an array.
        guard objectTypes[ObjectIdentifier(Swift.type(of: value))] != nil else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        return append(value, to: &out) ? out : nil
    }

    private static let stringType = ObjectIdentifier(String.self)
    private static let objectTypes: [ObjectIdentifier: @Sendable (Any, inout [UInt8]) -> Bool] = [
        ObjectIdentifier([String: Any].self): { appendObject($0 as! [String: Any], to: &$1) },
        ObjectIdentifier([String: String].self): { appendObject($0 as! [String: String], to: &$1) },
        ObjectIdentifier([String: [String: String]].self): { appendObject($0 as! [String: [String: String]], to: &$1) },
        ObjectIdentifier([Any].self): { appendArray($0 as! [Any], to: &$1) },
        ObjectIdentifier([String].self): { appendArray($0 as! [String], to: &$1) },
        ObjectIdentifier([[String]].self): { appendArray($0 as! [[String]], to: &$1) },
        ObjectIdentifier([[String: Any]].self): { appendArray($0 as! [[String: Any]], to: &$1) },
    ]

    static func append(_ value: Any, to out: inout [UInt8]) -> Bool {
        let type = ObjectIdentifier(Swift.type(of: value))
        if type == stringType { appendString(value as! String, to: &out); return true }
        guard let write = objectTypes[type] else { return false }
        return write(value, &out)
    }

    static func precedes(_ a: String, _ b: String) -> Bool {
        a.compare(b, options: [.numeric, .caseInsensitive, .forcedOrdering], range: a.startIndex..<a.endIndex,
                  locale: NSLocale.system) == .orderedAscending
    }

    private static func appendObject<Value>(_ object: [String: Value], to out: inout [UInt8]) -> Bool {
        out.append(UInt8(ascii: "{"))
        for (index, key) in object.keys.sorted(by: precedes).enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            guard append(object[key]!, to: &out) else { return false }
        }
        out.append(UInt8(ascii: "}"))
        return true
    }

    private static func appendArray<Element>(_ array: [Element], to out: inout [UInt8]) -> Bool {
        out.append(UInt8(ascii: "["))
        for (index, element) in array.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            guard append(element, to: &out) else { return false }
        }
        out.append(UInt8(ascii: "]"))
        return true
    }

    static func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = string
        text.withUTF8 { bytes in
            var runStart = 0
            for i in 0..<bytes.count {
                let byte = bytes[i]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "<") else { continue }
                if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
                runStart = i + 1
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
                case 0x08: out += Array("\\b".utf8)
                case 0x0C: out += Array("\\f".utf8)
                case UInt8(ascii: "\n"): out += Array("\\n".utf8)
                case UInt8(ascii: "\r"): out += Array("\\r".utf8)
                case UInt8(ascii: "\t"): out += Array("\\t".utf8)
                case UInt8(ascii: "<"): out += Array("\\u003c".utf8)
                default: out += Array("\\u00".utf8) + Array(String(byte, radix: 16).leftPadded(to: 2).utf8)
                }
            }
            if runStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
        }
        out.append(UInt8(ascii: "\""))
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

/// A JSON array of strings as UTF-8 bytes, for the search index, which holds every word of
/// the site: escaping by hand on bytes is an order of magnitude faster than JSONEncoder here.
/// Escapes what RFC 8259 requires, plus `</` so the text can never close a `<script>`.
/// Runs of bytes that need no escape are copied whole (per byte, this was 5% of a build).
func appendJSONStrings(_ strings: [String], to out: inout [UInt8]) {
    out.append(UInt8(ascii: "["))
    for (index, string) in strings.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        out.append(UInt8(ascii: "\""))
        var text = string
        text.withUTF8 { bytes in
            var runStart = 0
            var previous: UInt8 = 0
            for i in 0..<bytes.count {
                let byte = bytes[i]
                let escaped = byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
                    || (byte == UInt8(ascii: "/") && previous == UInt8(ascii: "<"))
                previous = byte
                guard escaped else { continue }
                if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
                runStart = i + 1
                appendEscaped(byte, to: &out)
            }
            if runStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
        }
        out.append(UInt8(ascii: "\""))
    }
    out.append(UInt8(ascii: "]"))
}

private func appendEscaped(_ byte: UInt8, to out: inout [UInt8]) {
    switch byte {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out += [UInt8(ascii: "\\"), byte]
    case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
    case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
    case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
    default:
        let hex = Array("0123456789abcdef".utf8)
        out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
    }
}
