/* store.js snapshot() and absorb(): Firefox gives each file:// page its own storage, so
   progress.js carries a snapshot of the learner's data from page to page and the next
   page merges it. Each "page" here is a store on its own fake storage. */
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const { webcrypto } = require("node:crypto");
const { store, fakeStorage, clock } = require("./helpers.js");

function page(options) {
  return store.open(fakeStorage(), "gmina-przykladowo", "site", Object.assign({ crypto: webcrypto }, options));
}

/** The learner follows a link from one page to another: what progress.js does. */
function follow(from, to) {
  const carried = JSON.parse(JSON.stringify({ prefix: from.prefix, data: from.snapshot() }));
  assert.equal(carried.prefix, to.prefix);
  return to.absorb(carried.data);
}

const ids = (s) => s.outbox().map((r) => r.id).sort();

test("a snapshot holds this store's data as raw stored text, keyed without the prefix", () => {
  const s = page({ now: clock("2026-03-02T08:00:00.000Z") });
  s.setLessonDone("kurs", "lekcja", true);
  assert.deepEqual(s.snapshot(), { "progress:kurs": JSON.stringify({ lekcja: { done: true, at: "2026-03-02T08:00:00.000Z" } }) });
});

test("records made on another page arrive in this page's outbox", () => {
  const quiz = page({ now: clock() });
  const lesson = page();
  const a = quiz.record("attempt", "h", { n: 1 }).record;
  const b = quiz.record("progress", null, { n: 2 }).record;
  follow(quiz, lesson);
  assert.deepEqual(lesson.outbox(), [a, b]);
});

test("records from both pages are united by id, without duplicates", () => {
  const one = page({ now: clock("2026-03-02T08:00:00.000Z") });
  const two = page({ now: clock("2026-03-02T09:00:00.000Z") });
  one.record("attempt", "h", { n: 1 });
  two.record("attempt", "h", { n: 2 });
  follow(one, two);
  follow(two, one);
  assert.equal(one.pending(), 2);
  assert.deepEqual(ids(one), ids(two));
});

test("absorbing the same snapshot twice adds nothing the second time", () => {
  const from = page({ now: clock() });
  const to = page();
  from.record("attempt", "h", {});
  from.setLessonDone("kurs", "lekcja", true);
  const snapshot = from.snapshot();
  assert.ok(to.absorb(snapshot) > 0);
  assert.equal(to.absorb(snapshot), 0);
  assert.equal(to.pending(), 1);
});

test("going back and forth between pages does not duplicate records", () => {
  const a = page({ now: clock() });
  const b = page();
  a.record("attempt", "h", {});
  for (let i = 0; i < 5; i++) { follow(a, b); follow(b, a); }
  assert.equal(a.pending(), 1);
  assert.equal(b.pending(), 1);
});

test("progress from two pages is merged lesson by lesson", () => {
  const one = page({ now: clock("2026-03-02T08:00:00.000Z") });
  const two = page({ now: clock("2026-03-02T09:00:00.000Z") });
  one.setLessonDone("segregacja-odpadow", "po-co-segregowac", true);
  two.setLessonDone("segregacja-odpadow", "pojemniki", true);
  follow(one, two);
  assert.deepEqual(Object.keys(two.progress("segregacja-odpadow")).sort(), ["po-co-segregowac", "pojemniki"]);
});

test("for the same lesson the newer mark wins, whichever page it comes from", () => {
  const early = page({ now: clock("2026-03-02T08:00:00.000Z") });
  const late = page({ now: clock("2026-03-02T09:00:00.000Z") });
  early.setLessonDone("kurs", "a", true);   // 08:00 done
  late.setLessonDone("kurs", "a", false);   // 09:00 undone: newer
  late.setLessonDone("kurs", "b", true);    // 09:01 done: newer
  early.setLessonDone("kurs", "b", false);  // 08:01 undone
  follow(late, early);
  assert.deepEqual(early.progress("kurs"), {
    a: { done: false, at: "2026-03-02T09:00:00.000Z" },
    b: { done: true, at: "2026-03-02T09:01:00.000Z" },
  });
  const backAgain = page();
  follow(early, backAgain);
  follow(late, backAgain);
  assert.deepEqual(backAgain.progress("kurs"), early.progress("kurs"));
});

test("an older progress snapshot changes nothing", () => {
  const old = page({ now: clock("2026-03-01T08:00:00.000Z") });
  const current = page({ now: clock("2026-03-02T08:00:00.000Z") });
  old.setLessonDone("kurs", "a", false);
  current.setLessonDone("kurs", "a", true);
  assert.equal(follow(old, current), 0);
  assert.equal(current.progress("kurs").a.done, true);
});

test("the newer copy of an attempt in progress wins", () => {
  const one = page();
  const two = page();
  one.set("current:quiz", { number: 1, responses: { q1: 0 }, updatedAt: "2026-03-02T08:05:00.000Z" });
  two.set("current:quiz", { number: 1, responses: { q1: 2 }, updatedAt: "2026-03-02T08:10:00.000Z" });
  follow(two, one);
  assert.deepEqual(one.get("current:quiz").responses, { q1: 2 });
});

test("an older copy of an attempt in progress does not overwrite the newer answers", () => {
  const one = page();
  const two = page();
  one.set("current:quiz", { number: 1, responses: { q1: 0 }, updatedAt: "2026-03-02T08:15:00.000Z" });
  two.set("current:quiz", { number: 1, responses: { q1: 2 }, updatedAt: "2026-03-02T08:10:00.000Z" });
  assert.equal(follow(two, one), 0);
  assert.deepEqual(one.get("current:quiz").responses, { q1: 0 });
});

test("an attempt in progress started on another page is taken over", () => {
  const one = page();
  const two = page();
  two.set("current:quiz", { number: 1, responses: {}, updatedAt: "2026-03-02T08:10:00.000Z" });
  follow(two, one);
  assert.deepEqual(one.get("current:quiz"), two.get("current:quiz"));
});

test("finished attempts are united too", () => {
  const one = page();
  const two = page();
  one.set("attempt:quiz:01", { number: 1 });
  two.set("attempt:quiz:02", { number: 2 });
  follow(one, two);
  assert.deepEqual(two.list("attempt:quiz:").map((e) => e[0]), ["attempt:quiz:01", "attempt:quiz:02"]);
});

test("the local device id is never overwritten by another page's", () => {
  const one = page();
  const two = page();
  const mine = one.device();
  two.device();
  follow(two, one);
  assert.equal(one.device(), mine);
  assert.equal(one.record("progress", null, {}).record.device, mine);
});

test("a page without a device id yet takes the carried one, so one browser stays one device", () => {
  const one = page();
  const two = page();
  const id = one.device();
  follow(one, two);
  assert.equal(two.device(), id);
});

test("a damaged or empty snapshot is ignored", () => {
  const s = page({ now: clock() });
  s.record("attempt", "h", {});
  assert.equal(s.absorb(null), 0);
  assert.equal(s.absorb({}), 0);
  assert.equal(s.absorb({ "outbox:zly": "{not json", "progress:kurs": "]" }), 0);
  assert.equal(s.pending(), 1);
  assert.deepEqual(s.progress("kurs"), {});
});

test("a finished test does not come back as 'in progress' from an older page's data", () => {
  const quizPage = page();
  const lessonPage = page();
  quizPage.set("current:quiz", { number: 1, hash: "h", responses: { q1: 0 }, updatedAt: "2026-03-02T08:05:00.000Z" });
  follow(quizPage, lessonPage);           // the learner peeks at a lesson mid-test
  follow(lessonPage, quizPage);           // and comes back
  // The learner finishes: quiz.js stores the attempt and removes the attempt in progress.
  quizPage.set("attempt:quiz:01", { number: 1, hash: "h", responses: { q1: 0 } });
  quizPage.remove("current:quiz");
  follow(quizPage, lessonPage);           // goes to the next lesson
  follow(lessonPage, quizPage);           // and back to the test page
  assert.equal(quizPage.get("current:quiz"), null);
});
