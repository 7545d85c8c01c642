import Foundation
import Testing
@testable import SzponStore

@Suite("Roster CSV files")
struct RosterFileTests {
    func read(_ text: String, bom: Bool = false) -> RosterFile {
        RosterFile(data: (bom ? Data([0xEF, 0xBB, 0xBF]) : Data()) + Data(text.utf8), file: "roster.csv")
    }

    func messages(_ roster: RosterFile) -> [String] { roster.errors.map(\.description) }

    @Test("a BOM before the header is not part of the first column's name")
    func bom() {
        let roster = read("id,name,roles\n1001,Anna Nowak,admin\n", bom: true)
        #expect(messages(roster) == [])
        #expect(roster.rows == [RosterRow(id: "1001", name: "Anna Nowak", roles: [.admin], line: 2)])
    }

    @Test("; as Polish Excel writes it, columns in any order, | lists, empty optional fields")
    func semicolons() {
        let roster = read("""
            groups;roles;name;id;email;office;department
            kadry|redaktorzy-www;official|admin;Anna Nowak;1001;anna@um.example;UM Przykładowo;
            """)
        #expect(roster.separator == ";")
        #expect(messages(roster) == [])
        #expect(roster.rows == [RosterRow(id: "1001", name: "Anna Nowak", email: "anna@um.example", office: "UM Przykładowo",
                                          roles: [.admin, .official], groups: ["kadry", "redaktorzy-www"], line: 2)])
    }

    @Test("quoted fields hold separators and line breaks; later lines are still counted right")
    func quoted() {
        let roster = read("""
            id;name;office;roles
            1001;"Nowak; Anna";"UM Przykładowo
            Wydział ""Promocji\"\"";official
            1002;;UM;teacher
            """)
        #expect(messages(roster) == ["roster.csv:4: error: missing name for id '1002'"])
        let records = try? RosterFile.records("id;name\n1;\"a;\nb\"\n2;c\n", separator: ";")
        #expect(records?.map(\.line) == [1, 2, 4])
        #expect(records?[1].fields == ["1", "a;\nb"])
    }

    @Test("a valid file with quoted separators and line breaks keeps them as single-line values")
    func quotedValues() {
        let roster = read("id,name,office\r\n1001,\"Nowak, Anna\",\"UM Przykładowo\r\nWydział Promocji\"\r\n")
        #expect(messages(roster) == [])
        #expect(roster.rows.first?.name == "Nowak, Anna")
        #expect(roster.rows.first?.office == "UM Przykładowo Wydział Promocji")
    }

    @Test("Polish and other non-ASCII names are kept exactly")
    func polishNames() {
        let names = ["Żaneta Źrebiec-Łęcka", "Józef Ćwikliński", "Ąśćęłńóźż ĄŚĆĘŁŃÓŹŻ", "Zoë Ångström"]
        let text = "id;name\n" + names.enumerated().map { "\($0.offset + 1);\($0.element)" }.joined(separator: "\n")
        let roster = read(text)
        #expect(messages(roster) == [])
        #expect(roster.rows.map(\.name) == names)
    }

    @Test("CRLF line ends read like LF, and lines are counted the same")
    func crlf() {
        let text = "id,name,roles\n1,Anna,admin\n2,Jan,boss\n"
        let lf = read(text)
        let crlf = read(text.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(messages(crlf) == ["roster.csv:3: error: unknown role 'boss'; valid roles: admin, official, teacher, learner"])
        #expect(messages(lf) == messages(crlf))
        #expect(read("id,name\r\n1,Anna\r\n2,Jan").rows.map(\.line) == [2, 3])
    }

    @Test("a duplicate id names the line it first appeared on")
    func duplicateIDs() {
        let roster = read("id,name\n7,Anna\n8,Jan\n7,Ewa\n")
        #expect(messages(roster) == ["roster.csv:4: error: duplicate id '7' (first on line 2)"])
        #expect(roster.rows.isEmpty)
    }

    @Test("an empty file, a header alone, a missing column")
    func emptyAndHeaders() {
        #expect(messages(read("")) == [
            "roster.csv:1: error: the file is empty; a roster starts with the header line id,name,email,office,department,roles,groups",
        ])
        #expect(messages(read("", bom: true)).count == 1)
        #expect(messages(read("id;name;roles\r\n")) == ["roster.csv:1: error: the roster has a header but no people"])
        #expect(messages(read("id,email\n1,a@b.pl\n")) == [
            "roster.csv:1: error: the header lacks the required column 'name' (found: id,email)",
        ])
        #expect(messages(read("numer,nazwisko\n1,A\n")) == [
            "roster.csv:1: error: the header lacks the required columns 'id' and 'name' (found: numer,nazwisko)",
        ])
    }

    @Test("unknown columns are ignored with a warning")
    func extraColumns() {
        let roster = read("id,name,telefon\n1,Anna,600100200\n")
        #expect(messages(roster) == [])
        #expect(roster.warnings.map(\.description) == [
            "roster.csv:1: warning: column 'telefon' is not a roster column; ignored "
                + "(columns: id, name, email, office, department, roles, groups)",
        ])
        #expect(roster.rows.count == 1)
    }

    @Test("every bad row is reported, and then no row is valid")
    func everyBadRow() {
        let roster = read("""
            id;name;email;roles
            1;Anna;anna@um.example;admin
            ;Jan;;learner
            3;;;learner
            4;Ewa;ewa@;learner
            5;Olek;;dyrektor|teacher
            44051401359;Pesel Person;;learner
            6;Zofia;;Teacher
            """)
        #expect(messages(roster) == [
            "roster.csv:3: error: missing id",
            "roster.csv:4: error: missing name for id '3'",
            "roster.csv:5: error: bad email 'ewa@'",
            "roster.csv:6: error: unknown role 'dyrektor'; valid roles: admin, official, teacher, learner",
            "roster.csv:7: error: the id is a PESEL; ids must be employee or pupil numbers, never a PESEL",
        ])
        #expect(roster.rows.isEmpty)
    }

    @Test("PESEL: eleven digits with a valid check digit; other numbers are fine")
    func pesel() {
        #expect(RosterFile.isPESEL("44051401359"))
        #expect(RosterFile.isPESEL("02070803628"))
        #expect(!RosterFile.isPESEL("44051401358"))
        #expect(!RosterFile.isPESEL("4405140135"))
        #expect(!RosterFile.isPESEL("4405140135a"))
        #expect(read("id,name\n44051401358,Anna\n").isValid)
    }

    @Test("blank lines are skipped but counted; too many fields are an error")
    func blankLinesAndFields() {
        let roster = read("id,name\n\n1,Anna\n\n2,Jan,extra\n")
        #expect(messages(roster) == [
            "roster.csv:5: error: the row has 3 fields but the header has 2; quote a value that holds ','",
        ])
    }

    @Test("a file that is not UTF-8 is refused")
    func notUTF8() {
        // "Łukasz" in Windows-1250, as an old Excel saves it.
        let roster = RosterFile(data: Data("id;name\n1;".utf8) + Data([0xA3]) + Data("ukasz\n".utf8), file: "roster.csv")
        #expect(messages(roster) == ["roster.csv:1: error: the file is not UTF-8 text; save it from Excel as \"CSV UTF-8\""])
    }

    @Test("the demo roster is valid")
    func demoRoster() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples/roster.csv")
        let roster = try RosterFile.read(contentsOf: path.standardizedFileURL.path)
        #expect(roster.errors.isEmpty)
        #expect(roster.warnings.isEmpty)
        #expect(roster.separator == ";")
        #expect(roster.rows.count >= 12)
        #expect(Set(roster.rows.flatMap(\.roles)) == Set(PersonRole.allCases))
    }
}
