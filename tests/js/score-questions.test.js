/* score.js, one question at a time: what a learner gets for each kind of answer.
   Questions come from the demo courses where they fit (see helpers.js), else are
   written here in the JSON shape QuizForm.payload gives the page. */
"use strict";

const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { score, segregacjaQuiz, dostepnoscQuiz, demoQuestion } = require("./helpers.js");

const segregacja = (id) => demoQuestion(segregacjaQuiz(), id);
const dostepnosc = (id) => demoQuestion(dostepnoscQuiz(), id);

/** Scores one question and keeps what a learner sees: points, out of, verdict, feedback. */
function mark(q, response) {
  const r = score.question(q, response);
  return { points: r.points, max: r.max, state: r.state, feedback: r.feedback };
}

describe("single choice", () => {
  // "Do którego pojemnika wrzucisz pusty karton po mleku?" Answer 0 (yellow) is right.
  const karton = () => segregacja("karton-po-mleku");

  test("the right answer earns the full point, with its own feedback and then the general one", () => {
    const q = karton();
    assert.deepEqual(mark(q, 0), {
      points: 1, max: 1, state: "correct",
      feedback: [q.answers[0].feedback, q.feedback],
    });
  });

  test("a wrong answer earns nothing and shows why it is wrong", () => {
    const q = karton();
    assert.deepEqual(mark(q, 1), {
      points: 0, max: 1, state: "incorrect",
      feedback: [q.answers[1].feedback, q.feedback],
    });
  });

  test("an answer worth 50% earns half the points and is marked partly right", () => {
    const q = {
      id: "stolica", type: "single", points: 2, options: 3,
      answers: [
        { correct: true, weight: 100 },
        { correct: false, weight: 50, feedback: "Prawie." },
        { correct: false, weight: 0 },
      ],
    };
    assert.deepEqual(mark(q, 1), { points: 1, max: 2, state: "partial", feedback: ["Prawie."] });
  });

  test("an answer with a negative weight gives 0 points, never a negative score", () => {
    const q = {
      id: "kara", type: "single", points: 2, options: 2,
      answers: [{ correct: true, weight: 100 }, { correct: false, weight: -50 }],
    };
    const r = score.question(q, 1);
    assert.equal(r.points, 0);
    assert.equal(r.fraction, 0);
    assert.equal(r.state, "incorrect");
  });

  test("a question left blank earns nothing and is marked unanswered", () => {
    const q = karton();
    const r = mark(q, null);
    assert.equal(r.points, 0);
    assert.equal(r.state, "unanswered");
    assert.ok(!r.feedback.includes(q.answers[0].feedback), "no answer's feedback for an unanswered question");
  });

  test("an answer marked correct without a weight counts as fully right", () => {
    const q = { id: "bez-wag", type: "single", points: 1, options: 2, answers: [{ correct: false }, { correct: true }] };
    assert.equal(mark(q, 1).state, "correct");
    assert.equal(mark(q, 0).state, "incorrect");
  });

  test("an answer number that does not exist scores 0 instead of failing", () => {
    const q = karton();
    assert.equal(mark(q, 7).points, 0);
    assert.equal(mark(q, 7).state, "incorrect");
  });
});

describe("multiple choice without weights (all or nothing)", () => {
  // "Co możesz wrzucić do zielonego pojemnika?" Answers 0 and 1 are right, 2–4 wrong.
  const zielony = () => segregacja("zielony-pojemnik");

  test("exactly the right answers earn the point, in whatever order they were ticked", () => {
    assert.equal(mark(zielony(), [0, 1]).state, "correct");
    assert.equal(mark(zielony(), [1, 0]).points, 1);
  });

  test("only some of the right answers earn nothing", () => {
    assert.deepEqual([mark(zielony(), [0]).points, mark(zielony(), [0]).state], [0, "incorrect"]);
  });

  test("the right answers plus a wrong one earn nothing", () => {
    assert.deepEqual([mark(zielony(), [0, 1, 3]).points, mark(zielony(), [0, 1, 3]).state], [0, "incorrect"]);
  });

  test("ticking everything earns nothing", () => {
    assert.equal(mark(zielony(), [0, 1, 2, 3, 4]).points, 0);
  });

  test("nothing ticked is unanswered", () => {
    assert.equal(mark(zielony(), []).state, "unanswered");
    assert.equal(mark(zielony(), null).state, "unanswered");
  });

  test("each ticked answer's feedback is shown in the answers' order, then the general feedback", () => {
    const q = zielony();
    assert.deepEqual(mark(q, [2, 0]).feedback, [q.answers[0].feedback, q.answers[2].feedback, q.feedback]);
  });
});

describe("multiple choice with weights (partial credit)", () => {
  // "Które teksty linków są zrozumiałe…?" 2 points; weights 50, 50, -50, -50, -25.
  const linki = () => dostepnosc("teksty-linkow");

  test("both right answers earn the full 2 points", () => {
    assert.deepEqual([mark(linki(), [0, 1]).points, mark(linki(), [0, 1]).state], [2, "correct"]);
  });

  test("one of the two right answers earns half: 1 point of 2", () => {
    assert.deepEqual([mark(linki(), [1]).points, mark(linki(), [1]).state], [1, "partial"]);
  });

  test("a wrong answer costs points: both right plus one at -50 leaves 1 point", () => {
    assert.deepEqual([mark(linki(), [0, 1, 2]).points, mark(linki(), [0, 1, 2]).state], [1, "partial"]);
  });

  test("a penalty can cancel a right answer completely", () => {
    assert.deepEqual([mark(linki(), [0, 3]).points, mark(linki(), [0, 3]).state], [0, "incorrect"]);
  });

  test("ticking everything (50+50-50-50-25) gives 0 points, not a negative score", () => {
    const r = score.question(linki(), [0, 1, 2, 3, 4]);
    assert.equal(r.points, 0);
    assert.equal(r.fraction, 0);
  });

  test("weights adding up to more than 100% still give at most the question's points", () => {
    const q = {
      id: "hojne", type: "multiple", points: 2, options: 3,
      answers: [{ correct: true, weight: 60 }, { correct: true, weight: 60 }, { correct: false, weight: 0 }],
    };
    const r = score.question(q, [0, 1]);
    assert.equal(r.points, 2);
    assert.equal(r.fraction, 1);
  });

  test("an answer without a weight in a weighted question counts 0", () => {
    const q = {
      id: "czesc-wag", type: "multiple", points: 1, options: 3,
      answers: [{ correct: true, weight: 100 }, { correct: false }, { correct: false }],
    };
    assert.equal(mark(q, [0, 1]).points, 1);
    assert.equal(mark(q, [1, 2]).points, 0);
  });

  test("ticking the same answer twice counts it once", () => {
    assert.equal(mark(linki(), [0, 0]).points, 1);
  });
});

describe("true / false", () => {
  // "Paragony ze sklepu wrzucamy do niebieskiego pojemnika" – the statement is false.
  const paragon = () => segregacja("paragon");

  test("answering false to a false statement is right and shows the feedback for 'false'", () => {
    const q = paragon();
    assert.deepEqual(mark(q, false), { points: 1, max: 1, state: "correct", feedback: [q.feedbackFalse, q.feedback].filter(Boolean) });
  });

  test("answering true to a false statement is wrong and shows the feedback for 'true'", () => {
    const q = paragon();
    const r = mark(q, true);
    assert.equal(r.state, "incorrect");
    assert.equal(r.feedback[0], q.feedbackTrue);
    assert.ok(!r.feedback.includes(q.feedbackFalse));
  });

  test("a true statement: true is right, false is wrong", () => {
    const q = { id: "prawda", type: "truefalse", points: 1, answer: true, feedbackTrue: "Tak.", feedbackFalse: "Nie." };
    assert.deepEqual(mark(q, true), { points: 1, max: 1, state: "correct", feedback: ["Tak."] });
    assert.deepEqual(mark(q, false), { points: 0, max: 1, state: "incorrect", feedback: ["Nie."] });
  });

  test("no answer is unanswered and shows neither true nor false feedback", () => {
    const q = paragon();
    const r = mark(q, null);
    assert.equal(r.state, "unanswered");
    assert.ok(!r.feedback.includes(q.feedbackTrue) && !r.feedback.includes(q.feedbackFalse));
  });
});

describe("short answer", () => {
  // "Jak nazywa się miejsce…? Wpisz skrót." accepts PSZOK or the full name;
  // not case sensitive, diacritics ignored.
  const pszok = () => segregacja("pszok-nazwa");

  function shortQuestion(fields) {
    return Object.assign({ id: "krotka", type: "short", points: 1, caseSensitive: false, ignoreDiacritics: false }, fields);
  }

  test("any of the accepted answers is right", () => {
    assert.equal(mark(pszok(), "PSZOK").state, "correct");
    assert.equal(mark(pszok(), "Punkt Selektywnej Zbiórki Odpadów Komunalnych").state, "correct");
  });

  test("a different answer is wrong", () => {
    assert.deepEqual([mark(pszok(), "wysypisko").points, mark(pszok(), "wysypisko").state], [0, "incorrect"]);
  });

  test("by default capitals do not matter", () => {
    const q = shortQuestion({ answers: [{ text: "PSZOK", weight: 100 }] });
    assert.equal(mark(q, "pszok").state, "correct");
    assert.equal(mark(q, "Pszok").state, "correct");
  });

  test("with case_sensitive: true capitals must match", () => {
    const q = shortQuestion({ caseSensitive: true, answers: [{ text: "PSZOK", weight: 100 }] });
    assert.equal(mark(q, "PSZOK").state, "correct");
    assert.equal(mark(q, "pszok").state, "incorrect");
  });

  test("with ignore_diacritics: true 'zolw' is accepted for 'żółw', including ł", () => {
    const q = shortQuestion({ ignoreDiacritics: true, answers: [{ text: "żółw", weight: 100 }] });
    assert.equal(mark(q, "zolw").state, "correct");
    assert.equal(mark(q, "ŻÓŁW").state, "correct");
    assert.equal(mark(q, "żolw").state, "correct");
  });

  test("without ignore_diacritics the Polish letters must be typed", () => {
    const q = shortQuestion({ answers: [{ text: "żółw", weight: 100 }] });
    assert.equal(mark(q, "żółw").state, "correct");
    assert.equal(mark(q, "zolw").state, "incorrect");
    assert.equal(mark(q, "żółł").state, "incorrect");
  });

  test("the demo question accepts the full name typed without Polish letters", () => {
    assert.equal(mark(pszok(), "punkt selektywnej zbiorki odpadow komunalnych").state, "correct");
  });

  test("spaces around the answer and doubled spaces inside do not matter", () => {
    const q = dostepnosc("nazwa-deklaracji");
    assert.equal(mark(q, "  deklaracja    dostępności \n").state, "correct");
    assert.equal(mark(q, "deklaracja\tdostępności").state, "correct");
  });

  test("spaces inside a word still matter", () => {
    const q = dostepnosc("nazwa-deklaracji");
    assert.equal(mark(q, "deklaracja dostęp ności").state, "incorrect");
  });

  test("'*' in an accepted answer stands for any text", () => {
    const q = shortQuestion({ answers: [{ text: "deklaracj* dostępności", weight: 100 }] });
    assert.equal(mark(q, "deklaracja dostępności").state, "correct");
    assert.equal(mark(q, "deklaracji dostępności").state, "correct");
    assert.equal(mark(q, "deklaracj dostępności").state, "correct");
    assert.equal(mark(q, "deklaracja dostępności cyfrowej").state, "incorrect");
  });

  test("an empty answer is unanswered, even when '*' would accept anything", () => {
    const q = shortQuestion({ answers: [{ text: "*", weight: 100 }] });
    assert.equal(mark(q, "").state, "unanswered");
    assert.equal(mark(q, "   ").state, "unanswered");
    assert.equal(mark(q, "cokolwiek").state, "correct");
  });

  test("the first accepted answer that matches decides, with its weight and feedback", () => {
    const q = shortQuestion({
      answers: [
        { text: "warszaw*", weight: 50, feedback: "Prawie: podaj pełną nazwę." },
        { text: "warszawa", weight: 100, feedback: "Dobrze." },
      ],
    });
    assert.deepEqual(mark(q, "Warszawa"), { points: 0.5, max: 1, state: "partial", feedback: ["Prawie: podaj pełną nazwę."] });
  });

  test("a later answer decides when the earlier ones do not match", () => {
    const q = shortQuestion({
      points: 2,
      answers: [
        { text: "kraków", weight: 100, feedback: "Dobrze." },
        { text: "krakow", weight: 50, feedback: "Pamiętaj o ó." },
      ],
    });
    assert.deepEqual(mark(q, "Krakow"), { points: 1, max: 2, state: "partial", feedback: ["Pamiętaj o ó."] });
  });

  test("a word typed with decomposed accents (as pasted from some PDFs) is the same word", () => {
    const q = shortQuestion({ answers: [{ text: "żółw", weight: 100 }] });
    assert.equal(mark(q, "żółw".normalize("NFD")).state, "correct");
  });
});

describe("numeric", () => {
  function numeric(answers, points) {
    return { id: "liczba", type: "numeric", points: points || 1, answers: answers };
  }
  // The build turns `answer: 3.1415, tolerance: 0.0005` into this range, in doubles like here.
  const pi = () => numeric([{ min: 3.1415 - 0.0005, max: 3.1415 + 0.0005, weight: 100 }]);

  test("the exact answer is right, with a decimal point or a decimal comma", () => {
    // "Jaki jest minimalny współczynnik kontrastu…?" answer 4.5, tolerance 0.
    const q = dostepnosc("kontrast-minimum");
    assert.equal(mark(q, "4.5").state, "correct");
    assert.equal(mark(q, "4,5").state, "correct");
    assert.equal(mark(q, "4,50").state, "correct");
    assert.equal(mark(q, "4.6").state, "incorrect");
    assert.equal(mark(q, "3").state, "incorrect");
  });

  test("3.1415 ± 0.0005 accepts both edges, 3.141 and 3.142", () => {
    assert.equal(mark(pi(), "3.141").state, "correct");
    assert.equal(mark(pi(), "3.142").state, "correct");
    assert.equal(mark(pi(), "3,1415").state, "correct");
  });

  test("3.1415 ± 0.0005 rejects values just outside: 3.1426 and 3.1404", () => {
    assert.equal(mark(pi(), "3.1426").state, "incorrect");
    assert.equal(mark(pi(), "3.1404").state, "incorrect");
  });

  test("a range from min to max accepts both ends and everything between", () => {
    const q = numeric([{ min: 10, max: 20, weight: 100 }]);
    for (const inside of ["10", "15", "20", "19,99"]) { assert.equal(mark(q, inside).state, "correct", inside); }
    for (const outside of ["9.99", "20.01", "-15"]) { assert.equal(mark(q, outside).state, "incorrect", outside); }
  });

  test("'2,5' with a decimal comma is 2.5", () => {
    assert.equal(mark(numeric([{ min: 2.5, max: 2.5, weight: 100 }]), "2,5").state, "correct");
  });

  test("text that is not a number is wrong, not an error", () => {
    const r = mark(pi(), "abc");
    assert.deepEqual([r.points, r.state], [0, "incorrect"]);
  });

  test("an empty or blank field is unanswered", () => {
    assert.equal(mark(pi(), "").state, "unanswered");
    assert.equal(mark(pi(), "   ").state, "unanswered");
    assert.equal(mark(pi(), null).state, "unanswered");
  });

  test("when a value fits several answers the best weight wins, whatever the order", () => {
    const close = { min: 9, max: 11, weight: 50, feedback: "Blisko." };
    const exact = { min: 9.8, max: 9.82, weight: 100, feedback: "Dokładnie." };
    for (const answers of [[exact, close], [close, exact]]) {
      const q = numeric(answers, 2);
      assert.deepEqual(mark(q, "9,81"), { points: 2, max: 2, state: "correct", feedback: ["Dokładnie."] });
      assert.deepEqual(mark(q, "10"), { points: 1, max: 2, state: "partial", feedback: ["Blisko."] });
    }
  });

  test("a value outside every range gets the catch-all answer's feedback and 0 points", () => {
    const q = numeric([{ min: 4.5, max: 4.5, weight: 100 }, { weight: 0, feedback: "Zajrzyj do tabeli WCAG." }]);
    assert.deepEqual(mark(q, "7"), { points: 0, max: 1, state: "incorrect", feedback: ["Zajrzyj do tabeli WCAG."] });
  });

  test("the catch-all answer does not speak when the value is right or the field is empty", () => {
    const q = numeric([{ min: 4.5, max: 4.5, weight: 100, feedback: "Tak." }, { weight: 0, feedback: "Zajrzyj do tabeli WCAG." }]);
    assert.deepEqual(mark(q, "4,5").feedback, ["Tak."]);
    assert.deepEqual(mark(q, "").feedback, []);
  });

  test("a 0% answer can name a typical mistake with its own feedback", () => {
    const q = numeric([
      { min: 4.5, max: 4.5, weight: 100 },
      { min: 3, max: 3, weight: 0, feedback: "3:1 wystarcza tylko dla dużego tekstu." },
      { weight: 0, feedback: "Nie." },
    ]);
    assert.deepEqual(mark(q, "3"), { points: 0, max: 1, state: "incorrect", feedback: ["3:1 wystarcza tylko dla dużego tekstu."] });
  });
});

describe("matching", () => {
  // "Połącz kryterium sukcesu WCAG 2.1…" 4 rows, 2 points; the right choice per row is [3, 2, 0, 1].
  const wcag = () => dostepnosc("kryteria-wcag");

  test("every row right earns the full 2 points", () => {
    assert.deepEqual([mark(wcag(), [3, 2, 0, 1]).points, mark(wcag(), [3, 2, 0, 1]).state], [2, "correct"]);
  });

  test("two rows of four right earn half: 1 point", () => {
    assert.deepEqual([mark(wcag(), [3, 2, 1, 0]).points, mark(wcag(), [3, 2, 1, 0]).state], [1, "partial"]);
  });

  test("three rows of four right earn 1.5 points", () => {
    assert.equal(mark(wcag(), [3, 2, 0, 3]).points, 1.5);
  });

  test("no row right earns nothing", () => {
    assert.deepEqual([mark(wcag(), [0, 1, 2, 3]).points, mark(wcag(), [0, 1, 2, 3]).state], [0, "incorrect"]);
  });

  test("rows left empty count as wrong, and the answered ones still score", () => {
    const r = mark(wcag(), [3, null, null, null]);
    assert.deepEqual([r.points, r.state], [0.5, "partial"]);
  });

  test("no row chosen is unanswered", () => {
    assert.equal(mark(wcag(), [null, null, null, null]).state, "unanswered");
  });
});

describe("ordering", () => {
  // "Ułóż etapy drogi plastikowej butelki…" 5 steps. The response gives, for each step in
  // the author's order, the position (1 to 5) the learner chose for it.
  const butelka = () => segregacja("droga-butelki");

  test("every step in its place earns the point", () => {
    assert.equal(mark(butelka(), [1, 2, 3, 4, 5]).state, "correct");
  });

  test("two steps swapped: the other three still count, 3 of 5", () => {
    const r = score.question(butelka(), [2, 1, 3, 4, 5]);
    assert.equal(r.points, 0.6);
    assert.equal(r.state, "partial");
  });

  test("the reversed order leaves only the middle step in place, 1 of 5", () => {
    assert.equal(mark(butelka(), [5, 4, 3, 2, 1]).points, 0.2);
  });

  test("the last step put first shifts all the others: nothing is in place", () => {
    assert.deepEqual([mark(butelka(), [2, 3, 4, 5, 1]).points, mark(butelka(), [2, 3, 4, 5, 1]).state], [0, "incorrect"]);
  });

  test("positions are 1-based: 0-based positions are all wrong", () => {
    assert.equal(mark(butelka(), [0, 1, 2, 3, 4]).points, 0);
  });

  test("no position chosen is unanswered", () => {
    assert.equal(mark(butelka(), [null, null, null, null, null]).state, "unanswered");
  });
});

describe("cloze (fill in the blanks)", () => {
  // Three blanks, 3 points: [[7|siedmiu|siedem]], [[2|dwa|dwóch]],
  // [[Rzecznika Praw Obywatelskich|RPO|Rzecznik Praw Obywatelskich]]; diacritics count.
  const terminy = () => dostepnosc("terminy-zadania");

  test("every blank right, with any of its accepted forms, earns the full 3 points", () => {
    assert.deepEqual([mark(terminy(), ["7", "2", "Rzecznika Praw Obywatelskich"]).points], [3]);
    assert.equal(mark(terminy(), ["siedem", "dwóch", "RPO"]).state, "correct");
  });

  test("each blank counts on its own: two of three earn 2 points", () => {
    assert.deepEqual([mark(terminy(), ["7", "2", "wojewody"]).points, mark(terminy(), ["7", "2", "wojewody"]).state], [2, "partial"]);
  });

  test("capitals and surrounding spaces do not matter in a blank", () => {
    assert.equal(mark(terminy(), [" 7 ", "DWA", "rzecznika praw  obywatelskich"]).points, 3);
  });

  test("without ignore_diacritics a blank needs the Polish letters", () => {
    assert.equal(mark(terminy(), ["7", "dwoch", "RPO"]).points, 2);
  });

  test("with ignore_diacritics a blank accepts the word without Polish letters", () => {
    const q = Object.assign(terminy(), { ignoreDiacritics: true });
    assert.equal(mark(q, ["7", "dwoch", "RPO"]).points, 3);
  });

  test("some blanks left empty: the filled ones still score", () => {
    const r = mark(terminy(), ["7", "", ""]);
    assert.deepEqual([r.points, r.state], [1, "partial"]);
  });

  test("all blanks empty is unanswered", () => {
    assert.equal(mark(terminy(), ["", " ", ""]).state, "unanswered");
  });
});

describe("essay", () => {
  // "Opisz, co zrobisz, żeby opublikować je w dostępny sposób." 4 points, marked by a teacher.
  const esej = () => dostepnosc("dostepny-pdf");

  test("a written essay awaits review: 0 points for now, out of its 4", () => {
    const r = mark(esej(), "Dodam tekst alternatywny do mapki, nagłówki ze stylów…");
    assert.deepEqual([r.points, r.max, r.state], [0, 4, "pending"]);
  });

  test("an empty essay is unanswered", () => {
    assert.equal(mark(esej(), "").state, "unanswered");
    assert.equal(mark(esej(), "  \n ").state, "unanswered");
  });
});

describe("exam mode (no key in the page)", () => {
  test("a question the page has no key for is 'unknown', not wrong", () => {
    for (const q of [
      { id: "a", type: "single", points: 1, options: 3 },
      { id: "b", type: "multiple", points: 1, options: 3 },
      { id: "c", type: "truefalse", points: 1 },
      { id: "d", type: "short", points: 1 },
      { id: "e", type: "numeric", points: 1 },
      { id: "f", type: "matching", points: 1, count: 3 },
      { id: "g", type: "ordering", points: 1, count: 3 },
      { id: "h", type: "cloze", points: 1, blanks: 2 },
    ]) {
      assert.equal(score.question(q, null).state, "unknown", q.type);
    }
  });
});

test("weightOf: the credit an answer gives, from its weight or its correct flag", () => {
  assert.equal(score.weightOf({ weight: 50 }), 50);
  assert.equal(score.weightOf({ weight: 0, correct: true }), 0);
  assert.equal(score.weightOf({ correct: true }), 100);
  assert.equal(score.weightOf({ correct: false }), 0);
});
