import Foundation
import Mustache
import SzponMarkdown

/// Values that stay the same for many pages (the interface strings, the header and footer
/// of one folder depth). Templates see them as they would a dictionary; being one object,
/// a page skeleton can keep their text instead of a slot per string.
final class SharedValues: MustacheParent, MustacheCustomRenderable, @unchecked Sendable {
    let values: [String: Any]

    init(_ values: [String: Any]) { self.values = values }

    func child(named name: String) -> Any? { values[name] }
    // What `{{t}}` would print for the dictionary itself, so nothing a theme sees changes.
    var renderText: String { String(describing: values) }
    var isNull: Bool { false }
}

/// Renders pages of one shape through a skeleton: swift-mustache renders the template once
/// with a marker in place of every string, and each later page of that shape is the
/// skeleton's text with its own strings put in the markers, escaped where Mustache escaped.
///
/// A shape is everything but the strings: the keys, the Booleans and numbers, the lengths
/// of lists, which strings are empty or end in a newline, and which shared values are used.
/// Nothing else can change what Mustache writes, as long as the templates use no lambdas,
/// transforms or dynamic partials (the theme checks that). As a proof on real data, the
/// first skeleton of each shape is used only if it gives, byte for byte, what Mustache
/// gives for that page; otherwise that shape always goes through Mustache.
final class TemplateSkeletons: @unchecked Sendable {
    private enum State {
        case seen
        case compiled(PageSkeleton)
        case rejected
    }

    private let lock = NSLock()
    private var states: [String: State] = [:]

    /// Whether a template's output depends on its strings only by writing them: no
    /// transforms `f(x)`, no dynamic partials `{{>*x}}`, no changed delimiters (which
    /// would hide those from this check) and no marker characters of its own. Comments
    /// may say anything.
    static func canStandFor(_ template: String) -> Bool {
        if template.contains(PageShape.start) || template.contains(PageShape.end) { return false }
        var rest = template[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { return true }
            let tag = rest[open.upperBound..<close.lowerBound]
            if !tag.hasPrefix("!"), tag.hasPrefix("=") || tag.contains("(") || tag.contains("*") { return false }
            rest = rest[close.upperBound...]
        }
        return true
    }

    /// The page; through Mustache (`plain`) when `values` holds something a skeleton
    /// cannot stand for, or the shape is new.
    func render(_ template: String, _ values: [String: Any], plain: ([String: Any]) -> String) -> String {
        var shape = PageShape()
        shape.signature.reserveCapacity(1024)
        guard shape.add(values) else { return plain(values) }
        let key = template + "\u{0}" + String(decoding: shape.signature, as: UTF8.self)
        let state = lock.withLock { states[key] }
        switch state {
        case let .compiled(skeleton):
            return skeleton.fill(shape.leaves)
        case .rejected:
            return plain(values)
        case nil:
            lock.withLock { if states[key] == nil { states[key] = .seen } }
            return plain(values)
        case .seen:
            let page = plain(values)
            let marked = plain(PageShape.marked(values, counter: MarkerCounter()) as! [String: Any])
            if let skeleton = PageSkeleton(parsing: marked, shape: shape),
               skeleton.fill(shape.leaves).utf8.elementsEqual(page.utf8) {
                lock.withLock { states[key] = .compiled(skeleton) }
            } else {
                lock.withLock { states[key] = .rejected }
            }
            return page
        }
    }
}

/// The strings of one page in the order of a walk over its values (keys sorted), and the
/// signature of everything else.
struct PageShape {
    enum Kind: UInt8 { case plain, endsInNewline }

    /// Bytes, not a String: appending to a String costs several times as much per page.
    var signature: [UInt8] = []
    var leaves: [String] = []
    var kinds: [Kind] = []

    // In UTF-8, U+E000 is EE 80 80 and U+E001 is EE 80 81.
    static let start = "\u{E000}"
    static let end = "\u{E001}"

    /// Adds one value; false for a type a skeleton does not handle.
    mutating func add(_ value: Any) -> Bool {
        // The types page contexts are made of, told apart by their metatype: a cast such as
        // `as SharedValues` on a dictionary bridges the whole dictionary to an NSDictionary
        // on Linux first (a third of a build's time went there). Anything else (optionals,
        // other array types) takes the general casts below, which decide the same.
        let type = ObjectIdentifier(Swift.type(of: value))
        if type == Self.stringType { return addString(value as! String) }
        if type == Self.dictionaryType { return addDictionary(value as! [String: Any]) }
        if type == Self.stringDictionaryType { return addDictionary(value as! [String: String]) }
        if type == Self.dictionaryArrayType { return addArray(value as! [[String: Any]]) }
        if type == Self.stringArrayType { return addArray(value as! [String]) }
        if type == Self.anyArrayType { return addArray(value as! [Any]) }
        if type == Self.boolType { signature.append((value as! Bool) ? 0x54 : 0x46); return true }
        if type == Self.sharedType { return addShared(value as! SharedValues) }
        switch value {
        case let string as String:
            return addString(string)
        case let bool as Bool:
            signature.append(bool ? 0x54 : 0x46) // T, F
        case let int as Int:
            signature += Array("i\(int);".utf8)
        case let dictionary as [String: Any]:
            return addDictionary(dictionary)
        case let array as [Any]:
            return addArray(array)
        // Last, for the bridging above: no dictionary, array or string is this class.
        case let shared as SharedValues:
            return addShared(shared)
        default:
            return false
        }
        return true
    }

    private static let stringType = ObjectIdentifier(String.self)
    private static let boolType = ObjectIdentifier(Bool.self)
    private static let sharedType = ObjectIdentifier(SharedValues.self)
    private static let dictionaryType = ObjectIdentifier([String: Any].self)
    private static let stringDictionaryType = ObjectIdentifier([String: String].self)
    private static let dictionaryArrayType = ObjectIdentifier([[String: Any]].self)
    private static let stringArrayType = ObjectIdentifier([String].self)
    private static let anyArrayType = ObjectIdentifier([Any].self)

    private mutating func addString(_ string: String) -> Bool {
        if string.isEmpty {
            signature.append(0x65) // e
        } else {
            let kind = Self.kind(of: string)
            signature.append(kind == .plain ? 0x73 : 0x6E) // s, n
            leaves.append(string)
            kinds.append(kind)
        }
        return true
    }

    private mutating func addShared(_ shared: SharedValues) -> Bool {
        signature += Array("o\(UInt(bitPattern: ObjectIdentifier(shared).hashValue));".utf8)
        return true
    }

    private mutating func addDictionary<Value>(_ dictionary: [String: Value]) -> Bool {
        signature.append(0x7B) // {
        for key in dictionary.keys.sorted() {
            appendDecimal(key.utf8.count)
            signature.append(0x3A) // :
            signature += key.utf8
            guard add(dictionary[key]!) else { return false }
        }
        signature.append(0x7D) // }
        return true
    }

    private mutating func appendDecimal(_ value: Int) {
        if value >= 10 { appendDecimal(value / 10) }
        signature.append(0x30 + UInt8(value % 10))
    }

    private mutating func addArray<Element>(_ array: [Element]) -> Bool {
        signature.append(0x5B) // [
        for element in array {
            guard add(element) else { return false }
        }
        signature.append(0x5D) // ]
        return true
    }

    /// Mustache indents a partial's next line only after a value that ends in a newline,
    /// so the marker of such a value ends in one too.
    static func kind(of string: String) -> Kind {
        string.utf8.last == 0x0A && string.last == "\n" ? .endsInNewline : .plain
    }

    /// `values` with every non-empty string replaced by its marker, numbered in walk order.
    /// The `&` in a marker shows in the rendered text whether Mustache escaped the value.
    static func marked(_ value: Any, counter: MarkerCounter) -> Any {
        switch value {
        case let string as String:
            if string.isEmpty { return string }
            let index = counter.next()
            return start + String(index) + "&" + end + (kind(of: string) == .endsInNewline ? "\n" : "")
        case let dictionary as [String: Any]:
            var result: [String: Any] = [:]
            for key in dictionary.keys.sorted() { result[key] = marked(dictionary[key]!, counter: counter) }
            return result
        case let array as [Any]:
            return array.map { marked($0, counter: counter) }
        default:
            return value
        }
    }
}

final class MarkerCounter {
    private var value = 0
    func next() -> Int {
        defer { value += 1 }
        return value
    }
}

/// A rendered page cut at its markers.
struct PageSkeleton {
    enum Part {
        case text(String)
        case value(Int, escaped: Bool)
    }

    let parts: [Part]
    let textBytes: Int

    /// Nil if the text has markers that are not whole (then the shape uses Mustache).
    init?(parsing rendered: String, shape: PageShape) {
        let bytes = Array(rendered.utf8)
        var parts: [Part] = []
        var textStart = 0
        var textBytes = 0
        var i = 0
        func isMarker(_ at: Int, _ last: UInt8) -> Bool {
            at + 2 < bytes.count && bytes[at] == 0xEE && bytes[at + 1] == 0x80 && bytes[at + 2] == last
        }
        while i < bytes.count {
            if isMarker(i, 0x81) { return nil }
            guard isMarker(i, 0x80) else { i += 1; continue }
            var j = i + 3
            var index = 0
            var digits = 0
            while j < bytes.count, bytes[j] >= 0x30, bytes[j] <= 0x39, digits < 9 {
                index = index * 10 + Int(bytes[j] - 0x30)
                j += 1
                digits += 1
            }
            guard digits > 0, index < shape.leaves.count else { return nil }
            let escaped: Bool
            if bytes[j...].starts(with: "&amp;".utf8) {
                escaped = true
                j += 5
            } else if bytes[j...].starts(with: "&".utf8) {
                escaped = false
                j += 1
            } else {
                return nil
            }
            guard isMarker(j, 0x81) else { return nil }
            j += 3
            if shape.kinds[index] == .endsInNewline {
                guard j < bytes.count, bytes[j] == 0x0A else { return nil }
                j += 1
            }
            if textStart < i {
                parts.append(.text(String(decoding: bytes[textStart..<i], as: UTF8.self)))
                textBytes += i - textStart
            }
            parts.append(.value(index, escaped: escaped))
            i = j
            textStart = j
        }
        if textStart < bytes.count {
            parts.append(.text(String(decoding: bytes[textStart...], as: UTF8.self)))
            textBytes += bytes.count - textStart
        }
        self.parts = parts
        self.textBytes = textBytes
    }

    func fill(_ leaves: [String]) -> String {
        var page = ""
        page.reserveCapacity(textBytes + leaves.reduce(0) { $0 + $1.utf8.count } + 64)
        for part in parts {
            switch part {
            case let .text(text): page += text
            case let .value(index, escaped):
                if escaped { HTMLEscape.append(leaves[index], to: &page) } else { page += leaves[index] }
            }
        }
        return page
    }
}

/// swift-mustache's HTML escaping, byte for byte (`HTML.append(escaping:to:)`).
enum HTMLEscape {
    static func append(_ text: String, to page: inout String) {
        HTML.append(escaping: text, to: &page)
    }
}
