import Foundation

/// Deterministic JSON for embedding in a page or a classic script: sorted keys, and
/// `</` and `<!--` escaped so the data can never close its `<script>` element early.
func json(_ value: Any) -> String {
    guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes]) else { return "{}" }
    return escapeForScript(data)
}

/// The same for `Encodable` values; JSONEncoder is much faster than JSONSerialization on large
/// values such as the search index.
func json<T: Encodable>(encodable value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(value) else { return "{}" }
    return escapeForScript(data)
}

private func escapeForScript(_ data: Data) -> String {
    let lt = UInt8(ascii: "<"), slash = UInt8(ascii: "/"), bang = UInt8(ascii: "!"), backslash = UInt8(ascii: "\\")
    guard data.contains(lt) else { return String(decoding: data, as: UTF8.self) }
    var out = [UInt8]()
    out.reserveCapacity(data.count + 16)
    var previous: UInt8 = 0
    for byte in data {
        // Inside JSON strings, "<\/" and "<\!" mean the same as "</" and "<!".
        if previous == lt, byte == slash || byte == bang { out.append(backslash) }
        out.append(byte)
        previous = byte
    }
    return String(decoding: out, as: UTF8.self)
}
