import Crypto
import Foundation
import SzponWire

/// `manifest.json` at the root of every bundle: what the bundle is, and the size and
/// SHA-256 of every other file in it, so that `BundleVerifier` (or anyone with
/// `sha256sum`) can tell a complete, untouched bundle from a damaged one.
///
/// ```json
/// {
///   "bundle" : "segregacja-odpadow",
///   "contentHash" : "…",
///   "files" : [ { "path" : "index.html", "sha256" : "…", "size" : 5120 } ],
///   "format" : "szpon-bundle",
///   "site" : "akademia-urzedu-miasta-przykladowo",
///   "szponVersion" : "0.5.0",
///   "version" : 1
/// }
/// ```
///
/// `ingestURL` is there when the site has one. `created` is there only when
/// `SOURCE_DATE_EPOCH` is set: a bundle carries no wall-clock time, so that the same
/// site gives the same bytes.
public struct BundleManifest: Codable, Equatable, Sendable {
    /// The manifest's own path in the bundle; it is never listed in `files`.
    public static let fileName = "manifest.json"
    public static let formatName = "szpon-bundle"
    public static let currentVersion = 1

    public struct File: Codable, Equatable, Sendable {
        /// Relative, `/`-separated.
        public var path: String
        /// In bytes.
        public var size: Int
        /// Lowercase hex.
        public var sha256: String

        public init(path: String, size: Int, sha256: String) {
            self.path = path
            self.size = size
            self.sha256 = sha256
        }
    }

    public var format: String
    public var version: Int
    /// The bundle id (the storage namespace in the browser, see docs/learning.md).
    public var bundle: String
    /// The site id from `site.yaml`.
    public var site: String
    /// SHA-256 over the list of files: see `contentHash(of:)`.
    public var contentHash: String
    public var szponVersion: String
    public var ingestURL: String?
    /// ISO 8601, from `SOURCE_DATE_EPOCH`; nil without it.
    public var created: String?
    /// Sorted by path (UTF-8 byte order).
    public var files: [File]

    public init(
        bundle: String, site: String, contentHash: String, szponVersion: String,
        ingestURL: String?, created: String?, files: [File]
    ) {
        self.format = Self.formatName
        self.version = Self.currentVersion
        self.bundle = bundle
        self.site = site
        self.contentHash = contentHash
        self.szponVersion = szponVersion
        self.ingestURL = ingestURL
        self.created = created
        self.files = files
    }

    /// The manifest for `files`, which may include a previous `manifest.json` (it is
    /// skipped). Paths must be in the form `ArchiveWriter` accepts; throws an
    /// `ArchiveProblem` otherwise, or for a path given twice.
    public static func make(
        files: [(path: String, data: Data)],
        bundle: String,
        site: String,
        ingestURL: String?,
        szponVersion: String,
        created: String? = SourceDate.environmentEpoch().map(SourceDate.iso8601)
    ) throws -> BundleManifest {
        let content = try ArchiveWriter.sortedForWriting(files.filter { $0.path != fileName })
        let listed = content.map { file in
            File(path: file.path, size: file.data.count, sha256: ContentHash.hex(SHA256.hash(data: file.data)))
        }
        return BundleManifest(
            bundle: bundle, site: site, contentHash: contentHash(of: listed),
            szponVersion: szponVersion, ingestURL: ingestURL, created: created, files: listed)
    }

    /// SHA-256, in hex, of one line `<sha256>  <path>\n` per file in path order (UTF-8
    /// byte order): exactly what `sha256sum` prints for the files, so
    /// `cd bundle && find . -type f ! -name manifest.json | sed 's|^\./||' | LC_ALL=C sort
    /// | xargs -d '\n' sha256sum | sha256sum` gives the same hash.
    public static func contentHash(of files: [File]) -> String {
        var hasher = SHA256()
        for file in files.sorted(by: { ArchivePath.precedes($0.path, $1.path) }) {
            hasher.update(data: Data("\(file.sha256)  \(file.path)\n".utf8))
        }
        return ContentHash.hex(hasher.finalize())
    }

    /// Pretty-printed JSON with sorted keys and a final newline.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0a)
        return data
    }

    public static func decode(_ data: Data) throws -> BundleManifest {
        try JSONDecoder().decode(BundleManifest.self, from: data)
    }

}
