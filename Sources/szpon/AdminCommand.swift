import ArgumentParser
import Foundation
import SzponServer
import SzponStore

/// `szpon admin token|tokens|revoke|totp`: admin tokens for the report pages and API. Only
/// a token's SHA-256 is stored, so the results file does not hold a usable credential; the
/// CLI names a token by the first 12 hex characters of that hash (its short id).
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Administer the results server.",
        subcommands: [AdminTokenCommand.self, AdminTokensCommand.self, AdminRevokeCommand.self, AdminTOTPCommand.self]
    )
}

struct AdminTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create an admin token and print it once; the store keeps only its hash."
    )

    @Option(help: ArgumentHelp(StoreOption.help))
    var db: String = "results.sqlite"

    @Option(help: "A note on who or what the token is for.")
    var label: String = ""

    func run() async throws {
        let token = "szp_" + AdminToken.randomBase64URL(bytes: 32)
        let store = try await StoreOption.open(db)
        let hash = AdminToken.hash(token)
        try await store.addAdminToken(hash: hash, label: label)
        Terminal.print(token)
        Terminal.error("Keep this token: it is shown only once. Send it as 'Authorization: Bearer <token>', or sign in at /admin. "
            + "Its id is \(hash.prefix(AdminToken.shortIDLength)) (szpon admin tokens, szpon admin revoke, szpon admin totp).")
    }
}

struct AdminTokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "List the admin tokens: short id, creation time, second factor, label."
    )

    @Option(help: ArgumentHelp(StoreOption.help))
    var db: String = "results.sqlite"

    func run() async throws {
        let store = try await StoreOption.open(db, existing: true)
        let tokens = try await store.adminTokens()
        guard !tokens.isEmpty else {
            Terminal.error("no admin tokens in \(StoreOption.name(db)); create one with: szpon admin token --db \(StoreOption.name(db))")
            return
        }
        Terminal.print("ID            CREATED (UTC)         TOTP      LABEL")
        for token in tokens {
            let totp = token.totp ? "yes (\(token.recoveryCodesLeft))" : "no"
            Terminal.print(token.shortID.padding(toLength: 14, withPad: " ", startingAt: 0)
                + AdminStoreAccess.time(token.createdAt).padding(toLength: 22, withPad: " ", startingAt: 0)
                + totp.padding(toLength: 10, withPad: " ", startingAt: 0)
                + token.label)
        }
    }
}

struct AdminRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke an admin token: its API access and its signed-in sessions end at once."
    )

    @Argument(help: "The token's short id (from szpon admin tokens), or the token itself.")
    var id: String

    @Option(help: ArgumentHelp(StoreOption.help))
    var db: String = "results.sqlite"

    func run() async throws {
        let store = try await StoreOption.open(db, existing: true)
        let token = try await AdminStoreAccess.find(id, in: store, db: db)
        guard try await store.removeAdminToken(hash: token.hash) else {
            Terminal.error("error: token \(token.shortID) was removed meanwhile")
            throw ExitCode(1)
        }
        Terminal.print("revoked \(token.shortID)\(token.label.isEmpty ? "" : " (\(token.label))"): its sessions are ended and its API access refused")
    }
}

struct AdminTOTPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "totp",
        abstract: "Give a token a second factor for /admin sign-in: prints an otpauth:// address and 10 recovery codes, once.",
        discussion: """
            Add the otpauth:// address to an authenticator app (paste it, or make it a QR code). From then on \
            signing in at /admin with this token also asks for the app's 6-digit code; each recovery code \
            signs in once instead. Running it again replaces the secret and the codes, and ends the token's \
            sessions. The API (Authorization: Bearer) stays token-only.
            """
    )

    @Argument(help: "The token's short id (from szpon admin tokens), or the token itself.")
    var id: String

    @Option(help: ArgumentHelp(StoreOption.help))
    var db: String = "results.sqlite"

    func run() async throws {
        let store = try await StoreOption.open(db, existing: true)
        let token = try await AdminStoreAccess.find(id, in: store, db: db)
        let enrolment = AdminTOTP.enrolment(account: token.label.isEmpty ? token.shortID : token.label)
        guard try await store.enrolAdminTOTP(tokenHash: token.hash, secret: enrolment.secret,
                                             recoveryCodeHashes: enrolment.recoveryCodes.map(AdminTOTP.recoveryCodeHash),
                                             now: Date()) else {
            Terminal.error("error: token \(token.shortID) was removed meanwhile")
            throw ExitCode(1)
        }
        Terminal.print(enrolment.uri)
        Terminal.print("")
        Terminal.print("Recovery codes (each signs in once):")
        for code in enrolment.recoveryCodes { Terminal.print(code) }
        Terminal.error("Add the otpauth:// address to an authenticator app and keep the recovery codes somewhere safe: "
            + "both are shown only once. Signing in at /admin with token \(token.shortID) now asks for a code"
            + (token.totp ? "; the previous secret and recovery codes no longer work" : "")
            + "; its open sessions were ended.")
    }
}

/// What the token commands share: finding a token.
enum AdminStoreAccess {
    /// The token named by `id`: the token itself, or the start of its hash (at least the
    /// 12-character short id). Exits 1 with a message when none, or more than one, matches.
    static func find(_ id: String, in store: any ResultStore, db: String) async throws -> AdminTokenInfo {
        let tokens = try await store.adminTokens()
        let given = id.trimmingCharacters(in: .whitespaces)
        if let token = tokens.first(where: { $0.hash == AdminToken.hash(given) }) { return token }
        let prefix = given.lowercased()
        let isHex = !prefix.isEmpty && prefix.allSatisfy { $0.isHexDigit }
        guard isHex, prefix.count >= AdminToken.shortIDLength, prefix.count <= 64 else {
            Terminal.error("error: no admin token with id '\(given)' in \(StoreOption.name(db)): give the \(AdminToken.shortIDLength)-character id "
                + "from szpon admin tokens, or the token itself")
            throw ExitCode(1)
        }
        let matches = tokens.filter { $0.hash.hasPrefix(prefix) }
        guard matches.count == 1 else {
            Terminal.error(matches.isEmpty
                ? "error: no admin token with id \(prefix) in \(StoreOption.name(db)) (see szpon admin tokens --db \(StoreOption.name(db)))"
                : "error: \(matches.count) admin tokens start with \(prefix); give more of the id")
            throw ExitCode(1)
        }
        return matches[0]
    }

    static func time(_ date: Date) -> String {
        Date.ISO8601FormatStyle().format(date)
    }
}
