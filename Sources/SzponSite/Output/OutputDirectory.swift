import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a build into a fresh folder beside the target and swaps it in whole, so a
/// failed or interrupted build leaves the previous site untouched.
public final class OutputDirectory: @unchecked Sendable {
    public let target: String
    public let staging: String
    /// Folders already created, so writing thousands of pages does not mkdir each time.
    private var folders: Set<String> = []
    private let foldersLock = NSLock()

    public init(target: String) throws {
        let url = URL(fileURLWithPath: target).standardizedFileURL
        self.target = url.path
        let parent = url.deletingLastPathComponent().path
        self.staging = "\(parent)/.\(url.lastPathComponent).szpon-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            try? FileManager.default.removeItem(atPath: staging)
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            throw OutputError.cannotWrite(parent, (error as NSError).localizedDescription)
        }
    }

    func ensureFolder(of path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if foldersLock.withLock({ folders.contains(folder) }) { return }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        foldersLock.withLock { _ = folders.insert(folder) }
    }

    /// Writes one file into the staging folder; safe to call from several threads.
    /// Plain POSIX writes: Foundation's `Data.write` fsyncs every file, which a staging
    /// folder that is renamed into place as a whole does not need.
    public func write(_ relative: String, _ bytes: some Collection<UInt8>) throws {
        let path = "\(staging)/\(relative)"
        try ensureFolder(of: path)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw OutputError.cannotWrite(path, String(cString: strerror(errno))) }
        defer { close(fd) }
        // A native string's UTF-8 is written from where it lies, without a copy.
        if try bytes.withContiguousStorageIfAvailable({ try Self.writeAll(fd, $0, path: path) }) == nil {
            try Array(bytes).withUnsafeBufferPointer { try Self.writeAll(fd, $0, path: path) }
        }
    }

    private static func writeAll(_ fd: Int32, _ buffer: UnsafeBufferPointer<UInt8>, path: String) throws {
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            guard written > 0 else { throw OutputError.cannotWrite(path, String(cString: strerror(errno))) }
            offset += written
        }
    }

    public func write(_ relative: String, _ text: String) throws {
        try write(relative, text.utf8)
    }

    /// Puts a file from elsewhere (the previous site) into the staging folder as a hard
    /// link: the build cache's way to reuse a page without writing it again.
    func link(from source: String, to relative: String) throws {
        let path = "\(staging)/\(relative)"
        try ensureFolder(of: path)
        guard Glibc.link(source, path) == 0 else { throw OutputError.cannotWrite(path, String(cString: strerror(errno))) }
    }

    public func copy(from source: String, to relative: String) throws {
        let path = "\(staging)/\(relative)"
        try ensureFolder(of: path)
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: source, toPath: path)
    }

    /// Puts the staged site in place of the target. The old site is moved aside first and
    /// removed only once the new one is in place (`removeOld` when `keepingOld`, so the
    /// build can do other work meanwhile).
    public func commit(keepingOld: Bool = false) throws {
        let fm = FileManager.default
        // A tracked placeholder (site/.gitkeep) survives rebuilds.
        if fm.fileExists(atPath: "\(target)/.gitkeep") {
            fm.createFile(atPath: "\(staging)/.gitkeep", contents: Data())
        }
        let old = staging + ".old"
        try? fm.removeItem(atPath: old)
        if fm.fileExists(atPath: target) {
            try fm.moveItem(atPath: target, toPath: old)
        }
        do {
            try fm.moveItem(atPath: staging, toPath: target)
        } catch {
            try? fm.moveItem(atPath: old, toPath: target)
            throw error
        }
        if !keepingOld { removeOld() }
    }

    public func removeOld() {
        try? FileManager.default.removeItem(atPath: staging + ".old")
    }

    public func discard() {
        try? FileManager.default.removeItem(atPath: staging)
    }
}

enum OutputError: Error, CustomStringConvertible {
    case cannotWrite(String, String)

    var description: String {
        switch self {
        case let .cannotWrite(path, why): return "cannot write \(path): \(why)"
        }
    }
}
