import Foundation
import SzponContent
import Yams

/// The interface strings of a theme in one language, with CLDR plural rules
/// (Polish: 1 punkt, 2 punkty, 5 punktów, 1,5 punktu).
public struct I18n: Sendable {
    public let language: String
    public let strings: [String: String]
    /// Key → plural category (`one`, `few`, `many`, `other`) → pattern with `{n}`.
    public let plurals: [String: [String: String]]

    public init(language: String, strings: [String: String], plurals: [String: [String: String]]) {
        self.language = language
        self.strings = strings
        self.plurals = plurals
    }

    /// Loads `i18n/<language>.yaml` from a theme: plain keys, plus a `plural:` mapping.
    public static func load(themeDirectory: String, language: String) throws -> I18n {
        let path = "\(themeDirectory)/i18n/\(language).yaml"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ThemeError.missing(path)
        }
        guard case let .mapping(mapping)? = try Yams.compose(yaml: text) else { throw ThemeError.invalid(path, "not a mapping") }
        var strings: [String: String] = [:]
        var plurals: [String: [String: String]] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { continue }
            if name == "plural", case let .mapping(forms) = value {
                for (pluralKey, categories) in forms {
                    guard let pluralName = pluralKey.string, case let .mapping(categoryMap) = categories else { continue }
                    var entry: [String: String] = [:]
                    for (category, pattern) in categoryMap {
                        if let c = category.string, let p = pattern.string { entry[c] = p }
                    }
                    plurals[pluralName] = entry
                }
            } else if let string = value.string {
                strings[name] = string
            }
        }
        return I18n(language: language, strings: strings, plurals: plurals)
    }

    public subscript(_ key: String) -> String { strings[key] ?? key }

    /// The CLDR plural category of a number in this language.
    public static func category(_ n: Double, language: String) -> String {
        let isInteger = n == n.rounded()
        switch language {
        case "pl":
            guard isInteger, n.isFinite else { return "other" }
            if abs(n) == 1 { return "one" }
            // Only the last two digits matter, and Int(n) traps beyond Int's range.
            let lastTwo = Int(abs(n).truncatingRemainder(dividingBy: 100))
            if (2...4).contains(lastTwo % 10), !(12...14).contains(lastTwo) { return "few" }
            return "many"
        default:
            return n == 1 ? "one" : "other"
        }
    }

    /// `plural("points", 2)` → `2 punkty`.
    public func plural(_ key: String, _ n: Double) -> String {
        guard let forms = plurals[key] else { return "\(format(n)) \(key)" }
        let pattern = forms[Self.category(n, language: language)] ?? forms["other"] ?? forms["many"] ?? "{n}"
        return pattern.replacing("{n}", with: format(n))
    }

    public func plural(_ key: String, _ n: Int) -> String { plural(key, Double(n)) }

    /// An ISO date (`2026-12-24`) as people write it: `24 grudnia 2026`, `24 December 2026`.
    public func date(_ iso: String) -> String {
        let parts = iso.split(separator: "-")
        guard parts.count == 3, let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month) else { return iso }
        return self["date_format"].replacing("{day}", with: String(day))
            .replacing("{month}", with: self["month_\(month)"]).replacing("{year}", with: String(parts[0]))
    }

    /// Numbers as people write them in the language (`1,5` in Polish).
    public func format(_ n: Double) -> String {
        let text = n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(format: "%g", n)
        return text.replacing(".", with: Self.decimalMark(language: language))
    }

    /// The decimal mark of a language: a point in English, a comma in Polish and,
    /// as the safer reading of "1,5", in any other language.
    public static func decimalMark(language: String) -> String {
        language == "en" || language.hasPrefix("en-") ? "." : ","
    }
}

public enum ThemeError: Error, CustomStringConvertible {
    case missing(String)
    case invalid(String, String)
    /// Any of the above, with the theme folder it happened in.
    indirect case inFolder(ThemeError, folder: String)

    public var description: String {
        switch self {
        case let .missing(path): return "\(path): error: theme file not found"
        case let .invalid(path, why): return "\(path): error: \(why)"
        case let .inFolder(error, folder):
            let absolute = URL(fileURLWithPath: folder).standardizedFileURL.path
            return "\(error)\nhint: the theme folder is \(absolute); pass --theme DIR to use another one (szpon's default theme is installed with it by `make install`)"
        }
    }
}
