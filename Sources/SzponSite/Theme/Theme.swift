import Foundation
import Mustache

/// A theme folder: Mustache layouts and partials in `templates/`, strings in `i18n/`,
/// and static files in `assets/` that are copied to `site/assets/`.
public struct Theme: Sendable {
    public let directory: String
    public let library: MustacheLibrary
    public let i18n: I18n
    private let chromeCache = ChromeCache()
    /// The interface strings as one shared object (see `TemplateSkeletons`).
    let sharedStrings: SharedValues
    /// Nil when a template uses what a skeleton cannot stand for, or `SZPON_SKELETONS=0`.
    private let skeletons: TemplateSkeletons?

    public static let requiredTemplates = ["home", "course", "lesson", "guide", "survey", "search", "toc", "accessibility", "quiz", "survey-form", "partials/header", "partials/footer"]

    public init(directory: String, language: String) throws {
        do {
            try self.init(loading: directory, language: language)
        } catch let error as ThemeError {
            throw ThemeError.inFolder(error, folder: directory)
        }
    }

    private init(loading directory: String, language: String) throws {
        self.directory = directory
        let templates = "\(directory)/templates"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: templates, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ThemeError.missing(templates)
        }
        var library = MustacheLibrary()
        var skeletonSafe = ProcessInfo.processInfo.environment["SZPON_SKELETONS"] != "0"
        let files = (FileManager.default.enumerator(atPath: templates)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".mustache") }.sorted()
        for file in files {
            let text = try String(contentsOfFile: "\(templates)/\(file)", encoding: .utf8)
            skeletonSafe = skeletonSafe && TemplateSkeletons.canStandFor(text)
            do {
                try library.register(text, named: String(file.dropLast(".mustache".count)))
            } catch let error as MustacheTemplate.ParserError {
                throw ThemeError.invalid("\(templates)/\(file):\(error.context.lineNumber):\(error.context.columnNumber)",
                                         "invalid Mustache template: \(error.error)")
            } catch {
                throw ThemeError.invalid("\(templates)/\(file)", "invalid Mustache template: \(error)")
            }
        }
        for name in Self.requiredTemplates where library.getTemplate(named: name) == nil {
            throw ThemeError.missing("\(templates)/\(name).mustache")
        }
        self.library = library
        self.i18n = try I18n.load(themeDirectory: directory, language: language)
        self.sharedStrings = SharedValues(i18n.strings)
        self.skeletons = skeletonSafe ? TemplateSkeletons() : nil
    }

    public func render(_ template: String, _ context: [String: Any]) -> String {
        guard let skeletons else { return library.render(context, withTemplate: template) ?? "" }
        return skeletons.render(template, context) { library.render($0, withTemplate: template) ?? "" }
    }

    /// The header and footer partials for pages whose path to the root is `root`. They see
    /// only site-level values, so they are rendered once per folder depth, not once per page.
    func chrome(root: String, context: () -> [String: Any]) -> SharedValues {
        if let cached = chromeCache.get(root) { return cached }
        let values = context()
        let chrome = SharedValues(["header": render("partials/header", values), "footer": render("partials/footer", values)])
        chromeCache.set(root, chrome)
        return chrome
    }

    /// Files under `assets/`, relative to it, sorted.
    public func assetFiles() -> [String] {
        let root = "\(directory)/assets"
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let item = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: "\(root)/\(item)", isDirectory: &isDirectory)
            if !isDirectory.boolValue, !(item as NSString).lastPathComponent.hasPrefix(".") { files.append(item) }
        }
        return files.sorted()
    }
}

/// Rendered header and footer per folder depth. An NSLock, not a `Mutex`: see CMark.
final class ChromeCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: SharedValues] = [:]

    func get(_ root: String) -> SharedValues? { lock.withLock { entries[root] } }
    func set(_ root: String, _ chrome: SharedValues) { lock.withLock { entries[root] = chrome } }
}
