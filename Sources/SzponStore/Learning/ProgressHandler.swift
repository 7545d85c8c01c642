import Foundation

/// Lesson completion marks: one `progress` row (a learner may unmark: completed = 0).
struct ProgressHandler: RecordHandler {
    var kinds: [RecordKind] { [.progress] }

    func validate(_ payload: [String: JSONValue]) -> String? {
        guard let course = payload["course"]?.string else { return "'payload.course' must be a string" }
        if IncomingRecord.hasNUL(course) { return "'payload.course' must not contain U+0000" }
        if let lesson = payload["lesson"], !lesson.isNull, lesson.string == nil {
            return "'payload.lesson' must be a string"
        }
        if payload["lesson"]?.string.map(IncomingRecord.hasNUL) ?? false { return "'payload.lesson' must not contain U+0000" }
        if let completed = payload["completed"], !completed.isNull, completed.bool == nil {
            return "'payload.completed' must be true or false"
        }
        return nil
    }

    func derive(_ record: IncomingRecord, context: IngestContext) -> Derivation {
        guard let course = record.payload["course"]?.string else { return Derivation() }
        return Derivation(rows: [DerivedRow("progress", [
            "record_id": .text(record.id), "course": .text(course),
            "lesson": SQLValue(record.payload["lesson"]?.string),
            "completed": SQLValue(record.payload["completed"]?.bool ?? true),
        ])])
    }
}
