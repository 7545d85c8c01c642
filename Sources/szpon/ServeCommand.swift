import ArgumentParser
import Foundation
import SzponServer
import SzponSite
import SzponStore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the built site and take in results: the sync API, the admin pages, the results store (SQLite or PostgreSQL)."
    )

    @Option(help: "The built site to serve.")
    var site: String = "site"

    @Option(help: ArgumentHelp(StoreOption.help + " Created if missing; several servers may share one PostgreSQL database."))
    var db: String = "results.sqlite"

    @Option(help: "The port to listen on (0: any free port).")
    var port: Int = 8080

    @Option(help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @Option(name: [.customLong("manifest"), .customLong("keys")],
            help: "The site's server manifest, written by szpon build (default: .szpon/server.json beside the site folder).")
    var manifest: String?

    @Option(help: "Sync requests per second allowed per client.")
    var rateLimit: Double = 20

    @Option(help: .hidden)
    var idleTimeout: Double = 30

    @Option(help: "Seconds a request with a body may take to arrive whole; a slower one is cut off.")
    var requestDeadline: Double = 60

    @Option(help: "Connections served at once; more wait to be accepted.")
    var maxConnections: Int = 1024

    @Option(help: "The address of a reverse proxy (TLS) whose X-Forwarded-For and X-Forwarded-Proto are believed; repeatable.")
    var trustedProxy: [String] = []

    /// How often the server looks whether the roster or the site changed (tests shorten it).
    @Option(help: .hidden)
    var enrollmentInterval: Double = 30

    @Flag(help: "Admin page sign-in needs a TOTP code (szpon admin totp); tokens without one cannot sign in to /admin.")
    var requireTotp = false

    @Flag(help: "Authors' preview: build from --content, rebuild on every change, reload open pages, show content errors in the page.")
    var watch = false

    @Option(help: "With --watch: the content folder.")
    var content: String = "content"

    @Option(help: "The theme folder: built with --watch, and its templates/staff/ and i18n/ render the report and sign-in pages (default: szpon's default theme).")
    var theme: String?

    func validate() throws {
        // The limiter divides by the rate to tell a refused client when to come back:
        // 0 made that infinite, and the server trapped on the second request.
        guard rateLimit.isFinite, rateLimit > 0 else {
            throw ValidationError("--rate-limit must be a number of requests per second above 0")
        }
        guard idleTimeout.isFinite, idleTimeout > 0, idleTimeout <= 86_400 else {
            throw ValidationError("--idle-timeout must be a number of seconds above 0, at most a day")
        }
        guard requestDeadline.isFinite, requestDeadline > 0, requestDeadline <= 86_400 else {
            throw ValidationError("--request-deadline must be a number of seconds above 0, at most a day")
        }
        guard maxConnections > 0 else {
            throw ValidationError("--max-connections must be at least 1")
        }
    }

    func run() async throws {
        var watcher: SiteWatcher?
        if watch {
            let build = SiteBuilder.Options(content: content, theme: Terminal.themePath(theme), output: site, manifest: manifest)
            watcher = SiteWatcher(options: build) { message in Terminal.error(message) }
            do { _ = try SiteBuilder.build(build) } catch {
                Terminal.error("\(error)")
            }
        }
        guard FileManager.default.fileExists(atPath: site + "/index.html") else {
            Terminal.error("error: \(site)/index.html not found; run `szpon build` first (or pass --site DIR)")
            throw ExitCode(1)
        }
        // Without --manifest, an answer keys file an older szpon left beside the site is read
        // until the next build writes the manifest.
        let manifestPath = manifest ?? ServerManifest.defaultPath(besideSite: site)
        let live: LiveManifest
        do {
            live = try LiveManifest(path: manifestPath, legacyFallback: manifest == nil) { message in Terminal.error(message) }
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(1)
        }
        let book = live.current
        if book.site == nil {
            Terminal.error("warning: no server manifest at \(manifestPath) (run szpon build): attempts are stored but not rescored, and records of any site are accepted")
        } else if live.file != manifestPath {
            Terminal.error("warning: reading the answer keys file of an older szpon, \(live.file); the next szpon build writes \(manifestPath) in its place")
        }
        var options = ServerOptions(site: site, database: db, host: host, port: port, manifest: manifestPath)
        options.rateLimit = rateLimit
        options.idleTimeout = idleTimeout
        options.requestDeadline = requestDeadline
        options.maxConnections = maxConnections
        options.trustedProxies = trustedProxy
        options.requireTOTP = requireTotp
        options.theme = theme
        let location = try StoreOption.location(db)
        let store: any ResultStore
        do {
            store = try await openStore(location, acceptedSites: book.site.map { [$0] }, scorer: live.scorer)
        } catch {
            Terminal.error("error: cannot open the results store \(location): \(error)")
            throw ExitCode(1)
        }
        let settings = SiteSettings(manifest: book.manifest)
        let host = self.host
        let site = self.site
        let db = location.description
        try await SzponServer.run(options, store: store, settings: settings, labels: ReportLabels(book: book, language: settings.language),
                                  watcher: watcher, enrollment: EnrollmentRefresh(store: store, manifest: { live.manifest }),
                                  enrollmentInterval: max(0.05, enrollmentInterval)) { port in
            Terminal.print("serving \(site)/ at http://\(host):\(port)/ (results in \(db); Ctrl-C to stop)")
        }
    }
}
