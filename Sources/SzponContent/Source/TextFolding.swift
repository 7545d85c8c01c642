import Foundation

/// Folding of Polish (and other Latin) diacritics, shared by slugs and the search index,
/// so that `zolw` finds `żółw` and `## Żółty pojemnik` gets the anchor `zolty-pojemnik`.
public enum TextFolding {
    /// `ł` has no Unicode decomposition, so stripping combining marks alone misses it.
    private static let special: [Character: String] = [
        "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
    ]

    /// Lowercased text without diacritics.
    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for character in text.lowercased() {
            if let replacement = special[character] {
                out.append(contentsOf: replacement.unicodeScalars)
                continue
            }
            for scalar in String(character).decomposedStringWithCanonicalMapping.unicodeScalars {
                // Combining Diacritical Marks block.
                if (0x0300...0x036F).contains(scalar.value) { continue }
                out.append(scalar)
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
