import Yams

/// Yams reads a plain scalar such as `1:30` as a base-60 integer (YAML 1.1) and traps when
/// that integer does not fit in an `Int`: a stray `pass: 1:1:1:1:1:1:1:1:1:1:1` would crash
/// every read of the value as a whole number. Such scalars are marked as quoted, so they
/// still read as text, and a read as a number fails and is reported as the wrong type.
enum SexagesimalGuard {
    static func defuse(_ node: Node, yaml: String) -> Node {
        guard mayOverflow(yaml) else { return node }
        var done: [MemoKey: Node] = [:]
        return defuse(node, depth: 0, done: &done)
    }

    /// Aliases are copies of the anchored node with its mark; remembering each collection by
    /// its place keeps an alias bomb (a few lines that expand to billions of nodes) linear.
    struct MemoKey: Hashable {
        var depth: Int
        var isMapping: Bool
        var line: Int
        var column: Int
    }

    private static func defuse(_ node: Node, depth: Int, done: inout [MemoKey: Node]) -> Node {
        switch node {
        case var .scalar(scalar):
            guard scalar.style == .any || scalar.style == .plain, overflows(scalar.string) else { return node }
            scalar.style = .singleQuoted
            return .scalar(scalar)
        case var .mapping(mapping):
            let key = mapping.mark.map { MemoKey(depth: depth, isMapping: true, line: $0.line, column: $0.column) }
            if let key, let known = done[key] { return known }
            for index in mapping.indices {
                let (k, v) = mapping[index]
                mapping[index] = (defuse(k, depth: depth + 1, done: &done), defuse(v, depth: depth + 1, done: &done))
            }
            if let key { done[key] = .mapping(mapping) }
            return .mapping(mapping)
        case var .sequence(sequence):
            let key = sequence.mark.map { MemoKey(depth: depth, isMapping: false, line: $0.line, column: $0.column) }
            if let key, let known = done[key] { return known }
            for index in sequence.indices {
                sequence[index] = defuse(sequence[index], depth: depth + 1, done: &done)
            }
            if let key { done[key] = .sequence(sequence) }
            return .sequence(sequence)
        case .alias:
            return node
        }
    }

    /// A cheap look at the text: an overflowing base-60 number is a run of digits, `_`, signs
    /// and colons with at least 10 colons (60^11 > Int.max) or at least 19 characters.
    static func mayOverflow(_ yaml: String) -> Bool {
        var length = 0, colons = 0
        for byte in yaml.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "+"), UInt8(ascii: "-"):
                length += 1
            case UInt8(ascii: ":"):
                length += 1
                colons += 1
            default:
                if colons > 0, colons >= 10 || length >= 19 { return true }
                length = 0
                colons = 0
            }
        }
        return colons > 0 && (colons >= 10 || length >= 19)
    }

    /// Whether Yams' `Int` construction of this plain scalar would overflow; mirrors
    /// `FixedWidthInteger.private_construct` and `String.sexagesimal()` in Yams 6.
    static func overflows(_ text: String) -> Bool {
        let withSign = text.replacingOccurrences(of: "_", with: "")
        let negative = withSign.hasPrefix("-")
        let body = withSign.dropFirst(negative || withSign.hasPrefix("+") ? 1 : 0)
        // Yams reads these prefixes in another radix, which fails without trapping.
        guard !body.hasPrefix("0"), body.contains(":") else { return false }
        var digits: [Int] = []
        for component in body.split(separator: ":", omittingEmptySubsequences: false) {
            guard let digit = Int(component, radix: 10) else { return false }
            digits.append(digit)
        }
        var base = 1, value = 0
        for digit in digits.reversed() {
            let (product, o1) = digit.multipliedReportingOverflow(by: base)
            let (sum, o2) = value.addingReportingOverflow(product)
            let (next, o3) = base.multipliedReportingOverflow(by: 60)
            if o1 || o2 || o3 { return true }
            value = sum
            base = next
        }
        return negative && value.multipliedReportingOverflow(by: -1).overflow
    }
}
