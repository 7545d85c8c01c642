/// The rules for paths inside archives, shared by the writer (which only accepts paths
/// in normal form) and the reader (which normalises harmless variations and refuses
/// everything that could leave the target folder).
enum ArchivePath {
    /// Longest accepted path and component, in UTF-8 bytes (Linux's PATH_MAX and NAME_MAX).
    static let maxPathBytes = 4096
    static let maxComponentBytes = 255

    /// A path the writer accepts: relative, `/`-separated, no empty, `.` or `..`
    /// components, no backslash or control characters. Returns it unchanged.
    static func validateForWriting(_ path: String) throws -> String {
        let normal = try normalize(path, entry: path)
        guard normal.path == path, !normal.isDirectory else {
            throw ArchiveProblem(.invalidPath, entry: path,
                "not in normal form (write \"\(normal.path)\": no leading \"./\", no \"//\", no trailing \"/\")")
        }
        return path
    }

    /// The checked, normalised form of a path read from an archive: `./a//b` becomes
    /// `a/b`, a trailing `/` marks a folder. Throws for anything absolute, with `..`, a
    /// backslash, a control character, or nothing left after normalising.
    static func normalize(_ raw: String, entry: String) throws -> (path: String, isDirectory: Bool) {
        if raw.isEmpty {
            throw ArchiveProblem(.invalidPath, entry: entry, "the path is empty")
        }
        if raw.utf8.count > maxPathBytes {
            throw ArchiveProblem(.invalidPath, entry: entry, "the path is longer than \(maxPathBytes) bytes")
        }
        if raw.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) {
            throw ArchiveProblem(.invalidPath, entry: entry, "the path has a control character")
        }
        if raw.contains("\\") {
            throw ArchiveProblem(.backslash, entry: entry,
                "the path has a backslash, which Windows reads as a folder separator")
        }
        if raw.hasPrefix("/") {
            throw ArchiveProblem(.absolutePath, entry: entry, "the path is absolute")
        }
        let parts = raw.split(separator: "/", omittingEmptySubsequences: false)
        if let first = parts.first, isDriveLetter(first) {
            throw ArchiveProblem(.absolutePath, entry: entry, "the path starts with a drive letter")
        }
        var kept: [Substring] = []
        for part in parts {
            if part == ".." {
                throw ArchiveProblem(.parentReference, entry: entry,
                    "the path leaves the target folder (\"..\" component)")
            }
            if part.isEmpty || part == "." { continue }
            if part.utf8.count > maxComponentBytes {
                throw ArchiveProblem(.invalidPath, entry: entry,
                    "a path component is longer than \(maxComponentBytes) bytes")
            }
            kept.append(part)
        }
        if kept.isEmpty {
            throw ArchiveProblem(.invalidPath, entry: entry, "the path names no file")
        }
        return (kept.joined(separator: "/"), raw.hasSuffix("/"))
    }

    /// `.` or `./`: the folder an archive is extracted into, which GNU tar lists as an
    /// entry of its own. Nothing to extract.
    static func isRoot(_ raw: String) -> Bool {
        !raw.hasPrefix("/") && raw.split(separator: "/").allSatisfy { $0 == "." }
            && raw.contains(".")
    }

    /// `a.b` before `a/b` before `ab`: plain byte order of the UTF-8 form, the same in
    /// every language and tool (`LC_ALL=C sort`), unlike `String`'s `<`.
    static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    private static func isDriveLetter(_ component: Substring) -> Bool {
        let scalars = Array(component.unicodeScalars.prefix(2))
        guard scalars.count == 2, scalars[1] == ":" else { return false }
        return ("a"..."z").contains(scalars[0]) || ("A"..."Z").contains(scalars[0])
    }
}
