import Foundation
import Testing
@testable import SzponBundle

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct ScormManifestTests {
    private let items: [(identifier: String, title: String, href: String)] = [
        ("segregacja/pojemniki", "Pojemniki & worki <kolory>", "courses/segregacja/pojemniki.html"),
        ("segregacja/test", "Test \"końcowy\"", "courses/segregacja/test.html"),
    ]
    private let files = [
        "index.html", "courses/segregacja/pojemniki.html", "courses/segregacja/test.html",
        "assets/img/żółw & co.png", "imsmanifest.xml",
    ]

    private func manifest(masteryScore: Int? = 80) -> String {
        ScormManifest.xml(bundle: "segregacja-odpadow", title: "Segregacja & recykling",
                          organisation: "Urząd \"Miasta\" <Przykładowo>", items: items,
                          masteryScore: masteryScore, files: files, language: "pl")
    }

    private func parse(_ xml: String) throws -> XMLDocument {
        try XMLDocument(data: Data(xml.utf8), options: [])
    }

    private func nodes(_ document: XMLDocument, _ xpath: String) throws -> [XMLNode] {
        try document.nodes(forXPath: xpath)
    }

    /// By qualified name. (FoundationXML's `attribute(forName:)` on Linux looks an
    /// unprefixed name up in the default namespace, where unprefixed attributes never are.)
    private func attribute(_ node: XMLNode, _ name: String) -> String? {
        (node as? XMLElement)?.attributes?.first { $0.name == name }?.stringValue
    }

    @Test func isWellFormedWithTheScorm12Namespaces() throws {
        let document = try parse(manifest())
        let root = try #require(document.rootElement())
        #expect(root.localName == "manifest")
        #expect(root.uri == "http://www.imsproject.org/xsd/imscp_rootv1p1p2")
        #expect(attribute(root, "version") == "1.0")
        #expect(attribute(root, "identifier") == "segregacja-odpadow")
        let location = try #require(attribute(root, "xsi:schemaLocation"))
        for schema in ["imscp_rootv1p1p2.xsd", "imsmd_rootv1p2p1.xsd", "adlcp_rootv1p2.xsd"] {
            #expect(location.contains(schema))
        }
        let xml = manifest()
        #expect(xml.contains(#"xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2""#))
        #expect(xml.contains("<schema>ADL SCORM</schema>"))
        #expect(xml.contains("<schemaversion>1.2</schemaversion>"))
    }

    @Test func hasOneDefaultOrganizationWithAnItemPerSCO() throws {
        let document = try parse(manifest())
        let organizations = try nodes(document, "/*[local-name()='manifest']/*[local-name()='organizations']")
        #expect(organizations.count == 1)
        let organization = try nodes(document, "//*[local-name()='organization']")
        #expect(organization.count == 1)
        #expect(attribute(organizations[0], "default") == attribute(organization[0], "identifier"))

        let itemNodes = try nodes(document, "//*[local-name()='item']")
        #expect(itemNodes.count == 2)
        let resources = try nodes(document, "//*[local-name()='resource']")
        let resourceIDs = Set(resources.compactMap { attribute($0, "identifier") })
        for item in itemNodes {
            let reference = try #require(attribute(item, "identifierref"))
            #expect(resourceIDs.contains(reference))
        }
        let titles = try nodes(document, "//*[local-name()='item']/*[local-name()='title']").map { $0.stringValue ?? "" }
        #expect(titles == ["Pojemniki & worki <kolory>", "Test \"końcowy\""])
        let scores = try nodes(document, "//*[local-name()='masteryscore']").map { $0.stringValue ?? "" }
        #expect(scores == ["80", "80"])
    }

    @Test func leavesOutMasteryScoreWhenThereIsNone() throws {
        let document = try parse(manifest(masteryScore: nil))
        #expect(try nodes(document, "//*[local-name()='masteryscore']").isEmpty)
    }

    @Test func listsEveryFileOnceAndEachSCOItsLaunchFile() throws {
        let document = try parse(manifest())
        let resources = try nodes(document, "//*[local-name()='resource']")
        #expect(resources.count == 3)
        let scos = resources.filter { attribute($0, "adlcp:scormtype") == "sco" }
        #expect(scos.count == 2)
        #expect(scos.allSatisfy { attribute($0, "type") == "webcontent" })
        #expect(scos.map { attribute($0, "href") } == ["courses/segregacja/pojemniki.html", "courses/segregacja/test.html"])
        let asset = try #require(resources.first { attribute($0, "adlcp:scormtype") == "asset" })
        let listed = (asset.children ?? []).compactMap { attribute($0, "href") }
        #expect(listed == ["assets/img/%C5%BC%C3%B3%C5%82w%20%26%20co.png", "courses/segregacja/pojemniki.html",
                           "courses/segregacja/test.html", "index.html"])
        let dependencies = try nodes(document, "//*[local-name()='dependency']").map { attribute($0, "identifierref") }
        #expect(dependencies == [attribute(asset, "identifier"), attribute(asset, "identifier")])
    }

    @Test func escapesTextAndAttributes() throws {
        let xml = manifest()
        #expect(xml.contains("<title>Segregacja &amp; recykling</title>"))
        #expect(xml.contains("Pojemniki &amp; worki &lt;kolory&gt;"))
        #expect(!xml.contains("<kolory>"))
        #expect(xml.contains("Urząd \"Miasta\" &lt;Przykładowo&gt;"))
        let hostile = ScormManifest.xml(bundle: "a\"b<c>&d", title: "x", organisation: nil,
                                        items: [("i\"&<", "t", "p\"q&.html")], masteryScore: nil, files: [])
        let document = try parse(hostile)
        let root = try #require(document.rootElement())
        let identifier = try #require(attribute(root, "identifier"))
        #expect(identifier == "a_b_c__d", "identifiers are made NCNames")
        let resource = try #require(try nodes(document, "//*[local-name()='resource']").first)
        #expect(attribute(resource, "href") == "p%22q%26.html")
        #expect(ScormManifest.attribute("a\"&<'\n") == "\"a&quot;&amp;&lt;&apos;&#10;\"")
        #expect(ScormManifest.text("\u{1}a&b") == "a&amp;b", "characters XML forbids are dropped")
    }

    @Test func identifiersAreValidAndUnique() throws {
        let clashing: [(identifier: String, title: String, href: String)] = [
            ("1 intro", "A", "a.html"), ("1_intro", "B", "b.html"), ("files", "C", "c.html"),
        ]
        let xml = ScormManifest.xml(bundle: "7 days", title: "T", organisation: nil, items: clashing,
                                    masteryScore: nil, files: ["a.html"])
        let document = try parse(xml)
        let identified = try nodes(document, "//*[@identifier]").compactMap { attribute($0, "identifier") }
        #expect(Set(identified).count == identified.count, "\(identified)")
        let ncName = #/^[A-Za-z_][A-Za-z0-9._-]*$/#
        for identifier in identified {
            #expect(identifier.wholeMatch(of: ncName) != nil, "\(identifier)")
        }
    }

    @Test func cutsTitlesToTheSchemaLength() throws {
        let long = String(repeating: "ż", count: 250)
        let xml = ScormManifest.xml(bundle: "b", title: long, organisation: nil, items: [("i", long, "a.html")],
                                    masteryScore: nil, files: [])
        let document = try parse(xml)
        let titles = try nodes(document, "//*[local-name()='title' and not(contains(name(), 'imsmd'))]")
        #expect(!titles.isEmpty)
        #expect(titles.allSatisfy { ($0.stringValue ?? "").unicodeScalars.count == 200 })
    }

    @Test func namesThePublisherOnlyWhenThereIsOne() throws {
        #expect(manifest().contains("ORG:Urząd"))
        for organisation in [nil, "", "  "] as [String?] {
            let xml = ScormManifest.xml(bundle: "b", title: "T", organisation: organisation, items: [("i", "t", "a.html")],
                                        masteryScore: nil, files: ["a.html"])
            #expect(!xml.contains("vcard"))
            _ = try parse(xml)
        }
    }

    @Test func isDeterministic() {
        #expect(manifest() == manifest())
    }

    /// With `SZPON_SCORM_XSD_DIR` naming a folder that holds imscp_rootv1p1p2.xsd,
    /// adlcp_rootv1p2.xsd, imsmd_rootv1p2p1.xsd and ims_xml.xsd, every variant of the
    /// manifest is validated with xmllint against them. `make test` sets it to the
    /// schemas tests/tools/scorm12_schemas.py fetches.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SZPON_SCORM_XSD_DIR"] != nil && toolExists("xmllint")))
    func validatesAgainstTheScorm12Schemas() throws {
        let schemas = URL(fileURLWithPath: ProcessInfo.processInfo.environment["SZPON_SCORM_XSD_DIR"]!)
        let folder = try TemporaryFolder()
        let driver = folder.file("driver.xsd")
        let imports = [
            ("http://www.imsproject.org/xsd/imscp_rootv1p1p2", "imscp_rootv1p1p2.xsd"),
            ("http://www.adlnet.org/xsd/adlcp_rootv1p2", "adlcp_rootv1p2.xsd"),
            ("http://www.imsglobal.org/xsd/imsmd_rootv1p2p1", "imsmd_rootv1p2p1.xsd"),
        ].map { #"<xsd:import namespace="\#($0.0)" schemaLocation="\#(schemas.appendingPathComponent($0.1).path)"/>"# }
        try Data(("""
            <?xml version="1.0" encoding="UTF-8"?>
            <xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:szpon:driver">
            \(imports.joined(separator: "\n"))
            </xsd:schema>
            """).utf8).write(to: driver)

        let variants = [
            manifest(),
            manifest(masteryScore: nil),
            ScormManifest.xml(bundle: "7 dni", title: String(repeating: "ż", count: 300), organisation: nil,
                              items: [("1", "A", "a b.html")], masteryScore: 150, files: ["a b.html"]),
            ScormManifest.xml(bundle: "empty", title: "Nic", organisation: "Ośrodek; \\ \"X\", Y",
                              items: [], masteryScore: nil, files: []),
        ]
        for (index, xml) in variants.enumerated() {
            let file = folder.file("imsmanifest-\(index).xml")
            try Data(xml.utf8).write(to: file)
            let result = try run("sh", ["-c", "xmllint --noout --schema '\(driver.path)' '\(file.path)' 2>&1"])
            #expect(result.status == 0, "\(result.output)\n\(xml)")
        }
    }
}
