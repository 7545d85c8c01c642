import Foundation

/// The answer keys of a site, for rescoring and for labelling reports: a view over the
/// server manifest the build writes (`ServerManifest`, docs/learning.md "The server
/// manifest"), which keeps every version ever built, so an attempt is scored with the key
/// of the version its learner saw (the record's `contentHash`), however old.
public struct AnswerKeyBook: Sendable {
    public let manifest: ServerManifest

    /// An empty book: every attempt is an unknown version.
    public init() {
        self.init(manifest: .empty)
    }

    public init(manifest: ServerManifest) {
        self.manifest = manifest
    }

    /// The site id the keys were built for; nil in an empty book.
    public var site: String? { manifest.site }
    /// The origins the site accepts records from (`ingest_origins`).
    public var origins: [String] { manifest.ingestOrigins }

    /// The ids of the quizzes in the book, sorted.
    public var quizIDs: [String] { manifest.quizzes.keys.sorted() }

    /// One version of a quiz, with its key: `{id, mode, pass, questions: [...], ...}`.
    public func quiz(_ id: String, version hash: String) -> JSONValue? {
        manifest.quizzes[id]?.versions[hash]
    }

    /// The hash of the quiz as last built.
    public func currentVersion(ofQuiz id: String) -> String? {
        manifest.quizzes[id]?.current
    }

    /// The slug of the course whose page holds the quiz (nil outside courses).
    public func course(ofQuiz id: String) -> String? {
        manifest.quizzes[id]?.course
    }

    /// One version of a survey: texts, options, rows and columns of its questions.
    public func survey(_ id: String, version hash: String) -> ServerManifest.SurveyDefinition? {
        manifest.surveys[id]?.versions[hash]
    }

    public func currentVersion(ofSurvey id: String) -> String? {
        manifest.surveys[id]?.current
    }

    /// Question id → question text (Markdown), for reports, from every version of the quiz:
    /// the current version's text wins; older versions (which have no order, so taken by
    /// hash) fill in the ids it no longer has.
    public func questionTexts(quiz id: String) -> [String: String] {
        guard let versions = manifest.quizzes[id]?.versions else { return [:] }
        var texts: [String: String] = [:]
        let current = currentVersion(ofQuiz: id)
        let ordered = versions.keys.sorted().filter { $0 != current } + (current.map { versions[$0] != nil ? [$0] : [] } ?? [])
        for hash in ordered {
            for question in versions[hash]?["questions"]?.array ?? [] {
                if let qid = question["id"]?.string, let text = question["text"]?.string { texts[qid] = text }
            }
        }
        return texts
    }

    /// The AttemptScorer the store calls.
    public var scorer: AttemptScorer {
        let book = self
        return { record in book.evaluate(record) }
    }

    /// Finds `payload.quiz` at version `record.contentHash` in the book and scores
    /// `payload.responses` over `payload.questions` (the ids shown, each counted once;
    /// all the quiz's questions when the list is missing) with score.js's rules. Compares
    /// with the client's `payload.score`: a mismatch is points differing by more than
    /// 0.005 or a different `passed`; a null client score (exam mode) is no mismatch.
    /// An unknown quiz or version gives keyStatus `.unknownVersion` and no score.
    public func evaluate(_ record: IncomingRecord) -> AttemptEvaluation {
        let payload = record.payload
        let quizID = payload["quiz"]?.string ?? ""
        let course = payload["course"]?.string ?? course(ofQuiz: quizID)
        let client = payload["score"]?.object
        let clientPoints = client?["points"]?.number
        let clientPercent = client?["percent"]?.number
        let clientPassed = client?["passed"]?.bool
        guard let hash = record.contentHash, let quiz = quiz(quizID, version: hash) else {
            return AttemptEvaluation(quiz: quizID, course: course, keyStatus: .unknownVersion, score: nil, questions: [],
                                     clientPoints: clientPoints, clientPercent: clientPercent, clientPassed: clientPassed, mismatch: false)
        }
        // The server decides which questions count: all of the version's, or with `draw` the
        // ones the attempt's seed drew. A record listing others (say, only those answered
        // right) is scored over the right ones anyway, and flagged.
        let listed = Self.shownQuestions(payload["questions"])
        let allIDs = (quiz["questions"]?.array ?? []).compactMap { $0["id"]?.string }
        let draws = quiz["draw"]?.number.map { Int($0) }.map { $0 > 0 && $0 < allIDs.count } ?? false
        var expected: [String]? = allIDs
        if draws { expected = Layout.seed(payload["seed"]).map { Layout.questions(quiz, seed: $0) } }
        var shown = expected ?? listed ?? allIDs
        var layoutDiffers = expected == nil
        if let listed, let expected {
            // The listed order is kept when it is the same set: it is the order the learner saw.
            if Set(listed) == Set(expected), listed.count == expected.count { shown = listed } else { layoutDiffers = true }
        }
        let (score, questions) = Scorer.attempt(quiz, responses: payload["responses"], shown: shown)
        var mismatch = layoutDiffers
        if client != nil {
            switch (clientPoints, score.points) {
            case let (c?, s?): if abs(c - s) > 0.005 { mismatch = true }
            case (nil, nil): break
            default: mismatch = true
            }
            if clientPassed != score.passed { mismatch = true }
        }
        return AttemptEvaluation(quiz: quizID, course: course, keyStatus: .scored, score: score, questions: questions,
                                 clientPoints: clientPoints, clientPercent: clientPercent, clientPassed: clientPassed, mismatch: mismatch)
    }

    /// `payload.questions` as ids (String(x), as score.js keys its lookups), each once:
    /// the browser's layout never repeats one, and a repeated id would count twice.
    static func shownQuestions(_ value: JSONValue?) -> [String]? {
        guard let items = value?.array else { return nil }
        var seen: Set<String> = []
        var ids: [String] = []
        for item in items {
            let id = String(decoding: JS.string(JSValue(item)), as: UTF16.self)
            if seen.insert(id).inserted { ids.append(id) }
        }
        return ids
    }
}
