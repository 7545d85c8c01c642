/// Why an archive was refused, or could not be written: what went wrong and, where
/// there is one, the entry it went wrong at (as the archive spells it).
///
/// `description` is one line for a person, for example
/// `entry "../evil.txt" refused: the path leaves the target folder (".." component)`.
public struct ArchiveProblem: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: String, Sendable, Equatable {
        /// Not a zip or tar(.gz) archive libarchive can read, or a corrupt one.
        case unreadable
        /// The path starts with `/` or a drive letter (`C:`).
        case absolutePath
        /// The path has a `..` component.
        case parentReference
        /// The path has a backslash (a Windows separator, and a classic zip-slip trick).
        case backslash
        /// An empty path, a control character, an overlong name, or (when writing) a
        /// path that is not in normal form: empty or `.` components, a trailing `/`.
        case invalidPath
        case symlink
        case hardlink
        /// A character or block device, a FIFO or a socket.
        case specialFile
        /// One entry is larger than `Limits.maxEntryBytes`.
        case entryTooLarge
        /// All entries together are larger than `Limits.maxTotalBytes`.
        case totalTooLarge
        /// More entries than `Limits.maxEntries`.
        case tooManyEntries
        /// More bytes came out than `Limits.maxRatio` times the archive's size.
        case ratioExceeded
        /// Two entries with the same path.
        case duplicateEntry
        /// A file where a folder is needed, or a folder where a file is (`a` and `a/b`).
        case pathConflict
        /// The file system refused: the name exists already, a symbolic link is in the
        /// way, a disk error, or libarchive failed while writing.
        case writeFailed
    }

    public let kind: Kind
    /// The entry's path as found in the archive (or given to the writer).
    public let entry: String?
    public let detail: String

    public init(_ kind: Kind, entry: String? = nil, _ detail: String) {
        self.kind = kind
        self.entry = entry
        self.detail = detail
    }

    public var description: String {
        guard let entry else { return detail }
        return "entry \(Self.quoted(entry)) refused: \(detail)"
    }

    /// The path in quotes, with control characters made visible, so that a hostile name
    /// cannot forge terminal output.
    static func quoted(_ path: String) -> String {
        var out = "\""
        for scalar in path.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7f:
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
