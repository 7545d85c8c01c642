import Foundation

/// Everything `szpon serve` needs, gathered from the command line.
public struct ServerOptions: Sendable {
    public var site: String
    public var database: String
    public var host: String
    public var port: Int
    /// The answer keys file of the built site (its server section names the site and its CORS origins).
    public var keys: String
    /// Origins allowed to send records across origins; "null" is a page opened from file://.
    /// nil: those named in the keys file.
    public var origins: [String]?
    /// Request body limit of the sync API, in bytes.
    public var maxBody: Int = 1 << 20
    /// Records per sync request.
    public var maxBatch: Int = 500
    /// Sync requests per second per client, with a burst of twice as many.
    public var rateLimit: Double = 20
    /// Seconds a connection may stay silent, between requests or within one, before it is closed.
    public var idleTimeout: Double = 30

    public init(site: String, database: String, host: String, port: Int, keys: String, origins: [String]? = nil) {
        self.site = site
        self.database = database
        self.host = host
        self.port = port
        self.keys = keys
        self.origins = origins
    }
}
