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

#if canImport(Glibc)
import Glibc
#endif

extension LibArchive {
    #if canImport(Glibc)
    /// A UTF-8 `LC_CTYPE` locale, made once. libarchive converts names through the
    /// current locale; in the C locale (a Swift program's default) 3.6.2 cannot convert
    /// a UTF-8 name at all and its pax writer crashes on one, and in other locales the
    /// bytes it writes would differ. Nil if the system has no UTF-8 locale.
    nonisolated(unsafe) private static let utf8Locale: locale_t? =
        newlocale(Int32(1) << LC_CTYPE, "C.UTF-8", nil)
        ?? newlocale(Int32(1) << LC_CTYPE, "en_US.UTF-8", nil)
    #endif

    /// Whether names outside ASCII can be written and read.
    static var hasUTF8Locale: Bool {
        #if canImport(Glibc)
        return utf8Locale != nil
        #else
        return true
        #endif
    }

    /// Runs `body` with the calling thread (only) in the UTF-8 locale, so that every
    /// archive is written and read the same way whatever the process's locale. `body`
    /// must not suspend: the locale belongs to the thread.
    static func withUTF8Locale<T>(_ body: () throws -> T) rethrows -> T {
        #if canImport(Glibc)
        guard let locale = utf8Locale else { return try body() }
        let previous = uselocale(locale)
        defer { uselocale(previous) }
        #endif
        return try body()
    }
}
