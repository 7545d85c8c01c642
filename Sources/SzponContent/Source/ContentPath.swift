/// Paths inside the content folder, always with `/` and never leaving it.
public enum ContentPath {
    /// Resolves a relative reference (`../img/a.png`) from a file (`courses/x/01-a.md`).
    /// Returns nil when the reference climbs out of the content folder.
    public static func resolve(_ reference: String, from file: String) -> String? {
        var parts = file.split(separator: "/").map(String.init)
        parts.removeLast()
        if reference.hasPrefix("/") { parts = [] }
        for component in reference.split(separator: "/") {
            switch component {
            case ".", "": continue
            case "..":
                if parts.isEmpty { return nil }
                parts.removeLast()
            default:
                parts.append(String(component))
            }
        }
        return parts.joined(separator: "/")
    }

    /// The relative path from one site file to another: `relative(to: "guides/a.html", from: "courses/x/b.html")`
    /// is `../../guides/a.html`.
    public static func relative(to target: String, from page: String) -> String {
        let from = page.split(separator: "/").dropLast()
        let to = target.split(separator: "/")
        var common = 0
        while common < from.count, common < to.count - 1, from[from.startIndex + common] == to[common] { common += 1 }
        let up = Array(repeating: "..", count: from.count - common)
        return (up + to[common...].map(String.init)).joined(separator: "/")
    }

    /// `../../` for `courses/x/a.html`; empty for `index.html`.
    public static func toRoot(from page: String) -> String {
        String(repeating: "../", count: page.split(separator: "/").count - 1)
    }
}
