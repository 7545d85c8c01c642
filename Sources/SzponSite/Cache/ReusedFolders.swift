import Foundation
import SzponContent
#if canImport(Glibc)
import Glibc
#endif

/// Folders of the previous site whose every page is reused (a course nobody touched):
/// moved whole into the staging folder just before it is swapped in, instead of hard-
/// linking each page and removing each old one after (two system calls per page, most of
/// a rebuild of a large site). Moved back if the build fails before the swap.
final class ReusedFolders: @unchecked Sendable {
    /// Output folder (`courses/x`) → its pages, by index.
    private(set) var folders: [String: [Int]] = [:]
    /// The stamp of every page in those folders.
    private(set) var stamps: [Int: FileStamp] = [:]
    private var moved: [String] = []
    private let target: String

    /// A folder qualifies when all its pages are reusable, no content file is copied into
    /// it, and the previous site holds there exactly those pages (nothing edited, added or
    /// left over), so moving it gives what a clean build writes.
    init(_ site: AssembledSite, disk: BuildCache) {
        target = disk.target
        var byFolder: [String: [Int]] = [:]
        for (index, page) in site.pages.enumerated() {
            byFolder[(page.output as NSString).deletingLastPathComponent, default: []].append(index)
        }
        let candidates = byFolder.filter { folder, _ in
            !folder.isEmpty && !site.content.assets.contains(where: { $0.hasPrefix(folder + "/") })
        }.sorted { $0.key < $1.key }
        let target = target
        let checked = Parallel.map(candidates.count) { index -> [Int: FileStamp]? in
            let (folder, indices) = candidates[index]
            var found: [Int: FileStamp] = [:]
            for index in indices {
                guard let stamp = disk.reusableStamp(for: site.pages[index], site: site) else { return nil }
                found[index] = stamp
            }
            guard let names = Self.regularFiles(in: "\(target)/\(folder)"),
                  names == Set(indices.map { (site.pages[$0].output as NSString).lastPathComponent }),
                  indices.allSatisfy({ FileStamp(path: "\(target)/\(site.pages[$0].output)") == found[$0] }) else { return nil }
            return found
        }
        for ((folder, indices), found) in zip(candidates, checked) {
            guard let found else { continue }
            folders[folder] = indices
            stamps.merge(found) { $1 }
        }
    }

    /// The names in a folder, or nil if it cannot be read or holds anything but regular files.
    static func regularFiles(in path: String) -> Set<String>? {
        guard let folder = opendir(path) else { return nil }
        defer { closedir(folder) }
        var names: Set<String> = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name == "." || name == ".." { continue }
            guard entry.pointee.d_type == UInt8(DT_REG) else { return nil }
            names.insert(name)
        }
        return names
    }

    /// Moves the folders into the staging folder; one that cannot be moved is hard-linked
    /// file by file instead.
    func move(into output: OutputDirectory, site: AssembledSite) throws {
        for (folder, indices) in folders.sorted(by: { $0.key < $1.key }) {
            let staged = "\(output.staging)/\(folder)"
            try output.ensureFolder(of: staged)
            if rename("\(target)/\(folder)", staged) == 0 {
                moved.append(folder)
                continue
            }
            for index in indices {
                let relative = site.pages[index].output
                try output.link(from: "\(target)/\(relative)", to: relative)
                guard FileStamp(path: "\(output.staging)/\(relative)") == stamps[index] else {
                    throw OutputError.cannotWrite("\(target)/\(relative)", "it changed during the build; build again")
                }
            }
        }
    }

    /// Puts moved folders back into the previous site (the build failed before the swap).
    func moveBack(from output: OutputDirectory) {
        for folder in moved.reversed() {
            _ = rename("\(output.staging)/\(folder)", "\(target)/\(folder)")
        }
        moved = []
    }
}
