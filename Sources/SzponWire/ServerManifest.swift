import Foundation

/// Everything `szpon serve` must know about a built site, in one typed, versioned file
/// that `szpon build` writes beside the site (`.szpon/server.json`, never inside the
/// published folder) and the server, `szpon report`, `szpon import results` and
/// `szpon bundle` read (docs/learning.md, "The server manifest"):
///
/// ```json
/// {"format": "szpon-server-manifest", "version": 1, "site": "…", "language": "pl", "title": "…",
///  "content_hash": "…", "ingest_origins": ["null"],
///  "quizzes": {"<quiz id>": {"current": "<hash>", "course": "…", "page": "…", "pass": 60,
///                             "versions": {"<hash>": {<quiz with key, as score.js reads it>}}}},
///  "surveys": {"<survey id>": {"current": "<hash>", "page": "…", "versions": {"<hash>": {…}}}},
///  "courses": [{"slug": "…", "title": "…", "passing_score": 60,
///               "lessons": [{"slug": "…", "title": "…", "page": "…", "required": true, "quizzes": ["…"]}]}],
///  "booking_rules": {"<guide slug>": {"title": "…", "page": "…", "desks": 1, "slot_minutes": 15,
///                                     "hours": {"mon": [{"start": 480, "end": 960}]}, "exceptions": []}},
///  "events": [], "badges": []}
/// ```
///
/// Every quiz and survey version ever built stays (keyed by content hash), merged from
/// the previous manifest, so an attempt made against an older version is still scored
/// with its own key. The answer keys file of szpon before the manifest
/// (`.szpon/answer-keys.json`, "szpon-answer-keys" version 1) still loads, converted.
public struct ServerManifest: Sendable, Hashable, Codable {
    /// The `format` of every manifest.
    public static let format = "szpon-server-manifest"
    /// The schema version this szpon writes, and the newest it reads.
    public static let currentVersion = 1
    /// The `format` of the answer keys file written before the manifest, read for as long
    /// as servers may still hold one.
    public static let legacyKeysFormat = "szpon-answer-keys"
    /// The folder beside the site, and the names in it.
    public static let folder = ".szpon"
    public static let fileName = "server.json"
    public static let legacyKeysFileName = "answer-keys.json"

    public var format: String
    public var version: Int
    /// The site id (`id` in site.yaml); nil only in the empty manifest of a site not yet built.
    public var site: String?
    public var language: String
    public var title: String
    /// A hash of this build's manifest (without older versions): the same content gives
    /// the same hash. nil in a manifest converted from an answer keys file.
    public var contentHash: String?
    /// The origins the site accepts records from across origins (`ingest_origins`).
    public var ingestOrigins: [String]
    /// By quiz id.
    public var quizzes: [String: QuizKeys]
    /// By survey id.
    public var surveys: [String: SurveyVersions]
    /// The courses in order, each with its lessons in order.
    public var courses: [Course]
    /// By guide slug: the guides that take appointments.
    public var bookingRules: [String: BookingRules]
    public var events: [Event]
    public var badges: [Badge]

    /// A manifest of this version; everything not given is empty.
    public init(site: String?, language: String = "pl", title: String = "", contentHash: String? = nil,
                ingestOrigins: [String] = [], quizzes: [String: QuizKeys] = [:], surveys: [String: SurveyVersions] = [:],
                courses: [Course] = [], bookingRules: [String: BookingRules] = [:], events: [Event] = [], badges: [Badge] = []) {
        format = Self.format
        version = Self.currentVersion
        self.site = site
        self.language = language
        self.title = title
        self.contentHash = contentHash
        self.ingestOrigins = ingestOrigins
        self.quizzes = quizzes
        self.surveys = surveys
        self.courses = courses
        self.bookingRules = bookingRules
        self.events = events
        self.badges = badges
    }

    /// What a server has before the first build: no site, so records of any site are
    /// taken, and no keys, so every attempt is an unknown version until an admin rescores.
    public static let empty = ServerManifest(site: nil)

    enum CodingKeys: String, CodingKey {
        case format, version, site, language, title, quizzes, surveys, courses, events, badges
        case contentHash = "content_hash"
        case ingestOrigins = "ingest_origins"
        case bookingRules = "booking_rules"
    }

    /// Every part but `format` and `version` may be missing and reads as empty: a part
    /// added to the schema later is absent from the files of older szpon, which still load.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(String.self, forKey: .format)
        version = try c.decode(Int.self, forKey: .version)
        site = try c.decodeIfPresent(String.self, forKey: .site)
        language = try c.decodeIfPresent(String.self, forKey: .language) ?? "pl"
        title = try c.decodeIfPresent(String.self, forKey: .title) ?? ""
        contentHash = try c.decodeIfPresent(String.self, forKey: .contentHash)
        ingestOrigins = try c.decodeIfPresent([String].self, forKey: .ingestOrigins) ?? []
        quizzes = try c.decodeIfPresent([String: QuizKeys].self, forKey: .quizzes) ?? [:]
        surveys = try c.decodeIfPresent([String: SurveyVersions].self, forKey: .surveys) ?? [:]
        courses = try c.decodeIfPresent([Course].self, forKey: .courses) ?? []
        bookingRules = try c.decodeIfPresent([String: BookingRules].self, forKey: .bookingRules) ?? [:]
        events = try c.decodeIfPresent([Event].self, forKey: .events) ?? []
        badges = try c.decodeIfPresent([Badge].self, forKey: .badges) ?? []
    }
}

// MARK: - The parts

extension ServerManifest {
    /// Every built version of one quiz, with its key.
    public struct QuizKeys: Sendable, Hashable, Codable {
        /// The hash of the version last built.
        public var current: String
        /// The slug of the course whose page holds the quiz; nil outside courses.
        public var course: String?
        /// The page that holds it, relative to the site.
        public var page: String
        /// The effective passing score of the current version, in percent: the quiz's own
        /// `pass`, else its course's `passing_score`; nil when it has neither.
        public var pass: Int?
        /// By content hash: the quiz with its key, feedback and question texts, in the shape
        /// the page carries outside exam mode (`score.js` and `Scorer` read it).
        public var versions: [String: JSONValue]

        public init(current: String, course: String? = nil, page: String, pass: Int? = nil, versions: [String: JSONValue]) {
            self.current = current
            self.course = course
            self.page = page
            self.pass = pass
            self.versions = versions
        }
    }

    /// Every built version of one survey, for labelling its answers in reports.
    public struct SurveyVersions: Sendable, Hashable, Codable {
        public var current: String
        public var page: String
        public var versions: [String: SurveyDefinition]

        public init(current: String, page: String, versions: [String: SurveyDefinition]) {
            self.current = current
            self.page = page
            self.versions = versions
        }
    }

    /// What reports need to label a survey's answers: texts, options, rows and columns.
    public struct SurveyDefinition: Sendable, Hashable, Codable {
        public var id: String
        public var title: String
        public var anonymous: Bool
        public var questions: [SurveyQuestion]

        public init(id: String, title: String, anonymous: Bool, questions: [SurveyQuestion]) {
            self.id = id
            self.title = title
            self.anonymous = anonymous
            self.questions = questions
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            title = try c.decodeIfPresent(String.self, forKey: .title) ?? ""
            anonymous = try c.decodeIfPresent(Bool.self, forKey: .anonymous) ?? false
            questions = try c.decodeIfPresent([SurveyQuestion].self, forKey: .questions) ?? []
        }
    }

    public struct SurveyQuestion: Sendable, Hashable, Codable {
        public var id: String
        /// likert, rating, single, multiple, text or matrix.
        public var type: String
        /// Markdown.
        public var text: String
        public var required: Bool
        /// Points of a rating scale.
        public var scale: Int?
        /// Written only when not empty.
        public var options: [String]
        public var rows: [String]
        public var columns: [String]

        public init(id: String, type: String, text: String, required: Bool, scale: Int? = nil,
                    options: [String] = [], rows: [String] = [], columns: [String] = []) {
            self.id = id
            self.type = type
            self.text = text
            self.required = required
            self.scale = scale
            self.options = options
            self.rows = rows
            self.columns = columns
        }

        enum CodingKeys: String, CodingKey {
            case id, type, text, required, scale, options, rows, columns
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            type = try c.decodeIfPresent(String.self, forKey: .type) ?? ""
            text = try c.decodeIfPresent(String.self, forKey: .text) ?? id
            required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? false
            scale = try c.decodeIfPresent(Int.self, forKey: .scale)
            options = try c.decodeIfPresent([String].self, forKey: .options) ?? []
            rows = try c.decodeIfPresent([String].self, forKey: .rows) ?? []
            columns = try c.decodeIfPresent([String].self, forKey: .columns) ?? []
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(type, forKey: .type)
            try c.encode(text, forKey: .text)
            try c.encode(required, forKey: .required)
            try c.encodeIfPresent(scale, forKey: .scale)
            if !options.isEmpty { try c.encode(options, forKey: .options) }
            if !rows.isEmpty { try c.encode(rows, forKey: .rows) }
            if !columns.isEmpty { try c.encode(columns, forKey: .columns) }
        }
    }

    /// A course and its lessons, in the author's order.
    public struct Course: Sendable, Hashable, Codable {
        public var slug: String
        public var title: String
        /// The course's `passing_score`, the default of its quizzes.
        public var passingScore: Int?
        public var lessons: [Lesson]
        /// `code` when the course asks learners for their learner code (`identify: code`);
        /// absent in anonymous courses and in manifests of szpon before learner codes.
        public var identify: String?
        /// Who must take the course: the server assigns it to the people this rule matches.
        /// Absent for courses no one is assigned (no audience, or only descriptive text).
        public var audience: CourseAudience?
        /// Days to complete the course from when it was assigned.
        public var dueDays: Int?

        public init(slug: String, title: String, passingScore: Int? = nil, lessons: [Lesson], identify: String? = nil,
                    audience: CourseAudience? = nil, dueDays: Int? = nil) {
            self.slug = slug
            self.title = title
            self.passingScore = passingScore
            self.lessons = lessons
            self.identify = identify
            self.audience = audience
            self.dueDays = dueDays
        }

        enum CodingKeys: String, CodingKey {
            case slug, title, lessons, identify, audience
            case passingScore = "passing_score"
            case dueDays = "due_days"
        }
    }

    public struct Lesson: Sendable, Hashable, Codable {
        public var slug: String
        public var title: String
        public var page: String
        /// The lesson must be completed for the course to be: every lesson, today.
        public var required: Bool
        /// The ids of the lesson's quizzes, in page order (their passing scores are in `quizzes`).
        public var quizzes: [String]

        public init(slug: String, title: String, page: String, required: Bool = true, quizzes: [String] = []) {
            self.slug = slug
            self.title = title
            self.page = page
            self.required = required
            self.quizzes = quizzes
        }
    }

    /// When a guide's matter can be booked (`booking:` in its front matter): desks, weekly
    /// hours, slot length and exceptions. Times are minutes since midnight.
    public struct BookingRules: Sendable, Hashable, Codable {
        public struct TimeRange: Sendable, Hashable, Codable {
            public var start: Int
            public var end: Int

            public init(start: Int, end: Int) {
                self.start = start
                self.end = end
            }
        }

        public struct Exception: Sendable, Hashable, Codable {
            /// `YYYY-MM-DD`.
            public var date: String
            /// Empty when the office is closed that day.
            public var hours: [TimeRange]

            public init(date: String, hours: [TimeRange]) {
                self.date = date
                self.hours = hours
            }
        }

        /// The guide's title and page, to name the matter.
        public var title: String
        public var page: String
        public var desks: Int
        public var slotMinutes: Int
        /// Keyed by `mon` … `sun`.
        public var hours: [String: [TimeRange]]
        /// Sorted by date.
        public var exceptions: [Exception]

        public init(title: String, page: String, desks: Int, slotMinutes: Int, hours: [String: [TimeRange]], exceptions: [Exception]) {
            self.title = title
            self.page = page
            self.desks = desks
            self.slotMinutes = slotMinutes
            self.hours = hours
            self.exceptions = exceptions
        }

        enum CodingKeys: String, CodingKey {
            case title, page, desks, hours, exceptions
            case slotMinutes = "slot_minutes"
        }
    }

    /// An event learners can register for. There is no event content yet, so the list is empty.
    public struct Event: Sendable, Hashable, Codable {
        public var id: String
        public var title: String
        /// ISO 8601 date-times.
        public var start: String
        public var end: String
        /// Places; registrations past it are refused.
        public var capacity: Int

        public init(id: String, title: String, start: String, end: String, capacity: Int) {
            self.id = id
            self.title = title
            self.start = start
            self.end = end
            self.capacity = capacity
        }
    }

    /// A badge and what earns it. There is no badge content yet, so the list is empty.
    public struct Badge: Sendable, Hashable, Codable {
        public struct Criterion: Sendable, Hashable, Codable {
            public enum Kind: String, Sendable, Hashable, Codable {
                /// Every required lesson of the course (`id`: its slug) completed.
                case courseCompleted = "course_completed"
                /// The quiz (`id`) passed.
                case quizPassed = "quiz_passed"
            }

            public var kind: Kind
            public var id: String

            public init(kind: Kind, id: String) {
                self.kind = kind
                self.id = id
            }
        }

        public var id: String
        public var title: String
        /// All of them earn the badge.
        public var criteria: [Criterion]

        public init(id: String, title: String, criteria: [Criterion]) {
            self.id = id
            self.title = title
            self.criteria = criteria
        }
    }
}

// MARK: - Building

extension ServerManifest {
    /// Sets `contentHash` to the hash of this manifest without it. Call it on a build's own
    /// manifest, before `merged(over:)` adds older versions.
    public mutating func stampContentHash() {
        contentHash = nil
        contentHash = ContentHash.of(self)
    }

    /// This build's manifest over the one before it: every quiz and survey version of
    /// either is kept (this build's `current` wins, and quizzes and surveys this build no
    /// longer has stay, so their late attempts still score). Everything else is this
    /// build's, except that a `partial` build (`szpon bundle`, a few courses) keeps the
    /// previous manifest's other courses.
    public func merged(over previous: ServerManifest, partial: Bool = false) -> ServerManifest {
        var result = self
        for (id, old) in previous.quizzes {
            guard var entry = result.quizzes[id] else {
                result.quizzes[id] = old
                continue
            }
            entry.versions.merge(old.versions) { new, _ in new }
            result.quizzes[id] = entry
        }
        for (id, old) in previous.surveys {
            guard var entry = result.surveys[id] else {
                result.surveys[id] = old
                continue
            }
            entry.versions.merge(old.versions) { new, _ in new }
            result.surveys[id] = entry
        }
        if partial {
            let built = Set(courses.map(\.slug))
            result.courses = (courses + previous.courses.filter { !built.contains($0.slug) }).sorted { $0.slug < $1.slug }
        }
        return result
    }
}
