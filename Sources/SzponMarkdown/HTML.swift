/// Escaping for the few strings szpon puts into HTML itself (templates escape their own).
public enum HTML {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        append(escaping: text, to: &out)
        return out
    }

    /// Appends `text` escaped: `<`, `>`, `&`, `"` and `'` as whole characters, as
    /// swift-mustache escapes them (one followed by a combining mark is a different
    /// character, kept as it is), so pages filled outside Mustache read the same.
    public static func append(escaping text: String, to out: inout String) {
        let special = text.utf8.contains { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 }
        guard special else { out += text; return }
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
    }
}
