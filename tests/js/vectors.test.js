/* The scoring vectors the server's Swift scorer is tested against
   (Tests/SzponStoreTests/Fixtures/scoring-vectors.json) must be what score.js gives
   today. When score.js changes, this fails until the file is regenerated with
   `node tests/js/make-vectors.js --write` (and then `swift test --filter ScorerTests`
   says whether the server still agrees). */
"use strict";

const fs = require("node:fs");
const { test } = require("node:test");
const assert = require("node:assert/strict");
const { build, render, FIXTURE } = require("./make-vectors.js");

const REGENERATE = "regenerate it: node tests/js/make-vectors.js --write";

test("the committed scoring vectors are what score.js gives now", () => {
  assert.ok(fs.existsSync(FIXTURE), FIXTURE + " is missing; " + REGENERATE);
  const committed = fs.readFileSync(FIXTURE, "utf8");
  const fresh = render(build());
  const before = JSON.parse(committed), now = JSON.parse(fresh);
  // Case by case first, so that a failure names the case that changed.
  for (const kind of ["questions", "attempts"]) {
    const old = new Map(before[kind].map((c) => [c.name, c]));
    for (const c of now[kind]) {
      assert.ok(old.has(c.name), "new case '" + c.name + "'; " + REGENERATE);
      assert.deepEqual(old.get(c.name), c, "case '" + c.name + "' changed; " + REGENERATE);
    }
    assert.equal(before[kind].length, now[kind].length, "cases were removed; " + REGENERATE);
  }
  assert.equal(committed, fresh, "the file's layout differs; " + REGENERATE);
});

test("the vectors cover every question type and every state it can end in", () => {
  const { questions, attempts } = build();
  const seen = new Set(questions.map((c) => c.question.type + ":" + c.expected.state));
  const wanted = {
    single: ["correct", "partial", "incorrect", "unanswered", "unknown"],
    multiple: ["correct", "partial", "incorrect", "unanswered"],
    truefalse: ["correct", "incorrect", "unanswered", "unknown"],
    short: ["correct", "partial", "incorrect", "unanswered", "unknown"],
    numeric: ["correct", "partial", "incorrect", "unanswered", "unknown"],
    matching: ["correct", "partial", "incorrect", "unanswered", "unknown"],
    ordering: ["correct", "partial", "incorrect", "unanswered", "unknown"],
    cloze: ["correct", "partial", "incorrect", "unanswered", "unknown"],
    essay: ["pending", "unanswered"],
  };
  for (const type of Object.keys(wanted)) {
    for (const state of wanted[type]) { assert.ok(seen.has(type + ":" + state), "no " + type + " case ends " + state); }
  }
  const outcomes = new Set(attempts.map((c) => String(c.expected.passed) + "/" + c.expected.pending));
  for (const o of ["true/false", "false/false", "null/true", "true/true", "false/true", "null/false"]) {
    assert.ok(outcomes.has(o), "no attempt ends passed/pending " + o);
  }
  assert.ok(attempts.some((c) => c.expected.points === null), "no exam-mode attempt");
});

test("the vectors are plain JSON: no NaN, no Infinity, no undefined", () => {
  const text = render(build());
  assert.deepEqual(JSON.parse(text), build());
});
