import SzponStore

/// The panel's sections and which roles may open each. Every section's routes check this
/// on the server (`PanelController.guarded`); the navigation shows only what the viewer may
/// open, so a link never leads to a 403.
enum PanelSection: String, CaseIterable, Sendable {
    /// The report with its downloads and course filter.
    case results
    /// The roster.
    case people
    /// The audit log of what was done to people's data.
    case audit
    /// A teacher's own groups and their learners.
    case groups
    /// Enrollment per group and course (`PanelEnrollment`).
    case enrollment
    /// "Moje kursy": the courses assigned to the signed-in person.
    case courses

    var allowed: Set<PersonRole> {
        switch self {
        case .results: return [.admin, .official]
        case .people, .audit: return [.admin]
        case .groups: return [.teacher]
        case .enrollment: return [.admin, .official, .teacher]
        case .courses: return Set(PersonRole.allCases)
        }
    }

    var path: String { "/panel/\(rawValue)" }

    /// The i18n key of the section's name.
    var labelKey: String { "staff_panel_\(rawValue)" }
}

/// One navigation link, as the staff templates' `staff/panel-nav` partial shows it.
public struct StaffNavLink: Sendable {
    public var href: String
    public var label: String
    public var current: Bool
}
