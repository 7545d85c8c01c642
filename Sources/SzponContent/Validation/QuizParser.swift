import Foundation
import Yams

/// Turns the YAML of a ```` ```quiz ```` block into a validated `Quiz`, reporting every problem.
public enum QuizParser {
    public static func parse(yaml: String, reader: YAMLReader) -> (Quiz?, [Diagnostic]) {
        let (composed, problem) = reader.composeBlock(yaml, what: "a quiz block")
        guard let node = composed else { return (nil, problem.map { [$0] } ?? []) }
        var diagnostics = reader.unknownKeys(in: node, schema: .mapping(Dictionary(uniqueKeysWithValues: Quiz.keys.map { ($0, KeySchema.value) })), context: "quiz")
        var fields = NodeFields(node, reader: reader)
        let id = fields.string("id", required: "quiz")
        if let id, !TextFolding.isValidSlug(id) {
            diagnostics.append(fields.location("id").error("quiz id '\(id)' should use lowercase letters, digits and '-'",
                                                           hint: "e.g. id: \(TextFolding.slug(id).isEmpty ? "quiz-1" : TextFolding.slug(id))"))
        }
        let title = fields.string("title")
        let graded = fields.bool("graded") ?? false
        var mode = Quiz.FeedbackMode.immediate
        if let raw = fields.string("mode") {
            if let parsed = Quiz.FeedbackMode(rawValue: raw) { mode = parsed } else {
                diagnostics.append(fields.location("mode").error(
                    "unknown feedback mode '\(raw)'",
                    hint: Suggestion.didYouMean(raw, in: Quiz.FeedbackMode.allCases.map(\.rawValue)) ?? "use immediate, after or exam"))
            }
        }
        let pass = fields.int("pass")
        if let pass, !(0...100).contains(pass) {
            diagnostics.append(fields.location("pass").error("impossible passing score \(pass)%: it must be between 0 and 100"))
        }
        let shuffle = fields.bool("shuffle") ?? false
        let draw = fields.int("draw")
        let attempts = fields.int("attempts")
        if let attempts, attempts < 0 {
            diagnostics.append(fields.location("attempts").error("'attempts' cannot be negative", hint: "use 0 or leave it out for unlimited attempts"))
        }
        let timeLimit = fields.int("time_limit")
        if let timeLimit, timeLimit < 1 {
            diagnostics.append(fields.location("time_limit").error("'time_limit' is in minutes and must be at least 1"))
        }

        var questions: [Question] = []
        if let items = fields.mappings("questions") {
            var seen: [String: SourceLocation] = [:]
            for item in items {
                let (question, problems) = parseQuestion(item, reader: reader)
                diagnostics += problems
                if let questionID = item.value(forKey: "id")?.string {
                    let at = reader.location(item.markOf(key: "id"))
                    if seen[questionID] != nil {
                        diagnostics.append(at.error("duplicate question id '\(questionID)' in quiz '\(id ?? "")'"))
                    }
                    seen[questionID] = at
                }
                if let question { questions.append(question) }
            }
            if items.isEmpty {
                diagnostics.append(fields.location("questions").error("quiz '\(id ?? "")' has no questions"))
            }
        } else if !fields.has("questions") {
            diagnostics.append(reader.location(of: node).error("missing required field 'questions' in quiz"))
        }
        if let draw {
            if draw < 1 || draw > questions.count {
                diagnostics.append(fields.location("draw").error(
                    "cannot draw \(draw) questions from a bank of \(questions.count)",
                    hint: "'draw' must be between 1 and the number of questions"))
            }
        }
        if let pass, pass > 0, !questions.isEmpty, questions.allSatisfy({ !$0.isAutoGraded }) {
            diagnostics.append(fields.location("pass").error(
                "impossible passing score: no question in quiz '\(id ?? "")' is scored automatically",
                hint: "essays await review; remove 'pass' or add scored questions"))
        }
        diagnostics += fields.diagnostics
        // A quiz with errors is still returned (with its valid questions), so that site-wide
        // checks such as duplicate ids see it; the build refuses to write a site with errors anyway.
        guard let id else { return (nil, diagnostics) }
        let quiz = Quiz(id: id, title: title, graded: graded, mode: mode, pass: pass, shuffle: shuffle, draw: draw,
                        attempts: attempts == 0 ? nil : attempts, timeLimit: timeLimit, questions: questions)
        return (quiz, diagnostics)
    }

    static let maxPoints = 1_000_000.0

    static func parseQuestion(_ node: Node, reader: YAMLReader) -> (Question?, [Diagnostic]) {
        var diagnostics = reader.unknownKeys(in: node, schema: .mapping(Dictionary(uniqueKeysWithValues: Question.keys.map { ($0, KeySchema.value) })), context: "question")
        var fields = NodeFields(node, reader: reader)
        let at = reader.location(of: node)
        let id = fields.string("id", required: "question")
        let name = id.map { "question '\($0)'" } ?? "question"
        guard let typeName = fields.string("type", required: name) else {
            return (nil, diagnostics + fields.diagnostics)
        }
        guard let kind = Question.Kind(rawValue: typeName) else {
            diagnostics.append(fields.location("type").error(
                "unknown question type '\(typeName)'",
                hint: Suggestion.didYouMean(typeName, in: Question.Kind.allCases.map(\.rawValue))
                    ?? "use one of: \(Question.Kind.allCases.map(\.rawValue).joined(separator: ", "))"))
            return (nil, diagnostics + fields.diagnostics)
        }
        let text = fields.string("text", required: name) ?? ""
        let points = fields.double("points") ?? 1
        if points <= 0 {
            diagnostics.append(fields.location("points").error("\(name) must be worth more than 0 points"))
        } else if points > maxPoints {
            // The quiz total, the scores and the "N points" labels must stay ordinary finite numbers.
            diagnostics.append(fields.location("points").error("\(name) is worth \(formatNumber(points)) points; the most is \(formatNumber(maxPoints))"))
        }
        var question = Question(id: id ?? "", kind: kind, text: text, points: points, feedback: fields.string("feedback"))

        switch kind {
        case .single, .multiple:
            guard let answers = fields.mappings("answers") else {
                diagnostics.append(at.error("\(name) has no 'answers'", hint: "list answers with text and correct: true"))
                break
            }
            for answerNode in answers {
                diagnostics += reader.unknownKeys(in: answerNode, schema: .mapping(Dictionary(uniqueKeysWithValues: Question.answerKeys.map { ($0, KeySchema.value) })), context: "answer")
                var answerFields = NodeFields(answerNode, reader: reader)
                let answerText = answerFields.string("text", required: "answer") ?? ""
                let weight = answerFields.double("weight")
                // A single-choice answer with a weight below 100 is partial credit, not a right answer.
                let correct = answerFields.bool("correct") ?? (kind == .single ? weight == 100 : (weight ?? 0) > 0)
                if let weight, !(-100...100).contains(weight) {
                    diagnostics.append(answerFields.location("weight").error("weight \(formatNumber(weight))% is out of range: use -100 to 100"))
                }
                question.answers.append(.init(text: answerText, correct: correct, weight: weight, feedback: answerFields.string("feedback")))
                diagnostics += answerFields.diagnostics
            }
            let correctCount = question.answers.filter(\.correct).count
            if question.answers.count < 2 {
                diagnostics.append(at.error("\(name) needs at least 2 answers"))
            } else if correctCount == 0 {
                diagnostics.append(at.error("\(name) has no correct answer", hint: "mark the right answer with 'correct: true'"))
            } else if kind == .single, correctCount > 1 {
                diagnostics.append(at.error("single-choice \(name) has \(correctCount) correct answers",
                                            hint: "use 'type: multiple' when several answers are right"))
            }
            if kind == .multiple, question.answers.contains(where: { $0.weight != nil }) {
                let positive = question.answers.compactMap(\.weight).filter { $0 > 0 }.reduce(0, +)
                if abs(positive - 100) > 0.01 {
                    diagnostics.append(at.error("the positive weights of \(name) add up to \(formatNumber(positive))%, not 100%",
                                                hint: "a learner who picks every right answer must be able to get full points"))
                }
            }
        case .truefalse:
            question.truth = fields.bool("answer")
            if question.truth == nil, !fields.has("answer") {
                diagnostics.append(at.error("\(name) has no correct answer", hint: "add 'answer: true' or 'answer: false'"))
            }
            question.feedbackTrue = fields.string("feedback_true")
            question.feedbackFalse = fields.string("feedback_false")
        case .short:
            question.textAnswers = (fields.strings("accept") ?? []).filter { !$0.isEmpty }.map { .init(text: $0, weight: 100) }
            for answerNode in fields.mappings("answers") ?? [] {
                diagnostics += reader.unknownKeys(in: answerNode, schema: .mapping(["text": .value, "weight": .value, "feedback": .value]), context: "answer")
                var answerFields = NodeFields(answerNode, reader: reader)
                let answerText = answerFields.string("text", required: "answer") ?? ""
                let weight = answerFields.double("weight") ?? 100
                if !(0...100).contains(weight) {
                    diagnostics.append(answerFields.location("weight").error("weight \(formatNumber(weight))% is out of range: use 0 to 100"))
                }
                question.textAnswers.append(.init(text: answerText, weight: weight, feedback: answerFields.string("feedback")))
                diagnostics += answerFields.diagnostics
            }
            if !question.textAnswers.contains(where: { $0.weight == 100 && !$0.text.isEmpty }) {
                diagnostics.append(at.error("\(name) has no correct answer", hint: "list accepted answers under 'accept:', or under 'answers:' with 'weight: 100'"))
            }
            question.caseSensitive = fields.bool("case_sensitive") ?? false
            question.ignoreDiacritics = fields.bool("ignore_diacritics") ?? false
        case .numeric:
            let reported = diagnostics.count
            if fields.has("answer") || fields.has("min") || fields.has("max") {
                if let range = numericRange(&fields, at: at, diagnostics: &diagnostics) {
                    question.numericAnswers.append(.init(min: range.min, max: range.max, weight: 100))
                }
            }
            for answerNode in fields.mappings("answers") ?? [] {
                diagnostics += reader.unknownKeys(in: answerNode, schema: .mapping(Dictionary(uniqueKeysWithValues: Question.numericAnswerKeys.map { ($0, KeySchema.value) })), context: "answer")
                var answerFields = NodeFields(answerNode, reader: reader)
                let catchAll = !answerFields.has("answer") && !answerFields.has("min") && !answerFields.has("max")
                let range = catchAll ? nil : numericRange(&answerFields, at: reader.location(of: answerNode), diagnostics: &diagnostics)
                let weight = answerFields.double("weight") ?? (catchAll ? 0 : 100)
                if !(0...100).contains(weight) {
                    diagnostics.append(answerFields.location("weight").error("weight \(formatNumber(weight))% is out of range: use 0 to 100"))
                } else if catchAll, weight != 0 {
                    diagnostics.append(answerFields.location("weight").error("an answer without 'answer', 'min' or 'max' matches any other number and must weigh 0"))
                }
                if catchAll || range != nil {
                    question.numericAnswers.append(.init(min: range?.min, max: range?.max, weight: weight, feedback: answerFields.string("feedback")))
                }
                diagnostics += answerFields.diagnostics
            }
            // A range already reported as broken is not also "no correct answer".
            if diagnostics.count == reported, !question.numericAnswers.contains(where: { $0.weight == 100 && $0.min != nil }) {
                diagnostics.append(at.error("\(name) has no correct answer", hint: "add 'answer:' (with 'tolerance:') or 'min:' and 'max:'"))
            }
        case .matching:
            for pairNode in fields.mappings("pairs") ?? [] {
                var pairFields = NodeFields(pairNode, reader: reader)
                let left = pairFields.string("left", required: "pair") ?? ""
                let right = pairFields.string("right", required: "pair") ?? ""
                question.pairs.append(.init(left: left, right: right))
                diagnostics += pairFields.diagnostics
                    + reader.unknownKeys(in: pairNode, schema: .mapping(["left": .value, "right": .value]), context: "pair")
            }
            question.distractors = fields.strings("distractors") ?? []
            if question.pairs.count < 2 {
                diagnostics.append(at.error("matching \(name) needs at least 2 pairs"))
            }
            if Set(question.pairs.map(\.left)).count != question.pairs.count {
                diagnostics.append(at.error("matching \(name) has the same left item twice"))
            }
        case .ordering:
            question.items = fields.strings("items") ?? []
            if question.items.count < 2 {
                diagnostics.append(at.error("ordering \(name) needs at least 2 items"))
            } else if Set(question.items).count != question.items.count {
                diagnostics.append(at.error("ordering \(name) has the same item twice"))
            }
        case .cloze:
            question.caseSensitive = fields.bool("case_sensitive") ?? false
            question.ignoreDiacritics = fields.bool("ignore_diacritics") ?? false
            question.blanks = Question.clozeParts(text).compactMap {
                if case let .blank(blank) = $0 { return blank } else { return nil }
            }
            if question.blanks.isEmpty {
                diagnostics.append(at.error("cloze \(name) has no blanks", hint: "mark a blank as [[answer]] or [[answer|other accepted]]"))
            } else if question.blanks.contains(where: { $0.accept.isEmpty }) {
                diagnostics.append(at.error("cloze \(name) has an empty blank [[ ]]"))
            }
        case .essay:
            break
        }
        diagnostics += fields.diagnostics
        return (diagnostics.hasErrors ? nil : question, diagnostics)
    }

    /// `answer:` with an optional `tolerance:`, or `min:` and `max:`, as a closed range.
    static func numericRange(_ fields: inout NodeFields, at: SourceLocation, diagnostics: inout [Diagnostic]) -> (min: Double, max: Double)? {
        let tolerance = fields.double("tolerance") ?? 0
        if tolerance < 0 {
            diagnostics.append(fields.location("tolerance").error("'tolerance' cannot be negative"))
        }
        if let value = fields.double("answer") {
            let range = (min: value - abs(tolerance), max: value + abs(tolerance))
            // Two finite numbers can add up to infinity, which JSON (and so the page's key) cannot hold.
            guard range.min.isFinite, range.max.isFinite else {
                diagnostics.append(fields.location("tolerance").error("'answer' ± 'tolerance' is too large a number"))
                return nil
            }
            return range
        }
        guard let min = fields.double("min"), let max = fields.double("max") else {
            if !fields.has("answer") {
                diagnostics.append(at.error("a numeric answer needs 'answer:' (with 'tolerance:') or both 'min:' and 'max:'"))
            }
            return nil
        }
        if min > max {
            diagnostics.append(fields.location("min").error("'min' (\(formatNumber(min))) is greater than 'max' (\(formatNumber(max)))"))
            return nil
        }
        return (min, max)
    }

    static func formatNumber(_ value: Double) -> String {
        // Int(value) traps beyond Int's range, and these numbers come straight from the author.
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
