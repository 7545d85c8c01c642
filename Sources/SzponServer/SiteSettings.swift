import Foundation
import SzponStore

/// What the server takes from the site's manifest besides the keys: its CORS origins
/// (`ingest_origins`), language and title.
public struct SiteSettings: Sendable {
    public var origins: [String] = []
    public var language = "pl"
    public var title = ""

    public init() {}

    public init(manifest: ServerManifest) {
        origins = manifest.ingestOrigins
        language = manifest.language
        title = manifest.title
    }
}
