import CArchive
import Foundation

/// The two archive formats a bundle comes in.
public enum ArchiveFormat: String, CaseIterable, Sendable {
    /// Zip (deflate), as LMSs take SCORM packages and as Windows opens them.
    case zip
    /// A POSIX (pax, restricted to ustar where it can) tar, gzip-compressed.
    case tarGz

    /// `zip` or `tar.gz`.
    public var fileExtension: String {
        switch self {
        case .zip: return "zip"
        case .tarGz: return "tar.gz"
        }
    }
}

/// Writes zip and tar.gz archives through libarchive, deterministically: the same files
/// give byte-identical archives, whatever their order, the clock, the user or the umask.
///
/// - Entries are sorted by path (UTF-8 byte order); only regular files are stored (the
///   folders are implied by the paths), with mode 0644, uid and gid 0 and no user or
///   group names.
/// - tar.gz: every entry's mtime is `modificationTime` (default: `SOURCE_DATE_EPOCH`,
///   else 2000-01-01T00:00:00Z); the gzip header has no timestamp and no file name.
/// - zip: entries carry no time at all. libarchive derives the zip's DOS date from the
///   mtime through `localtime()`, so any mtime would make the bytes depend on the time
///   zone of the machine that packs; without one, every entry reads 1980-01-01 00:00,
///   the zip epoch, everywhere. Names are flagged UTF-8. Already-compressed files
///   (images, audio, video, fonts, archives) are stored, the rest deflated.
public enum ArchiveWriter {
    public static func write(
        files: [(path: String, data: Data)],
        format: ArchiveFormat,
        to url: URL,
        modificationTime: Int64? = nil
    ) throws {
        let sorted = try sortedForWriting(files)
        let mtime = modificationTime ?? SourceDate.archiveTime()
        // Write beside the target, then rename: a reader never sees half an archive,
        // and a failure leaves any previous archive in place.
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial")
        do {
            try LibArchive.withUTF8Locale {
                try writeArchive(sorted, format: format, path: temporary.path, mtime: mtime)
            }
            if rename(temporary.path, url.path) != 0 {
                throw ArchiveProblem(.writeFailed,
                    "cannot move the archive into place at \(url.path): \(String(cString: strerror(errno)))")
            }
        } catch {
            unlink(temporary.path)
            throw error
        }
    }

    /// The files with checked paths, in archive order; duplicates are refused.
    static func sortedForWriting(_ files: [(path: String, data: Data)]) throws -> [(path: String, data: Data)] {
        var seen = Set<String>()
        for file in files {
            _ = try ArchivePath.validateForWriting(file.path)
            if !LibArchive.hasUTF8Locale && !file.path.utf8.allSatisfy({ $0 < 0x80 }) {
                throw ArchiveProblem(.invalidPath, entry: file.path,
                    "this system has no UTF-8 locale (C.UTF-8), which libarchive needs for names outside ASCII")
            }
            if !seen.insert(file.path).inserted {
                throw ArchiveProblem(.duplicateEntry, entry: file.path, "the path is given twice")
            }
        }
        // A file cannot also be a folder: "a" and "a/b" would not extract.
        for path in seen {
            var prefix = Substring(path)
            while let slash = prefix.lastIndex(of: "/") {
                prefix = prefix[..<slash]
                if seen.contains(String(prefix)) {
                    throw ArchiveProblem(.pathConflict, entry: path,
                        "\"\(prefix)\" is given as a file, so it cannot be a folder")
                }
            }
        }
        return files.sorted { ArchivePath.precedes($0.path, $1.path) }
    }

    private static func writeArchive(
        _ files: [(path: String, data: Data)], format: ArchiveFormat, path: String, mtime: Int64
    ) throws {
        guard let archive = archive_write_new() else {
            throw ArchiveProblem(.writeFailed, "libarchive could not allocate a writer")
        }
        defer { archive_write_free(archive) }

        func check(_ status: Int32, _ what: String, entry: String? = nil) throws {
            if status != ARCHIVE_OK {
                throw ArchiveProblem(.writeFailed, entry: entry, "\(what): \(LibArchive.error(archive))")
            }
        }

        switch format {
        case .zip:
            try check(archive_write_set_format_zip(archive), "zip format")
            try check(archive_write_set_options(archive, "zip:hdrcharset=UTF-8"), "zip options")
        case .tarGz:
            try check(archive_write_set_format_pax_restricted(archive), "pax format")
            try check(archive_write_add_filter_gzip(archive), "gzip filter")
            try check(archive_write_set_options(archive, "gzip:!timestamp"), "gzip options")
        }
        try check(archive_write_open_filename(archive, path), "cannot create \(path)")

        for file in files {
            guard let entry = archive_entry_new() else {
                throw ArchiveProblem(.writeFailed, entry: file.path, "libarchive could not allocate an entry")
            }
            defer { archive_entry_free(entry) }
            archive_entry_set_pathname_utf8(entry, file.path)
            archive_entry_set_filetype(entry, LibArchive.regular)
            archive_entry_set_perm(entry, 0o644)
            archive_entry_set_size(entry, Int64(file.data.count))
            archive_entry_set_uid(entry, 0)
            archive_entry_set_gid(entry, 0)
            if format == .tarGz {
                archive_entry_set_mtime(entry, time_t(mtime), 0)
            } else {
                let status = isCompressed(file.path)
                    ? archive_write_zip_set_compression_store(archive)
                    : archive_write_zip_set_compression_deflate(archive)
                try check(status, "zip compression", entry: file.path)
            }
            try check(archive_write_header(archive, entry), "cannot write the header", entry: file.path)
            try file.data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
                var offset = 0
                while offset < bytes.count {
                    let written = archive_write_data(archive, bytes.baseAddress! + offset, bytes.count - offset)
                    if written <= 0 {
                        throw ArchiveProblem(.writeFailed, entry: file.path,
                            "cannot write the data: \(LibArchive.error(archive))")
                    }
                    offset += written
                }
            }
            try check(archive_write_finish_entry(archive), "cannot finish the entry", entry: file.path)
        }
        try check(archive_write_close(archive), "cannot finish the archive")
    }

    /// Extensions of formats that are compressed already, which deflate only slows down.
    private static let compressedExtensions: Set<String> = [
        "png", "jpg", "jpeg", "gif", "webp", "avif", "mp3", "m4a", "ogg", "opus", "mp4", "m4v",
        "webm", "woff", "woff2", "zip", "gz", "tgz", "bz2", "xz", "zst", "7z", "docx", "xlsx",
        "pptx", "odt", "ods", "odp", "epub",
    ]

    private static func isCompressed(_ path: String) -> Bool {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return false }
        return compressedExtensions.contains(path[path.index(after: dot)...].lowercased())
    }
}
