import Foundation
import SzponSite

/// The theme the staff pages (the report, the admin sign-in, the build-error preview) are
/// rendered with: Mustache templates under `templates/staff/` and strings from
/// `i18n/<language>.yaml`, as the site's own pages are. A theme without the staff
/// templates (a custom theme older than them) gives way to szpon's default theme, found
/// as `szpon build` finds it (`ThemeLocator`).
public struct StaffTheme: Sendable {
    /// The theme folder asked for; nil for the default theme.
    public let directory: String?
    public let language: String

    public init(directory: String? = nil, language: String) {
        self.directory = directory
        self.language = language
    }

    /// The folders tried, in order: the one given, then the default theme.
    var candidates: [String] {
        var folders: [String] = []
        if let directory { folders.append(directory) }
        let fallback = ThemeLocator.path(given: nil)
        if !folders.contains(fallback) { folders.append(fallback) }
        return folders
    }

    /// Loads the theme that has `template` (read anew on each call, so a theme edited while
    /// the server runs shows at once); nil when no candidate has it or none loads.
    public func load(for template: String) -> Theme? {
        for folder in candidates where FileManager.default.fileExists(atPath: "\(folder)/templates/\(template).mustache") {
            for language in [language, "pl"] {
                if let theme = try? Theme(directory: folder, language: language) { return theme }
            }
        }
        return nil
    }

    /// `template` rendered with the context `build` makes from the theme's strings, plus
    /// those strings as `t` and the page's language as `lang`; nil when no theme could
    /// render it.
    public func render(_ template: String, _ build: (I18n) -> [String: Any]) -> String? {
        guard let theme = load(for: template) else { return nil }
        var values = build(theme.i18n)
        values["t"] = theme.i18n.strings
        values["lang"] = theme.i18n.language
        let html = theme.render(template, values)
        return html.isEmpty ? nil : html
    }

    /// The theme's strings for the page's language (empty without a theme).
    public func strings(for template: String) -> [String: String] {
        load(for: template)?.i18n.strings ?? [:]
    }
}
