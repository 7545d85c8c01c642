import Crypto
import Foundation
import SzponWire

/// What `BundleVerifier` found: the files the manifest lists that are not in the
/// archive, the files in the archive it does not list, and the files whose size or
/// SHA-256 differ. Paths are sorted.
public struct VerificationReport: Equatable, Sendable, CustomStringConvertible {
    public var manifest: BundleManifest
    public var missing: [String]
    public var extra: [String]
    public var altered: [String]
    /// Whether the manifest's `contentHash` matches its own file list (a manifest edited
    /// by hand, or cut short, fails here).
    public var contentHashMatches: Bool

    /// Nothing missing, extra or altered, and the content hash agrees.
    public var isIntact: Bool {
        missing.isEmpty && extra.isEmpty && altered.isEmpty && contentHashMatches
    }

    /// One line per problem (`missing: path`, `extra: path`, `altered: path`,
    /// `manifest: …`), or one line saying the bundle is intact.
    public var description: String {
        if isIntact {
            return "bundle \(manifest.bundle): all \(manifest.files.count) files match manifest.json"
        }
        var lines = missing.map { "missing: \($0)" }
        lines += extra.map { "extra: \($0)" }
        lines += altered.map { "altered: \($0)" }
        if !contentHashMatches {
            lines.append("manifest: contentHash does not match the list of files")
        }
        return lines.joined(separator: "\n")
    }
}

/// Why a bundle could not be verified at all (as opposed to verified and found damaged).
public struct BundleVerificationError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: Sendable, Equatable {
        case noManifest
        case unreadableManifest
        case unsupportedManifest
    }

    public let kind: Kind
    public let description: String
}

/// Checks a bundle archive against its `manifest.json`.
public enum BundleVerifier {
    /// Reads the archive through `SafeArchiveReader` (so a hostile archive is refused
    /// with an `ArchiveProblem`), hashing each file as it streams by, and compares with
    /// the manifest. Throws a `BundleVerificationError` when there is no usable manifest.
    public static func verify(
        archive url: URL, limits: SafeArchiveReader.Limits = .bundle
    ) throws -> VerificationReport {
        var hasher = HashingVisitor()
        try SafeArchiveReader.scan(archive: url, limits: limits, visitor: &hasher)

        guard let manifestData = hasher.manifest else {
            throw BundleVerificationError(kind: .noManifest,
                description: "\(url.lastPathComponent) has no \(BundleManifest.fileName) at its root: it is not a szpon bundle, or it was repacked without it")
        }
        let manifest: BundleManifest
        do {
            manifest = try BundleManifest.decode(manifestData)
        } catch {
            throw BundleVerificationError(kind: .unreadableManifest,
                description: "\(BundleManifest.fileName) in \(url.lastPathComponent) is not a bundle manifest: \(error)")
        }
        guard manifest.format == BundleManifest.formatName, manifest.version == BundleManifest.currentVersion else {
            throw BundleVerificationError(kind: .unsupportedManifest,
                description: "\(BundleManifest.fileName) in \(url.lastPathComponent) is \(manifest.format) version \(manifest.version); this szpon reads \(BundleManifest.formatName) version \(BundleManifest.currentVersion)")
        }

        var listed: [String: BundleManifest.File] = [:]
        for file in manifest.files { listed[file.path] = file }
        var missing: [String] = []
        var altered: [String] = []
        for (path, expected) in listed {
            guard let actual = hasher.files[path] else {
                missing.append(path)
                continue
            }
            if actual.size != expected.size || actual.sha256 != expected.sha256.lowercased() {
                altered.append(path)
            }
        }
        let extra = hasher.files.keys.filter { listed[$0] == nil }
        return VerificationReport(
            manifest: manifest,
            missing: missing.sorted(by: ArchivePath.precedes),
            extra: extra.sorted(by: ArchivePath.precedes),
            altered: altered.sorted(by: ArchivePath.precedes),
            contentHashMatches: BundleManifest.contentHash(of: manifest.files) == manifest.contentHash)
    }
}

/// Size and SHA-256 of every file, and the manifest's bytes, for `BundleVerifier`.
struct HashingVisitor: ArchiveVisitor {
    var files: [String: (size: Int, sha256: String)] = [:]
    var manifest: Data?
    private var current: (path: String, hasher: SHA256, size: Int)?
    private var manifestBytes: Data?

    mutating func begin(_ entry: ScannedEntry) throws {
        guard !entry.isDirectory else { return }
        current = (entry.path, SHA256(), 0)
        if entry.path == BundleManifest.fileName { manifestBytes = Data() }
    }

    mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        current?.hasher.update(bufferPointer: bytes)
        current?.size += bytes.count
        manifestBytes?.append(contentsOf: bytes)
    }

    mutating func end() throws {
        guard let file = current else { return }
        current = nil
        if file.path == BundleManifest.fileName {
            manifest = manifestBytes
            manifestBytes = nil
        } else {
            files[file.path] = (file.size, ContentHash.hex(file.hasher.finalize()))
        }
    }
}
