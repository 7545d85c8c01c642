import Foundation

// Reading and writing the manifest: the one place every command goes through.

extension ServerManifest {
    /// Why a manifest could not be read. The description is the whole message:
    /// `cannot read the server manifest PATH: reason`.
    public struct LoadError: Error, CustomStringConvertible, Equatable, Sendable {
        public var path: String
        public var reason: String
        /// For a manifest from a newer szpon: the schema version it has, which a szpon
        /// able to read it must know.
        public var neededVersion: Int?

        public init(path: String, reason: String, neededVersion: Int? = nil) {
            self.path = path
            self.reason = reason
            self.neededVersion = neededVersion
        }

        public var description: String { "cannot read the server manifest \(path): \(reason)" }
    }

    /// `.szpon/server.json` in the folder that holds the site folder `output`: beside the
    /// published site, never inside it.
    public static func defaultPath(besideSite output: String) -> String {
        let parent = (URL(fileURLWithPath: output).standardizedFileURL.path as NSString).deletingLastPathComponent
        return ((parent as NSString).appendingPathComponent(folder) as NSString).appendingPathComponent(fileName)
    }

    /// Where szpon before the manifest kept the answer keys: `answer-keys.json` in the
    /// manifest's folder.
    public static func legacyKeysPath(besideManifest path: String) -> String {
        ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(legacyKeysFileName)
    }

    /// The file to read for the manifest at `path`: `path` itself, unless it does not exist
    /// and an answer keys file from an older szpon does beside it (a site not rebuilt since
    /// the upgrade). Only for default paths: a path the user named is read as named.
    public static func locate(_ path: String) -> String {
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: path) { return path }
        let legacy = legacyKeysPath(besideManifest: path)
        return fileManager.fileExists(atPath: legacy) ? legacy : path
    }

    /// Reads a manifest, or an answer keys file from szpon before the manifest (converted).
    /// A missing file is the empty manifest, not an error: a server may start before the
    /// first build, and its attempts are then stored unscored for an admin to rescore. A
    /// file that cannot be read, is not JSON, is neither a manifest nor an answer keys
    /// file, has a newer version than this szpon reads, or has a part of the wrong shape
    /// throws `LoadError`.
    public static func load(path: String) throws(LoadError) -> ServerManifest {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return .empty }
        if isFolder.boolValue { throw LoadError(path: path, reason: "it is a folder, not a file") }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw LoadError(path: path, reason: (error as NSError).localizedDescription)
        }
        return try decode(data, path: path)
    }

    /// The same, from the file's bytes; `path` names it in errors.
    public static func decode(_ data: Data, path: String) throws(LoadError) -> ServerManifest {
        // The linear parser first: it refuses deep nesting before Foundation's decoder sees
        // the text, and tells the format and version apart before the shape is trusted.
        let document: JSONValue
        do { document = try JSONValue.parse(data) } catch {
            throw LoadError(path: path, reason: "it is not valid JSON: \(error)")
        }
        guard document.object != nil else { throw LoadError(path: path, reason: "it is not a JSON object") }
        let format = document["format"]?.string
        let version = document["version"]
        switch format {
        case Self.format?:
            guard let number = version?.number, let found = Int(exactly: number), found >= 1 else {
                throw LoadError(path: path, reason: "its \"version\" is not a whole number from 1")
            }
            if found > currentVersion {
                throw LoadError(path: path, reason: "it has version \(found), written by a newer szpon; this szpon reads "
                                + "server manifests up to version \(currentVersion): update szpon to a release that reads version \(found)",
                                neededVersion: found)
            }
            do { return try JSONDecoder().decode(ServerManifest.self, from: data) } catch {
                throw LoadError(path: path, reason: Self.describe(error))
            }
        case legacyKeysFormat?:
            // Version 1 is the only one there was; a missing version is read as 1.
            if let version, version.number != 1 {
                throw LoadError(path: path, reason: "it is an answer keys file of version \(describe(version)); this szpon reads version 1")
            }
            do { return try JSONDecoder().decode(LegacyAnswerKeys.self, from: data).manifest } catch {
                throw LoadError(path: path, reason: Self.describe(error))
            }
        default:
            throw LoadError(path: path, reason: "it is not a server manifest (no \"format\": \"\(Self.format)\")")
        }
    }

    /// Sorted keys, indented, so that the same build gives the same bytes and a diff of
    /// two builds reads.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Writes the manifest to `path`, creating its folder, replacing any file there at once.
    public func write(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try encoded().write(to: url, options: .atomic)
    }

    /// A decoding error as a path into the file and what was wrong there.
    static func describe(_ error: Error) -> String {
        func at(_ path: [CodingKey]) -> String {
            let names = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return names.isEmpty ? "the top level" : String(names.drop { $0 == "." })
        }
        switch error as? DecodingError {
        case let .typeMismatch(type, context)?: return "\(at(context.codingPath)) is not a \(shortName(type))"
        case let .valueNotFound(type, context)?: return "\(at(context.codingPath)) is null, not a \(shortName(type))"
        case let .keyNotFound(key, context)?: return "\(at(context.codingPath + [key])) is missing"
        case let .dataCorrupted(context)?: return "\(at(context.codingPath)): \(context.debugDescription)"
        default: return "\(error)"
        }
    }

    private static func shortName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "string"
        case is Int.Type: return "whole number"
        case is Bool.Type: return "boolean"
        default: return String(describing: type).contains("Dictionary") ? "JSON object" : "value of the right shape"
        }
    }

    private static func describe(_ version: JSONValue) -> String {
        guard let number = version.number else { return String(decoding: version.canonical, as: UTF8.self) }
        return number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}

/// `.szpon/answer-keys.json` as szpon wrote it before the manifest (format
/// "szpon-answer-keys", version 1): the site, its origins, language and title, and the
/// quiz and survey versions, in the manifest's own shapes. Read only, to be converted.
private struct LegacyAnswerKeys: Decodable {
    var site: String?
    var origins: [String]?
    var language: String?
    var title: String?
    var quizzes: [String: ServerManifest.QuizKeys]?
    var surveys: [String: ServerManifest.SurveyVersions]?

    var manifest: ServerManifest {
        var quizzes = quizzes ?? [:]
        for (id, entry) in quizzes {
            // The passing score the current version applies, which the keys file only had there.
            quizzes[id]?.pass = entry.versions[entry.current]?["pass"]?.number.flatMap { Int(exactly: $0) }
        }
        return ServerManifest(site: site, language: language ?? "pl", title: title ?? "", ingestOrigins: origins ?? [],
                              quizzes: quizzes, surveys: surveys ?? [:])
    }
}
