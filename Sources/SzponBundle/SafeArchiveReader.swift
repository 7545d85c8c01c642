import CArchive
import Foundation

/// Reads zip, tar and tar.gz archives that come from outside (result files carried back
/// on USB sticks, bundles to verify) and refuses anything that could harm the machine
/// that opens them, naming the entry:
///
/// - paths that are absolute, have a `..` component, a backslash or a control character;
/// - symbolic links, hard links, devices, FIFOs and sockets;
/// - an entry over `Limits.maxEntryBytes`, a total over `Limits.maxTotalBytes`, more
///   than `Limits.maxEntries` entries, or more than `Limits.maxRatio` times the
///   archive's size coming out (a zip bomb). Sizes declared in the headers are checked
///   before any data is inflated, and the bytes actually inflated are counted as they
///   come, so reading stops at the cap whatever the headers claim;
/// - two entries with the same path, or a file where another entry needs a folder.
///
/// libarchive parses; the checks and every file system call are here.
public enum SafeArchiveReader {
    public struct Limits: Sendable, Equatable {
        /// Most entries (files and folders) in one archive.
        public var maxEntries: Int
        /// Largest single entry, uncompressed.
        public var maxEntryBytes: Int64
        /// Largest total of all entries, uncompressed.
        public var maxTotalBytes: Int64
        /// Most uncompressed bytes per byte of archive file, over the whole archive.
        public var maxRatio: Int64
        /// The ratio is only enforced past this many uncompressed bytes, so that a tiny
        /// archive of a very compressible file (a JSON results file) is not refused.
        public var ratioFloorBytes: Int64

        public init(
            maxEntries: Int = 10_000,
            maxEntryBytes: Int64 = 50 << 20,
            maxTotalBytes: Int64 = 100 << 20,
            maxRatio: Int64 = 100,
            ratioFloorBytes: Int64 = 1 << 20
        ) {
            self.maxEntries = maxEntries
            self.maxEntryBytes = maxEntryBytes
            self.maxTotalBytes = maxTotalBytes
            self.maxRatio = maxRatio
            self.ratioFloorBytes = ratioFloorBytes
        }

        /// For results files and anything small: 10,000 entries, 50 MiB an entry,
        /// 100 MiB in all, 100:1.
        public static let standard = Limits()

        /// For whole site bundles, which may hold video: 100,000 entries, 2 GiB an
        /// entry, 8 GiB in all, still 100:1.
        public static let bundle = Limits(
            maxEntries: 100_000, maxEntryBytes: 2 << 30, maxTotalBytes: 8 << 30)
    }

    /// Extracts every file into `directory` (created if missing) and returns the paths
    /// written, sorted. Nothing is ever written outside `directory`: each path is walked
    /// component by component from an open handle on `directory` without following
    /// symbolic links, and files are created exclusively, so an existing file or link
    /// is never overwritten. On any problem everything written so far is removed again
    /// (and `directory` too, if this call created it) before the error is thrown.
    @discardableResult
    public static func extract(
        archive url: URL, into directory: URL, limits: Limits = .standard
    ) throws -> [String] {
        var extractor = try DirectoryExtractor(root: directory)
        do {
            try scan(archive: url, limits: limits, visitor: &extractor)
            return extractor.finish()
        } catch {
            extractor.rollBack()
            throw error
        }
    }

    /// Reads every file into memory, with the same checks as `extract`; for small
    /// archives such as results files. Sorted by path; folders are left out.
    public static func read(
        archive url: URL, limits: Limits = .standard
    ) throws -> [(path: String, data: Data)] {
        var collector = MemoryCollector()
        try scan(archive: url, limits: limits, visitor: &collector)
        return collector.files.sorted { ArchivePath.precedes($0.path, $1.path) }
    }
}

/// One entry that passed the checks, as handed to an `ArchiveVisitor`.
struct ScannedEntry {
    /// Normalised: relative, `/`-separated, no `.` or empty components.
    let path: String
    let isDirectory: Bool
}

/// Receives the entries of an archive as `SafeArchiveReader.scan` checks them: `begin`,
/// then the data of a file in chunks, then `end`. Any throw stops the scan.
protocol ArchiveVisitor {
    mutating func begin(_ entry: ScannedEntry) throws
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws
    mutating func end() throws
}

extension SafeArchiveReader {
    /// The one loop over an archive: checks every header, then streams each file's data
    /// to `visitor` while counting it against the limits.
    ///
    /// `checkDeclaredSizes` exists for tests: with it off, only the bytes actually
    /// inflated are counted, which is what stops an archive whose headers lie.
    static func scan<Visitor: ArchiveVisitor>(
        archive url: URL, limits: Limits, visitor: inout Visitor, checkDeclaredSizes: Bool = true
    ) throws {
        try LibArchive.withUTF8Locale {
            try scanInLocale(archive: url, limits: limits, visitor: &visitor, checkDeclaredSizes: checkDeclaredSizes)
        }
    }

    private static func scanInLocale<Visitor: ArchiveVisitor>(
        archive url: URL, limits: Limits, visitor: inout Visitor, checkDeclaredSizes: Bool
    ) throws {
        let name = url.lastPathComponent
        // One descriptor for both the size and the reading: the ratio is measured on the
        // very file libarchive reads.
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ArchiveProblem(.unreadable, "cannot open \(name): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw ArchiveProblem(.unreadable, "\(name) is not a regular file")
        }
        let archiveBytes = Int64(info.st_size)
        let (product, overflow) = archiveBytes.multipliedReportingOverflow(by: limits.maxRatio)
        let ratioBudget = max(overflow ? Int64.max : product, limits.ratioFloorBytes)

        guard let archive = archive_read_new() else {
            throw ArchiveProblem(.unreadable, "libarchive could not allocate a reader")
        }
        defer { archive_read_free(archive) }
        archive_read_support_format_zip(archive)
        archive_read_support_format_tar(archive)
        archive_read_support_filter_gzip(archive)
        archive_read_support_filter_none(archive)
        guard archive_read_open_fd(archive, descriptor, 64 * 1024) == ARCHIVE_OK else {
            throw ArchiveProblem(.unreadable, "cannot read \(name): \(LibArchive.error(archive))")
        }

        let bufferSize = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: bufferSize, alignment: 16)
        defer { buffer.deallocate() }

        var entries = 0
        var total: Int64 = 0
        var declaredTotal: Int64 = 0
        var files = Set<String>()
        var folders = Set<String>()

        func ratioProblem(_ entry: String, _ bytes: Int64) -> ArchiveProblem {
            ArchiveProblem(.ratioExceeded, entry: entry,
                "more than \(limits.maxRatio) times the archive's \(archiveBytes) bytes would come out "
                + "(\(bytes) bytes so far); this looks like a zip bomb")
        }

        while true {
            var entryPointer: OpaquePointer?
            let status = archive_read_next_header(archive, &entryPointer)
            if status == ARCHIVE_EOF { break }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry = entryPointer else {
                throw ArchiveProblem(.unreadable, "cannot read \(name): \(LibArchive.error(archive))")
            }
            entries += 1
            if entries > limits.maxEntries {
                throw ArchiveProblem(.tooManyEntries, "\(name) has more than \(limits.maxEntries) entries")
            }

            let raw = try rawPath(entry)
            let type = archive_entry_filetype(entry) & LibArchive.typeMask
            if type == LibArchive.directory && ArchivePath.isRoot(raw) { continue }
            let normal = try ArchivePath.normalize(raw, entry: raw)

            if let target = archive_entry_hardlink(entry) {
                throw ArchiveProblem(.hardlink, entry: raw,
                    "it is a hard link (to \(ArchiveProblem.quoted(String(cString: target))))")
            }
            if type == LibArchive.symlink || archive_entry_symlink(entry) != nil {
                let target = archive_entry_symlink(entry).map { String(cString: $0) } ?? ""
                throw ArchiveProblem(.symlink, entry: raw,
                    "it is a symbolic link (to \(ArchiveProblem.quoted(target)))")
            }
            let isDirectory = type == LibArchive.directory
            guard isDirectory || type == LibArchive.regular else {
                throw ArchiveProblem(.specialFile, entry: raw, "it is \(LibArchive.typeName(type))")
            }
            if normal.isDirectory && !isDirectory {
                throw ArchiveProblem(.invalidPath, entry: raw, "a file's path ends with \"/\"")
            }

            // Duplicates, and files that are also folders.
            let components = normal.path.split(separator: "/")
            var parent = ""
            for component in components.dropLast() {
                parent = parent.isEmpty ? String(component) : parent + "/" + component
                if files.contains(parent) {
                    throw ArchiveProblem(.pathConflict, entry: raw,
                        "\(ArchiveProblem.quoted(parent)) is a file in this archive, so it cannot be a folder")
                }
                folders.insert(parent)
            }
            if files.contains(normal.path) {
                throw ArchiveProblem(.duplicateEntry, entry: raw, "the archive has this path twice")
            }
            // Folders are checked too: skipping a folder's (odd) data still inflates it.
            if checkDeclaredSizes && archive_entry_size_is_set(entry) != 0 {
                let declared = max(archive_entry_size(entry), 0)
                if declared > limits.maxEntryBytes {
                    throw ArchiveProblem(.entryTooLarge, entry: raw,
                        "it would be \(declared) bytes, over the limit of \(limits.maxEntryBytes)")
                }
                declaredTotal += declared
                if declaredTotal > limits.maxTotalBytes {
                    throw ArchiveProblem(.totalTooLarge, entry: raw,
                        "the files would come to more than \(limits.maxTotalBytes) bytes")
                }
                if declaredTotal > ratioBudget {
                    throw ratioProblem(raw, declaredTotal)
                }
            }

            if isDirectory {
                folders.insert(normal.path)
                try visitor.begin(ScannedEntry(path: normal.path, isDirectory: true))
                try visitor.end()
                continue
            }
            if folders.contains(normal.path) {
                throw ArchiveProblem(.pathConflict, entry: raw,
                    "the path is a folder elsewhere in this archive")
            }
            files.insert(normal.path)

            try visitor.begin(ScannedEntry(path: normal.path, isDirectory: false))
            var entryBytes: Int64 = 0
            while true {
                let count = archive_read_data(archive, buffer, bufferSize)
                if count == 0 { break }
                if count < 0 {
                    throw ArchiveProblem(.unreadable, entry: raw, "cannot read the data: \(LibArchive.error(archive))")
                }
                entryBytes += Int64(count)
                total += Int64(count)
                if entryBytes > limits.maxEntryBytes {
                    throw ArchiveProblem(.entryTooLarge, entry: raw,
                        "it is over the limit of \(limits.maxEntryBytes) bytes")
                }
                if total > limits.maxTotalBytes {
                    throw ArchiveProblem(.totalTooLarge, entry: raw,
                        "the files come to more than \(limits.maxTotalBytes) bytes")
                }
                if total > ratioBudget {
                    throw ratioProblem(raw, total)
                }
                try visitor.write(UnsafeRawBufferPointer(start: buffer, count: count))
            }
            try visitor.end()
        }
    }

    /// The entry's path as UTF-8 (the scan runs in a UTF-8 locale, so libarchive
    /// converts whatever the archive declares). Failing that, the raw bytes when they
    /// are valid UTF-8; anything else is refused.
    private static func rawPath(_ entry: OpaquePointer) throws -> String {
        if let utf8 = archive_entry_pathname_utf8(entry) {
            return String(cString: utf8)
        }
        guard let bytes = archive_entry_pathname(entry) else {
            throw ArchiveProblem(.invalidPath, entry: "", "an entry has no path")
        }
        let buffer = UnsafeBufferPointer(start: UnsafeRawPointer(bytes).assumingMemoryBound(to: UInt8.self),
                                         count: strlen(bytes))
        guard let path = String(validating: buffer, as: UTF8.self) else {
            let shown = String(decoding: buffer, as: UTF8.self)
            throw ArchiveProblem(.invalidPath, entry: shown, "the path is not valid UTF-8")
        }
        return path
    }
}

/// Keeps every file in memory, for `SafeArchiveReader.read`.
struct MemoryCollector: ArchiveVisitor {
    var files: [(path: String, data: Data)] = []
    private var current: (path: String, data: Data)?

    mutating func begin(_ entry: ScannedEntry) throws {
        current = entry.isDirectory ? nil : (entry.path, Data())
    }

    mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        current?.data.append(contentsOf: bytes)
    }

    mutating func end() throws {
        if let current { files.append(current) }
        current = nil
    }
}
