import Foundation
import SzponContent

/// Where diagnostics and messages go.
enum Terminal {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func print(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Diagnostics go to stderr, like a compiler's, except for `szpon check`, whose report
    /// is its output (so `szpon check > raport.txt` keeps it).
    static func report(_ diagnostics: [Diagnostic], toStandardOutput: Bool = false) {
        for diagnostic in diagnostics {
            if toStandardOutput { print(diagnostic.description) } else { error(diagnostic.description) }
        }
    }

    static func summary(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        return "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }

    /// The theme folder: as given, or the default theme next to the repository the binary was built in.
    static func themePath(_ given: String?) -> String {
        if let given { return given }
        let local = "themes/default"
        if FileManager.default.fileExists(atPath: local) { return local }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = url.appendingPathComponent("themes/default").path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            url.deleteLastPathComponent()
        }
        return local
    }
}
