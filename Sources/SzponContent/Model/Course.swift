/// A course: `courses/<slug>/course.md` plus its numbered lessons.
public struct Course: Sendable, Hashable {
    public var slug: String
    public var meta: CourseMeta
    public var intro: MarkdownSource
    public var lessons: [Lesson]

    public init(slug: String, meta: CourseMeta, intro: MarkdownSource, lessons: [Lesson]) {
        self.slug = slug
        self.meta = meta
        self.intro = intro
        self.lessons = lessons
    }
}

public struct CourseMeta: Sendable, Hashable, Decodable {
    public var title: String?
    public var summary: String?
    /// Who must take the course (`AudienceField`): a rule the server turns into assignments,
    /// or text that only describes the audience.
    public var audience: AudienceField?
    /// Days a person has to complete the course from when it was assigned to them.
    public var dueDays: Int?
    /// Estimated duration in minutes.
    public var duration: Int?
    /// Percent needed to pass the course's graded tests.
    public var passingScore: Int?
    /// How learners say who they are: `code` (a learner code from their teacher, typed once
    /// in the browser), or nil, the default: the course stays anonymous.
    public var identify: String?

    /// The only value of `identify` today.
    public static let identifyByCode = "code"

    /// Whether the course asks for a learner code.
    public var identifiesByCode: Bool { identify == Self.identifyByCode }

    enum CodingKeys: String, CodingKey {
        case title, summary, audience, duration, identify
        case passingScore = "passing_score"
        case dueDays = "due_days"
    }

    public static let schema = KeySchema.mapping([
        "title": .value, "summary": .value, "audience": AudienceField.schema, "duration": .value, "passing_score": .value,
        "identify": .value, "due_days": .value,
    ])

    public init(title: String? = nil, summary: String? = nil, audience: AudienceField? = nil, duration: Int? = nil, passingScore: Int? = nil,
                identify: String? = nil, dueDays: Int? = nil) {
        self.title = title
        self.summary = summary
        self.audience = audience
        self.dueDays = dueDays
        self.duration = duration
        self.passingScore = passingScore
        self.identify = identify
    }
}

/// One lesson file, `NN-slug.md`.
public struct Lesson: Sendable, Hashable {
    public var number: Int
    public var slug: String
    public var meta: LessonMeta
    public var body: MarkdownSource

    public init(number: Int, slug: String, meta: LessonMeta, body: MarkdownSource) {
        self.number = number
        self.slug = slug
        self.meta = meta
        self.body = body
    }
}

public struct LessonMeta: Sendable, Hashable, Decodable {
    /// Optional: a leading `# heading` in the body serves as the title too.
    public var title: String?
    public var summary: String?
    public var duration: Int?

    public static let schema = KeySchema.mapping(["title": .value, "summary": .value, "duration": .value])

    public init(title: String? = nil, summary: String? = nil, duration: Int? = nil) {
        self.title = title
        self.summary = summary
        self.duration = duration
    }
}

/// A page that is not part of a course: `surveys/<slug>.md`.
public struct StandalonePage: Sendable, Hashable {
    public var slug: String
    public var meta: LessonMeta
    public var body: MarkdownSource

    public init(slug: String, meta: LessonMeta, body: MarkdownSource) {
        self.slug = slug
        self.meta = meta
        self.body = body
    }
}
