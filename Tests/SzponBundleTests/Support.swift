import CArchive
import Foundation
@testable import SzponBundle

/// A fresh folder under the system's temporary folder, removed when released.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("szpon-bundle-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Creates and returns the subfolder `name`.
    func folder(_ name: String) throws -> URL {
        let folder = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Every path below `folder`, files and folders, relative and sorted; links are listed,
/// not followed.
func tree(_ folder: URL) -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
    return (enumerator.allObjects as? [String] ?? []).sorted()
}

struct ToolResult {
    let status: Int32
    let output: String
}

/// Runs a stock tool (unzip, tar, …) and returns its status and standard output.
func run(_ tool: String, _ arguments: [String], in folder: URL? = nil) throws -> ToolResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    if let folder { process.currentDirectoryURL = folder }
    var environment = ProcessInfo.processInfo.environment
    environment["TZ"] = "UTC"
    environment["LC_ALL"] = "C.UTF-8"
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ToolResult(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
}

func toolExists(_ tool: String) -> Bool {
    (try? run("sh", ["-c", "command -v \(tool)"]).status) == 0
}

/// Archives with anything in them, hostile entries included, written with libarchive
/// directly (the writer under test refuses such entries).
enum RawArchive {
    enum Entry {
        case file(String, Data)
        /// `count` zero bytes, written in chunks (a bomb without holding it in memory).
        case zeros(String, count: Int)
        case directory(String)
        case symlink(String, target: String)
        case hardlink(String, target: String)
        case characterDevice(String)
        case fifo(String)
    }

    static func write(_ entries: [Entry], format: ArchiveFormat, to url: URL) throws {
        let archive = archive_write_new()!
        defer { archive_write_free(archive) }
        switch format {
        case .zip:
            archive_write_set_format_zip(archive)
        case .tarGz:
            archive_write_set_format_pax_restricted(archive)
            archive_write_add_filter_gzip(archive)
        }
        guard archive_write_open_filename(archive, url.path) == ARCHIVE_OK else {
            throw ArchiveProblem(.writeFailed, LibArchive.error(archive))
        }
        for item in entries {
            let entry = archive_entry_new()!
            defer { archive_entry_free(entry) }
            var data = Data()
            var zeros = 0
            switch item {
            case .file(let path, let bytes):
                archive_entry_set_pathname(entry, path)
                archive_entry_set_filetype(entry, LibArchive.regular)
                archive_entry_set_size(entry, Int64(bytes.count))
                data = bytes
            case .zeros(let path, let count):
                archive_entry_set_pathname(entry, path)
                archive_entry_set_filetype(entry, LibArchive.regular)
                archive_entry_set_size(entry, Int64(count))
                zeros = count
            case .directory(let path):
                archive_entry_set_pathname(entry, path)
                archive_entry_set_filetype(entry, LibArchive.directory)
            case .symlink(let path, let target):
                archive_entry_set_pathname(entry, path)
                archive_entry_set_filetype(entry, LibArchive.symlink)
                archive_entry_set_symlink(entry, target)
            case .hardlink(let path, let target):
                archive_entry_set_pathname(entry, path)
                archive_entry_set_filetype(entry, LibArchive.regular)
                archive_entry_set_hardlink(entry, target)
            case .characterDevice(let path):
                archive_entry_set_pathname(entry, path)
                archive_entry_set_filetype(entry, LibArchive.characterDevice)
                archive_entry_set_rdevmajor(entry, 1)
                archive_entry_set_rdevminor(entry, 3)
            case .fifo(let path):
                archive_entry_set_pathname(entry, path)
                archive_entry_set_filetype(entry, LibArchive.fifo)
            }
            archive_entry_set_perm(entry, 0o644)
            guard archive_write_header(archive, entry) == ARCHIVE_OK else {
                throw ArchiveProblem(.writeFailed, LibArchive.error(archive))
            }
            if !data.isEmpty {
                _ = data.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) }
            }
            if zeros > 0 {
                let chunk = [UInt8](repeating: 0, count: 1 << 20)
                var left = zeros
                while left > 0 {
                    let count = min(left, chunk.count)
                    _ = chunk.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, count) }
                    left -= count
                }
            }
        }
        guard archive_write_close(archive) == ARCHIVE_OK else {
            throw ArchiveProblem(.writeFailed, LibArchive.error(archive))
        }
    }
}

/// A small site-like set of files, deliberately out of order, with a Polish name.
let sampleFiles: [(path: String, data: Data)] = [
    ("index.html", Data("<!doctype html><title>Start</title>\n".utf8)),
    ("courses/segregacja/01-pojemniki.html", Data("<p>Pojemniki &amp; worki</p>\n".utf8)),
    ("assets/css/site.css", Data("body { margin: 0 }\n".utf8)),
    ("materiały/żółw.txt", Data("żółw\n".utf8)),
    ("assets/img/logo.png", Data([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])),
    ("empty.txt", Data()),
]
