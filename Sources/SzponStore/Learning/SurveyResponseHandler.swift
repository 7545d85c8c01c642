import Foundation

/// Survey responses: one `survey_responses` row, one `survey_answers` row per answered
/// question (null is unanswered), and one `survey_answer_items` row per scalar member of a
/// list answer (multiple choice, matrix), so that reports count them with plain SQL on
/// either backend. Text columns hold the text for filtering and sorting; reports read the
/// verbatim value from the JSON column.
struct SurveyResponseHandler: RecordHandler {
    var kinds: [RecordKind] { [.surveyResponse] }

    func validate(_ payload: [String: JSONValue]) -> String? {
        guard let survey = payload["survey"]?.string else { return "'payload.survey' must be a string" }
        if IncomingRecord.hasNUL(survey) { return "'payload.survey' must not contain U+0000" }
        guard let responses = payload["responses"]?.object else { return "'payload.responses' must be an object" }
        // Each key becomes a row keyed by (record, question): "a\u{0}b" and "a\u{0}c" would
        // both be stored as "a" and collide.
        if responses.keys.contains(where: IncomingRecord.hasNUL) {
            return "'payload.responses' question ids must not contain U+0000"
        }
        return nil
    }

    func derive(_ record: IncomingRecord, context: IngestContext) -> Derivation {
        guard let survey = record.payload["survey"]?.string else { return Derivation() }
        var rows = [DerivedRow("survey_responses", ["record_id": .text(record.id), "survey": .text(survey)])]
        let responses = record.payload["responses"]?.object ?? [:]
        for (question, value) in responses.sorted(by: { $0.key < $1.key }) where !value.isNull {
            let (type, number, text) = Self.scalar(value)
            rows.append(DerivedRow("survey_answers", [
                "record_id": .text(record.id), "survey": .text(survey), "question": .text(question),
                "value": .text(String(decoding: value.canonical, as: UTF8.self)),
                "value_type": .text(type), "number": number, "text": text,
            ]))
            guard let list = value.array else { continue }
            for (position, member) in list.enumerated() {
                let (type, number, text) = Self.scalar(member)
                guard ["number", "true", "false", "text"].contains(type) else { continue }
                rows.append(DerivedRow("survey_answer_items", [
                    "record_id": .text(record.id), "survey": .text(survey), "question": .text(question),
                    "position": SQLValue(position),
                    "value": .text(String(decoding: member.canonical, as: UTF8.self)),
                    "value_type": .text(type), "number": number, "text": text,
                ]))
            }
        }
        return Derivation(rows: rows)
    }

    /// A JSON value's type as the reports name it, its number (booleans 0/1) and its text.
    static func scalar(_ value: JSONValue) -> (String, SQLValue, SQLValue) {
        switch value {
        case .null: return ("null", .null, .null)
        case let .bool(flag): return (flag ? "true" : "false", .real(flag ? 1 : 0), .null)
        case let .number(number): return ("number", .real(number), .null)
        case let .string(text): return ("text", .null, .text(text.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}")))
        case .array: return ("array", .null, .null)
        case .object: return ("object", .null, .null)
        }
    }
}
