import ArgumentParser
import Foundation
import SzponStore

/// `szpon admin token`: a new token for the admin pages and API. Only its SHA-256 is
/// stored, so the results file does not hold a usable credential.
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Administer the results server.",
        subcommands: [AdminTokenCommand.self]
    )
}

struct AdminTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create an admin token and print it once; the results file keeps only its hash."
    )

    @Option(help: "The SQLite results file.")
    var db: String = "results.sqlite"

    @Option(help: "A note on who or what the token is for.")
    var label: String = ""

    func run() async throws {
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = UInt8.random(in: .min ... .max, using: &generator) }
        let token = "szp_" + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let store = try SQLiteResultStore(path: db)
        try await store.addAdminToken(hash: AdminToken.hash(token), label: label)
        Terminal.print(token)
        Terminal.error("Keep this token: it is shown only once. Send it as 'Authorization: Bearer <token>', or sign in at /admin.")
    }
}
