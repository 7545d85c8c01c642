import Foundation

/// Writes a build into a fresh folder beside the target and swaps it in whole, so a
/// failed or interrupted build leaves the previous site untouched.
public struct OutputDirectory: Sendable {
    public let target: String
    public let staging: String

    public init(target: String) throws {
        let url = URL(fileURLWithPath: target).standardizedFileURL
        self.target = url.path
        let parent = url.deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        self.staging = "\(parent)/.\(url.lastPathComponent).szpon-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.removeItem(atPath: staging)
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
    }

    /// Writes one file into the staging folder; safe to call from several threads.
    public func write(_ relative: String, _ data: Data) throws {
        let path = "\(staging)/\(relative)"
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path))
    }

    public func write(_ relative: String, _ text: String) throws {
        try write(relative, Data(text.utf8))
    }

    public func copy(from source: String, to relative: String) throws {
        let path = "\(staging)/\(relative)"
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: source, toPath: path)
    }

    /// Puts the staged site in place of the target. The old site is moved aside first and
    /// removed only once the new one is in place.
    public func commit() throws {
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
        try? fm.removeItem(atPath: old)
    }

    public func discard() {
        try? FileManager.default.removeItem(atPath: staging)
    }
}
