import Foundation

/// Kinds whose features are not built yet (bookings, task updates, event registrations):
/// stored in the record log as they come, with no derived rows and no detail. A feature
/// that takes a kind over gives it a handler of its own and removes it from this one.
struct StoredAsSentHandler: RecordHandler {
    let kinds: [RecordKind]

    func validate(_ payload: [String: JSONValue]) -> String? { nil }

    func derive(_ record: IncomingRecord, context: IngestContext) -> Derivation { Derivation() }
}
