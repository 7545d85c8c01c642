import Foundation
import SzponStore

/// What the server takes from the build's answer keys file besides the keys: the
/// site's CORS origins (`ingest_origins`), language and title.
public struct SiteSettings: Sendable {
    public var origins: [String] = []
    public var language = "pl"
    public var title = ""

    public init() {}

    public init(keysFile path: String) {
        guard let data = FileManager.default.contents(atPath: path), let document = try? JSONValue.parse(data) else { return }
        origins = document["origins"]?.array?.compactMap(\.string) ?? []
        language = document["language"]?.string ?? "pl"
        title = document["title"]?.string ?? ""
    }
}
