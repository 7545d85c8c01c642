/// An office guide: how to handle one matter at the office.
public struct Guide: Sendable, Hashable {
    public var slug: String
    public var meta: GuideMeta
    public var body: MarkdownSource
    /// Validated booking rules, when the guide offers appointments.
    public var booking: BookingRules?

    public init(slug: String, meta: GuideMeta, body: MarkdownSource, booking: BookingRules?) {
        self.slug = slug
        self.meta = meta
        self.body = body
        self.booking = booking
    }
}

public struct GuideMeta: Sendable, Hashable, Decodable {
    public struct Document: Sendable, Hashable, Decodable {
        public var name: String?
        public var note: String?
    }

    public struct Fee: Sendable, Hashable, Decodable {
        public var item: String?
        public var amount: String?
        public var note: String?
    }

    public struct Location: Sendable, Hashable, Decodable {
        public var office: String?
        public var address: String?
        public var hours: [String]?
        public var phone: String?
        public var email: String?
    }

    public struct Attachment: Sendable, Hashable, Decodable {
        public var file: String?
        public var title: String?
    }

    public var title: String?
    public var summary: String?
    public var audience: String?
    public var documents: [Document]?
    public var fees: [Fee]?
    public var location: Location?
    public var attachments: [Attachment]?

    enum CodingKeys: String, CodingKey {
        case title, summary, audience, documents, fees, location, attachments
    }

    public static let schema = KeySchema.mapping([
        "title": .value, "summary": .value, "audience": .value,
        "documents": .sequence(.mapping(["name": .value, "note": .value])),
        "fees": .sequence(.mapping(["item": .value, "amount": .value, "note": .value])),
        "location": .mapping(["office": .value, "address": .value, "hours": .value, "phone": .value, "email": .value]),
        "attachments": .sequence(.mapping(["file": .value, "title": .value])),
        "booking": BookingRules.schema,
    ])
}
