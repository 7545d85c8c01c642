import Foundation
import Testing
import Yams
@testable import SzponContent

/// Moodle's GIFT examples (question/format/gift in Moodle's tree): found in Tests/Fixtures/gift/moodle
/// when copied there, in $SZPON_GIFT_FIXTURES, or in the shared test data folder.
enum GiftFixtures {
    static let directory: String = {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [
            ProcessInfo.processInfo.environment["SZPON_GIFT_FIXTURES"],
            repository.appendingPathComponent("Tests/Fixtures/gift/moodle").path,
            "/work/shared/testdata/gift/moodle",
        ].compactMap { $0 }
        return candidates.first { FileManager.default.fileExists(atPath: "\($0)/examples.txt") } ?? candidates.last!
    }()

    static func path(_ name: String) -> String { "\(directory)/\(name)" }

    static func text(_ name: String) throws -> String {
        try String(contentsOfFile: path(name), encoding: .utf8)
    }

    static let names = ["examples.txt", "questions.gift.txt", "questions_in_category.gift.txt"]
}

struct GiftParserTests {
    func parse(_ name: String) throws -> [GiftQuestion] {
        let (questions, diagnostics) = GiftParser.parse(try GiftFixtures.text(name), file: name)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        return questions
    }

    func named(_ questions: [GiftQuestion], _ name: String) throws -> GiftQuestion {
        try #require(questions.first { $0.name == name }, "no question named \(name)")
    }

    /// The question as szpon reads it back from the YAML the importer writes.
    func converted(_ question: GiftQuestion, id: String = "q") throws -> Question {
        let node = GiftImporter.questionNode(question, id: id)
        let quiz = Node([(Node("id"), Node("t")), (Node("questions"), Node([node]))])
        let yaml = try Yams.serialize(node: quiz)
        let (parsed, problems) = QuizParser.parse(yaml: yaml, reader: YAMLReader(file: "t", firstLine: 1))
        #expect(problems.isEmpty, "\(problems)\n\(yaml)")
        return try #require(parsed?.questions.first)
    }

    // MARK: - The three Moodle files

    @Test func everyQuestionOfTheMoodleExamplesIsReadFromItsCRLFFile() throws {
        #expect(try GiftFixtures.text("examples.txt").contains("\r\n"))
        let questions = try parse("examples.txt")
        try #require(questions.count == 43)
        #expect(questions.first?.location == SourceLocation(file: "examples.txt", line: 8, column: 1))
        #expect(questions.last?.location.line == 202)
        for question in questions {
            #expect(!question.text.text.contains("\r"), "\(question.text.text)")
        }
        var kinds: [String: Int] = [:]
        for question in questions { kinds[question.kindName, default: 0] += 1 }
        #expect(kinds == ["multiple choice": 18, "true/false": 5, "short answer": 9, "numeric": 8, "matching": 3])
    }

    @Test func everyQuestionOfQuestionsGiftIsReadFromItsCRLFFile() throws {
        #expect(try GiftFixtures.text("questions.gift.txt").contains("\r\n"))
        let questions = try parse("questions.gift.txt")
        #expect(questions.map(\.name) == ["Q8", "Moodle activities", "Q2", "colours", "Q5", "Shortanswer", "Q1", "2-08 TSL", "2-08 TSL"])
        #expect(questions.map(\.kindName) == ["essay", "matching", "multiple choice", "multiple choice", "numeric", "short answer",
                                              "true/false", "true/false", "true/false"])
        #expect(questions.allSatisfy { $0.category == nil })
    }

    @Test func questionsAfterACategoryBelongToIt() throws {
        let questions = try parse("questions_in_category.gift.txt")
        #expect(questions.map(\.name) == ["Moodle activities", "Greeting", "Moodle user", "Moodle acronym"])
        #expect(questions.allSatisfy { $0.category == ["Default for New Features"] })
        #expect(GiftParser.categoryPath("$course$/top/Default for X") == ["top", "Default for X"])
        #expect(GiftParser.categoryPath("$module$/Unit 1//2 [info]About it") == ["Unit 1/2"])
    }

    // MARK: - Question types

    @Test func partialCreditSingleChoiceKeepsItsWeightsAndFeedback() throws {
        let gift = try named(try parse("examples.txt"), "Jesus' hometown")
        guard case let .multipleChoice(choices) = gift.body else { Issue.record("\(gift.body)"); return }
        #expect(choices.map(\.text.text) == ["Jerusalem", "Bethlehem", "Galilee", "Nazareth"])
        #expect(choices.map(\.weight) == [nil, 25, 50, nil])
        #expect(choices.map(\.isRight) == [false, false, false, true])
        #expect(gift.text.text == "Jesus Christ was from _____.")
        let question = try converted(gift)
        #expect(question.kind == .single)
        #expect(question.answers.map(\.weight) == [nil, 25, 50, nil])
        #expect(question.answers.map(\.correct) == [false, false, false, true])
        #expect(question.answers.map(\.feedback) == ["This was an important city, but the wrong answer.", "He was born here, but not raised here.",
                                                     "You need to be more specific.", "Yes! That's right!"])
    }

    @Test func weightedAnswersWithoutAFullOneAreMultipleChoiceWithPenalties() throws {
        let questions = try parse("examples.txt")
        let twoPeople = questions.filter { $0.text.text == "What two people are entombed in Grant's tomb?" }
        #expect(twoPeople.count == 2)
        let plain = try converted(twoPeople[0])
        #expect(plain.kind == .multiple)
        #expect(plain.answers.map(\.weight) == [nil, 50, 50, nil])
        let penalties = try converted(twoPeople[1])
        #expect(penalties.answers.map(\.weight) == [-50, 50, 50, -50])
        let colours = try converted(try named(try parse("questions.gift.txt"), "colours"))
        #expect(colours.kind == .multiple)
        #expect(colours.answers.map(\.weight) == [50, -100, 50, -100])
        #expect(colours.answers.map(\.text) == ["yellow", "red", "off-beige", "blue"])
    }

    @Test func numericWithTwoAnswersWeighsThemAHundredAndFifty() throws {
        let gift = try named(try parse("examples.txt"), "Numerical example")
        guard case let .numeric(answers, other) = gift.body else { Issue.record("\(gift.body)"); return }
        #expect(answers.map(\.value) == [.value(1822, tolerance: 0), .value(1822, tolerance: 2)])
        #expect(answers.map(\.weight) == [nil, 50])
        #expect(other == nil)
        // The feedback of the second answer runs over two lines, joined with a space.
        #expect(answers[1].feedback?.text == "He was born in 1822. You get 50% credit for being close.")
        #expect(answers[1].location == SourceLocation(file: "examples.txt", line: 205, column: 6))
        let question = try converted(gift)
        #expect(question.numericAnswers.map(\.weight) == [100, 50])
        #expect(question.numericAnswers.map(\.min) == [1822, 1820])
        #expect(question.numericAnswers.map(\.max) == [1822, 1824])
        #expect(question.numericAnswers.map(\.feedback) == ["Correct! 100% credit", "He was born in 1822. You get 50% credit for being close."])
    }

    @Test func numericToleranceRangeAndOtherAnswerFeedback() throws {
        let questions = try parse("examples.txt")
        let pi = try questions.filter { $0.text.text.hasPrefix("What is the value of pi") }.map { try converted($0) }
        // 3.1415 ± 0.0005 and 3.141..3.142: the same range. Both questions, so an empty loop fails.
        try #require(pi.count == 2)
        for question in pi {
            #expect(question.numericAnswers.count == 1)
            #expect(abs((question.numericAnswers.first?.min ?? 0) - 3.141) < 1e-9)
            #expect(abs((question.numericAnswers.first?.max ?? 0) - 3.142) < 1e-9)
        }
        let anyOther = try converted(try named(try parse("questions.gift.txt"), "Q5"))
        #expect(anyOther.numericAnswers.count == 2)
        #expect(anyOther.numericAnswers[0].min == 1 && anyOther.numericAnswers[0].max == 5 && anyOther.numericAnswers[0].weight == 100)
        #expect(anyOther.numericAnswers[1].min == nil && anyOther.numericAnswers[1].weight == 0)
        #expect(anyOther.numericAnswers[1].feedback == "Completely wrong")
    }

    @Test func matchingKeepsEachLeftItemsFormatAndTheChatDistractor() throws {
        let gift = try named(try parse("questions.gift.txt"), "Moodle activities")
        guard case let .matching(pairs, distractors) = gift.body else { Issue.record("\(gift.body)"); return }
        #expect(pairs.map(\.left.format) == [.html, .moodle, .plain, .markdown])
        #expect(pairs.map(\.right) == ["Forum", "Choice", "Database", "Wiki"])
        #expect(distractors == ["Chat"])
        #expect(gift.text == .init("Match the <b>activity</b> to the description.", format: .html))
        let question = try converted(gift)
        #expect(question.kind == .matching)
        #expect(question.distractors == ["Chat"])
        #expect(question.pairs.count == 4)
        #expect(question.matchingChoices == ["Chat", "Choice", "Database", "Forum", "Wiki"])
    }

    @Test func trueFalseFeedbackForTheWrongAnswerComesFirst() throws {
        let gift = try named(try parse("questions.gift.txt"), "Q1")
        guard case let .trueFalse(truth, wrong, right) = gift.body else { Issue.record("\(gift.body)"); return }
        #expect(truth == false)
        #expect(wrong?.text == "42 is the Ultimate Answer.")
        #expect(right?.text == "You gave the right answer.")
        let question = try converted(gift)
        #expect(question.truth == false)
        // The statement is false, so a learner who answers "true" is wrong and sees the first feedback.
        #expect(question.feedbackTrue == "42 is the Ultimate Answer.")
        #expect(question.feedbackFalse == "You gave the right answer.")
        #expect(question.feedback == "This is, of course, a Hitchiker's Guide to the Galaxy reference.")

        let snow = try converted(GiftParser.parse("Snow is white.{TRUE#No, it is.#Yes.}", file: "t").questions[0])
        #expect(snow.truth == true && snow.feedbackFalse == "No, it is." && snow.feedbackTrue == "Yes.")
        let spellings = GiftParser.parse("A{T}\n\nB{TRUE}\n\nC{F}\n\nD{FALSE}", file: "t").questions.map(\.body)
        #expect(spellings == [.trueFalse(true, feedbackWhenWrong: nil, feedbackWhenRight: nil), .trueFalse(true, feedbackWhenWrong: nil, feedbackWhenRight: nil),
                              .trueFalse(false, feedbackWhenWrong: nil, feedbackWhenRight: nil), .trueFalse(false, feedbackWhenWrong: nil, feedbackWhenRight: nil)])
    }

    @Test func shortAnswersWithWeightsFeedbackAndAWildcard() throws {
        let question = try converted(try named(try parse("questions.gift.txt"), "Shortanswer"))
        #expect(question.kind == .short)
        #expect(question.textAnswers.map(\.text) == ["Frog", "Cat", "*"])
        #expect(question.textAnswers.map(\.weight) == [100, 50, 0])
        #expect(question.textAnswers.map(\.feedback) == ["Good!", "What is it with Moodlers and cats?", "Completely wrong"])
        // Only `=` answers and no `~`: a short answer, even with several right ones.
        let plain = try converted(GiftParser.parse("Who's buried in Grant's tomb?{=no one =nobody}", file: "t").questions[0])
        #expect(plain.kind == .short)
        #expect(plain.textAnswers.map(\.text) == ["no one", "nobody"])
        let yaml = try Yams.serialize(node: GiftImporter.questionNode(GiftParser.parse("Q{=a =b}", file: "t").questions[0], id: "x"))
        #expect(yaml.contains("accept:\n- a\n- b\n"))
    }

    @Test func essayAndMissingWord() throws {
        let essay = try named(try parse("questions.gift.txt"), "Q8")
        #expect(essay.body == .essay)
        #expect(essay.text.text == "How are you?")
        let missing = try parse("examples.txt")[1]
        #expect(missing.text.text == "Grant is _____ in Grant's tomb.")
        #expect(GiftMarkdown.markdown(missing.text) == "Grant is _____ in Grant's tomb.")
        // Answers at the end: no blank.
        #expect(try parse("examples.txt")[0].text.text == "Who's buried in Grant's tomb?")
    }

    @Test func escapedControlCharactersAreLiteral() throws {
        let questions = try parse("examples.txt")
        let equals = try #require(questions.first { $0.text.text == "Which answer equals 5?" })
        guard case let .multipleChoice(choices) = equals.body else { Issue.record("\(equals.body)"); return }
        #expect(choices.map(\.text.text) == ["= 2 + 2", "= 2 + 3", "= 2 + 4"])
        #expect(choices.map(\.isRight) == [false, true, false])

        let control = try named(questions, "GIFT Control Characters")
        guard case let .multipleChoice(controls) = control.body else { Issue.record("\(control.body)"); return }
        #expect(controls.map(\.text.text) == ["~", "=", "#", "{", "}", "\\"])
        #expect(controls.last?.isRight == true)
        #expect(controls.last?.feedback?.text.hasPrefix("Correct! \\ (backslash) is not a control character. BUT, it is used") == true)
        // In Markdown the backslash and the tilde are escaped again, so they show as themselves.
        let question = try converted(control)
        #expect(question.answers.map(\.text) == ["\\~", "=", "\\#", "{", "}", "\\\\"])

        let greeting = try named(try parse("questions_in_category.gift.txt"), "Greeting")
        #expect(greeting.text.format == .html)
        #expect(greeting.text.text == "<a href=\"http://demo.moodle.net/file.php/5/media/bonjour.mp3\">Listen to this greeting:</a><br /><br />What language is being spoken?")

        let newline = GiftParser.parse("::a\\:b:: One\\ntwo \\{x\\} {=y}", file: "t").questions[0]
        #expect(newline.name == "a:b")
        #expect(newline.text.text == "One\ntwo {x}")
        #expect(GiftMarkdown.markdown(newline.text) == "One\\\ntwo {x}")
    }

    @Test func byteOrderMarkAndOldMacLineEndingsAreRead() {
        let (questions, diagnostics) = GiftParser.parse("\u{FEFF}// c\r::A::B{T}\r\r::C::D{F}\r", file: "t")
        #expect(diagnostics.isEmpty)
        #expect(questions.map(\.name) == ["A", "C"])
        #expect(questions.map(\.location.line) == [2, 4])
    }

    @Test func textFormatsBecomeMarkdown() {
        #expect(GiftMarkdown.markdown(.init("2*3*4 is [x] <b> & a_b `c` ~d~ \\ &amp;", format: .plain))
                == "2\\*3\\*4 is \\[x\\] \\<b> & a\\_b \\`c\\` \\~d\\~ \\\\ \\&amp;")
        #expect(GiftMarkdown.markdown(.init("1984. was a year", format: .moodle)) == "1984\\. was a year")
        #expect(GiftMarkdown.markdown(.init("# not a heading", format: .moodle)) == "\\# not a heading")
        #expect(GiftMarkdown.markdown(.init("- not a list", format: .moodle)) == "\\- not a list")
        #expect(GiftMarkdown.markdown(.init("**bold**", format: .markdown)) == "**bold**")
        #expect(GiftMarkdown.markdown(.init("<span style=\"a_b\">2*3</span> &amp; _x_", format: .html))
                == "<span style=\"a_b\">2\\*3</span> &amp; \\_x\\_")
    }

    // MARK: - Errors

    @Test func unreadableQuestionsAreReportedWhereTheyStartOrAtTheBadAnswer() {
        let text = """
        // comment
        ::A::Fine?{T}

        ::Open:: Where is
        it? {
          =here
          ~there

        ::Match:: Pairs {
          =a -> 1
          =b 2
        }

        ::Unknown:: Q {foo =bar}

        Just a description.

        ::Unclosed name Q{T}

        ::Empty description::
        """
        let (questions, diagnostics) = GiftParser.parse(text, file: "bank.gift")
        #expect(questions.map(\.name) == ["A", nil])
        #expect(diagnostics.map(\.description) == [
            "bank.gift:4:1: error: the answers' '{' on line 5 is never closed with '}'",
            "bank.gift:11:3: error: matching answer without '->'\n  hint: write each pair as =left -> right, and a distractor as = -> right",
            "bank.gift:14:16: error: unknown answer syntax 'foo'\n  hint: start each accepted answer with =",
            "bank.gift:18:1: error: the question name is not closed: write ::name:: before the question text",
            "bank.gift:20:1: error: this description has a name but no text\n  hint: write the text after ::Empty description::, or remove the item",
        ])
    }

    @Test func itemsWithoutAnswersAreDescriptionsInTheirPlace() {
        let text = #"""
        $CATEGORY: Unit 1
        ::Intro::[html]<p>Read the <b>text</b>
        below.</p>

        Q{T}

        Plain 2*2 \{not answers\}\nsecond line
        // a comment inside

        ::Outro:: [markdown]**Done**
        """#
        let (items, diagnostics) = GiftParser.parse(text, file: "d.gift")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(items.map(\.kindName) == ["description", "true/false", "description", "description"])
        #expect(items.map(\.name) == ["Intro", nil, nil, "Outro"])
        #expect(items.map(\.text) == [.init("<p>Read the <b>text</b> below.</p>", format: .html), .init("Q", format: .moodle),
                                      .init("Plain 2*2 {not answers}\nsecond line", format: .moodle), .init("**Done**", format: .markdown)])
        #expect(items.map(\.location.line) == [2, 5, 7, 10])
        #expect(items.allSatisfy { $0.category == ["Unit 1"] })
    }

    @Test func descriptionsBecomeParagraphsWithTheirFormat() {
        #expect(GiftMarkdown.paragraph(.init("2*2 is <4>\nnext", format: .moodle)) == "2\\*2 is \\<4>\\\nnext")
        #expect(GiftMarkdown.paragraph(.init("- a\n- b", format: .markdown)) == "- a\n- b")
        // HTML that opens an HTML block is kept as it is (Markdown would not read escapes there), on one line.
        #expect(GiftMarkdown.paragraph(.init("<p>2*3\n<b>x</b></p>", format: .html)) == "<p>2*3 <b>x</b></p>")
        #expect(GiftMarkdown.paragraph(.init("<!-- c --> <div>a_b</div>", format: .html)) == "<!-- c --> <div>a_b</div>")
        // Inline HTML stays inline: the text between the tags is escaped as in question text.
        #expect(GiftMarkdown.paragraph(.init("<b>2*3</b> is\nsix", format: .html)) == "<b>2\\*3</b> is six")
        #expect(GiftMarkdown.heading("C# ## and *x*") == "C\\# \\#\\# and \\*x\\*")
    }

    @Test func badWeightsAndNumbersPointAtTheirAnswer() {
        let (_, diagnostics) = GiftParser.parse("Q {\n~%x%a\n=b}\n\nN {#\n=1822\n=abc}\n\nR {#5..1}\n\nW {~%150%a =b}", file: "t")
        #expect(diagnostics.map { "\($0.line):\($0.column) \($0.message)" } == [
            "2:2 '%x%' is not a weight", "7:1 'abc' is not a number", "9:5 the range 5..1 starts above its end", "11:5 weight 150% is out of range: use -100 to 100",
        ])
    }
}

struct GiftImporterTests {
    func sources() throws -> [(file: String, text: String)] {
        try GiftFixtures.names.map { ($0, try GiftFixtures.text($0)) }
    }

    @Test func planHasOneLessonPerCategoryOrFileAndACourse() throws {
        let root = temporaryFolder("szpon-gift")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (plan, diagnostics) = try GiftImporter.plan(sources: sources(), into: "\(root)/content/courses/moodle/")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let plan_ = try #require(plan)
        #expect(plan_.questionCount == 56)
        #expect(plan_.files.map { $0.path.replacingOccurrences(of: root + "/", with: "") } == [
            "content/courses/moodle/01-examples.md", "content/courses/moodle/02-questions.md",
            "content/courses/moodle/03-default-for-new-features.md", "content/courses/moodle/course.md", "content/site.yaml",
        ])
        let lesson = plan_.files[2].text
        #expect(lesson.hasPrefix("---\ntitle: Default for New Features\n---\n\n```quiz\nid: moodle-default-for-new-features\ntitle: Default for New Features\nmode: after\nquestions:\n"))
        #expect(lesson.hasSuffix("```\n"))
        let ids = plan_.files[0].text.split(separator: "\n").filter { $0.hasPrefix("- id: ") }.map { $0.dropFirst(6) }
        #expect(ids.count == 43)
        #expect(ids.prefix(2) == ["q1", "q2"])
        #expect(ids.contains("kanji-origins") && ids.contains("jesus-hometown") && ids.contains("jesus-hometown-2"))
        #expect(plan_.files[1].text.contains("- id: 2-08-tsl\n") && plan_.files[1].text.contains("- id: 2-08-tsl-2\n"))
        #expect(!FileManager.default.fileExists(atPath: root), "planning wrote something")
    }

    @Test func importedContentLoadsWithoutErrorsAndASecondImportTakesTheNextNumbers() throws {
        let root = temporaryFolder("szpon-gift")
        defer { try? FileManager.default.removeItem(atPath: root) }
        for _ in 0..<2 {
            let (plan, diagnostics) = try GiftImporter.plan(sources: sources(), into: "\(root)/content/courses/moodle")
            #expect(diagnostics.isEmpty, "\(diagnostics)")
            try GiftImporter.write(try #require(plan))
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: "\(root)/content/courses/moodle").sorted()
        #expect(names == ["01-examples.md", "02-questions.md", "03-default-for-new-features.md", "04-examples-2.md",
                          "05-questions-2.md", "06-default-for-new-features-2.md", "course.md"])
        let (content, problems) = ContentLoader(root: "\(root)/content").load()
        #expect(problems.filter { $0.severity == .error }.isEmpty, "\(problems)")
        #expect(content.courses.map(\.slug) == ["moodle"])
        #expect(content.courses.first?.meta.title == "Moodle")
        #expect(content.courses.first?.lessons.map(\.slug) == ["examples", "questions", "default-for-new-features",
                                                               "examples-2", "questions-2", "default-for-new-features-2"])
        let second = try String(contentsOfFile: "\(root)/content/courses/moodle/04-examples-2.md", encoding: .utf8)
        #expect(second.contains("\nid: moodle-examples-2\n"))
    }

    @Test func anyBrokenQuestionMeansNoPlanAndNoFiles() throws {
        let root = temporaryFolder("szpon-gift")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let broken = [("good.gift", "Fine?{T}"), ("bad.gift", "\n\nQ {\n=a -> 1\n=b\n}"), ("weights.gift", "W {~%50%a ~%60%b ~c}\n\nM {=a -> 1 = -> 2}")]
        let (plan, diagnostics) = try GiftImporter.plan(sources: broken, into: "\(root)/content/courses/x")
        #expect(plan == nil)
        #expect(diagnostics.map(\.description) == [
            "bad.gift:5:1: error: matching answer without '->'\n  hint: write each pair as =left -> right, and a distractor as = -> right",
            "weights.gift:1:1: error: cannot import this multiple choice question: the positive weights of this question add up to 110%, not 100%",
            "weights.gift:3:1: error: cannot import this matching question: this question needs at least 2 pairs",
        ])
        #expect(!FileManager.default.fileExists(atPath: root))
    }

    @Test func descriptionsAreParagraphsBetweenQuizBlocksInTheirOrder() throws {
        let root = temporaryFolder("szpon-gift")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let bank = """
        ::Intro::[html]<p>Read the <b>text</b> below.</p>

        ::Sun::The sun rises in the east.{T}

        ::Moon::The moon is cheese.{F}

        Part two: answer *carefully*.

        Capital of France? {=Paris ~Rome}

        ::Outro::That's all.
        """
        let (plan, diagnostics) = try GiftImporter.plan(sources: [("bank.gift", bank), ("only.gift", "Just words.")],
                                                        into: "\(root)/content/courses/x")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let files = try #require(plan).files
        #expect(plan?.questionCount == 3)
        #expect(files.map { $0.path.replacingOccurrences(of: root + "/", with: "") } == [
            "content/courses/x/01-bank.md", "content/courses/x/02-only.md", "content/courses/x/course.md", "content/site.yaml",
        ])
        #expect(files[0].text == """
        ---
        title: Bank
        ---

        ## Intro

        <p>Read the <b>text</b> below.</p>

        ```quiz
        id: x-bank
        title: Bank
        mode: after
        questions:
        - id: sun
          type: truefalse
          text: The sun rises in the east.
          points: 1
          answer: true
        - id: moon
          type: truefalse
          text: The moon is cheese.
          points: 1
          answer: false
        ```

        Part two: answer \\*carefully\\*.

        ```quiz
        id: x-bank-2
        mode: after
        questions:
        - id: q1
          type: single
          text: Capital of France?
          points: 1
          answers:
          - text: Paris
            correct: true
          - text: Rome
        ```

        ## Outro

        That's all.

        """)
        #expect(files[1].text == "---\ntitle: Only\n---\n\nJust words.\n")

        try GiftImporter.write(try #require(plan))
        let (content, problems) = ContentLoader(root: "\(root)/content").load()
        #expect(problems.filter { $0.severity == .error }.isEmpty, "\(problems)")
        #expect(content.courses.first?.lessons.map(\.slug) == ["bank", "only"])
    }

    @Test func aFileWithOnlyCategoriesImportsNothingWithAWarning() throws {
        let root = temporaryFolder("szpon-gift")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let categories = ("cats.gift", "// Moodle export\r\n\r\n  $CATEGORY: $course$/top/Unit 1\r\n\r\n// nothing here\r\n$CATEGORY: $course$/top/Unit 2\r\n")
        let warning = "cats.gift:3:3: warning: this file has only $CATEGORY lines and no questions: nothing was imported from it"
        let (alone, diagnostics) = try GiftImporter.plan(sources: [categories], into: "\(root)/content/courses/x")
        #expect(diagnostics.map(\.description) == [warning])
        // Not even course.md or site.yaml.
        #expect(try #require(alone).files.isEmpty)
        #expect(alone?.questionCount == 0)

        let (withOthers, others) = try GiftImporter.plan(sources: [categories, ("good.gift", "Fine?{T}")], into: "\(root)/content/courses/x")
        #expect(others.map(\.description) == [warning])
        #expect(withOthers?.files.map { ($0.path as NSString).lastPathComponent } == ["01-good.md", "course.md", "site.yaml"])
        #expect(!FileManager.default.fileExists(atPath: root))

        // A file with nothing at all in it is still an error.
        let (empty, problems) = try GiftImporter.plan(sources: [("empty.gift", "// only a comment\n")], into: "\(root)/content/courses/x")
        #expect(empty == nil)
        #expect(problems.map(\.description) == ["empty.gift:1:1: error: no GIFT questions found in this file"])
    }

    @Test func targetMustBeACourseFolder() throws {
        #expect(throws: GiftImporter.Problem.notACourseFolder("content/moodle")) {
            try GiftImporter.plan(sources: [], into: "content/moodle")
        }
        #expect(throws: GiftImporter.Problem.invalidCourseSlug("Moodle Bank", suggestion: "moodle-bank")) {
            try GiftImporter.plan(sources: [], into: "content/courses/Moodle Bank")
        }
    }
}
