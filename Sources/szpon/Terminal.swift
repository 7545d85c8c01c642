import Foundation
import SzponContent
import SzponSite

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

    /// The theme folder: as given, or the default theme (see `ThemeLocator`).
    static func themePath(_ given: String?) -> String {
        ThemeLocator.path(given: given)
    }
}
