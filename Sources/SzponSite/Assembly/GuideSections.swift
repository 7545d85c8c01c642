import SzponContent

/// The fixed sections of an office guide page and their anchors. The anchors are part
/// of the content format (authors link to `wymiana-dowodu.md#oplaty`), so they are fixed
/// here per language rather than derived from a theme's headings.
public enum GuideSections {
    public enum Section: String, CaseIterable, Sendable {
        case audience, documents, fees, location, attachments, booking
    }

    static let ids: [String: [Section: String]] = [
        "pl": [.audience: "dla-kogo", .documents: "dokumenty", .fees: "oplaty", .location: "gdzie-zalatwic",
               .attachments: "zalaczniki", .booking: "rezerwacja"],
        "en": [.audience: "who-is-it-for", .documents: "documents", .fees: "fees", .location: "where-to-go",
               .attachments: "attachments", .booking: "booking"],
    ]

    public static func id(_ section: Section, language: String) -> String {
        (ids[language] ?? ids["pl"]!)[section]!
    }

    /// The sections a guide actually shows.
    public static func present(in guide: Guide) -> [Section] {
        Section.allCases.filter { section in
            switch section {
            case .audience: return !(guide.meta.audience ?? "").isEmpty
            case .documents: return !(guide.meta.documents ?? []).isEmpty
            case .fees: return !(guide.meta.fees ?? []).isEmpty
            case .location: return guide.meta.location != nil
            case .attachments: return !(guide.meta.attachments ?? []).isEmpty
            case .booking: return guide.booking != nil
            }
        }
    }

    static func anchors(for guide: Guide, language: String) -> Set<String> {
        Set(present(in: guide).map { id($0, language: language) })
    }
}
