import ArgumentParser
import Foundation
import SzponBundle
import SzponSite
import SzponStore

/// `szpon import results`: the "download my results" files learners bring back on
/// USB, loaded with the same rules as the sync API, so importing twice changes nothing.
struct ImportResultsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "results",
        abstract: "Load results files (\"Pobierz moje wyniki\") into the results store.",
        discussion: """
        Each record is stored once by its id: a file imported twice, or a record that
        was also synced, changes nothing. A record with the same id but other content
        is kept as a conflict for an admin; an invalid one is reported and skipped.
        """
    )

    @Argument(help: "Results files (szpon-results JSON), or zip / tar.gz archives of them.")
    var files: [String]

    @Option(help: ArgumentHelp(StoreOption.help + " Created if missing."))
    var db: String = "results.sqlite"

    @Option(name: [.customLong("manifest"), .customLong("keys")],
            help: "The site's server manifest, for rescoring attempts (default: .szpon/server.json).")
    var manifest: String?

    func run() async throws {
        // A missing manifest is an empty one; a broken one is an error, as for `szpon serve`:
        // ignoring it took records of any site and left every attempt unscored, with exit status 0.
        let book = AnswerKeyBook(manifest: try ManifestFile.load(manifest))
        let store = try await StoreOption.open(db, acceptedSites: book.site.map { [$0] }, scorer: book.scorer)
        var failed = false
        var totals: [IngestStatus: Int] = [:]
        for file in files {
            let records: [JSONValue]
            do {
                records = try ResultsFile.records(at: file)
            } catch {
                Terminal.error("\(file): error: \(error)")
                failed = true
                continue
            }
            let results = try await store.ingest(records, source: .file)
            for (record, result) in zip(records, results) {
                totals[result.status, default: 0] += 1
                if result.status == .rejected || result.status == .conflict {
                    let id = result.id ?? record["id"]?.string ?? "?"
                    Terminal.error("\(file): \(result.status == .rejected ? "error" : "warning"): record \(id) \(result.status.rawValue)\(result.reason.map { ": \($0)" } ?? "")")
                }
            }
        }
        let summary = [IngestStatus.stored, .duplicate, .conflict, .rejected].map { "\(totals[$0, default: 0]) \($0.rawValue)" }
        Terminal.print("imported \(files.count) file\(files.count == 1 ? "" : "s"): " + summary.joined(separator: ", "))
        if failed || totals[.rejected, default: 0] > 0 { throw ExitCode(1) }
    }
}

/// Reads a "download my results" file (docs/learning.md, "The results file").
enum ResultsFile {
    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    static let archiveSuffixes = [".zip", ".tar.gz", ".tgz"]

    /// The records of a results file, or of every `.json` results file in a zip or
    /// tar.gz (read in memory through the safe reader: no path, link or bomb gets out).
    static func records(at path: String) throws -> [JSONValue] {
        if archiveSuffixes.contains(where: { path.lowercased().hasSuffix($0) }) {
            let entries: [(path: String, data: Data)]
            do { entries = try SafeArchiveReader.read(archive: URL(fileURLWithPath: path)) } catch {
                throw Problem(description: "\(error)")
            }
            let files = entries.filter { $0.path.lowercased().hasSuffix(".json") }
            guard !files.isEmpty else { throw Problem(description: "the archive holds no .json results file") }
            return try files.flatMap { entry in
                do { return try records(in: entry.data) } catch let problem as Problem {
                    throw Problem(description: "\(entry.path): \(problem.description)")
                }
            }
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw Problem(description: "cannot read the file") }
        return try records(in: data)
    }

    static func records(in data: Data) throws -> [JSONValue] {
        let value: JSONValue
        do { value = try JSONValue.parse(data) } catch { throw Problem(description: "not a JSON file") }
        guard value["format"]?.string == "szpon-results" else {
            throw Problem(description: "not a szpon results file (its \"format\" is not \"szpon-results\")")
        }
        guard let version = value["version"]?.number, version == 1 else {
            throw Problem(description: "results file version \(value["version"]?.number.map(versionText) ?? "?") is not supported; this szpon reads version 1")
        }
        guard let records = value["records"]?.array else { throw Problem(description: "the file has no \"records\" list") }
        return records
    }

    /// The version as written: the file is foreign input, so 1e300 or 2.5 must be named,
    /// not converted to an Int (which traps out of range and would call 2.5 "2").
    static func versionText(_ version: Double) -> String {
        version.rounded() == version && abs(version) < 1e15 ? String(Int(version)) : String(version)
    }
}
