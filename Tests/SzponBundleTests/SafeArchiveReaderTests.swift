import Foundation
import Testing
@testable import SzponBundle

/// Hostile archives, built with libarchive itself, must be refused by both `extract`
/// and `read`, naming the entry, with nothing written inside or outside the target.
@Suite struct SafeArchiveReaderTests {
    /// Writes `entries` as `format`, extracts into `sandbox/target`, and checks that the
    /// extraction throws `kind`, that the target is empty again, and that nothing else
    /// appeared in the sandbox (the archive sits beside the target, so `../evil.txt`
    /// would land there). Then the same through `read`.
    private func expectRefusal(
        _ entries: [RawArchive.Entry], format: ArchiveFormat, kind: ArchiveProblem.Kind, entry: String? = nil,
        limits: SafeArchiveReader.Limits = .standard,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let sandbox = try TemporaryFolder()
        let archive = sandbox.file("hostile.\(format.fileExtension)")
        try RawArchive.write(entries, format: format, to: archive)
        let target = try sandbox.folder("target")

        let problem = #expect(throws: ArchiveProblem.self, sourceLocation: sourceLocation) {
            try SafeArchiveReader.extract(archive: archive, into: target, limits: limits)
        }
        #expect(problem?.kind == kind, "\(String(describing: problem))", sourceLocation: sourceLocation)
        if let entry {
            #expect(problem?.entry == entry, sourceLocation: sourceLocation)
            #expect(problem?.description.contains(ArchiveProblem.quoted(entry)) == true, sourceLocation: sourceLocation)
        }
        #expect(tree(target).isEmpty, "target left empty", sourceLocation: sourceLocation)
        #expect(tree(sandbox.url) == ["hostile.\(format.fileExtension)", "target"],
                "nothing written outside the target", sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: "/etc/evil"), sourceLocation: sourceLocation)

        let readProblem = #expect(throws: ArchiveProblem.self, sourceLocation: sourceLocation) {
            try SafeArchiveReader.read(archive: archive, limits: limits)
        }
        #expect(readProblem?.kind == kind, sourceLocation: sourceLocation)
    }

    @Test(arguments: ArchiveFormat.allCases)
    func refusesZipSlip(format: ArchiveFormat) throws {
        let good = RawArchive.Entry.file("ok.txt", Data("ok".utf8))
        try expectRefusal([good, .file("../evil.txt", Data("x".utf8))], format: format,
                          kind: .parentReference, entry: "../evil.txt")
        try expectRefusal([good, .file("a/../../evil.txt", Data("x".utf8))], format: format,
                          kind: .parentReference, entry: "a/../../evil.txt")
        try expectRefusal([good, .file("a/../b.txt", Data("x".utf8))], format: format,
                          kind: .parentReference, entry: "a/../b.txt")
        try expectRefusal([.directory("../up/")], format: format, kind: .parentReference)
    }

    @Test(arguments: ArchiveFormat.allCases)
    func refusesAbsolutePaths(format: ArchiveFormat) throws {
        try expectRefusal([.file("/etc/evil", Data("x".utf8))], format: format,
                          kind: .absolutePath, entry: "/etc/evil")
        try expectRefusal([.file("C:/evil.txt", Data("x".utf8))], format: format,
                          kind: .absolutePath, entry: "C:/evil.txt")
    }

    @Test func refusesBackslashTricks() throws {
        try expectRefusal([.file("..\\evil.txt", Data("x".utf8))], format: .tarGz,
                          kind: .backslash, entry: "..\\evil.txt")
        try expectRefusal([.file("a\\..\\..\\evil.txt", Data("x".utf8))], format: .tarGz, kind: .backslash)
        try expectRefusal([.file("ok\\name.txt", Data("x".utf8))], format: .tarGz, kind: .backslash)
        // libarchive's zip reader turns "\\" into "/" itself (zips made on Windows use
        // it), so there the trick arrives as a plain ".." and is refused as one.
        try expectRefusal([.file("..\\evil.txt", Data("x".utf8))], format: .zip,
                          kind: .parentReference, entry: "../evil.txt")
        try expectRefusal([.file("a\\..\\..\\evil.txt", Data("x".utf8))], format: .zip, kind: .parentReference)
    }

    @Test(arguments: ArchiveFormat.allCases)
    func refusesSymlinks(format: ArchiveFormat) throws {
        try expectRefusal([.symlink("link", target: "/etc/passwd")], format: format,
                          kind: .symlink, entry: "link")
        // The classic two-step: a link to outside, then a file written "through" it.
        try expectRefusal([.symlink("out", target: ".."), .file("out/evil.txt", Data("x".utf8))],
                          format: format, kind: .symlink, entry: "out")
    }

    @Test func refusesHardlinks() throws {
        try expectRefusal([.file("a.txt", Data("a".utf8)), .hardlink("b.txt", target: "/etc/passwd")],
                          format: .tarGz, kind: .hardlink, entry: "b.txt")
    }

    @Test func refusesDevicesAndFifos() throws {
        try expectRefusal([.characterDevice("null")], format: .tarGz, kind: .specialFile, entry: "null")
        try expectRefusal([.fifo("pipe")], format: .tarGz, kind: .specialFile, entry: "pipe")
    }

    @Test(arguments: ArchiveFormat.allCases)
    func refusesABombByItsSizeBeforeInflatingIt(format: ArchiveFormat) throws {
        try expectRefusal([.zeros("zeros.bin", count: 200 << 20)], format: format,
                          kind: .entryTooLarge, entry: "zeros.bin")
    }

    @Test(arguments: ArchiveFormat.allCases)
    func refusesABombByItsRatio(format: ArchiveFormat) throws {
        // Size caps out of the way: only the 100:1 ratio is left to stop it.
        let generous = SafeArchiveReader.Limits(maxEntryBytes: 1 << 40, maxTotalBytes: 1 << 40)
        try expectRefusal([.zeros("zeros.bin", count: 200 << 20)], format: format,
                          kind: .ratioExceeded, entry: "zeros.bin", limits: generous)
    }

    @Test(arguments: ArchiveFormat.allCases)
    func stopsInflatingAtTheRatioEvenWhenHeadersAreNotTrusted(format: ArchiveFormat) throws {
        let folder = try TemporaryFolder()
        let archive = folder.file("bomb.\(format.fileExtension)")
        try RawArchive.write([.zeros("zeros.bin", count: 200 << 20)], format: format, to: archive)
        let archiveSize = Int64(try Data(contentsOf: archive).count)
        let generous = SafeArchiveReader.Limits(maxEntryBytes: 1 << 40, maxTotalBytes: 1 << 40)

        var counter = CountingVisitor()
        let problem = #expect(throws: ArchiveProblem.self) {
            try SafeArchiveReader.scan(archive: archive, limits: generous, visitor: &counter, checkDeclaredSizes: false)
        }
        #expect(problem?.kind == .ratioExceeded)
        // Stopped within one 64 KiB read of the cap, far from the 200 MiB inside.
        #expect(counter.bytes <= archiveSize * 100)
        #expect(counter.bytes < 200 << 20 / 4)
    }

    @Test func refusesTooManyEntries() throws {
        let entries = (1...5).map { RawArchive.Entry.file("f\($0).txt", Data("x".utf8)) }
        try expectRefusal(entries, format: .zip, kind: .tooManyEntries,
                          limits: SafeArchiveReader.Limits(maxEntries: 4))
    }

    @Test func refusesTooMuchInAll() throws {
        let entries = (1...3).map { RawArchive.Entry.file("f\($0).txt", Data(repeating: 0x61, count: 1000)) }
        try expectRefusal(entries, format: .tarGz, kind: .totalTooLarge, entry: "f3.txt",
                          limits: SafeArchiveReader.Limits(maxEntryBytes: 1000, maxTotalBytes: 2500))
    }

    @Test func refusesDuplicatesAndFileFolderClashes() throws {
        try expectRefusal([.file("a.txt", Data("1".utf8)), .file("a.txt", Data("2".utf8))],
                          format: .tarGz, kind: .duplicateEntry, entry: "a.txt")
        try expectRefusal([.file("a", Data("1".utf8)), .file("a/b.txt", Data("2".utf8))],
                          format: .zip, kind: .pathConflict, entry: "a/b.txt")
        try expectRefusal([.file("a/b.txt", Data("1".utf8)), .file("a", Data("2".utf8))],
                          format: .zip, kind: .pathConflict, entry: "a")
    }

    @Test func removesEverythingWrittenBeforeTheBadEntry() throws {
        // Good files and folders first, the hostile one last.
        try expectRefusal([
            .directory("docs/"),
            .file("docs/a.txt", Data("a".utf8)),
            .file("deep/er/b.txt", Data("b".utf8)),
            .file("c.txt", Data("c".utf8)),
            .file("deep/../../evil.txt", Data("x".utf8)),
        ], format: .tarGz, kind: .parentReference)
    }

    @Test func removesATargetItCreated() throws {
        let sandbox = try TemporaryFolder()
        let archive = sandbox.file("hostile.zip")
        try RawArchive.write([.file("ok.txt", Data("ok".utf8)), .symlink("l", target: "/")], format: .zip, to: archive)
        let target = sandbox.file("new/target")
        #expect(throws: ArchiveProblem.self) {
            try SafeArchiveReader.extract(archive: archive, into: target)
        }
        #expect(!FileManager.default.fileExists(atPath: target.path))
    }

    @Test func neverWritesThroughALinkAlreadyInTheTarget() throws {
        let sandbox = try TemporaryFolder()
        let outside = try sandbox.folder("outside")
        let target = try sandbox.folder("target")
        try FileManager.default.createSymbolicLink(at: target.appendingPathComponent("docs"), withDestinationURL: outside)
        try FileManager.default.createSymbolicLink(at: target.appendingPathComponent("file.txt"),
                                                   withDestinationURL: outside.appendingPathComponent("victim.txt"))
        for path in ["docs/a.txt", "file.txt"] {
            let archive = sandbox.file("innocent.zip")
            try ArchiveWriter.write(files: [(path, Data("x".utf8))], format: .zip, to: archive)
            let problem = #expect(throws: ArchiveProblem.self) {
                try SafeArchiveReader.extract(archive: archive, into: target)
            }
            #expect(problem?.kind == .writeFailed)
            #expect(tree(outside).isEmpty)
            #expect(tree(target) == ["docs", "file.txt"], "the existing links stay, nothing added")
        }
    }

    @Test func neverOverwritesAnExistingFile() throws {
        let sandbox = try TemporaryFolder()
        let target = try sandbox.folder("target")
        try Data("mine".utf8).write(to: target.appendingPathComponent("a.txt"))
        let archive = sandbox.file("a.tar.gz")
        try ArchiveWriter.write(files: [("b.txt", Data("b".utf8)), ("a.txt", Data("theirs".utf8))], format: .tarGz, to: archive)
        #expect(throws: ArchiveProblem.self) {
            try SafeArchiveReader.extract(archive: archive, into: target)
        }
        #expect(try String(contentsOf: target.appendingPathComponent("a.txt"), encoding: .utf8) == "mine")
        #expect(tree(target) == ["a.txt"], "b.txt, written first, was removed again")
    }

    @Test func extractsAGoodArchive() throws {
        let sandbox = try TemporaryFolder()
        let archive = sandbox.file("site.tar.gz")
        try ArchiveWriter.write(files: sampleFiles, format: .tarGz, to: archive)
        let target = sandbox.file("target")
        let written = try SafeArchiveReader.extract(archive: archive, into: target)
        #expect(written == sampleFiles.map(\.path).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        for file in sampleFiles {
            #expect(try Data(contentsOf: target.appendingPathComponent(file.path)) == file.data)
        }
    }

    @Test func acceptsHarmlessVariationsFromStockTools() throws {
        // GNU tar writes "./" prefixes and folder entries; both are fine.
        let sandbox = try TemporaryFolder()
        let source = try sandbox.folder("source")
        try FileManager.default.createDirectory(at: source.appendingPathComponent("wyniki"), withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: source.appendingPathComponent("wyniki/żółw.json"))
        let archive = sandbox.file("results.tar.gz")
        #expect(try run("tar", ["-czf", archive.path, "-C", source.path, "."]).status == 0)
        let files = try SafeArchiveReader.read(archive: archive)
        #expect(files.map(\.path) == ["wyniki/żółw.json"])
        #expect(files.first?.data == Data("{}".utf8))
    }

    @Test func refusesWhatIsNotAnArchive() throws {
        let sandbox = try TemporaryFolder()
        let file = sandbox.file("notes.zip")
        try Data("just some text, not a zip".utf8).write(to: file)
        let problem = #expect(throws: ArchiveProblem.self) {
            try SafeArchiveReader.read(archive: file)
        }
        #expect(problem?.kind == .unreadable)
        let missing = #expect(throws: ArchiveProblem.self) {
            try SafeArchiveReader.read(archive: sandbox.file("missing.zip"))
        }
        #expect(missing?.kind == .unreadable)
    }

    @Test func problemsReadAsOneLineNamingTheEntry() {
        let problem = ArchiveProblem(.parentReference, entry: "../evil\n.txt", "the path leaves the target folder")
        #expect(problem.description == #"entry "../evil\u{a}.txt" refused: the path leaves the target folder"#)
    }
}

/// Counts the bytes handed over, to see where a scan stopped.
struct CountingVisitor: ArchiveVisitor {
    var bytes: Int64 = 0
    mutating func begin(_ entry: ScannedEntry) throws {}
    mutating func write(_ chunk: UnsafeRawBufferPointer) throws { bytes += Int64(chunk.count) }
    mutating func end() throws {}
}
