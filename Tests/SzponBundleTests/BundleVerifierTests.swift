import Foundation
import Testing
@testable import SzponBundle

@Suite struct BundleVerifierTests {
    /// The sample files plus their manifest, as a bundle would be packed.
    private func bundleFiles(_ files: [(path: String, data: Data)] = sampleFiles) throws -> [(path: String, data: Data)] {
        let manifest = try BundleManifest.make(files: files, bundle: "segregacja", site: "akademia",
                                               ingestURL: nil, szponVersion: "0.5.0", created: nil)
        return files + [(BundleManifest.fileName, try manifest.encoded())]
    }

    @Test(arguments: ArchiveFormat.allCases)
    func anIntactBundleVerifies(format: ArchiveFormat) throws {
        let folder = try TemporaryFolder()
        let archive = folder.file("bundle.\(format.fileExtension)")
        try ArchiveWriter.write(files: try bundleFiles(), format: format, to: archive)
        let report = try BundleVerifier.verify(archive: archive)
        #expect(report.isIntact, "\(report)")
        #expect(report.manifest.bundle == "segregacja")
        #expect(report.description == "bundle segregacja: all \(sampleFiles.count) files match manifest.json")
    }

    @Test(arguments: ArchiveFormat.allCases)
    func reportsAMissingFile(format: ArchiveFormat) throws {
        let folder = try TemporaryFolder()
        let archive = folder.file("bundle.\(format.fileExtension)")
        let files = try bundleFiles().filter { $0.path != "assets/css/site.css" }
        try ArchiveWriter.write(files: files, format: format, to: archive)
        let report = try BundleVerifier.verify(archive: archive)
        #expect(!report.isIntact)
        #expect(report.missing == ["assets/css/site.css"])
        #expect(report.extra.isEmpty && report.altered.isEmpty)
        #expect(report.description == "missing: assets/css/site.css")
    }

    @Test(arguments: ArchiveFormat.allCases)
    func reportsAnExtraFile(format: ArchiveFormat) throws {
        let folder = try TemporaryFolder()
        let archive = folder.file("bundle.\(format.fileExtension)")
        let files = try bundleFiles() + [("courses/segregacja/extra.html", Data("<p>?</p>".utf8))]
        try ArchiveWriter.write(files: files, format: format, to: archive)
        let report = try BundleVerifier.verify(archive: archive)
        #expect(report.extra == ["courses/segregacja/extra.html"])
        #expect(report.missing.isEmpty && report.altered.isEmpty)
    }

    @Test(arguments: ArchiveFormat.allCases)
    func reportsOneFlippedByte(format: ArchiveFormat) throws {
        let folder = try TemporaryFolder()
        let good = folder.file("good.\(format.fileExtension)")
        try ArchiveWriter.write(files: try bundleFiles(), format: format, to: good)

        // Unpack, flip one bit of one byte in one file, pack again.
        var files = try SafeArchiveReader.read(archive: good)
        let index = try #require(files.firstIndex { $0.path == "courses/segregacja/01-pojemniki.html" })
        files[index].data[5] ^= 0x01
        let tampered = folder.file("tampered.\(format.fileExtension)")
        try ArchiveWriter.write(files: files, format: format, to: tampered)

        let report = try BundleVerifier.verify(archive: tampered)
        #expect(report.altered == ["courses/segregacja/01-pojemniki.html"])
        #expect(report.missing.isEmpty && report.extra.isEmpty)
        #expect(report.contentHashMatches, "the manifest itself is untouched")
        #expect(!report.isIntact)
    }

    @Test func reportsAManifestEditedByHand() throws {
        let folder = try TemporaryFolder()
        var manifest = try BundleManifest.make(files: sampleFiles, bundle: "b", site: "s", ingestURL: nil,
                                               szponVersion: "1", created: nil)
        // Drop a file from the list and the archive, but leave the contentHash as it was.
        let removed = manifest.files.removeLast()
        let files = sampleFiles.filter { $0.path != removed.path }
        let archive = folder.file("bundle.zip")
        try ArchiveWriter.write(files: files + [(BundleManifest.fileName, try manifest.encoded())], format: .zip, to: archive)
        let report = try BundleVerifier.verify(archive: archive)
        #expect(report.missing.isEmpty && report.extra.isEmpty && report.altered.isEmpty)
        #expect(!report.contentHashMatches)
        #expect(!report.isIntact)
        #expect(report.description.contains("manifest: contentHash does not match"))
    }

    @Test func refusesAnArchiveWithoutManifest() throws {
        let folder = try TemporaryFolder()
        let archive = folder.file("plain.zip")
        try ArchiveWriter.write(files: sampleFiles, format: .zip, to: archive)
        let error = #expect(throws: BundleVerificationError.self) {
            try BundleVerifier.verify(archive: archive)
        }
        #expect(error?.kind == .noManifest)
        #expect(error?.description.contains("no manifest.json") == true)
    }

    @Test func refusesAManifestThatIsNotOne() throws {
        let folder = try TemporaryFolder()
        let archive = folder.file("odd.zip")
        try ArchiveWriter.write(files: [(BundleManifest.fileName, Data("[1, 2]".utf8))], format: .zip, to: archive)
        let error = #expect(throws: BundleVerificationError.self) {
            try BundleVerifier.verify(archive: archive)
        }
        #expect(error?.kind == .unreadableManifest)
    }

    @Test func refusesAHostileBundle() throws {
        let folder = try TemporaryFolder()
        let archive = folder.file("hostile.tar.gz")
        try RawArchive.write([.file("../manifest.json", Data("{}".utf8))], format: .tarGz, to: archive)
        let problem = #expect(throws: ArchiveProblem.self) {
            try BundleVerifier.verify(archive: archive)
        }
        #expect(problem?.kind == .parentReference)
    }
}
