/// `imsmanifest.xml` for a SCORM 1.2 package, conforming to the standard SCORM 1.2
/// schemas (imscp_rootv1p1p2.xsd, adlcp_rootv1p2.xsd, imsmd_rootv1p2p1.xsd).
///
/// - one `<organization>` (the default) titled `title`, with one `<item>` per SCO, each
///   with `<adlcp:masteryscore>` when there is a passing score;
/// - one `<resource adlcp:scormtype="sco">` per item, listing its launch file and
///   depending on one shared `<resource adlcp:scormtype="asset">` that lists every file
///   of the package, so each file appears once;
/// - `<metadata>`: `ADL SCORM` 1.2, and an IMS MD (LOM) record with the title, the
///   language when given and the publishing organisation when given and not blank (as
///   a vCard `ORG`).
///
/// Identifiers are made valid `xsd:ID`s (ASCII letters, digits, `-`, `_`, `.`) and unique;
/// every text and attribute is XML-escaped; hrefs are percent-encoded paths; titles are
/// cut to the schema's 200 characters. The output depends only on the arguments.
public enum ScormManifest {
    public struct Item: Equatable, Sendable {
        /// Any string; made into a valid, unique `xsd:ID`.
        public var identifier: String
        public var title: String
        /// The launch file, a path inside the package (`courses/x/a.html`).
        public var href: String
        /// The passing score in percent (0–100), or nil when the SCO has none.
        public var masteryScore: Int?

        public init(identifier: String, title: String, href: String, masteryScore: Int? = nil) {
            self.identifier = identifier
            self.title = title
            self.href = href
            self.masteryScore = masteryScore
        }
    }

    /// The manifest with one passing score (or none) for every item.
    public static func xml(
        bundle: String,
        title: String,
        organisation: String?,
        items: [(identifier: String, title: String, href: String)],
        masteryScore: Int?,
        files: [String],
        language: String? = nil
    ) -> String {
        xml(bundle: bundle, title: title, organisation: organisation,
            items: items.map { Item(identifier: $0.identifier, title: $0.title, href: $0.href, masteryScore: masteryScore) },
            files: files, language: language)
    }

    /// The manifest with a passing score per item.
    public static func xml(
        bundle: String,
        title: String,
        organisation: String?,
        items: [Item],
        files: [String],
        language: String? = nil
    ) -> String {
        var ids = IdentifierSet()
        let manifestID = ids.make(bundle, prefix: "")
        let organizationID = ids.make(bundle, prefix: "ORG-")
        let sharedID = files.isEmpty ? nil : ids.make("files", prefix: "RES-")
        let itemIDs = items.map { (item: ids.make($0.identifier, prefix: "ITEM-"),
                                   resource: ids.make($0.identifier, prefix: "RES-")) }

        var xml = XMLLines()
        xml.line(0, #"<?xml version="1.0" encoding="UTF-8"?>"#)
        xml.line(0, "<manifest identifier=\(attribute(manifestID)) version=\"1.0\"")
        xml.line(4, #"xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2""#)
        xml.line(4, #"xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2""#)
        xml.line(4, #"xmlns:imsmd="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1""#)
        xml.line(4, #"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance""#)
        xml.line(4, #"xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd"#
            + #" http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd"#
            + #" http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">"#)

        xml.line(2, "<metadata>")
        xml.line(4, "<schema>ADL SCORM</schema>")
        xml.line(4, "<schemaversion>1.2</schemaversion>")
        xml.line(4, "<imsmd:lom>")
        xml.line(6, "<imsmd:general>")
        xml.line(8, "<imsmd:title>")
        xml.line(10, "<imsmd:langstring\(languageAttribute(language))>\(text(title))</imsmd:langstring>")
        xml.line(8, "</imsmd:title>")
        if let language {
            xml.line(8, "<imsmd:language>\(text(language))</imsmd:language>")
        }
        xml.line(6, "</imsmd:general>")
        if let organisation, !organisation.allSatisfy(\.isWhitespace) {
            xml.line(6, "<imsmd:lifecycle>")
            xml.line(8, "<imsmd:contribute>")
            xml.line(10, "<imsmd:role>")
            xml.line(12, #"<imsmd:source><imsmd:langstring xml:lang="x-none">LOMv1.0</imsmd:langstring></imsmd:source>"#)
            xml.line(12, #"<imsmd:value><imsmd:langstring xml:lang="x-none">Publisher</imsmd:langstring></imsmd:value>"#)
            xml.line(10, "</imsmd:role>")
            xml.line(10, "<imsmd:centity>")
            let name = vCardText(organisation)
            xml.line(12, "<imsmd:vcard>\(text("BEGIN:VCARD\nVERSION:2.1\nFN:\(name)\nORG:\(name)\nEND:VCARD"))</imsmd:vcard>")
            xml.line(10, "</imsmd:centity>")
            xml.line(8, "</imsmd:contribute>")
            xml.line(6, "</imsmd:lifecycle>")
        }
        xml.line(4, "</imsmd:lom>")
        xml.line(2, "</metadata>")

        xml.line(2, "<organizations default=\(attribute(organizationID))>")
        xml.line(4, "<organization identifier=\(attribute(organizationID))>")
        xml.line(6, "<title>\(text(schemaTitle(title)))</title>")
        for (item, id) in zip(items, itemIDs) {
            xml.line(6, "<item identifier=\(attribute(id.item)) identifierref=\(attribute(id.resource)) isvisible=\"true\">")
            xml.line(8, "<title>\(text(schemaTitle(item.title)))</title>")
            if let score = item.masteryScore {
                xml.line(8, "<adlcp:masteryscore>\(min(max(score, 0), 100))</adlcp:masteryscore>")
            }
            xml.line(6, "</item>")
        }
        xml.line(4, "</organization>")
        xml.line(2, "</organizations>")

        xml.line(2, "<resources>")
        for (item, id) in zip(items, itemIDs) {
            let href = attribute(percentEncoded(item.href))
            xml.line(4, "<resource identifier=\(attribute(id.resource)) type=\"webcontent\" adlcp:scormtype=\"sco\" href=\(href)>")
            xml.line(6, "<file href=\(href)/>")
            if let sharedID {
                xml.line(6, "<dependency identifierref=\(attribute(sharedID))/>")
            }
            xml.line(4, "</resource>")
        }
        if let sharedID {
            xml.line(4, "<resource identifier=\(attribute(sharedID)) type=\"webcontent\" adlcp:scormtype=\"asset\">")
            let listed = Set(files).subtracting(["imsmanifest.xml"]).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for file in listed {
                xml.line(6, "<file href=\(attribute(percentEncoded(file)))/>")
            }
            xml.line(4, "</resource>")
        }
        xml.line(2, "</resources>")
        xml.line(0, "</manifest>")
        return xml.text
    }

    // MARK: - Escaping

    /// Element text: `&`, `<`, `>` escaped; characters XML 1.0 forbids dropped.
    static func text(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars where isXMLCharacter(scalar) {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A quoted attribute value: as `text`, plus quotes and whitespace that attribute
    /// normalisation would otherwise turn into spaces.
    static func attribute(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars where isXMLCharacter(scalar) {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t": out += "&#9;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: return true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// A path as a URI reference: unreserved characters and `/` kept, the rest as
    /// UTF-8 `%XX`, so spaces and Polish letters in file names reach the LMS intact.
    static func percentEncoded(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let digits = Array("0123456789ABCDEF".unicodeScalars)
                out += "%"
                out.unicodeScalars.append(digits[Int(byte >> 4)])
                out.unicodeScalars.append(digits[Int(byte & 0x0f)])
            }
        }
        return out
    }

    /// The schema's `titleType` allows 200 characters.
    private static func schemaTitle(_ title: String) -> String {
        let scalars = title.unicodeScalars
        guard scalars.count > 200 else { return title }
        var cut = String.UnicodeScalarView(scalars.prefix(199))
        cut.append("…")
        return String(cut)
    }

    private static func languageAttribute(_ language: String?) -> String {
        guard let language else { return "" }
        return " xml:lang=\(attribute(language))"
    }

    /// vCard 2.1 text value: backslash, `;` and `,` escaped, line breaks as spaces.
    private static func vCardText(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r", "\r\n": out += " "
            default: out.append(character)
            }
        }
        return out
    }
}

/// Unique `xsd:ID` values (NCNames) for one document.
private struct IdentifierSet {
    private var used = Set<String>()

    mutating func make(_ raw: String, prefix: String) -> String {
        var base = prefix
        for scalar in raw.unicodeScalars {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".":
                base.unicodeScalars.append(scalar)
            default:
                base += "_"
            }
        }
        if let first = base.unicodeScalars.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first) || first == "_" {
            // An NCName may start with a letter or "_".
        } else {
            base = "_" + base
        }
        var candidate = base
        var counter = 2
        while !used.insert(candidate).inserted {
            candidate = "\(base)-\(counter)"
            counter += 1
        }
        return candidate
    }
}

/// Indented lines joined with "\n", ending with one.
private struct XMLLines {
    var text = ""

    mutating func line(_ indent: Int, _ content: String) {
        text += String(repeating: " ", count: indent) + content + "\n"
    }
}
