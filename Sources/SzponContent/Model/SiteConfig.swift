/// `content/site.yaml`.
public struct SiteConfig: Sendable, Hashable, Decodable {
    /// Namespaces the learner's data in the browser and names the site in every record.
    public var id: String?
    public var title: String?
    public var language: String?
    public var organisation: String?
    public var description: String?
    public var ingestURL: String?
    /// Origins allowed to sync across origins: "null" for pages opened from file://,
    /// or "https://intranet.example" for a copy of the site served elsewhere.
    public var ingestOrigins: [String]?
    public var accessibility: AccessibilityInfo?
    /// `checks: {links: warning, headings: warning}`: how strict the link and heading checks are.
    public var checks: CheckLevels?

    enum CodingKeys: String, CodingKey {
        case id, title, language, organisation, description, accessibility, checks
        case ingestURL = "ingest_url"
        case ingestOrigins = "ingest_origins"
    }

    public static let languages = ["pl", "en"]

    /// `id`, else the title, as a slug; stable as long as neither changes.
    public var siteID: String {
        let slug = TextFolding.slug(id ?? title ?? "")
        return slug.isEmpty ? "szpon" : slug
    }

    public static let schema = KeySchema.mapping([
        "id": .value, "title": .value, "language": .value, "organisation": .value, "description": .value,
        "ingest_url": .value, "ingest_origins": .value, "accessibility": AccessibilityInfo.schema,
        "checks": .mapping(["links": .value, "headings": .value]),
    ])
}

/// How strict the checks that third-party Markdown most often fails are: broken links,
/// anchors and missing files (`links`), and skipped heading levels or a second `#`
/// (`headings`). `error` (the default) stops the build; `warning` reports and builds.
/// Problems that would break a page or lose data (quizzes, ids, YAML) stay errors.
public struct CheckLevels: Sendable, Hashable, Decodable {
    public var links: String?
    public var headings: String?

    public init(links: String? = nil, headings: String? = nil) {
        self.links = links
        self.headings = headings
    }

    public static let levels = ["error", "warning"]

    /// These levels, with any set in `overrides` (the command line's) taking precedence.
    public func overridden(by overrides: CheckLevels) -> CheckLevels {
        CheckLevels(links: overrides.links ?? links, headings: overrides.headings ?? headings)
    }

    public var linkSeverity: Diagnostic.Severity { links == "warning" ? .warning : .error }
    public var headingSeverity: Diagnostic.Severity { headings == "warning" ? .warning : .error }
}

/// The facts the Polish accessibility statement (deklaracja dostępności) must state.
public struct AccessibilityInfo: Sendable, Hashable, Decodable {
    public struct Contact: Sendable, Hashable, Decodable {
        public var name: String?
        public var email: String?
        public var phone: String?
    }

    public var published: String?
    public var updated: String?
    public var prepared: String?
    public var reviewed: String?
    public var method: String?
    public var assessor: String?
    public var status: String?
    public var nonCompliant: [String]?
    public var exemptions: [String]?
    public var contact: Contact?
    public var architecture: String?
    public var signLanguage: String?
    public var shortcuts: String?

    enum CodingKeys: String, CodingKey {
        case published, updated, prepared, reviewed, method, assessor, status, exemptions, contact, architecture, shortcuts
        case nonCompliant = "non_compliant"
        case signLanguage = "sign_language"
    }

    public static let statuses = ["full", "partial", "none"]
    public static let methods = ["self-assessment", "external"]

    static let schema = KeySchema.mapping([
        "published": .value, "updated": .value, "prepared": .value, "reviewed": .value,
        "method": .value, "assessor": .value, "status": .value, "non_compliant": .value,
        "exemptions": .value, "architecture": .value, "sign_language": .value, "shortcuts": .value,
        "contact": .mapping(["name": .value, "email": .value, "phone": .value]),
    ])
}
