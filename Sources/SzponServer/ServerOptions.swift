import Foundation

/// Everything `szpon serve` needs, gathered from the command line.
public struct ServerOptions: Sendable {
    public var site: String
    public var database: String
    public var host: String
    public var port: Int
    /// The server manifest of the built site (`.szpon/server.json`: the site, its CORS origins, the answer keys).
    public var manifest: String
    /// Origins allowed to send records across origins; "null" is a page opened from file://.
    /// nil: those named in the manifest (`ingest_origins`).
    public var origins: [String]?
    /// Request body limit of the sync API, in bytes.
    public var maxBody: Int = 1 << 20
    /// Records per sync request.
    public var maxBatch: Int = 500
    /// Sync requests per second per client, with a burst of twice as many.
    public var rateLimit: Double = 20
    /// Seconds a connection may stay silent, between requests or within one, before it is closed.
    public var idleTimeout: Double = 30
    /// Seconds a whole request may take to arrive: a body trickled in a byte at a time
    /// keeps resetting the idle timer, but not this one.
    public var requestDeadline: Double = 60
    /// Connections served at once; more wait in the kernel's accept queue.
    public var maxConnections: Int = 1024
    /// Proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed.
    public var trustedProxies: [String] = []
    /// The theme folder whose `templates/staff/` and `i18n/` render the staff pages (the
    /// report, the admin sign-in); nil for szpon's default theme, found as `szpon build` finds it.
    public var theme: String?
    /// Admin page sign-in needs a TOTP second factor (`szpon admin totp`); the API stays token-only.
    public var requireTOTP = false

    public init(site: String, database: String, host: String, port: Int, manifest: String, origins: [String]? = nil) {
        self.site = site
        self.database = database
        self.host = host
        self.port = port
        self.manifest = manifest
        self.origins = origins
    }
}
