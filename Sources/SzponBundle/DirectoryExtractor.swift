import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

private func posixWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(descriptor, bytes, count)
    #else
    return Darwin.write(descriptor, bytes, count)
    #endif
}

/// Writes checked entries under one folder without ever leaving it, for
/// `SafeArchiveReader.extract`.
///
/// Every path is walked from an open descriptor of the root, one component at a time,
/// with `O_NOFOLLOW | O_DIRECTORY`: a symbolic link already in the tree (or slipped in
/// while extracting) stops the walk instead of leading elsewhere. Files are created with
/// `O_CREAT | O_EXCL | O_NOFOLLOW`, so nothing existing is overwritten or followed.
/// Everything created is remembered, so that `rollBack` can remove it again.
struct DirectoryExtractor: ArchiveVisitor {
    private let rootPath: String
    private let rootDescriptor: Int32
    private let createdRoot: Bool
    /// Folders and files this extraction created, in order; rolled back in reverse.
    private var created: [(components: [String], isDirectory: Bool)] = []
    private var written: [String] = []
    private var current: (descriptor: Int32, path: String)?

    init(root: URL) throws {
        rootPath = root.path
        var info = stat()
        if lstat(rootPath, &info) != 0 {
            do {
                try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            } catch {
                throw ArchiveProblem(.writeFailed, "cannot create the folder \(rootPath): \(error)")
            }
            createdRoot = true
        } else {
            createdRoot = false
        }
        rootDescriptor = open(rootPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if rootDescriptor < 0 {
            let reason = String(cString: strerror(errno))
            if createdRoot { rmdir(rootPath) }
            throw ArchiveProblem(.writeFailed, "cannot open the folder \(rootPath): \(reason)")
        }
    }

    mutating func begin(_ entry: ScannedEntry) throws {
        let components = entry.path.split(separator: "/").map(String.init)
        let folders = entry.isDirectory ? components : Array(components.dropLast())
        let parent = try openFolder(folders, entry: entry.path, create: true)
        guard !entry.isDirectory else {
            close(parent)
            return
        }
        let name = components[components.count - 1]
        let descriptor = openat(parent, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        let failure = errno
        close(parent)
        guard descriptor >= 0 else {
            let reason = failure == EEXIST
                ? "something named so exists already in \(rootPath), and is not overwritten"
                : String(cString: strerror(failure))
            throw ArchiveProblem(.writeFailed, entry: entry.path, reason)
        }
        created.append((components, false))
        current = (descriptor, entry.path)
    }

    mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let current else { return }
        var offset = 0
        while offset < bytes.count {
            let count = posixWrite(current.descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                throw ArchiveProblem(.writeFailed, entry: current.path, String(cString: strerror(errno)))
            }
            offset += count
        }
    }

    mutating func end() throws {
        guard let file = current else { return }
        current = nil
        if close(file.descriptor) != 0 {
            throw ArchiveProblem(.writeFailed, entry: file.path, String(cString: strerror(errno)))
        }
        written.append(file.path)
    }

    /// Closes the root and returns the files written, sorted.
    func finish() -> [String] {
        close(rootDescriptor)
        return written.sorted(by: ArchivePath.precedes)
    }

    /// Removes everything this extraction created, deepest first, and the root itself if
    /// this extraction created it. Best effort: it never follows a link either.
    mutating func rollBack() {
        if let file = current {
            close(file.descriptor)
            current = nil
        }
        for item in created.reversed() {
            guard let parent = try? openFolder(Array(item.components.dropLast()), entry: "", create: false) else {
                continue
            }
            unlinkat(parent, item.components[item.components.count - 1], item.isDirectory ? AT_REMOVEDIR : 0)
            close(parent)
        }
        created.removeAll()
        close(rootDescriptor)
        if createdRoot { rmdir(rootPath) }
    }

    /// An open descriptor of the folder `components` below the root, creating missing
    /// folders when `create` is set. Refuses to pass through anything but a real folder.
    private mutating func openFolder(_ components: [String], entry: String, create: Bool) throws -> Int32 {
        var descriptor = dup(rootDescriptor)
        guard descriptor >= 0 else {
            throw ArchiveProblem(.writeFailed, entry: entry, String(cString: strerror(errno)))
        }
        for (index, name) in components.enumerated() {
            if create {
                if mkdirat(descriptor, name, 0o755) == 0 {
                    created.append((Array(components[...index]), true))
                } else if errno != EEXIST {
                    let reason = String(cString: strerror(errno))
                    close(descriptor)
                    throw ArchiveProblem(.writeFailed, entry: entry,
                        "cannot create the folder \"\(components[...index].joined(separator: "/"))\": \(reason)")
                }
            }
            let next = openat(descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let failure = errno
            close(descriptor)
            guard next >= 0 else {
                let reason = failure == ELOOP || failure == ENOTDIR
                    ? "is a symbolic link or a file, not a folder; nothing is written through it"
                    : String(cString: strerror(failure))
                throw ArchiveProblem(.writeFailed, entry: entry,
                    "\"\(components[...index].joined(separator: "/"))\" \(reason)")
            }
            descriptor = next
        }
        return descriptor
    }
}
