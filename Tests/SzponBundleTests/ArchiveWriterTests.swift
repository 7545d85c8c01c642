import Foundation
import Testing
@testable import SzponBundle

@Suite struct ArchiveWriterTests {
    @Test func zipListsAndExtractsWithUnzip() throws {
        try #require(toolExists("unzip"), "install unzip (apt-get install unzip)")
        let folder = try TemporaryFolder()
        let archive = folder.file("site.zip")
        try ArchiveWriter.write(files: sampleFiles, format: .zip, to: archive)

        let listing = try run("unzip", ["-Z1", archive.path])
        #expect(listing.status == 0)
        let names = listing.output.split(separator: "\n").map(String.init)
        #expect(names == sampleFiles.map(\.path).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })

        // Mode 0644 in every entry's external attributes, made on Unix.
        let details = try run("zipinfo", [archive.path])
        let entryLines = details.output.split(separator: "\n").filter { $0.hasPrefix("-") }
        #expect(entryLines.count == sampleFiles.count)
        #expect(entryLines.allSatisfy { $0.hasPrefix("-rw-r--r--") })

        let out = try folder.folder("out")
        #expect(try run("unzip", ["-o", "-q", archive.path, "-d", out.path]).status == 0)
        for file in sampleFiles {
            #expect(try Data(contentsOf: out.appendingPathComponent(file.path)) == file.data, "\(file.path)")
        }
    }

    @Test func tarGzListsAndExtractsWithTar() throws {
        let folder = try TemporaryFolder()
        let archive = folder.file("site.tar.gz")
        try ArchiveWriter.write(files: sampleFiles, format: .tarGz, to: archive, modificationTime: 1_700_000_000)

        let listing = try run("tar", ["-tzf", archive.path])
        #expect(listing.status == 0)
        #expect(listing.output.split(separator: "\n").map(String.init)
            == sampleFiles.map(\.path).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })

        let verbose = try run("tar", ["--numeric-owner", "--full-time", "-tvzf", archive.path])
        let lines = verbose.output.split(separator: "\n")
        #expect(lines.count == sampleFiles.count)
        for line in lines {
            #expect(line.hasPrefix("-rw-r--r-- 0/0"), "\(line)")
            #expect(line.contains("2023-11-14 22:13:20"), "\(line)")
        }

        let out = try folder.folder("out")
        #expect(try run("tar", ["-xzf", archive.path, "-C", out.path]).status == 0)
        for file in sampleFiles {
            #expect(try Data(contentsOf: out.appendingPathComponent(file.path)) == file.data, "\(file.path)")
        }
    }

    @Test func tarGzDefaultsToTheFixedDate() throws {
        let folder = try TemporaryFolder()
        let archive = folder.file("site.tar.gz")
        try ArchiveWriter.write(files: sampleFiles, format: .tarGz, to: archive,
                                modificationTime: SourceDate.archiveTime([:]))
        let verbose = try run("tar", ["--full-time", "-tvzf", archive.path])
        #expect(verbose.output.contains("2000-01-01 00:00:00"))
    }

    @Test(arguments: ArchiveFormat.allCases)
    func sameFilesGiveByteIdenticalArchives(format: ArchiveFormat) throws {
        let folder = try TemporaryFolder()
        let first = folder.file("first.\(format.fileExtension)")
        let second = folder.file("second.\(format.fileExtension)")
        let third = folder.file("third.\(format.fileExtension)")
        try ArchiveWriter.write(files: sampleFiles, format: format, to: first)
        // A second later, so that a timestamp from the clock would show.
        Thread.sleep(forTimeInterval: 1.1)
        try ArchiveWriter.write(files: sampleFiles, format: format, to: second)
        try ArchiveWriter.write(files: sampleFiles.reversed(), format: format, to: third)

        let bytes = try Data(contentsOf: first)
        #expect(bytes == (try Data(contentsOf: second)))
        #expect(bytes == (try Data(contentsOf: third)))
    }

    @Test func gzipHeaderHasNoTimestampAndNoName() throws {
        let folder = try TemporaryFolder()
        let archive = folder.file("site.tar.gz")
        try ArchiveWriter.write(files: sampleFiles, format: .tarGz, to: archive)
        let header = [UInt8](try Data(contentsOf: archive).prefix(10))
        #expect(header[0] == 0x1f && header[1] == 0x8b)
        #expect(header[3] == 0, "no FNAME, FCOMMENT or FEXTRA flags")
        #expect(header[4..<8].allSatisfy { $0 == 0 }, "MTIME is zero")
    }

    @Test func zipDoesNotDependOnTheTimeZone() throws {
        // libarchive computes the DOS date with localtime(); entries without an mtime get
        // the zip epoch whatever TZ is, so the archive is the same everywhere.
        try #require(toolExists("unzip"))
        let folder = try TemporaryFolder()
        let archive = folder.file("site.zip")
        try ArchiveWriter.write(files: sampleFiles, format: .zip, to: archive)
        let listing = try run("zipinfo", ["-T", archive.path])
        let lines = listing.output.split(separator: "\n").filter { $0.hasPrefix("-") }
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.contains("19800101.000000") }, "\(listing.output)")
    }

    @Test func tarGzIsTheSameWithSourceDateEpoch() throws {
        #expect(SourceDate.environmentEpoch(["SOURCE_DATE_EPOCH": "1700000000"]) == 1_700_000_000)
        #expect(SourceDate.environmentEpoch(["SOURCE_DATE_EPOCH": "soon"]) == nil)
        #expect(SourceDate.environmentEpoch(["SOURCE_DATE_EPOCH": "-5"]) == nil)
        #expect(SourceDate.archiveTime([:]) == 946_684_800)
        #expect(SourceDate.iso8601(946_684_800) == "2000-01-01T00:00:00Z")
    }

    @Test(arguments: ArchiveFormat.allCases)
    func roundTripsThroughTheSafeReader(format: ArchiveFormat) throws {
        let folder = try TemporaryFolder()
        let archive = folder.file("site.\(format.fileExtension)")
        try ArchiveWriter.write(files: sampleFiles, format: format, to: archive)
        let read = try SafeArchiveReader.read(archive: archive)
        let expected = sampleFiles.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        #expect(read.map(\.path) == expected.map(\.path))
        #expect(read.map(\.data) == expected.map(\.data))
    }

    @Test func largeAndIncompressibleFilesRoundTrip() throws {
        let folder = try TemporaryFolder()
        var generator = SystemRandomNumberGenerator()
        let noise = Data((0..<300_000).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let files = [(path: "video/clip.mp4", data: noise), (path: "big.txt", data: Data(repeating: 0x41, count: 200_000))]
        for format in ArchiveFormat.allCases {
            let archive = folder.file("big.\(format.fileExtension)")
            try ArchiveWriter.write(files: files, format: format, to: archive)
            let read = try SafeArchiveReader.read(archive: archive)
            #expect(read.first { $0.path == "video/clip.mp4" }?.data == noise)
            #expect(read.first { $0.path == "big.txt" }?.data.count == 200_000)
        }
    }

    @Test(arguments: [
        ("../evil.txt", ArchiveProblem.Kind.parentReference),
        ("/etc/evil", .absolutePath),
        ("a\\b.txt", .backslash),
        ("", .invalidPath),
        ("a//b.txt", .invalidPath),
        ("./a.txt", .invalidPath),
        ("folder/", .invalidPath),
        ("line\nbreak.txt", .invalidPath),
    ])
    func refusesPathsThatAreNotPlainAndRelative(path: String, kind: ArchiveProblem.Kind) throws {
        let folder = try TemporaryFolder()
        let archive = folder.file("bad.zip")
        let problem = #expect(throws: ArchiveProblem.self) {
            try ArchiveWriter.write(files: [(path, Data("x".utf8))], format: .zip, to: archive)
        }
        #expect(problem?.kind == kind)
        #expect(tree(folder.url).isEmpty, "no archive and no leftover temporary file")
    }

    @Test func refusesDuplicatesAndFilesThatAreFolders() throws {
        let folder = try TemporaryFolder()
        let archive = folder.file("bad.tar.gz")
        let duplicate = #expect(throws: ArchiveProblem.self) {
            try ArchiveWriter.write(files: [("a.txt", Data()), ("a.txt", Data("x".utf8))], format: .tarGz, to: archive)
        }
        #expect(duplicate?.kind == .duplicateEntry)
        let conflict = #expect(throws: ArchiveProblem.self) {
            try ArchiveWriter.write(files: [("a", Data()), ("a/b.txt", Data())], format: .tarGz, to: archive)
        }
        #expect(conflict?.kind == .pathConflict)
    }

    @Test func replacesAnExistingArchiveWhole() throws {
        let folder = try TemporaryFolder()
        let archive = folder.file("site.zip")
        try Data("old".utf8).write(to: archive)
        try ArchiveWriter.write(files: sampleFiles, format: .zip, to: archive)
        #expect(try SafeArchiveReader.read(archive: archive).count == sampleFiles.count)
        #expect(tree(folder.url) == ["site.zip"])
    }
}
