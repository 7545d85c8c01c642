import Foundation

/// The output folder is replaced whole, so it must never be a folder that holds the
/// author's work. A typo such as `--output content` or `--output .` must not cost anyone
/// their content, their theme or their repository.
enum OutputGuard {
    /// Why the folder may not be used as output, or nil when it is safe.
    static func refusal(output: String, content: String, theme: String) -> String? {
        let out = canonical(output)
        let protected = [("the content folder", canonical(content)), ("the theme folder", canonical(theme)),
                         ("the current folder", canonical(FileManager.default.currentDirectoryPath))]
        for (name, path) in protected {
            if out == path || isInside(path, out) {
                return "refusing to replace \(output): it \(out == path ? "is" : "contains") \(name)"
            }
        }
        if isInside(out, canonical(content)) {
            return "refusing to write the site into the content folder (\(output)): it would be copied into the next build"
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory) else { return nil }
        guard isDirectory.boolValue else { return "refusing to replace \(output): it is a file, not a folder" }
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []).filter { $0 != ".gitkeep" }
        // Only an empty folder or an earlier szpon site is replaced.
        if !entries.isEmpty, !entries.contains(Routes.siteScript) {
            return "refusing to replace \(output): it is not empty and does not look like a site built by szpon (no \(Routes.siteScript))"
        }
        return nil
    }

    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Whether `inner` lies below `outer`.
    static func isInside(_ inner: String, _ outer: String) -> Bool {
        outer == "/" ? inner != "/" : inner.hasPrefix(outer + "/")
    }
}
