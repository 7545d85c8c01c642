import Foundation
import Hummingbird
import Logging
import SzponStore

/// `szpon serve`: the static site, the sync API and the admin pages in one process.
public enum SzponServer {
    /// Builds the application; `run` serves it until SIGINT or SIGTERM.
    static func application(_ options: ServerOptions, store: any ResultStore, settings: SiteSettings, labels: ReportLabels,
                            watcher: SiteWatcher? = nil,
                            onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router(context: ServerContext.self)
        router.add(middleware: PathGuard())
        router.add(middleware: OriginPolicy(allowed: Set(options.origins ?? settings.origins)))
        router.add(middleware: APIErrors())
        router.add(middleware: FileMiddleware(
            options.site,
            cacheControl: CacheControl([
                // Pages and the site's data scripts change with each build: revalidate (ETag).
                (MediaType(type: .text, subType: "html"), [.noCache]),
                (MediaType(type: .application, subType: "javascript"), [.noCache]),
                (MediaType(type: .text, subType: "javascript"), [.noCache]),
                (MediaType(type: .any), [.public, .maxAge(3600)]),
            ]),
            searchForIndexHtml: true
        ))
        let sync = SyncController(store: store, options: options, limiter: RateLimiter(rate: options.rateLimit))
        router.post("/api/v1/sync") { request, context in try await sync.sync(request, context: context) }
        router.on("/api/v1/sync", method: .options) { _, _ in Response(status: .noContent) }
        router.get("/api/v1/health") { _, _ in JSONResponse.make(.ok, ["status": "ok"]) }
        let admin = AdminController(store: store, labels: labels, settings: settings)
        router.get("/api/v1/admin/report") { request, context in try await admin.reportAPI(request, context: context) }
        router.get("/admin") { request, context in try await admin.page(request, context: context) }
        router.post("/admin/login") { request, context in try await admin.signIn(request, context: context) }
        if let watcher {
            let preview = LivePreview(watcher: watcher, site: options.site)
            router.get("/_szpon/status") { request, context in try await preview.status(request, context: context) }
            router.get("/") { request, context in try await preview.page(request, context: context) }
            router.get("**") { request, context in try await preview.page(request, context: context) }
        }
        var logger = Logger(label: "szpon")
        logger.logLevel = .warning
        return Application(
            router: router,
            // A connection that sends nothing, or stops halfway through a request, is closed;
            // without a limit each one held a file descriptor until the process ran out of
            // them and could accept no one.
            server: .http1(configuration: .init(idleTimeout: .milliseconds(Int64(options.idleTimeout * 1000)))),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "szpon"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? options.port) },
            logger: logger
        )
    }

    public static func run(_ options: ServerOptions, store: any ResultStore, settings: SiteSettings, labels: ReportLabels,
                           watcher: SiteWatcher? = nil,
                           onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = application(options, store: store, settings: settings, labels: labels, watcher: watcher, onRunning: onRunning)
        guard let watcher else { return try await app.runService() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await watcher.run() }
            group.addTask { try await app.runService() }
            // The server ends on a signal; the watcher then goes with it.
            try await group.next()
            group.cancelAll()
        }
    }
}
