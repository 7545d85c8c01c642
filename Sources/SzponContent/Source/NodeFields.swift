import Foundation
import Yams

/// Typed reads from one YAML mapping that record a diagnostic, at the value's
/// position, for every value of the wrong type instead of stopping at the first.
struct NodeFields {
    let node: Node
    let reader: YAMLReader
    var diagnostics: [Diagnostic] = []

    init(_ node: Node, reader: YAMLReader) {
        self.node = node
        self.reader = reader
    }

    func has(_ key: String) -> Bool { node.value(forKey: key) != nil }

    func location(_ key: String) -> SourceLocation { reader.location(node.markOf(key: key)) }

    mutating func string(_ key: String, required context: String? = nil) -> String? {
        guard let value = node.value(forKey: key) else {
            if let context { diagnostics.append(reader.location(of: node).error("missing required field '\(key)' in \(context)")) }
            return nil
        }
        guard case let .scalar(scalar) = value else {
            diagnostics.append(reader.location(of: value).error("'\(key)' should be text"))
            return nil
        }
        if let context, scalar.string.trimmingCharacters(in: .whitespaces).isEmpty {
            diagnostics.append(reader.location(of: value).error("'\(key)' in \(context) is empty"))
            return nil
        }
        return scalar.string
    }

    mutating func int(_ key: String) -> Int? {
        guard let value = node.value(forKey: key) else { return nil }
        guard let number = value.int else {
            diagnostics.append(reader.location(of: value).error("'\(key)' should be a whole number", hint: found(value)))
            return nil
        }
        return number
    }

    mutating func double(_ key: String) -> Double? {
        guard let value = node.value(forKey: key) else { return nil }
        guard let number = value.float.map({ Double($0) }) ?? value.int.map({ Double($0) }), number.isFinite else {
            diagnostics.append(reader.location(of: value).error("'\(key)' should be a number", hint: found(value)))
            return nil
        }
        return number
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let value = node.value(forKey: key) else { return nil }
        guard let flag = value.bool else {
            diagnostics.append(reader.location(of: value).error("'\(key)' should be true or false", hint: found(value)))
            return nil
        }
        return flag
    }

    /// A list of scalars; a single scalar counts as a list of one.
    mutating func strings(_ key: String) -> [String]? {
        guard let value = node.value(forKey: key) else { return nil }
        switch value {
        case let .scalar(scalar):
            return [scalar.string]
        case let .sequence(items):
            var result: [String] = []
            for item in items {
                if let text = item.scalar?.string { result.append(text) } else {
                    diagnostics.append(reader.location(of: item).error("items of '\(key)' should be text"))
                }
            }
            return result
        default:
            diagnostics.append(reader.location(of: value).error("'\(key)' should be a list"))
            return nil
        }
    }

    /// The mappings in a list, each with its own field reader.
    mutating func mappings(_ key: String) -> [Node]? {
        guard let value = node.value(forKey: key) else { return nil }
        guard case let .sequence(items) = value else {
            diagnostics.append(reader.location(of: value).error("'\(key)' should be a list"))
            return nil
        }
        var result: [Node] = []
        for item in items {
            if case .mapping = item { result.append(item) } else {
                diagnostics.append(reader.location(of: item).error("each item of '\(key)' should be a mapping of keys to values"))
            }
        }
        return result
    }

    private func found(_ node: Node) -> String? {
        node.scalar.map { "found '\($0.string)'" }
    }
}
