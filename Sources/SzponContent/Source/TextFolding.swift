import Foundation

/// Folding of Polish (and other Latin) diacritics, shared by slugs and the search index,
/// so that `zolw` finds `żółw` and `## Żółty pojemnik` gets the anchor `zolty-pojemnik`.
public enum TextFolding {
    /// `ł` has no Unicode decomposition, so stripping combining marks alone misses it.
    private static let special: [Character: String] = [
        "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
    ]

    /// Polish letters and common Latin-1 ones, folded without Unicode decomposition:
    /// this runs on every heading and search entry, and decomposition is slow.
    private static let table: [Unicode.Scalar: String] = {
        let pairs: [(String, String)] = [
            ("ąàáâãäå", "a"), ("ćçč", "c"), ("ęèéêëě", "e"), ("łľĺ", "l"), ("ńñň", "n"), ("óòôõöő", "o"),
            ("śšş", "s"), ("źżž", "z"), ("ìíîï", "i"), ("ùúûüůű", "u"), ("ýÿ", "y"), ("ďđ", "d"), ("ťţ", "t"), ("řŕ", "r"),
        ]
        var table: [Unicode.Scalar: String] = [:]
        for (letters, base) in pairs {
            for scalar in letters.unicodeScalars { table[scalar] = base }
            for scalar in letters.uppercased().unicodeScalars { table[scalar] = base }
        }
        for (key, value) in special { for scalar in String(key).unicodeScalars { table[scalar] = value.lowercased() } }
        return table
    }()

    /// Lowercased text without diacritics.
    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let v = scalar.value
                out.append(v >= 0x41 && v <= 0x5A ? Unicode.Scalar(v + 32)! : scalar)
            } else if let folded = table[scalar] {
                out.append(contentsOf: folded.unicodeScalars)
            } else if (0x0300...0x036F).contains(scalar.value) {
                continue
            } else {
                for decomposed in String(scalar).lowercased().decomposedStringWithCanonicalMapping.unicodeScalars
                where !(0x0300...0x036F).contains(decomposed.value) {
                    out.append(decomposed)
                }
            }
        }
        return String(out)
    }

    /// An ASCII slug: folded, with runs of anything but letters and digits turned into one `-`.
    public static func slug(_ text: String) -> String {
        var slug = ""
        var pendingDash = false
        for scalar in fold(text).unicodeScalars {
            let isWord = (scalar.value >= 0x61 && scalar.value <= 0x7A) || (scalar.value >= 0x30 && scalar.value <= 0x39)
            if isWord {
                if pendingDash, !slug.isEmpty { slug.append("-") }
                pendingDash = false
                slug.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        return slug
    }

    public static func isValidSlug(_ text: String) -> Bool {
        !text.isEmpty && slug(text) == text
    }
}

extension StringProtocol {
    /// Spaces, tabs and newlines trimmed from both ends, without a trip through Foundation.
    public var trimmed: String {
        let isSpace = { (c: Character) in c == " " || c == "\t" || c == "\n" || c == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
