/* score.js parseNumber() and textMatches(): how typed answers are read. */
"use strict";

const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { score } = require("./helpers.js");

const PLAIN = { caseSensitive: false, ignoreDiacritics: false };
const CASE = { caseSensitive: true, ignoreDiacritics: false };
const FOLD = { caseSensitive: false, ignoreDiacritics: true };

describe("parseNumber", () => {
  test("reads a decimal point and a decimal comma alike", () => {
    assert.equal(score.parseNumber("2.5"), 2.5);
    assert.equal(score.parseNumber("2,5"), 2.5);
  });

  test("reads whole numbers, signs, and a leading or trailing decimal mark", () => {
    assert.equal(score.parseNumber("42"), 42);
    assert.equal(score.parseNumber("-3,75"), -3.75);
    assert.equal(score.parseNumber("+7"), 7);
    assert.equal(score.parseNumber(",5"), 0.5);
    assert.equal(score.parseNumber(".5"), 0.5);
    assert.equal(score.parseNumber("5,"), 5);
  });

  test("ignores spaces around the number and between thousands, including non-breaking ones", () => {
    assert.equal(score.parseNumber("  12  "), 12);
    assert.equal(score.parseNumber("1 000 000"), 1000000);
    assert.equal(score.parseNumber("1\u00a0250,5"), 1250.5);
    assert.equal(score.parseNumber("1\u202f250"), 1250);
  });

  test("reads thousands marks where both marks appear or one repeats", () => {
    assert.equal(score.parseNumber("1,250.5"), 1250.5);
    assert.equal(score.parseNumber("1.250,5"), 1250.5);
    assert.equal(score.parseNumber("1,000,000"), 1000000);
    assert.equal(score.parseNumber("1.000.000"), 1000000);
    assert.equal(score.parseNumber("-12,345,678.25"), -12345678.25);
    for (const text of ["1,00,000", "1.000,000.5", "10,00.5", "1,000,", "1,000.5.5", "1.2,3.4"]) {
      assert.ok(Number.isNaN(score.parseNumber(text)), JSON.stringify(text));
    }
  });

  test("a lone comma is a decimal comma, except where the site writes a decimal point", () => {
    assert.equal(score.parseNumber("1,000"), 1);
    assert.equal(score.parseNumber("1,000", ","), 1);
    assert.equal(score.parseNumber("1,000", "."), 1000);
    assert.equal(score.parseNumber("999,999", "."), 999999);
    // Not three digits after it, or more than three before: still a decimal comma.
    assert.equal(score.parseNumber("2,5", "."), 2.5);
    assert.equal(score.parseNumber("1,0000", "."), 1);
    assert.equal(score.parseNumber("1000,500", "."), 1000.5);
    assert.equal(score.parseNumber("1.000", "."), 1);
  });

  test("reads scientific notation", () => {
    assert.equal(score.parseNumber("1e3"), 1000);
    assert.equal(score.parseNumber("6,02E23"), 6.02e23);
    assert.equal(score.parseNumber("1.5e-3"), 0.0015);
  });

  test("anything that is not a plain number is NaN", () => {
    for (const text of ["abc", "", "   ", "-", ",", "1,2,3", "1.2.3", "12a", "4,5:1", "0x10", "Infinity", "NaN", "1/2", "--1", "½"]) {
      assert.ok(Number.isNaN(score.parseNumber(text)), JSON.stringify(text));
    }
  });

  test("a missing value is NaN", () => {
    assert.ok(Number.isNaN(score.parseNumber(null)));
    assert.ok(Number.isNaN(score.parseNumber(undefined)));
  });

  test("a number given as a number is read as is", () => {
    assert.equal(score.parseNumber(4.5), 4.5);
    assert.equal(score.parseNumber(0), 0);
  });
});

describe("textMatches", () => {
  test("ignores capitals unless case sensitive", () => {
    assert.equal(score.textMatches("Kraków", "KRAKÓW", PLAIN), true);
    assert.equal(score.textMatches("Kraków", "KRAKÓW", CASE), false);
    assert.equal(score.textMatches("Kraków", "Kraków", CASE), true);
  });

  test("lower-cases Polish capitals too", () => {
    assert.equal(score.textMatches("źdźbło", "ŹDŹBŁO", PLAIN), true);
  });

  test("trims and collapses all kinds of spaces, on both sides", () => {
    assert.equal(score.textMatches("  dwa  słowa ", "dwa\n\tsłowa", PLAIN), true);
    assert.equal(score.textMatches("dwa słowa", "dwa\u00a0słowa", PLAIN), true);
    assert.equal(score.textMatches("dwa słowa", "dwasłowa", PLAIN), false);
  });

  test("with ignore_diacritics every Polish letter folds to its plain one", () => {
    assert.equal(score.textMatches("zażółć gęślą jaźń", "zazolc gesla jazn", FOLD), true);
    assert.equal(score.textMatches("ZAŻÓŁĆ GĘŚLĄ JAŹŃ", "zazolc gesla jazn", FOLD), true);
    assert.equal(score.textMatches("Łódź", "lodz", FOLD), true);
  });

  test("ł folds to l even when capitals count", () => {
    assert.equal(score.textMatches("Łódź", "Lodz", { caseSensitive: true, ignoreDiacritics: true }), true);
    assert.equal(score.textMatches("Łódź", "lodz", { caseSensitive: true, ignoreDiacritics: true }), false);
  });

  test("ignore_diacritics works from either side: the key may lack them and the answer have them", () => {
    assert.equal(score.textMatches("zolw", "żółw", FOLD), true);
  });

  test("other letters that do not decompose fold too: ß, ø, đ", () => {
    assert.equal(score.textMatches("Straße", "strasse", FOLD), true);
    assert.equal(score.textMatches("Ørsted", "orsted", FOLD), true);
    assert.equal(score.textMatches("Đakovo", "dakovo", FOLD), true);
  });

  test("without ignore_diacritics a missing accent is a different word", () => {
    assert.equal(score.textMatches("łąka", "laka", PLAIN), false);
    assert.equal(score.textMatches("łąka", "łąka", PLAIN), true);
  });

  test("'*' matches any run of characters, also none", () => {
    assert.equal(score.textMatches("foto*", "fotosynteza", PLAIN), true);
    assert.equal(score.textMatches("foto*", "foto", PLAIN), true);
    assert.equal(score.textMatches("*synteza", "fotosynteza", PLAIN), true);
    assert.equal(score.textMatches("f*a", "fotosynteza", PLAIN), true);
    assert.equal(score.textMatches("f*a", "fotosyntezy", PLAIN), false);
  });

  test("'*' must still match the whole answer, not a part of it", () => {
    assert.equal(score.textMatches("foto*", "zdjęcie foto", PLAIN), false);
  });

  test("'*' works with folding: capitals and diacritics", () => {
    assert.equal(score.textMatches("Żół*", "ZOLTY", FOLD), true);
  });

  test("regular-expression characters in an answer are plain text", () => {
    assert.equal(score.textMatches("C++", "C++", PLAIN), true);
    assert.equal(score.textMatches("1.5*", "1x5 kg", PLAIN), false);
    assert.equal(score.textMatches("1.5*", "1.5 kg", PLAIN), true);
    assert.equal(score.textMatches("(a|b)*", "a", PLAIN), false);
    assert.equal(score.textMatches("(a|b)*", "(a|b) c", PLAIN), true);
    assert.equal(score.textMatches("[x]*", "[x]y", PLAIN), true);
    assert.equal(score.textMatches("^$*", "^$", PLAIN), true);
    assert.equal(score.textMatches("a\\d*", "a\\d1", PLAIN), true);
    assert.equal(score.textMatches("a\\d*", "a1", PLAIN), false);
    assert.equal(score.textMatches("x{2}*", "xx", PLAIN), false);
  });

  test("without '*' other characters like '?' are plain text", () => {
    assert.equal(score.textMatches("co?", "co?", PLAIN), true);
    assert.equal(score.textMatches("co?", "c", PLAIN), false);
  });

  test("an empty answer matches only an empty pattern or a bare '*'", () => {
    assert.equal(score.textMatches("tak", "", PLAIN), false);
    assert.equal(score.textMatches("*", "", PLAIN), true);
    assert.equal(score.textMatches("tak", null, PLAIN), false);
  });
});

describe("isEmpty", () => {
  test("blank text, null and lists of blanks are empty; 0 and false are answers", () => {
    for (const blank of [null, undefined, "", "  \n", [], [null, ""], [" ", null]]) { assert.equal(score.isEmpty(blank), true, JSON.stringify(blank)); }
    for (const given of [0, false, "0", [0], [null, 2], ["", "x"]]) { assert.equal(score.isEmpty(given), false, JSON.stringify(given)); }
  });
});
