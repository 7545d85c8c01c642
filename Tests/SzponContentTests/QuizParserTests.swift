import Testing
@testable import SzponContent

struct QuizParserTests {
    let reader = YAMLReader(file: "lesson.md", firstLine: 10)

    func parse(_ yaml: String) -> (Quiz?, [String]) {
        let (quiz, diagnostics) = QuizParser.parse(yaml: yaml, reader: reader)
        return (quiz, diagnostics.map(\.description))
    }

    @Test func everyQuestionTypeParses() {
        let (quiz, problems) = parse("""
        id: wszystko
        mode: after
        pass: 50
        attempts: 2
        time_limit: 10
        shuffle: true
        draw: 8
        questions:
          - { id: a, type: single, text: A, answers: [{ text: x, correct: true }, { text: y }] }
          - id: b
            type: multiple
            text: B
            answers:
              - { text: x, weight: 50 }
              - { text: y, weight: 50 }
              - { text: z, weight: -50 }
          - { id: c, type: truefalse, text: C, answer: false }
          - { id: d, type: short, text: D, accept: [Żółty, zolty], ignore_diacritics: true }
          - { id: e, type: numeric, text: E, answer: 4.5, tolerance: 0.1 }
          - { id: f, type: matching, text: F, pairs: [{ left: papier, right: niebieski }, { left: szkło, right: zielony }] }
          - { id: g, type: ordering, text: G, items: [pierwszy, drugi, trzeci] }
          - { id: h, type: cloze, text: "Papier do [[niebieskiego|niebieski]], szkło do [[zielonego]]" }
          - { id: i, type: essay, text: I }
        """)
        #expect(problems.isEmpty, "\(problems)")
        #expect(quiz?.questions.map(\.kind.rawValue) == ["single", "multiple", "truefalse", "short", "numeric", "matching", "ordering", "cloze", "essay"])
        #expect(quiz?.mode == .after)
        #expect(quiz?.questions[1].answers.filter(\.correct).count == 2)
        #expect(quiz?.questions[7].blanks == [.init(accept: ["niebieskiego", "niebieski"]), .init(accept: ["zielonego"])])
    }

    @Test func quizWithoutCorrectAnswerIsAnError() {
        let (_, problems) = parse("""
        id: q
        questions:
          - id: a
            type: single
            text: Który?
            answers: [{ text: x }, { text: y }]
        """)
        #expect(problems == ["lesson.md:12:5: error: question 'a' has no correct answer\n  hint: mark the right answer with 'correct: true'"])
    }

    @Test func singleChoiceWithTwoCorrectAnswersSuggestsMultiple() {
        let (_, problems) = parse("id: q\nquestions:\n  - { id: a, type: single, text: T, answers: [{ text: x, correct: true }, { text: y, correct: true }] }\n")
        #expect(problems.first?.contains("has 2 correct answers") == true)
        #expect(problems.first?.contains("type: multiple") == true)
    }

    @Test func impossiblePassingScoreAndOversizedDrawAreErrors() {
        let (_, problems) = parse("id: q\npass: 150\ndraw: 3\nquestions:\n  - { id: a, type: truefalse, text: T, answer: true }\n")
        #expect(problems.contains("lesson.md:11:7: error: impossible passing score 150%: it must be between 0 and 100"))
        #expect(problems.contains { $0.contains("cannot draw 3 questions from a bank of 1") })
    }

    @Test func positiveWeightsMustAddUpToAHundred() {
        let (_, problems) = parse("id: q\nquestions:\n  - { id: a, type: multiple, text: T, answers: [{ text: x, weight: 40 }, { text: y, weight: 40 }] }\n")
        #expect(problems.contains { $0.contains("add up to 80%, not 100%") })
    }

    @Test func misspelledKeyPointsAtTheKeyAndSuggestsTheRightOne() {
        let (_, problems) = parse("id: q\nquestions:\n  - id: a\n    type: numeric\n    text: T\n    answer: 3\n    tolerence: 1\n")
        #expect(problems == ["lesson.md:16:5: error: unknown key 'tolerence' in question\n  hint: did you mean 'tolerance'?"])
    }

    @Test func essaysOnlyCannotHaveAPassingScore() {
        let (_, problems) = parse("id: q\npass: 50\nquestions:\n  - { id: a, type: essay, text: T }\n")
        #expect(problems.contains { $0.contains("no question in quiz 'q' is scored automatically") })
    }

    @Test func duplicateKeyIsReportedWhereItRepeats() {
        let (_, problems) = parse("id: q\ngraded: true\nmode: after\ngraded: false\nquestions: []\n")
        #expect(problems == ["lesson.md:13:1: error: duplicate key 'graded'\n  hint: each key may appear once; remove or rename one of them"])
    }

    @Test func yamlSyntaxErrorReportsTheFileLine() {
        let (quiz, problems) = parse("id: q\nquestions: [\n")
        #expect(quiz == nil)
        #expect(problems.count == 1)
        #expect(problems[0].hasPrefix("lesson.md:1"))
        #expect(problems[0].contains("error: invalid YAML"))
    }
}

struct SurveyParserTests {
    @Test func surveyQuestionsOfEveryTypeParse() {
        let yaml = """
        id: ankieta
        anonymous: true
        questions:
          - { id: a, type: likert, scale: 7, text: A, required: true }
          - { id: b, type: rating, text: B }
          - { id: c, type: single, text: C, options: [x, y] }
          - { id: d, type: multiple, text: D, options: [x, y, z] }
          - { id: e, type: text, text: E }
          - { id: f, type: matrix, text: F, rows: [r1, r2], columns: [c1, c2, c3] }
        """
        let (survey, problems) = SurveyParser.parse(yaml: yaml, reader: YAMLReader(file: "s.md", firstLine: 1))
        #expect(problems.isEmpty, "\(problems)")
        #expect(survey?.anonymous == true)
        #expect(survey?.questions.map(\.kind) == [.likert, .rating, .single, .multiple, .text, .matrix])
        #expect(survey?.questions[0].scale == 7)
    }
}
