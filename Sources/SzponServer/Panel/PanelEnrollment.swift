import Foundation
import Hummingbird
import SzponStore

/// Kursy obowiązkowe (Required courses): enrollment per group and course, and each
/// person's state, for admins and officials (every group) and teachers (their own groups
/// only; another group is refused with 403). "Moje kursy" shows a person their own
/// assignments. Overdue is written out, never shown by colour alone.
extension PanelController {
    /// The groups the viewer may see: nil for every group.
    func visibleGroups(_ viewer: PanelViewer) -> Set<String>? {
        if viewer.roles.contains(.admin) || viewer.roles.contains(.official) { return nil }
        return Set(viewer.person?.groups ?? [])
    }

    var courses: [ServerManifest.Course] { labels.book.manifest.courses }

    func enrollment(_ request: Request, viewer: PanelViewer, csv: Bool) async throws -> Response {
        let group = request.uri.queryParameters["group"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let visible = visibleGroups(viewer)
        if let group, let visible, !visible.contains(group) {
            return PanelPages.response(.forbidden, pages.forbidden(viewer: viewer))
        }
        let now = Date()
        var entries = try await store.enrollment(group: group, personID: nil, courses: courses, now: now)
        if let visible { entries = entries.filter { !visible.isDisjoint(with: $0.groups) } }
        let titles = Dictionary(courses.map { ($0.slug, $0.title) }, uniquingKeysWith: { first, _ in first })
        if csv {
            let name = "szpon-enrollment\(group.map { "-" + AdminController.fileNamePart($0) } ?? "").csv"
            return Response(status: .ok,
                            headers: [.contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                                      .contentDisposition: "attachment; filename=\"\(name)\""],
                            body: .init(byteBuffer: ByteBuffer(string: EnrollmentCSV.render(entries, titles: titles))))
        }
        var summaries = EnrollmentSummary.summarise(entries, courseOrder: courses.map(\.slug))
        if let group { summaries = summaries.filter { $0.group == group } }
        if let visible { summaries = summaries.filter { visible.contains($0.group) } }
        return PanelPages.response(.ok, pages.enrollment(summaries: summaries, people: group == nil ? [] : entries,
                                                         group: group, titles: titles, viewer: viewer))
    }

    /// The hook `PanelCourses` calls: the signed-in person's assignments, soonest due first.
    func assignedCourses(viewer: PanelViewer) async throws -> [[String: Any]]? {
        guard let person = viewer.person else { return nil }
        let entries = try await store.enrollment(group: nil, personID: person.id, courses: courses, now: Date())
        let strings = pages.theme.strings(for: "staff/panel-courses")
        let titles = Dictionary(courses.map { ($0.slug, $0.title) }, uniquingKeysWith: { first, _ in first })
        let format = ReportFormat(language: settings.language)
        return entries.sorted { ($0.dueAt ?? .distantFuture, $0.course) < ($1.dueAt ?? .distantFuture, $1.course) }.map { entry in
            ["title": titles[entry.course] ?? entry.course,
             "href": "/courses/\(PanelPages.pathPart(entry.course))/",
             "due": entry.dueAt.map { format.date($0) } ?? "—",
             "status": PanelPages.statusText(entry, strings: strings)]
        }
    }
}

extension PanelPages {
    /// A person's state in a course, in words: "ukończony", "w trakcie (1 z 2 lekcji)",
    /// "nie rozpoczęty", with "po terminie" added when overdue and "zaliczony" when passed.
    static func statusText(_ entry: EnrollmentEntry, strings: [String: String]) -> String {
        func t(_ key: String) -> String { strings[key] ?? key }
        var parts: [String] = []
        switch entry.status {
        case .completed: parts.append(t("staff_enrollment_completed"))
        case .started:
            parts.append(t("staff_enrollment_started_of")
                .replacingOccurrences(of: "{done}", with: String(entry.lessonsDone))
                .replacingOccurrences(of: "{total}", with: String(entry.lessonsTotal)))
        case .notStarted: parts.append(t("staff_enrollment_not_started"))
        }
        if entry.passed { parts.append(t("staff_enrollment_passed")) }
        if entry.overdue { parts.append(t("staff_enrollment_overdue")) }
        return parts.joined(separator: ", ")
    }

    func enrollment(summaries: [EnrollmentSummary], people: [EnrollmentEntry], group: String?,
                    titles: [String: String], viewer: PanelViewer) -> String {
        let format = ReportFormat(language: theme.language)
        return signedIn("staff/panel-enrollment", titleKey: "staff_panel_enrollment", viewer: viewer, current: .enrollment) { strings in
            let query = group.map { "?group=" + (Self.pathPart($0)) } ?? ""
            return [
                "group": group ?? "",
                "csvHref": "/panel/enrollment.csv" + query,
                "summaries": summaries.map { s -> [String: Any] in
                    ["group": s.group, "groupHref": "/panel/enrollment?group=" + Self.pathPart(s.group),
                     "course": titles[s.course] ?? s.course, "assigned": s.assigned, "completed": s.completed,
                     "passed": s.passed, "started": s.started, "notStarted": s.notStarted, "overdue": s.overdue]
                },
                "people": people.map { e -> [String: Any] in
                    ["id": e.personID, "name": e.name, "course": titles[e.course] ?? e.course,
                     "due": e.dueAt.map { format.date($0) } ?? "—", "status": Self.statusText(e, strings: strings),
                     "overdue": e.overdue]
                },
            ]
        }
    }
}
