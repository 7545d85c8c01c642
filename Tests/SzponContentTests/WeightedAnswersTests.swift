import Testing
@testable import SzponContent

/// Partial credit and feedback per answer, as Moodle authors (and GIFT files) write them.
struct WeightedAnswersTests {
    let reader = YAMLReader(file: "lesson.md", firstLine: 1)

    func parse(_ yaml: String) -> (Quiz?, [String]) {
        let (quiz, diagnostics) = QuizParser.parse(yaml: yaml, reader: reader)
        return (quiz, diagnostics.map(\.description))
    }

    @Test func singleChoiceTakesPartialWeights() {
        let (quiz, problems) = parse("""
        id: q
        questions:
          - id: a
            type: single
            text: Skąd pochodził?
            answers:
              - { text: Jerozolima }
              - { text: Betlejem, weight: 25 }
              - { text: Galilea, weight: 50 }
              - { text: Nazaret, correct: true }
        """)
        #expect(problems.isEmpty, "\(problems)")
        let answers = quiz?.questions.first?.answers ?? []
        #expect(answers.map(\.correct) == [false, false, false, true], "a 25% answer is partial credit, not a right answer")
        #expect(answers.map(\.weight) == [nil, 25, 50, nil])
    }

    @Test func shortAnswersWithWeightsFeedbackAndWildcard() {
        let (quiz, problems) = parse("""
        id: q
        questions:
          - id: a
            type: short
            text: Najlepsze zwierzę?
            accept: [Żaba]
            answers:
              - { text: Kot, weight: 50, feedback: Znowu koty. }
              - { text: "*", weight: 0, feedback: Zupełnie nie. }
        """)
        #expect(problems.isEmpty, "\(problems)")
        #expect(quiz?.questions.first?.textAnswers == [
            .init(text: "Żaba", weight: 100), .init(text: "Kot", weight: 50, feedback: "Znowu koty."),
            .init(text: "*", weight: 0, feedback: "Zupełnie nie."),
        ])
    }

    @Test func shortAnswerNeedsOneFullCreditAnswer() {
        let (_, problems) = parse("id: q\nquestions:\n  - { id: a, type: short, text: T, answers: [{ text: x, weight: 50 }] }\n")
        #expect(problems.contains { $0.contains("question 'a' has no correct answer") }, "\(problems)")
    }

    @Test func numericAnswersAsToleranceRangeAndCatchAll() {
        let (quiz, problems) = parse("""
        id: q
        questions:
          - { id: pi, type: numeric, text: Pi, answer: 3.1415, tolerance: 0.0005 }
          - { id: range, type: numeric, text: Od 1 do 5, min: 1, max: 5 }
          - id: born
            type: numeric
            text: Rok urodzenia?
            answers:
              - { answer: 1822, feedback: Dobrze! }
              - { answer: 1822, tolerance: 2, weight: 50 }
              - { feedback: Zupełnie nie. }
        """)
        #expect(problems.isEmpty, "\(problems)")
        let pi = quiz?.questions[0].numericAnswers.first
        #expect(abs((pi?.min ?? 0) - 3.141) < 1e-9 && abs((pi?.max ?? 0) - 3.142) < 1e-9)
        #expect(quiz?.questions[1].numericAnswers == [.init(min: 1, max: 5, weight: 100)])
        #expect(quiz?.questions[2].numericAnswers == [
            .init(min: 1822, max: 1822, weight: 100, feedback: "Dobrze!"),
            .init(min: 1820, max: 1824, weight: 50),
            .init(min: nil, max: nil, weight: 0, feedback: "Zupełnie nie."),
        ])
    }

    @Test func numericCatchAllMustWeighNothing() {
        let (_, problems) = parse("""
        id: q
        questions:
          - id: a
            type: numeric
            text: T
            answers: [{ answer: 1 }, { weight: 50 }]
        """)
        #expect(problems.contains { $0.contains("matches any other number and must weigh 0") }, "\(problems)")
    }

    @Test func numbersMustBeFinite() {
        let (_, problems) = parse("id: q\nquestions:\n  - { id: a, type: numeric, text: T, answer: .inf }\n")
        #expect(problems.contains { $0.hasPrefix("lesson.md:3:") && $0.contains("'answer' should be a number") }, "\(problems)")
    }

    @Test func weightsOutOfRangeAreErrors() {
        let (_, problems) = parse("id: q\nquestions:\n  - { id: a, type: single, text: T, answers: [{ text: x, correct: true }, { text: y, weight: 150 }] }\n")
        #expect(problems.contains { $0.contains("weight 150% is out of range") }, "\(problems)")
    }

    @Test func matchingDistractorsJoinTheChoices() {
        let (quiz, problems) = parse("""
        id: q
        questions:
          - id: a
            type: matching
            text: Połącz
            pairs: [{ left: Forum, right: dyskusje }, { left: Wiki, right: wspólne strony }]
            distractors: [czat]
        """)
        #expect(problems.isEmpty, "\(problems)")
        #expect(quiz?.questions.first?.matchingChoices == ["czat", "dyskusje", "wspólne strony"])
    }

    @Test func contentHashChangesWithTheKeyOnly() {
        let yaml = "id: q\nquestions:\n  - { id: a, type: truefalse, text: T, answer: true }\n"
        let (first, _) = parse(yaml)
        let (same, _) = parse(yaml)
        let (changed, _) = parse(yaml.replacing("answer: true", with: "answer: false"))
        #expect(first?.contentHash == same?.contentHash)
        #expect(first?.contentHash != changed?.contentHash)
        #expect(first?.contentHash.count == 32)
    }
}
