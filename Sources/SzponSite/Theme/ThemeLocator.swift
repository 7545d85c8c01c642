import Foundation

/// Where `szpon` finds its default theme when `--theme` names none, so that an installed
/// binary builds a site from any folder:
///
/// 1. `themes/default` in the current folder (a checkout of the repository);
/// 2. `<prefix>/share/szpon/themes/default`, beside `<prefix>/bin/szpon` (`make install`);
/// 3. `themes/default` in a folder above the binary (a binary built in the repository,
///    run through a link on `PATH`).
public enum ThemeLocator {
    /// The folders tried for the default theme, in order.
    public static func defaultCandidates(executable: String? = executablePath(),
                                         currentDirectory: String = FileManager.default.currentDirectoryPath) -> [String] {
        var candidates = ["themes/default"]
        if let executable {
            var url = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
            candidates.append(url.deletingLastPathComponent().appendingPathComponent("share/szpon/themes/default").path)
            for _ in 0..<5 {
                candidates.append(url.appendingPathComponent("themes/default").path)
                url.deleteLastPathComponent()
            }
        }
        return candidates
    }

    /// The theme folder: as given, else the first default candidate that holds templates,
    /// else the installed location (so that the error names where the theme belongs).
    public static func path(given: String?) -> String {
        if let given { return given }
        let candidates = defaultCandidates()
        for candidate in candidates where FileManager.default.fileExists(atPath: "\(candidate)/templates") {
            return candidate
        }
        return candidates.count > 1 ? candidates[1] : candidates[0]
    }

    /// The running binary's real path: `/proc/self/exe` on Linux, else the first argument
    /// looked up on `PATH` (a bare `szpon` typed in a shell names no folder).
    public static func executablePath() -> String? {
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return target }
        if let path = Bundle.main.executablePath { return path }
        let first = CommandLine.arguments.first ?? ""
        if first.contains("/") { return first }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(folder)/\(first)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
