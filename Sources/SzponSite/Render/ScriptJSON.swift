import Foundation

/// Deterministic JSON for embedding in a page or a classic script: sorted keys, and every
/// `<` written as `\u003c` (it only occurs inside strings), so neither `</script>` nor `<!--`
/// can end the element early and the text stays valid JSON for `JSON.parse`.
func json(_ value: Any) -> String {
    guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes]) else { return "{}" }
    guard data.contains(UInt8(ascii: "<")) else { return String(decoding: data, as: UTF8.self) }
    var out = [UInt8]()
    out.reserveCapacity(data.count + 16)
    for byte in data {
        if byte == UInt8(ascii: "<") { out += Array("\\u003c".utf8) } else { out.append(byte) }
    }
    return String(decoding: out, as: UTF8.self)
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
