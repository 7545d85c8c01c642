import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import SzponStore

/// `szpon serve`: the static site, the sync API and the admin pages in one process.
///
/// The application is a router plus middleware. Each feature is a controller that adds
/// its own routes (`addRoutes`); API routes go through `APIRoutes`, so the API's error
/// answers know every registered path and method. Requests pass `RequestGate` before
/// routing (path normalisation, security headers, the whole-request deadline).
public enum SzponServer {
    /// Builds the application; `run` serves it until SIGINT or SIGTERM.
    static func application(_ options: ServerOptions, store: any ResultStore, settings: SiteSettings, labels: ReportLabels,
                            watcher: SiteWatcher? = nil,
                            onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router(context: ServerContext.self)
        // Router middleware applies to the routes added after it, and to the not-found
        // chain that serves the static files.
        router.add(middleware: SiteFiles(root: options.site))

        let routes = APIRoutes()
        let api = router.group("api")
            .add(middleware: OriginPolicy(allowed: Set(options.origins ?? settings.origins)))
            .add(middleware: APIErrors(routes: routes))
        SyncController(store: store, options: options, limiter: RateLimiter(rate: options.rateLimit))
            .addRoutes(to: api, routes: routes)
        routes.on(api, "v1/health", method: .get) { _, _ in JSONResponse.make(.ok, ["status": "ok"]) }
        // One count of failed admin tries per client, whether at the API or the panel's sign-in.
        let attempts = AdminAttemptLimiter()
        AdminController(store: store, labels: labels, settings: settings, theme: options.theme, limiter: attempts)
            .addRoutes(to: router, api: api, routes: routes)
        PanelController(store: store, labels: labels, settings: settings, requireTOTP: options.requireTOTP,
                        theme: options.theme, limiter: attempts)
            .addRoutes(to: router)
        routes.finish(api)

        if let watcher {
            LivePreview(watcher: watcher, site: options.site, language: settings.language).addRoutes(to: router)
        }
        var logger = Logger(label: "szpon")
        logger.logLevel = .warning
        let gate = RequestGate(inner: router.buildResponder(), deadline: options.requestDeadline,
                               clientAddress: ClientAddress(trustedProxies: Set(options.trustedProxies)), api: routes, site: options.site)
        return Application(
            responder: gate,
            // A connection that sends nothing, or stops halfway through a request, is closed;
            // without a limit each one held a file descriptor until the process ran out of
            // them and could accept no one.
            server: .http1(configuration: .init(idleTimeout: .milliseconds(Int64(options.idleTimeout * 1000)))),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "szpon",
                                 availableConnectionsDelegate: MaximumAvailableConnections(options.maxConnections)),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? options.port) },
            logger: logger
        )
    }

    /// `enrollment` keeps assignments in step with the roster and the site while the
    /// server runs: at start, then every `enrollmentInterval` seconds.
    public static func run(_ options: ServerOptions, store: any ResultStore, settings: SiteSettings, labels: ReportLabels,
                           watcher: SiteWatcher? = nil, enrollment: EnrollmentRefresh? = nil, enrollmentInterval: Double = 30,
                           onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = application(options, store: store, settings: settings, labels: labels, watcher: watcher, onRunning: onRunning)
        try await withThrowingTaskGroup(of: Void.self) { group in
            if let watcher { group.addTask { await watcher.run() } }
            if let enrollment {
                group.addTask {
                    while !Task.isCancelled {
                        do {
                            try await enrollment.refresh()
                        } catch {
                            FileHandle.standardError.write(Data("warning: enrollment was not recomputed: \(error)\n".utf8))
                        }
                        try? await Task.sleep(for: .seconds(enrollmentInterval))
                    }
                }
            }
            group.addTask { try await app.runService() }
            // The server ends on a signal; the watcher then goes with it.
            try await group.next()
            group.cancelAll()
        }
    }
}
