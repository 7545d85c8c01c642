import Foundation
import Yams

/// Turns the YAML of a ```` ```survey ```` block into a validated `Survey`.
public enum SurveyParser {
    public static func parse(yaml: String, reader: YAMLReader) -> (Survey?, [Diagnostic]) {
        let (composed, problem) = reader.composeBlock(yaml, what: "a survey block")
        guard let node = composed else { return (nil, problem.map { [$0] } ?? []) }
        var diagnostics = reader.unknownKeys(in: node, schema: .mapping(Dictionary(uniqueKeysWithValues: Survey.keys.map { ($0, KeySchema.value) })), context: "survey")
        var fields = NodeFields(node, reader: reader)
        let id = fields.string("id", required: "survey")
        if let id, !TextFolding.isValidSlug(id) {
            diagnostics.append(fields.location("id").error("survey id '\(id)' should use lowercase letters, digits and '-'"))
        }
        let title = fields.string("title")
        let anonymous = fields.bool("anonymous") ?? false
        let thankYou = fields.string("thank_you")
        var questions: [SurveyQuestion] = []
        var seen: Set<String> = []
        let items = fields.mappings("questions")
        if items == nil, !fields.has("questions") {
            diagnostics.append(reader.location(of: node).error("missing required field 'questions' in survey"))
        } else if items?.isEmpty == true {
            diagnostics.append(fields.location("questions").error("survey '\(id ?? "")' has no questions"))
        }
        for item in items ?? [] {
            diagnostics += reader.unknownKeys(in: item, schema: .mapping(Dictionary(uniqueKeysWithValues: SurveyQuestion.keys.map { ($0, KeySchema.value) })), context: "survey question")
            var q = NodeFields(item, reader: reader)
            let at = reader.location(of: item)
            let qid = q.string("id", required: "survey question")
            let name = qid.map { "question '\($0)'" } ?? "question"
            let typeName = q.string("type", required: name)
            let text = q.string("text", required: name)
            let required = q.bool("required") ?? false
            var question: SurveyQuestion?
            if let typeName {
                if let kind = SurveyQuestion.Kind(rawValue: typeName) {
                    question = SurveyQuestion(id: qid ?? "", kind: kind, text: text ?? "", required: required)
                } else {
                    diagnostics.append(q.location("type").error(
                        "unknown survey question type '\(typeName)'",
                        hint: Suggestion.didYouMean(typeName, in: SurveyQuestion.Kind.allCases.map(\.rawValue))
                            ?? "use one of: \(SurveyQuestion.Kind.allCases.map(\.rawValue).joined(separator: ", "))"))
                }
            }
            if var built = question {
                switch built.kind {
                case .likert:
                    built.scale = q.int("scale") ?? 5
                    if built.scale != 5, built.scale != 7 {
                        diagnostics.append(q.location("scale").error("a Likert scale has 5 or 7 points, not \(built.scale!)"))
                    }
                case .rating:
                    built.scale = 10
                case .single, .multiple:
                    built.options = q.strings("options") ?? []
                    if built.options.count < 2 {
                        diagnostics.append(at.error("\(name) needs at least 2 options"))
                    }
                case .matrix:
                    built.rows = q.strings("rows") ?? []
                    built.columns = q.strings("columns") ?? []
                    if built.rows.isEmpty { diagnostics.append(at.error("matrix \(name) needs 'rows'")) }
                    if built.columns.count < 2 { diagnostics.append(at.error("matrix \(name) needs at least 2 'columns'")) }
                case .text:
                    break
                }
                if !seen.insert(built.id).inserted {
                    diagnostics.append(q.location("id").error("duplicate question id '\(built.id)' in survey '\(id ?? "")'"))
                }
                questions.append(built)
            }
            diagnostics += q.diagnostics
        }
        diagnostics += fields.diagnostics
        guard let id else { return (nil, diagnostics) }
        return (Survey(id: id, title: title, anonymous: anonymous, thankYou: thankYou, questions: questions), diagnostics)
    }
}
