/* score.js attempt(): the result a learner sees after finishing a quiz and the one a
   teacher gets in the record: points, out of, percent and passed. */
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const {
  score, dostepnoscQuiz, segregacjaQuiz, withoutKey, trueFalseQuiz, trueFalseAnswers: answers, DOSTEPNOSC_ALL_RIGHT: ALL_RIGHT,
} = require("./helpers.js");

test("points, maximum and percent add up over the questions", () => {
  const r = score.attempt(trueFalseQuiz(4, 50), answers(4, 3));
  assert.equal(r.points, 3);
  assert.equal(r.max, 4);
  assert.equal(r.percent, 75);
});

test("the percent is rounded to one decimal place: 2 of 3 is 66.7%", () => {
  assert.equal(score.attempt(trueFalseQuiz(3, 50), answers(3, 2)).percent, 66.7);
});

test("partial credit counts towards the total", () => {
  const quiz = dostepnoscQuiz();
  const responses = Object.assign({}, ALL_RIGHT, { "teksty-linkow": [0], "dostepny-pdf": "" });
  const r = score.attempt(quiz, responses);
  // 1 + 1 (half of 2) + 1 + 1 + 1 + 3 + 2 + 0 of 15
  assert.equal(r.points, 10);
  assert.equal(r.max, 15);
  assert.equal(r.questions["teksty-linkow"].points, 1);
});

test("reaching the pass mark exactly passes: 3 of 5 at pass 60", () => {
  assert.equal(score.attempt(trueFalseQuiz(5, 60), answers(5, 3)).passed, true);
});

test("below the pass mark fails: 2 of 5 at pass 60", () => {
  assert.equal(score.attempt(trueFalseQuiz(5, 60), answers(5, 2)).passed, false);
});

test("a quiz without a pass mark neither passes nor fails", () => {
  const quiz = trueFalseQuiz(2);
  delete quiz.pass;
  assert.equal(score.attempt(quiz, answers(2, 2)).passed, null);
});

test("an attempt with no answers at all scores 0 and fails", () => {
  const r = score.attempt(trueFalseQuiz(3, 50), null);
  assert.deepEqual([r.points, r.max, r.percent, r.passed], [0, 3, 0, false]);
  assert.equal(r.questions.q1.state, "unanswered");
});

test("the demo waste-sorting quiz with every answer right is 100% and passed", () => {
  const r = score.attempt(segregacjaQuiz(), {
    "karton-po-mleku": 0, "zielony-pojemnik": [0, 1], paragon: false, "pszok-nazwa": "pszok",
    "gdzie-oddac": [3, 2, 1, 0], "droga-butelki": [1, 2, 3, 4, 5],
  });
  assert.deepEqual([r.points, r.max, r.percent, r.passed, r.pending], [6, 6, 100, true, false]);
});

test("an essay counts in the maximum but earns nothing until a teacher marks it", () => {
  const r = score.attempt(dostepnoscQuiz(), ALL_RIGHT);
  assert.equal(r.max, 15);
  assert.equal(r.points, 11);
  assert.equal(r.percent, 73.3);
  assert.equal(r.pending, true);
  assert.equal(r.questions["dostepny-pdf"].state, "pending");
});

test("already above the pass mark without the essay: passed, even while the essay waits", () => {
  // 11 of 15 = 73.3% against pass 70.
  assert.equal(score.attempt(dostepnoscQuiz(), ALL_RIGHT).passed, true);
});

test("passed is unknown (null) while the essay could still lift the result over the pass mark", () => {
  const quiz = trueFalseQuiz(6, 70);
  quiz.questions.push({ id: "esej", type: "essay", points: 4 });
  const responses = Object.assign(answers(6, 6), { esej: "Moja odpowiedź." });
  // 6 of 10 now, 10 of 10 if the essay gets full marks.
  const r = score.attempt(quiz, responses);
  assert.equal(r.percent, 60);
  assert.equal(r.passed, null);
  assert.equal(r.pending, true);
});

test("failed even with full marks for the essay: passed is false straight away", () => {
  const quiz = trueFalseQuiz(6, 70);
  quiz.questions.push({ id: "esej", type: "essay", points: 4 });
  // 2 now, at most 6 of 10 with the essay.
  assert.equal(score.attempt(quiz, Object.assign(answers(6, 2), { esej: "Tekst." })).passed, false);
});

test("an essay left empty cannot change the outcome, so the result is final", () => {
  const quiz = trueFalseQuiz(6, 70);
  quiz.questions.push({ id: "esej", type: "essay", points: 4 });
  const r = score.attempt(quiz, Object.assign(answers(6, 6), { esej: "" }));
  assert.equal(r.questions.esej.state, "unanswered");
  assert.equal(r.pending, false);
  assert.equal(r.passed, false);
});

test("exam mode: without the key in the page there are no points and no verdict, only the maximum", () => {
  const quiz = withoutKey(dostepnoscQuiz());
  const r = score.attempt(quiz, ALL_RIGHT);
  assert.equal(r.points, null);
  assert.equal(r.percent, null);
  assert.equal(r.passed, null);
  assert.equal(r.pending, true);
  assert.equal(r.max, 15);
  assert.equal(r.questions["alt-dekoracyjny"].state, "unknown");
});

test("exam mode gives away nothing: no question shows right or wrong, nor any feedback", () => {
  const r = score.attempt(withoutKey(dostepnoscQuiz()), ALL_RIGHT);
  for (const id of Object.keys(r.questions)) {
    assert.ok(["unknown", "pending"].includes(r.questions[id].state), id + " is " + r.questions[id].state);
    assert.deepEqual(r.questions[id].feedback, [], id);
    assert.equal(r.questions[id].points, 0, id);
  }
});

test("only the questions the attempt showed count", () => {
  const quiz = trueFalseQuiz(6, 50);
  const r = score.attempt(quiz, answers(6, 2), ["q5", "q2"]);
  assert.equal(r.max, 2);
  assert.equal(r.points, 1);
  assert.equal(r.percent, 50);
  assert.deepEqual(Object.keys(r.questions).sort(), ["q2", "q5"]);
});

test("answers to questions that were not shown are ignored", () => {
  const quiz = trueFalseQuiz(4, 50);
  const r = score.attempt(quiz, answers(4, 2), ["q3", "q4"]);
  assert.deepEqual([r.points, r.max, r.passed], [0, 2, false]);
});

test("a shown question that the quiz no longer has is skipped, not an error", () => {
  const r = score.attempt(trueFalseQuiz(2, 50), answers(2, 2), ["q1", "usunięte"]);
  assert.deepEqual([r.points, r.max], [1, 1]);
  assert.deepEqual(Object.keys(r.questions), ["q1"]);
});

test("the layout of a drawn attempt is what attempt() scores", () => {
  const quiz = trueFalseQuiz(10, 50);
  quiz.draw = 4;
  const shown = score.layout(quiz, 2026).questions;
  const r = score.attempt(quiz, answers(10, 10), shown);
  assert.equal(r.max, 4);
  assert.deepEqual(Object.keys(r.questions).sort(), shown.slice().sort());
});
