import Foundation

/// The server's copy of the browser's scoring (themes/default/assets/js/score.js,
/// `question` and `attempt`), rule for rule, so that the server's score of an attempt
/// is the one the learner saw. Questions and quizzes are JSON in the shape the answer
/// keys file holds (QuizForm.payload with the key); responses are the browser's JSON.
///
/// Both sides are checked against one list of cases made by score.js itself:
/// Tests/SzponStoreTests/Fixtures/scoring-vectors.json (tests/js/make-vectors.js).
///
/// The key is trusted (the build wrote it): points and weights are numbers. The
/// response is not: whatever JSON it is, it is read as score.js would read it
/// (String(x), x[i], truthiness, === and sort order), with two exceptions where
/// score.js has no answer to copy: a `multiple` response that is neither an array nor
/// falsy (score.js throws a TypeError; here it picks nothing), and names JavaScript
/// objects inherit ("constructor", "toString", …) used as question ids missing from the
/// responses or the quiz (score.js reads the inherited function, or sums NaN; here they
/// are missing). The browser never sends either. Text follows current Unicode (16/17,
/// as Node 20's ICU); a browser with older tables may fold the newest scripts otherwise.
public enum Scorer {
    /// score.question's result without the feedback.
    public struct Outcome: Sendable, Hashable {
        public var points: Double
        public var max: Double
        /// The share of the points earned, in [0, 1].
        public var fraction: Double
        /// correct, partial, incorrect, unanswered, pending (an essay awaiting review) or
        /// unknown (the question has no key).
        public var state: String
    }

    /// One question (a question object of a key version, as in the keys file) and the learner's response.
    public static func question(_ question: JSONValue, response: JSONValue?) -> QuestionEvaluation {
        let outcome = evaluate(question, response: response)
        return QuestionEvaluation(question: question["id"]?.string ?? "", points: outcome.points, max: outcome.max, state: outcome.state)
    }

    /// score.question(q, response), with the fraction.
    public static func evaluate(_ question: JSONValue, response: JSONValue?) -> Outcome {
        evaluate(question, response: response.map(JSValue.init))
    }

    /// Mirrors score.js attempt(): points, max, percent (rounded to 0.1), passed (true, false
    /// or nil while essays awaiting review could change it), pending. `shown` is the ids of
    /// the questions the attempt showed (nil: all); ids the quiz lacks are skipped, and an
    /// id listed twice counts twice, as in score.js. `questions` has one entry per id shown,
    /// in the order first shown.
    public static func attempt(_ quiz: JSONValue, responses: JSONValue?, shown: [String]?) -> (score: ServerScore, questions: [QuestionEvaluation]) {
        let (score, outcomes) = scoreAttempt(quiz, responses: responses, shown: shown)
        return (score, outcomes.map { QuestionEvaluation(question: $0.id, points: $0.outcome.points, max: $0.outcome.max, state: $0.outcome.state) })
    }

    // MARK: - Attempt

    static func scoreAttempt(_ quiz: JSONValue, responses: JSONValue?, shown: [String]?) -> (ServerScore, [(id: String, outcome: Outcome)]) {
        let questions = quiz["questions"]?.array ?? []
        var byID: [String: JSONValue] = [:]
        // byID[q.id] = q: the key is String(q.id), the last question with an id wins.
        func key(_ q: JSONValue) -> String { q["id"].map { String(decoding: JS.string(JSValue($0)), as: UTF16.self) } ?? "undefined" }
        for q in questions { byID[key(q)] = q }
        let ids = shown ?? questions.map(key)
        let answers = responses.map(JSValue.init)
        var total = 0.0, points = 0.0, pending = 0.0, unknown = false
        var results: [(id: String, outcome: Outcome)] = []
        var position: [String: Int] = [:]
        for id in ids {
            guard let q = byID[id] else { continue }
            let response = JS.truthy(answers) ? JS.property(answers, Array(id.utf16)) : nil
            let r = evaluate(q, response: response)
            if let at = position[id] { results[at].outcome = r } else { position[id] = results.count; results.append((id, r)) }
            let max = JS.toNumber(q["points"].map(JSValue.init))
            total += max
            points += r.points
            // An empty essay earns nothing; only an answered one can still change the outcome.
            if r.state == "pending" { pending += max }
            if r.state == "unknown" { unknown = true }
        }
        if unknown {
            return (ServerScore(points: nil, max: round(total), percent: nil, passed: nil, pending: true), results)
        }
        let someTotal = JS.truthy(.number(total))
        let percent = someTotal ? JS.round(points / total * 1000) / 10 : 0
        let best = someTotal ? (points + pending) / total * 100 : 0
        var passed: Bool?
        if let pass = quiz["pass"], !pass.isNull {
            let mark = JS.toNumber(JSValue(pass))
            let exact = someTotal ? points / total * 100 : 0
            passed = exact >= mark - 1e-9 ? true : (best < mark - 1e-9 ? false : nil)
        }
        return (ServerScore(points: round(points), max: round(total), percent: percent, passed: passed, pending: pending > 0), results)
    }

    // MARK: - Question

    static func evaluate(_ q: JSONValue, response: JSValue?) -> Outcome {
        let type = q["type"]?.string
        let max = JS.toNumber(q["points"].map(JSValue.init))
        var outcome = Outcome(points: 0, max: max, fraction: 0, state: "incorrect")
        if type == "essay" {
            outcome.state = isEmpty(response) ? "unanswered" : "pending"
            return outcome
        }
        if !hasKey(q, type: type) {
            outcome.state = "unknown"
            return outcome
        }
        let empty = isEmpty(response)
        if empty { outcome.state = "unanswered" }
        var fraction = 0.0
        switch type {
        case "single":
            fraction = single(q, response)
        case "multiple":
            fraction = multiple(q, response)
        case "truefalse":
            if case let .bool(given)? = response {
                fraction = q["answer"] == .bool(given) ? 1 : 0
            }
        case "short":
            // The first accepted answer that matches decides, as in Moodle.
            if !empty {
                for answer in q["answers"]?.array ?? [] {
                    if textMatches(pattern: answer["text"].map(JSValue.init), answer: response, q) {
                        fraction = JS.toNumber(answer["weight"].map(JSValue.init)) / 100
                        break
                    }
                }
            }
        case "numeric":
            fraction = numeric(q, response, empty: empty)
        case "matching":
            fraction = countRight(q["key"]) { k, row in
                JS.truthy(response) && strictEqual(JS.property(response, row), k)
            }
        case "ordering":
            fraction = countRight(q["key"]) { k, item in
                JS.truthy(response) && strictEqual(JS.property(response, item), JSValue.number(JS.toNumber(JSValue(k)) + 1))
            }
        case "cloze":
            fraction = countRight(q["accept"]) { accepted, blank in
                guard JS.truthy(response) else { return false }
                let given = JS.property(response, blank)
                guard !isEmpty(given) else { return false }
                return (accepted.array ?? []).contains { textMatches(pattern: JSValue($0), answer: given, q) }
            }
        default:
            break
        }
        fraction = JS.max(0, JS.min(1, fraction))
        outcome.fraction = fraction
        outcome.points = round(fraction * max)
        if !empty {
            outcome.state = fraction >= 1 ? "correct" : fraction > 0 ? "partial" : "incorrect"
        }
        return outcome
    }

    /// `q.answers[response]`, weighed by weightOf.
    static func single(_ q: JSONValue, _ response: JSValue?) -> Double {
        guard let response, !response.isNull, let answers = q["answers"]?.array,
              let index = JS.arrayIndex(JS.string(response)), index < answers.count else {
            // Any other key is undefined, `length` or an inherited function: weight 0 either way.
            return 0
        }
        return weightOf(answers[index]) / 100
    }

    /// The credit an answer gives: its weight, else 100 when it is correct.
    static func weightOf(_ answer: JSONValue) -> Double {
        if let weight = answer["weight"], !weight.isNull { return JS.toNumber(JSValue(weight)) }
        return JS.truthy(answer["correct"].map(JSValue.init)) ? 100 : 0
    }

    static func multiple(_ q: JSONValue, _ response: JSValue?) -> Double {
        let answers = q["answers"]?.array ?? []
        // (response || []).filter(r => q.answers[r] && list.indexOf(r) === i): the entries that
        // name something in q.answers, each value once (=== equality: arrays are never equal).
        let list: [JSValue]
        if JS.truthy(response) { list = response?.array ?? [] } else { list = [] }
        var chosen: [(value: JSValue, answer: Int?)] = []
        // indexOf(r) === i keeps the first of equal primitives and every array or object
        // (=== to itself only). A set of the primitives seen does that in one pass: scanning
        // the list for each entry took minutes for a response of 50,000 [0]s.
        var seen: Set<JSValue> = []
        for r in list {
            let key = JS.string(r)
            var answer: Int?
            if let index = JS.arrayIndex(key), index < answers.count {
                answer = index
            } else if !(key == Array("length".utf16) && !answers.isEmpty) && !JS.inheritedArrayMembers.contains(key) {
                continue
            }
            switch r {
            case .array, .object: break
            default: if !seen.insert(r).inserted { continue }
            }
            chosen.append((r, answer))
        }
        if answers.contains(where: { $0["weight"].map { !$0.isNull } ?? false }) {
            // Summed in the order of chosen.sort((a, b) => a - b): by answer number, stably.
            // Entries naming no answer add 0 wherever the sort puts them.
            let picked = chosen.compactMap(\.answer).enumerated().sorted { ($0.element, $0.offset) < ($1.element, $1.offset) }
            return picked.reduce(0.0) { sum, entry in
                let weight = answers[entry.element]["weight"].map(JSValue.init)
                return sum + (JS.truthy(weight) ? JS.toNumber(weight) : 0)
            } / 100
        }
        // Without weights a multiple-choice question is all or nothing; chosen.indexOf(i)
        // finds only numbers.
        var right = true
        for (i, answer) in answers.enumerated() {
            let ticked = chosen.contains { $0.value.number == Double(i) }
            if answer["correct"] != .bool(ticked) { right = false }
        }
        return right && !chosen.isEmpty ? 1 : 0
    }

    static func numeric(_ q: JSONValue, _ response: JSValue?, empty: Bool) -> Double {
        let value = parseNumber(response, decimal: q["decimal"])
        var best: Double?
        var other: Double?
        for answer in q["answers"]?.array ?? [] {
            let min = answer["min"], max = answer["max"]
            let weight = JS.toNumber(answer["weight"].map(JSValue.init))
            if (min == nil || min!.isNull) && (max == nil || max!.isNull) {
                if other == nil { other = weight }
                continue
            }
            let low = JS.toNumber(min.map(JSValue.init)), high = JS.toNumber(max.map(JSValue.init))
            if !value.isNaN && inRange(value, min: low, max: high) && (best == nil || weight > best!) {
                best = weight
            }
        }
        if let best { return best / 100 }
        if !empty, let other { return other / 100 }
        return 0
    }

    static func inRange(_ value: Double, min: Double, max: Double) -> Bool {
        // Room for binary rounding: 3.1415 ± 0.0005 must accept 3.142.
        let slack = 1e-9 * JS.max(JS.max(1, abs(min)), abs(max))
        return value >= min - slack && value <= max + slack
    }

    /// The share of `list` (the key: one entry per row, item or blank) that is right.
    static func countRight(_ list: JSONValue?, _ isRight: (JSONValue, Int) -> Bool) -> Double {
        guard let items = list?.array, !items.isEmpty else { return 0 }
        var right = 0
        for (index, item) in items.enumerated() where isRight(item, index) { right += 1 }
        return Double(right) / Double(items.count)
    }

    static func strictEqual(_ a: JSValue?, _ b: JSONValue) -> Bool {
        strictEqual(a, JSValue(b))
    }

    /// `===` between parsed JSON values: primitives by value, arrays and objects never
    /// (two of them are two objects).
    static func strictEqual(_ a: JSValue?, _ b: JSValue) -> Bool {
        switch (a, b) {
        case (.null?, .null): return true
        case let (.bool(x)?, .bool(y)): return x == y
        case let (.number(x)?, .number(y)): return x == y
        case let (.text(x)?, .text(y)): return x == y
        default: return false
        }
    }

    static func hasKey(_ q: JSONValue, type: String?) -> Bool {
        switch type {
        case "single", "multiple", "short", "numeric": return JS.truthy(q["answers"].map(JSValue.init))
        case "truefalse": return q["answer"]?.bool != nil
        case "matching", "ordering": return JS.truthy(q["key"].map(JSValue.init))
        case "cloze": return JS.truthy(q["accept"].map(JSValue.init))
        default: return true
        }
    }

    static func round(_ n: Double) -> Double { JS.round(n * 100) / 100 }

    // MARK: - Text

    static func isEmpty(_ response: JSValue?) -> Bool {
        switch response {
        case nil, .null?: return true
        case let .text(t)?: return JS.trim(t).isEmpty
        case let .array(items)?: return items.allSatisfy { $0.isNull || JS.trim(JS.string($0)).isEmpty }
        default: return false
        }
    }

    static let special: [UInt16: [UInt16]] = [
        0x142: [0x6C], 0x141: [0x4C], 0xDF: [0x73, 0x73], 0xF8: [0x6F], 0xD8: [0x4F], 0x111: [0x64], 0x110: [0x44],
    ]

    /// score.js fold(): NFC, trimmed, inner spaces collapsed; lower case unless
    /// caseSensitive; without diacritics (and ł, ß, ø, đ) when ignoreDiacritics.
    static func fold(_ value: JSValue?, caseSensitive: Bool, ignoreDiacritics: Bool) -> [UInt16] {
        var s = JS.collapseSpaces(JS.trim(JS.nfc(JS.stringOrEmpty(value))))
        if !caseSensitive { s = JS.lowercase(s) }
        if ignoreDiacritics {
            s = JS.nfd(s).filter { !($0 >= 0x300 && $0 <= 0x36F) }
            s = s.flatMap { special[$0] ?? [$0] }
        }
        return s
    }

    /// `*` in an accepted answer matches any run of characters, as in Moodle.
    static func textMatches(pattern: JSValue?, answer: JSValue?, _ q: JSONValue) -> Bool {
        let caseSensitive = JS.truthy(q["caseSensitive"].map(JSValue.init))
        let ignoreDiacritics = JS.truthy(q["ignoreDiacritics"].map(JSValue.init))
        let p = fold(pattern, caseSensitive: caseSensitive, ignoreDiacritics: ignoreDiacritics)
        let a = fold(answer, caseSensitive: caseSensitive, ignoreDiacritics: ignoreDiacritics)
        guard p.contains(0x2A) else { return p == a }
        // ^part.*part.*part$ over code units (folding leaves no line terminator for `.` to miss).
        let parts = p.split(separator: 0x2A, omittingEmptySubsequences: false).map(Array.init)
        let first = parts[0], last = parts[parts.count - 1]
        guard a.count >= first.count + last.count, a.starts(with: first), a.suffix(last.count).elementsEqual(last) else { return false }
        var position = first.count
        let end = a.count - last.count
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let found = find(part, in: a, from: position, to: end) else { return false }
            position = found + part.count
        }
        return true
    }

    static func find(_ needle: [UInt16], in haystack: [UInt16], from start: Int, to end: Int) -> Int? {
        guard end - start >= needle.count else { return nil }
        for i in start...(end - needle.count) where haystack[i] == needle[0] {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
        }
        return nil
    }

    /// score.js parseNumber(): "2,5" as well as "2.5", spaces between thousands,
    /// "1,000.5" and "1.000,5"; a lone comma separates thousands ("1,000") only where
    /// the question's `decimal` is "."; NaN otherwise.
    static func parseNumber(_ value: JSValue?, decimal: JSONValue? = nil) -> Double {
        let s = JS.trim(JS.stringOrEmpty(value)).filter { !JS.isSpace($0) }
        // /^([+-]?)([\d.,]*)(e[+-]?\d+)?$/i
        var i = 0
        if i < s.count && (s[i] == 0x2B || s[i] == 0x2D) { i += 1 }
        let start = i
        while i < s.count && (isDigit(s[i]) || s[i] == 0x2C || s[i] == 0x2E) { i += 1 }
        let exponent = Array(s[i...])
        guard exponent.isEmpty || isPlainNumber([0x31] + exponent),
              let body = ungroup(Array(s[start..<i]), pointDecimal: decimal == .string(".")) else { return .nan }
        let plain = Array(s[..<start]) + body + exponent
        guard isPlainNumber(plain) else { return .nan }
        return Double(String(decoding: plain, as: UTF16.self)) ?? .nan
    }

    /// score.js ungroup(): digits and marks to digits and at most one "."; nil where the
    /// marks make no number.
    static func ungroup(_ b: [UInt16], pointDecimal: Bool) -> [UInt16]? {
        let comma: UInt16 = 0x2C, dot: UInt16 = 0x2E
        guard let at = b.lastIndex(where: { $0 == comma || $0 == dot }) else { return b }
        let mark = b[at], whole = Array(b[..<at]), fraction = Array(b[(at + 1)...]), other = mark == comma ? dot : comma
        if whole.contains(mark) { return grouped(b, mark) ? b.filter { $0 != mark } : nil }
        // /^\d{1,3},\d{3}$/
        if pointDecimal && mark == comma && (1...3).contains(whole.count) && whole.allSatisfy(isDigit)
            && fraction.count == 3 && fraction.allSatisfy(isDigit) {
            return whole + fraction
        }
        return grouped(whole, other) ? whole.filter { $0 != other } + [dot] + fraction : nil
    }

    /// score.js grouped(): /^\d*$/, or thousands: one to three digits, then groups of
    /// exactly three after each mark.
    static func grouped(_ text: [UInt16], _ mark: UInt16) -> Bool {
        if text.allSatisfy(isDigit) { return true }
        let parts = text.split(separator: mark, omittingEmptySubsequences: false)
        guard parts.count > 1, let first = parts.first, (1...3).contains(first.count), first.allSatisfy(isDigit) else { return false }
        return parts.dropFirst().allSatisfy { $0.count == 3 && $0.allSatisfy(isDigit) }
    }

    static func isDigit(_ u: UInt16) -> Bool { u >= 0x30 && u <= 0x39 }

    /// /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i
    static func isPlainNumber(_ s: [UInt16]) -> Bool {
        func digit(_ u: UInt16) -> Bool { u >= 0x30 && u <= 0x39 }
        var i = 0
        func digits() -> Int { let start = i; while i < s.count && digit(s[i]) { i += 1 }; return i - start }
        if i < s.count && (s[i] == 0x2B || s[i] == 0x2D) { i += 1 }
        if digits() > 0 {
            if i < s.count && s[i] == 0x2E { i += 1; _ = digits() }
        } else {
            guard i < s.count && s[i] == 0x2E else { return false }
            i += 1
            guard digits() > 0 else { return false }
        }
        if i < s.count && (s[i] == 0x65 || s[i] == 0x45) {
            i += 1
            if i < s.count && (s[i] == 0x2B || s[i] == 0x2D) { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == s.count
    }
}
