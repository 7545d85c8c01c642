import Foundation
import Yams

/// The allowed shape of a YAML mapping, used to report unknown or misspelled keys
/// with the position of the key and the key the author probably meant.
public indirect enum KeySchema: Sendable {
    case mapping([String: KeySchema])
    case sequence(KeySchema)
    /// A scalar, or anything whose inner keys are not checked.
    case value
}

/// One decoder for every file. Creating a `YAMLDecoder` reads the whole process environment
/// (for Yams' default-encoding variable), which showed up in profiles of large sites.
/// `decode(_:from: Node)` only reads the decoder's options and builds a fresh internal
/// decoder per call, so sharing it across threads is safe.
nonisolated(unsafe) let sharedDecoder = YAMLDecoder(encoding: .utf8)

/// What an empty mapping decodes to, per type (see `YAMLReader.decodeLeniently`).
let emptyMappingValues = DecodedByType()

/// Values by their type, shared between loading threads. An NSLock, not a `Mutex`: see CMark.
final class DecodedByType: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [ObjectIdentifier: Any] = [:]

    subscript(type: Any.Type) -> Any? {
        get { lock.withLock { values[ObjectIdentifier(type)] } }
        set { lock.withLock { values[ObjectIdentifier(type)] = newValue } }
    }
}

/// Reads YAML through Yams and turns every problem into a `Diagnostic` that points
/// at the author's file, line and column.
public struct YAMLReader: Sendable, Hashable {
    public var file: String
    /// Line in the file where the YAML text starts (1-based).
    public var firstLine: Int
    /// Column added to every position (for YAML indented inside something else).
    public var columnOffset: Int

    public init(file: String, firstLine: Int, columnOffset: Int = 0) {
        self.file = file
        self.firstLine = firstLine
        self.columnOffset = columnOffset
    }

    public func location(_ mark: Mark?) -> SourceLocation {
        guard let mark else { return SourceLocation(file: file, line: firstLine, column: 1) }
        return SourceLocation(file: file, line: firstLine + mark.line - 1, column: mark.column + columnOffset)
    }

    public func location(of node: Node?) -> SourceLocation { location(node?.mark) }

    /// Parses YAML text into a node tree; nil with a diagnostic on a syntax error.
    public func compose(_ yaml: String) -> (Node?, Diagnostic?) {
        do {
            // An explicit encoding: Yams' default reads the process environment on every call.
            let node = try Yams.compose(yaml: yaml, .default, .default, .utf8)
            return (node.map { SexagesimalGuard.defuse($0, yaml: yaml) }, nil)
        } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
            let key = duplicates.sorted().first ?? ""
            let at = Self.secondOccurrence(of: key, in: yaml)
                .map { SourceLocation(file: file, line: firstLine + $0 - 1, column: $1 + columnOffset) } ?? location(context.mark)
            return (nil, at.error("duplicate key '\(key)'", hint: "each key may appear once; remove or rename one of them"))
        } catch let error as YamlError {
            return (nil, diagnostic(for: error, yaml: yaml))
        } catch {
            return (nil, location(nil).error("invalid YAML: \(error)"))
        }
    }

    /// The YAML of a quiz or survey block as a mapping, or the diagnostic that says why not.
    public func composeBlock(_ yaml: String, what: String) -> (Node?, Diagnostic?) {
        let (node, error) = compose(yaml)
        if let error { return (nil, error) }
        guard let node, case .mapping = node else {
            return (nil, location(nil).error("\(what) should be a YAML mapping with 'id' and 'questions'"))
        }
        return (node, nil)
    }

    func diagnostic(for error: YamlError, yaml: String = "") -> Diagnostic {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            if context == nil, problem.hasPrefix("mapping values are not allowed"), let key = Self.keyWithoutColon(before: mark, in: yaml) {
                let at = SourceLocation(file: file, line: firstLine + key.line - 1, column: key.column + columnOffset)
                return at.error("invalid YAML: could not find expected ':'", hint: yamlHint("could not find expected ':'"))
            }
            var message = "invalid YAML: \(problem)"
            if let context { message += " (\(context.text))" }
            return location(Self.mistake(problem: problem, at: mark, context: context)).error(message, hint: yamlHint(problem, context: context?.text))
        case let .duplicatedKeysInMapping(duplicates, context):
            return location(context.mark).error("duplicate key '\(duplicates.sorted().joined(separator: "', '"))'")
        case let .reader(problem, _, _, _):
            return location(nil).error("cannot read YAML: \(problem)")
        default:
            return location(nil).error("invalid YAML: \(error)")
        }
    }

    /// Where the mistake is. libyaml reports where it noticed it: for something never closed or
    /// never given (a quote, a `[` list, a key's `:`) that is the start of the next line or the end
    /// of the text, while the context's mark is the start of the token it was reading, on the line
    /// to fix. Other problems (a tab, a bad indent, a stray `:`) are where libyaml says.
    static func mistake(problem: String, at mark: Mark, context: YamlError.Context?) -> Mark {
        guard let context, context.mark.line < mark.line else { return mark }
        let unclosed = [
            "found unexpected end of stream", "found unexpected document indicator", "could not find expected ':'",
            "did not find expected ',' or ']'", "did not find expected ',' or '}'",
        ]
        return unclosed.contains { problem.hasPrefix($0) } ? context.mark : mark
    }

    /// For "mapping values are not allowed" at a key's `:`: when the line above, at the same
    /// indentation, is a plain `key value` line with no colon that starts an entry (below a `key:`
    /// or beside other keys), libyaml read the two lines as one text running over them, so the
    /// colon missing there is the mistake. Its line and column.
    static func keyWithoutColon(before mark: Mark, in yaml: String) -> (line: Int, column: Int)? {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        guard mark.line >= 2, mark.line <= lines.count else { return nil }
        func indent(_ line: Substring) -> Int { line.prefix { $0 == " " }.count }
        func nonBlank(above index: Int) -> Int? {
            var above = index - 1
            while above >= 0, lines[above].trimmed.isEmpty || lines[above].trimmed.hasPrefix("#") { above -= 1 }
            return above >= 0 ? above : nil
        }
        let keyIndent = indent(lines[mark.line - 1])
        guard let above = nonBlank(above: mark.line - 1) else { return nil }
        let previous = lines[above]
        let text = previous.dropFirst(indent(previous)).trimmed
        guard indent(previous) == keyIndent, let first = text.first, !"-#\"'[{|>&*!%@`?".contains(first),
              !text.contains(": "), !text.hasSuffix(":"), !text.contains(" #") else { return nil }
        // The line above must start an entry, not continue a long value.
        if let parent = nonBlank(above: above) {
            var parentText = lines[parent].trimmed
            var parentIndent = indent(lines[parent])
            // `- id: a` holds a mapping whose keys start after the dash.
            while parentText.hasPrefix("- ") {
                let dashes = parentText.dropFirst(2).prefix { $0 == " " }.count
                parentText = String(parentText.dropFirst(2 + dashes))
                parentIndent += 2 + dashes
            }
            let hasKey = parentText.contains(": ") || parentText.hasSuffix(":")
            let startsEntry = parentIndent < keyIndent ? parentText.hasSuffix(":") : parentIndent == keyIndent && hasKey
            guard startsEntry else { return nil }
        }
        return (above + 1, keyIndent + 1)
    }

    /// Line and column of the second `key:` at the indentation of the first, which is the
    /// one to remove (Yams reports the mapping, not the repeated key).
    static func secondOccurrence(of key: String, in yaml: String) -> (Int, Int)? {
        var indent: Int?
        for (index, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let spaces = line.prefix { $0 == " " }.count
            let rest = line.dropFirst(spaces).drop { $0 == "-" || $0 == " " }
            guard rest.hasPrefix(key + ":") || rest.hasPrefix("\"\(key)\":") else { continue }
            let column = line.count - rest.count + 1
            if let indent {
                if column == indent { return (index + 1, column) }
            } else {
                indent = column
            }
        }
        return nil
    }

    private func yamlHint(_ problem: String, context: String? = nil) -> String? {
        if problem.contains("could not find expected ':'") {
            return "write 'key: value', with a space after the colon; keys of one mapping start in the same column"
        }
        if problem.contains("did not find expected key") {
            return "check the indentation: keys of one mapping start in the same column, indented with spaces"
        }
        if problem.contains("unexpected end of stream") || problem.contains("unexpected document indicator"), context?.contains("quoted scalar") == true {
            return "this quoted value is never closed: end it with the same quote mark, or leave the quotes out"
        }
        if problem.contains("did not find expected ',' or ']'") {
            return "this list is never closed: end it with ']' on the same line"
        }
        if problem.contains("did not find expected ',' or '}'") {
            return "this mapping is never closed: end it with '}' on the same line"
        }
        if problem.contains("tab character") {
            return "indent with spaces, not tabs"
        }
        if problem.contains("mapping values are not allowed") {
            return "a value that contains ': ' must be quoted, e.g. title: \"Krok 1: wniosek\""
        }
        if problem.contains("found character that cannot start any token") {
            return "indent with spaces, not tabs; quote values that start with @ or `"
        }
        return nil
    }

    /// Reports keys that the schema does not know, recursively, with a "did you mean" hint.
    public func unknownKeys(in node: Node, schema: KeySchema, context: String, path: [String] = []) -> [Diagnostic] {
        switch (schema, node) {
        case let (.mapping(fields), .mapping(mapping)):
            var diagnostics: [Diagnostic] = []
            for (key, value) in mapping {
                let name = key.string ?? ""
                if let inner = fields[name] {
                    diagnostics += unknownKeys(in: value, schema: inner, context: context, path: path + [name])
                } else {
                    let place = path.isEmpty ? context : "'\(path.joined(separator: "."))' (\(context))"
                    diagnostics.append(location(of: key).error(
                        "unknown key '\(name)' in \(place)",
                        hint: Self.weekdayHint(name, fields: fields) ?? Suggestion.didYouMean(name, in: Array(fields.keys))
                            ?? "known keys: \(fields.keys.sorted().joined(separator: ", "))"))
                }
            }
            return diagnostics
        case let (.sequence(inner), .sequence(sequence)):
            return sequence.flatMap { unknownKeys(in: $0, schema: inner, context: context, path: path) }
        default:
            return []
        }
    }

    /// Polish authors write days as they say them (`pon`, `sob`); point them at the English keys.
    static func weekdayHint(_ name: String, fields: [String: KeySchema]) -> String? {
        guard fields["mon"] != nil else { return nil }
        let polish = ["pon": "mon", "pn": "mon", "wt": "tue", "wto": "tue", "sr": "wed", "śr": "wed", "sro": "wed", "śro": "wed",
                      "czw": "thu", "cz": "thu", "pt": "fri", "pia": "fri", "pią": "fri", "sob": "sat", "so": "sat",
                      "nd": "sun", "ndz": "sun", "nie": "sun", "niedz": "sun"]
        guard let day = polish[TextFolding.fold(name)] ?? polish[name.lowercased()] else { return nil }
        return "did you mean '\(day)'? Days are written mon, tue, wed, thu, fri, sat, sun"
    }

    /// Decodes a mapping, dropping each top-level value of the wrong type (with a diagnostic)
    /// and trying again, so one bad value does not hide the rest of the file.
    public func decodeLeniently<T: Decodable>(_ type: T.Type, from node: Node, context: String) -> (T?, [Diagnostic]) {
        // Pages without front matter decode an empty mapping, the same value every time:
        // once per type, not once per page (on 7,500 tldr pages that was most of Yams' share).
        let isEmpty = if case let .mapping(mapping) = node { mapping.isEmpty } else { false }
        if isEmpty, let value = emptyMappingValues[T.self] as? T { return (value, []) }
        var current = node
        var diagnostics: [Diagnostic] = []
        for _ in 0..<32 {
            do {
                let value = try sharedDecoder.decode(type, from: current)
                if isEmpty, diagnostics.isEmpty { emptyMappingValues[T.self] = value }
                return (value, diagnostics)
            } catch let error as DecodingError {
                diagnostics.append(diagnostic(for: error, root: current, context: context))
                guard let key = Self.codingPath(of: error).first?.stringValue, case let .mapping(mapping) = current,
                      mapping.contains(where: { $0.key.string == key }) else { return (nil, diagnostics) }
                current = .mapping(Node.Mapping(mapping.filter { $0.key.string != key }.map { ($0.key, $0.value) }))
            } catch {
                return (nil, diagnostics + [location(of: node).error("cannot read \(context): \(error)")])
            }
        }
        return (nil, diagnostics)
    }

    static func codingPath(of error: DecodingError) -> [any CodingKey] {
        switch error {
        case let .typeMismatch(_, c), let .valueNotFound(_, c), let .dataCorrupted(c): return c.codingPath
        case let .keyNotFound(key, c): return c.codingPath + [key]
        @unknown default: return []
        }
    }

    private func diagnostic(for error: DecodingError, root: Node, context: String) -> Diagnostic {
        switch error {
        case let .typeMismatch(type, ctx), let .valueNotFound(type, ctx):
            let node = Self.node(at: ctx.codingPath, in: root)
            let key = ctx.codingPath.last.map { "'\($0.stringValue)'" } ?? context
            return location(of: node ?? root).error("\(key) should be \(Self.describe(type))",
                                                     hint: node?.scalar.map { "found '\($0.string)'" })
        case let .keyNotFound(key, ctx):
            let node = Self.node(at: ctx.codingPath, in: root)
            return location(of: node ?? root).error("missing required field '\(key.stringValue)' in \(context)")
        case let .dataCorrupted(ctx):
            let node = Self.node(at: ctx.codingPath, in: root)
            let key = ctx.codingPath.last.map { "'\($0.stringValue)'" } ?? context
            return location(of: node ?? root).error("\(key) has an invalid value: \(ctx.debugDescription)")
        @unknown default:
            return location(of: root).error("cannot read \(context)")
        }
    }

    static func describe(_ type: Any.Type) -> String {
        let name = String(describing: type)
        if name.contains("Int") { return "a whole number" }
        if name.contains("Double") { return "a number" }
        if name.contains("Bool") { return "true or false" }
        if name.contains("String") { return "text" }
        if name.contains("Array") { return "a list" }
        if name.contains("Dictionary") { return "a mapping of keys to values" }
        return "a mapping of keys to values"
    }

    /// Follows a Decodable coding path through the node tree.
    static func node(at path: [any CodingKey], in root: Node) -> Node? {
        var current: Node? = root
        for key in path {
            guard let node = current else { return nil }
            if let index = key.intValue, case let .sequence(sequence) = node {
                current = index < sequence.count ? sequence[index] : nil
            } else if case let .mapping(mapping) = node {
                current = mapping.first { $0.key.string == key.stringValue }?.value
            } else {
                return nil
            }
        }
        return current
    }
}

extension Node {
    /// The mark of the value stored under `key`, or of the key itself when it has no value.
    public func markOf(key: String) -> Mark? {
        guard case let .mapping(mapping) = self else { return mark }
        return mapping.first { $0.key.string == key }?.value.mark ?? mark
    }

    public func value(forKey key: String) -> Node? {
        guard case let .mapping(mapping) = self else { return nil }
        return mapping.first { $0.key.string == key }?.value
    }
}
