import ArgumentParser
import SzponStore

/// The server manifest for the commands that read it (`szpon report`, `szpon import
/// results`): `--manifest FILE` (or its old name `--keys`), else `.szpon/server.json` in
/// the current folder, or the answer keys file an older szpon left there until the next
/// build. A missing file is the empty manifest; one that cannot be read stops the command.
enum ManifestFile {
    static let defaultPath = "\(ServerManifest.folder)/\(ServerManifest.fileName)"

    static func load(_ given: String?) throws -> ServerManifest {
        do { return try ServerManifest.load(path: given ?? ServerManifest.locate(defaultPath)) } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(1)
        }
    }
}
