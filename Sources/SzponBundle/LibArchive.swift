import CArchive

/// Small helpers over libarchive's C API, shared by the writer and the reader.
enum LibArchive {
    /// File types as libarchive reports them (`AE_IF*` in archive_entry.h; the values
    /// are fixed on every platform).
    static let typeMask: UInt32 = 0o170000
    static let regular: UInt32 = 0o100000
    static let directory: UInt32 = 0o040000
    static let symlink: UInt32 = 0o120000
    static let characterDevice: UInt32 = 0o020000
    static let blockDevice: UInt32 = 0o060000
    static let fifo: UInt32 = 0o010000
    static let socket: UInt32 = 0o140000

    /// libarchive's message for the last error on `archive`.
    static func error(_ archive: OpaquePointer) -> String {
        guard let message = archive_error_string(archive) else {
            return "libarchive error \(archive_errno(archive))"
        }
        return String(cString: message)
    }

    /// A person's name for a non-regular entry type.
    static func typeName(_ type: UInt32) -> String {
        switch type {
        case characterDevice: return "a character device"
        case blockDevice: return "a block device"
        case fifo: return "a FIFO"
        case socket: return "a socket"
        case symlink: return "a symbolic link"
        case directory: return "a folder"
        default: return "an entry of unknown type (mode \(String(type, radix: 8)))"
        }
    }
}
