/* learner-code.js: the check a learner's browser makes while they type their code, which
   must agree with LearnerCode.swift (the codes below were sealed by it), and the outbox
   tagging every record with the saved code. */
"use strict";

const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const { webcrypto } = require("node:crypto");
const { store, fakeStorage } = require("./helpers.js");

const learnerCode = require(path.join(__dirname, "..", "..", "themes", "default", "assets", "js", "learner-code.js"));
const { parse, SYMBOLS } = learnerCode;

// LearnerCodeTests.sealedCodesMatchAnIndependentHMAC.
const SEALED = ["R83F-AAGB", "DXAM-T4TQ", "644S-EWZN"];

describe("parse", () => {
  test("codes sealed by the server read back as themselves, in any case and spacing", () => {
    for (const code of SEALED) {
      assert.deepEqual(parse(code), { code });
      assert.deepEqual(parse(" " + code.toLowerCase().replace("-", " ") + " "), { code });
      assert.deepEqual(parse(code.replace("-", "")), { code });
    }
  });

  test("O reads as 0, I and L as 1", () => {
    // 0110-001 and its check symbol: value 0b00000_00001_00001_00000_00000_00000_00001.
    let value = 0;
    for (const c of "0110001") { value = (value * 32 + SYMBOLS.indexOf(c)) % 37; }
    const check = SYMBOLS[value];
    assert.deepEqual(parse("OIL0-ooi" + check), { code: "0110-001" + check });
  });

  test("each kind of mistake has its own error", () => {
    assert.deepEqual(parse(""), { error: "empty" });
    assert.deepEqual(parse(" - "), { error: "empty" });
    assert.deepEqual(parse("R83F-AA"), { error: "short" });
    assert.deepEqual(parse("R83F-AAGBX"), { error: "long" });
    assert.deepEqual(parse("RU3F-AAGB"), { error: "character", character: "U" });
    assert.deepEqual(parse("R83F-ĄAGB"), { error: "character", character: "Ą" });
    assert.deepEqual(parse("R83F-AAGC"), { error: "check" });
  });

  test("every single wrong character and every swap of neighbours in the sealed codes is caught", () => {
    for (const code of SEALED) {
      const chars = code.replace("-", "").split("");
      for (let i = 0; i < chars.length; i++) {
        for (const other of SYMBOLS) {
          if (other === chars[i]) { continue; }
          const typed = chars.slice();
          typed[i] = other;
          assert.ok(parse(typed.join("")).error, typed.join("") + " from " + code);
        }
        if (i + 1 < chars.length && chars[i] !== chars[i + 1]) {
          const swapped = chars.slice();
          swapped[i] = chars[i + 1];
          swapped[i + 1] = chars[i];
          assert.ok(parse(swapped.join("")).error, swapped.join("") + " from " + code);
        }
      }
    }
  });
});

describe("the outbox", () => {
  test("a record carries the learner code once one is set, and an anonymous one never does", () => {
    const s = store.open(fakeStorage(), "szkola", "site", { crypto: webcrypto });
    const before = s.record("progress", null, { course: "siec", lesson: "hasla", completed: true }).record;
    assert.equal("learner" in before, false);
    s.learner = "R83F-AAGB";
    const attempt = s.record("attempt", "abc", { quiz: "q" }).record;
    assert.equal(attempt.learner, "R83F-AAGB");
    const anonymous = s.record("survey_response", "def", { survey: "a" }, true).record;
    assert.equal("learner" in anonymous, false);
  });
});
