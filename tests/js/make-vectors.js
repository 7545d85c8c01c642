/* Scoring vectors: cases scored by score.js itself, which the server's Swift scorer
   (Sources/SzponStore/Scoring) must score identically. One source of truth:

     node tests/js/make-vectors.js --write   rewrites Tests/SzponStoreTests/Fixtures/scoring-vectors.json
     node --test tests/js/vectors.test.js    fails while the committed file differs from score.js now
     swift test --filter ScorerTests         runs every case through Scorer

   Each question case is {name, question, response, expected: score.question(...) without
   the feedback}; each attempt case is {name, quiz, responses, shown, expected:
   score.attempt(...) with the questions' feedback left out}. Inputs go through JSON
   before scoring, so what score.js scored is exactly what Swift reads. */
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const score = require("../../themes/default/assets/js/score.js");
const {
  segregacjaQuiz, dostepnoscQuiz, withoutKey, trueFalseQuiz, trueFalseAnswers: tfAnswers, DOSTEPNOSC_ALL_RIGHT: ALL_RIGHT,
} = require("./helpers.js");

const FIXTURE = path.join(__dirname, "..", "..", "Tests", "SzponStoreTests", "Fixtures", "scoring-vectors.json");

const json = (value) => (value === undefined ? null : JSON.parse(JSON.stringify(value)));
const demo = (quiz, id) => quiz.questions.find((q) => q.id === id);

/* Question shapes as QuizForm.payload writes them (with the key). */
const single = (answers, extra) => Object.assign({ id: "q", type: "single", points: 1, options: answers.length, answers }, extra);
const multiple = (answers, extra) => Object.assign({ id: "q", type: "multiple", points: 1, options: answers.length, answers }, extra);
const short = (answers, extra) => Object.assign({ id: "q", type: "short", points: 1, answers, caseSensitive: false, ignoreDiacritics: false }, extra);
const numeric = (answers, extra) => Object.assign({ id: "q", type: "numeric", points: 1, answers }, extra);
const cloze = (accept, extra) => Object.assign({ id: "q", type: "cloze", points: 1, blanks: accept.length, accept, caseSensitive: false, ignoreDiacritics: false }, extra);

function questionCases() {
  const cases = [];
  const add = (name, question, response) => cases.push({ name, question, response });
  const seg = segregacjaQuiz(), dost = dostepnoscQuiz();

  // single
  const karton = demo(seg, "karton-po-mleku");
  [["right", 0], ["wrong", 1], ["other wrong", 2], ["blank", null], ["out of range", 7], ["negative index", -1],
    ["index as a string", "0"], ["index with a leading zero", "00"], ["index with a sign", "+0"], ["fractional index", 0.5],
    ["index in an array", [0]], ["two indices in an array", [0, 1]], ["empty array", []], ["array of null", [null]],
    ["true", true], ["false", false], ["object", { 0: 0 }], ["empty string", ""], ["spaces", "  "], ["'length'", "length"],
    ["'constructor'", "constructor"], ["text", "karton"],
  ].forEach(([label, r]) => add("single/demo: " + label, karton, r));
  const stolica = single([{ correct: true, weight: 100 }, { correct: false, weight: 50 }, { correct: false, weight: 0 }], { points: 2 });
  add("single/weight 50 of 2 points", stolica, 1);
  add("single/weight 0", stolica, 2);
  add("single/negative weight clamps to 0", single([{ correct: true, weight: 100 }, { correct: false, weight: -50 }], { points: 2 }), 1);
  add("single/weight over 100 clamps to 1", single([{ correct: true, weight: 150 }], { points: 2 }), 0);
  add("single/correct without weight", single([{ correct: false }, { correct: true }]), 1);
  add("single/incorrect without weight", single([{ correct: false }, { correct: true }]), 0);
  add("single/weight 0 beats correct", single([{ correct: true, weight: 0 }, { correct: false, weight: 100 }]), 0);
  add("single/null weight falls back to correct", single([{ correct: true, weight: null }]), 0);
  add("single/weight 33 of 1 point", single([{ correct: false, weight: 33 }, { correct: true, weight: 100 }]), 0);
  add("single/weight 33.333 of 3 points", single([{ correct: false, weight: 33.333 }, { correct: true, weight: 100 }], { points: 3 }), 0);
  add("single/weight 1 of 0.5 points rounds", single([{ correct: false, weight: 1 }], { points: 0.5 }), 0);
  add("single/points 1.005 rounds as binary does", single([{ correct: true, weight: 100 }], { points: 1.005 }), 0);
  add("single/points 2.675", single([{ correct: true, weight: 100 }], { points: 2.675 }), 0);
  add("single/weight 0.4 of 1 point: partial, 0 points", single([{ correct: false, weight: 0.4 }]), 0);
  add("single/weight 0.5 of 1 point rounds up", single([{ correct: false, weight: 0.5 }]), 0);
  add("single/0 points", single([{ correct: true, weight: 100 }], { points: 0 }), 0);
  add("single/no answers key (exam)", { id: "q", type: "single", points: 1, options: 3 }, 0);
  add("single/empty answers", single([]), 0);

  // multiple without weights
  const zielony = demo(seg, "zielony-pojemnik");
  [["exactly right", [0, 1]], ["right, other order", [1, 0]], ["one right", [0]], ["right plus wrong", [0, 1, 3]],
    ["everything", [0, 1, 2, 3, 4]], ["nothing", []], ["null", null], ["wrong only", [2, 4]], ["duplicate", [0, 1, 1, 0]],
    ["out of range ignored", [0, 1, 7]], ["negative ignored", [0, 1, -1]], ["strings are not numbers", ["0", "1"]],
    ["string beside number", [0, 1, "1"]], ["'length'", [0, 1, "length"]], ["'map'", [0, 1, "map"]], ["nulls", [null, null]],
    ["null beside right", [0, null, 1]], ["arrays", [[0], [1]]], ["fractional", [0, 1, 0.5]], ["booleans", [true, false]],
    ["empty string", ""], ["zero", 0], ["false", false], ["array of blanks", ["", " "]],
  ].forEach(([label, r]) => add("multiple/all or nothing: " + label, zielony, r));
  const none = multiple([{ correct: false }, { correct: false }]);
  add("multiple/no right answer: nothing", none, []);
  add("multiple/no right answer: a wrong one", none, [1]);
  add("multiple/no right answer: string index", none, ["1"]);
  add("multiple/no right answer: 'length'", none, ["length"]);
  add("multiple/no right answer: 'constructor'", none, ["constructor"]);
  add("multiple/no right answer: null", none, [null]);
  add("multiple/correct missing counts as wrong", multiple([{ correct: true }, {}]), [0]);

  // multiple with weights
  const linki = demo(dost, "teksty-linkow");
  [["both right", [0, 1]], ["one right", [1]], ["right plus -50", [0, 1, 2]], ["penalty cancels", [0, 3]],
    ["everything", [0, 1, 2, 3, 4]], ["same answer twice", [0, 0]], ["index and its string", [0, "0"]],
    ["index and its array", [0, [0]]], ["two equal arrays", [[0], [0]]], ["string twice", ["1", "1"]],
    ["'length'", [0, "length"]], ["'constructor' and 'toString'", ["constructor", 1, "toString"]],
    ["descending", [4, 1, 0]], ["wrong only", [2, 3, 4]], ["nothing", []], ["null", null],
  ].forEach(([label, r]) => add("multiple/weighted: " + label, linki, r));
  const hojne = multiple([{ correct: true, weight: 60 }, { correct: true, weight: 60 }, { correct: false, weight: 0 }], { points: 2 });
  add("multiple/weights over 100 clamp", hojne, [0, 1]);
  add("multiple/one of generous weights", hojne, [1]);
  const czesc = multiple([{ correct: true, weight: 100 }, { correct: false }, { correct: false, weight: null }]);
  add("multiple/missing weight counts 0", czesc, [0, 1, 2]);
  add("multiple/only unweighted answers", czesc, [1, 2]);
  const thirds = multiple([{ correct: true, weight: 33.3 }, { correct: true, weight: 33.3 }, { correct: true, weight: 33.4 }, { correct: false, weight: 0.1 }], { points: 3 });
  add("multiple/thirds summed in answer order", thirds, [2, 1, 0]);
  add("multiple/thirds, two of them", thirds, [2, 0]);
  add("multiple/thirds plus a sliver", thirds, [3, 2, 1, 0]);
  const tenths = multiple([0.1, 0.2, 0.3, 0.4, 0.7].map((w) => ({ correct: true, weight: w * 100 })), { points: 7 });
  add("multiple/float sum order matters", tenths, [4, 3, 2, 1, 0]);
  add("multiple/float sum, strings and arrays sort by number", tenths, [[4], "3", 2, "1", [0]]);
  add("multiple/weighted: string response is empty", linki, "");

  // true / false
  const paragon = demo(seg, "paragon");
  [["right", false], ["wrong", true], ["blank", null], ["string 'false'", "false"], ["zero", 0], ["empty string", ""],
    ["array", [false]]].forEach(([label, r]) => add("truefalse/" + label, paragon, r));
  add("truefalse/true statement", { id: "q", type: "truefalse", points: 2, answer: true }, true);
  add("truefalse/no key (exam)", { id: "q", type: "truefalse", points: 1 }, true);
  add("truefalse/answer not a boolean is no key", { id: "q", type: "truefalse", points: 1, answer: "true" }, true);

  // short text
  const pszok = demo(seg, "pszok-nazwa");
  [["exact", "PSZOK"], ["lower case", "pszok"], ["spaces around", "  PSZOK \n"], ["full name", "Punkt Selektywnej Zbiórki Odpadów Komunalnych"],
    ["full name without diacritics", "punkt selektywnej zbiorki odpadow komunalnych"], ["full name decomposed", "Punkt Selektywnej Zbio\u0301rki Odpado\u0301w Komunalnych"],
    ["full name with tabs and NBSP", "Punkt\tSelektywnej\u00a0 Zbiórki\n\nOdpadów  Komunalnych"], ["joined words", "PunktSelektywnej Zbiórki Odpadów Komunalnych"],
    ["wrong", "PSZOK-u"], ["blank", ""], ["spaces only", " \t "], ["null", null], ["number", 42], ["array", ["pszok"]],
    ["array of two", ["psz", "ok"]], ["object", {}], ["boolean", true], ["line separator inside", "PSZ\u2028OK"], ["BOM around", "\ufeffPSZOK\ufeff"],
    ["NEL is not a space", "\u0085PSZOK"], ["ideographic space", "\u3000PSZOK"],
  ].forEach(([label, r]) => add("short/demo: " + label, pszok, r));
  const PLAIN = { caseSensitive: false, ignoreDiacritics: false };
  const CASE = { caseSensitive: true, ignoreDiacritics: false };
  const FOLD = { caseSensitive: false, ignoreDiacritics: true };
  const CASEFOLD = { caseSensitive: true, ignoreDiacritics: true };
  const text = (pattern, response, flags, label) => add("short/" + (label || JSON.stringify(pattern) + " ~ " + JSON.stringify(response) + " " + JSON.stringify(flags)), short([{ text: pattern, weight: 100 }], flags), response);
  text("Kraków", "KRAKÓW", PLAIN); text("Kraków", "KRAKÓW", CASE); text("Kraków", "Kraków", CASE);
  text("źdźbło", "ŹDŹBŁO", PLAIN); text("zażółć gęślą jaźń", "ZAZOLC GESLA JAZN", FOLD); text("Łódź", "lodz", FOLD);
  text("Łódź", "Lodz", CASEFOLD); text("Łódź", "lodz", CASEFOLD); text("zolw", "żółw", FOLD); text("żółw", "zo\u0301\u0142w", PLAIN);
  text("żółw", "z\u0307o\u0301łw", PLAIN); text("żółw", "z\u0307o\u0301lw", FOLD); text("Straße", "STRASSE", FOLD); text("STRASSE", "straße", PLAIN);
  text("ẞ", "ss", FOLD); text("Ørsted", "orsted", FOLD); text("Đakovo", "dakovo", FOLD); text("łąka", "laka", PLAIN);
  text("Tiếng Việt", "tieng viet", FOLD); text("ǅ", "ǆ", PLAIN); text("ﬁ", "fi", FOLD); text("Å", "A\u030a", CASE); text("Å", "a", FOLD);
  text("Ω", "Ω", CASE); text("i̇stanbul", "İSTANBUL", PLAIN); text("istanbul", "İSTANBUL", FOLD); text("ıi", "II", PLAIN);
  text("οδος", "ΟΔΟΣ", PLAIN); text("οδοσ", "ΟΔΟΣ", PLAIN); text("ας.", "ΑΣ.", PLAIN); text("σ", "Σ", PLAIN); text("ας'α", "ΑΣ'Α", PLAIN);
  text("ας'", "ΑΣ'", PLAIN); text("aς", "AΣ", PLAIN); text("1ς", "1Σ", PLAIN); text("1σ", "1Σ", PLAIN); text("ας\u0301", "ΑΣ\u0301", PLAIN);
  text("한국어", "한국어", FOLD); text("한국어", "\u1112\u1161\u11ab국어", PLAIN); text("ᄀ", "가", FOLD);
  text("\u{105D2}", "\u{105C9}", FOLD, "Todhri letter decomposed in Unicode 16"); text("\u{105C9}", "\u{105D2}\u0307", PLAIN, "Todhri letter composed in Unicode 16");
  text("\u{11382}", "\u{11383}", FOLD, "Tulu-Tigalari, not a diacritic to drop");
  text("ä\u0f71\u0f72\u0301", "a\u0344\u0f73", CASE, "marks reordered after expanding U+0344 and U+0F73, then composed");
  text("a\u0f71\u0f72", "a\u0344\u0f73", FOLD, "expanded marks folded away");
  text("e\u1dc0", "e", FOLD, "a combining mark outside U+0300-036F stays"); text("ḁ", "a", FOLD, "ring below");
  text("😀 tak", "😀  TAK", PLAIN); text("𝐀", "𝐚", PLAIN, "mathematical bold letters do not fold"); text("𐐀", "𐐨", PLAIN, "Deseret capital to small");
  text("foto*", "fotosynteza", PLAIN); text("foto*", "foto", PLAIN); text("*synteza", "fotosynteza", PLAIN); text("f*a", "fotosynteza", PLAIN);
  text("f*a", "fotosyntezy", PLAIN); text("foto*", "zdjęcie foto", PLAIN); text("Żół*", "ZOLTY", FOLD); text("C++", "c++", PLAIN);
  text("1.5*", "1x5 kg", PLAIN); text("1.5*", "1.5 kg", PLAIN); text("(a|b)*", "a", PLAIN); text("(a|b)*", "(a|b) c", PLAIN);
  text("[x]*", "[x]y", PLAIN); text("^$*", "^$", PLAIN); text("a\\d*", "a\\d1", PLAIN); text("a\\d*", "a1", PLAIN); text("x{2}*", "xx", PLAIN);
  text("co?", "co?", PLAIN); text("co?", "c", PLAIN); text("*", "cokolwiek", PLAIN); text("*", " ", PLAIN); text("**", "x", PLAIN);
  text("a*a", "a", PLAIN); text("a*a", "aa", PLAIN); text("ab*ba", "aba", PLAIN); text("ab*ba", "abba", PLAIN); text("*b*b*", "abcb", PLAIN);
  text("*b*b*", "abc", PLAIN); text("a**b", "ab", PLAIN); text("a * b", "a   b", PLAIN); text("a * b", "a x b", PLAIN); text("a * b", "a b", PLAIN);
  text(" *kot* ", "KOT", PLAIN); text("", "", PLAIN); text("", "x", PLAIN); text("*", "", PLAIN); text("😀*", "😀😀", PLAIN); text("*\ud83d\ude00", "x😀", PLAIN);
  text("42", 42, PLAIN); text("4.5", 4.5, PLAIN); text("1e+21", 1e21, PLAIN); text("1e-7", 1e-7, PLAIN); text("0.000001", 0.000001, PLAIN);
  text("123456789012345680000", 123456789012345680000, PLAIN); text("0.30000000000000004", 0.1 + 0.2, PLAIN); text("-0.5", -0.5, PLAIN);
  text("5e-324", 5e-324, PLAIN); text("1.7976931348623157e+308", Number.MAX_VALUE, PLAIN); text("100", 100, PLAIN); text("0", 0, PLAIN);
  text("true", true, PLAIN); text("a,b", ["a", "b"], PLAIN); text("a,,b", ["a", null, "b"], PLAIN); text("1,2,3", [1, [2, [3]]], PLAIN);
  text("[object Object]", { a: 1 }, PLAIN); text("*", [], PLAIN); text("*", [" "], PLAIN);
  const first = short([{ text: "kot*", weight: 50 }, { text: "kotek", weight: 100 }, { text: "*", weight: 10 }]);
  add("short/first match decides", first, "kotek"); add("short/later match", first, "pies"); add("short/catch-all star after blank", first, "");
  add("short/negative weight", short([{ text: "nie", weight: -100 }]), "nie");
  add("short/weight 50 of 3 points", short([{ text: "tak", weight: 50 }], { points: 3 }), "tak");
  add("short/weight over 100", short([{ text: "tak", weight: 200 }]), "TAK");
  add("short/no answers", short([]), "tak");
  add("short/missing text matches empty only", short([{ weight: 100 }]), "x");
  add("short/no key (exam)", { id: "q", type: "short", points: 1 }, "tak");

  // numeric
  const kontrast = demo(dost, "kontrast-minimum");
  [["comma", "4,5"], ["point", "4.5"], ["spaces", " 4,5 "], ["trailing zero", "4,50"], ["number", 4.5], ["just inside slack", "4.500000004"],
    ["just outside slack", "4.500000005"], ["below", "4.499999995"], ["wrong", "3"], ["ratio", "4,5:1"], ["text", "abc"], ["blank", ""],
    ["null", null], ["array", [4.5]], ["array of two", [4, 5]], ["exponent", "45e-1"], ["capital exponent", "0.45E1"], ["leading point", ",45e1"],
  ].forEach(([label, r]) => add("numeric/demo: " + label, kontrast, r));
  const pi = numeric([{ min: 3.1415 - 0.0005, max: 3.1415 + 0.0005, weight: 100 }, { min: 3, max: 3.5, weight: 50 }, { weight: 0 }], { points: 2 });
  [["3.142", "3.142"], ["3,141", "3,141"], ["3.1410000", "3.1410000"], ["3.14", "3.14"], ["3.2", "3.2"], ["3", "3"], ["3.5", "3.5"],
    ["2.9", "2.9"], ["text", "pi"], ["blank", " "], ["NBSP thousands", "3\u00a0"], ["two commas", "3,1,4"], ["plus", "+3.142"], ["minus", "-3.142"],
    ["hex", "0x3"], ["Infinity", "Infinity"], ["only a point", "."], ["trailing point", "3."], ["leading point", ".5"], ["sign and point", "+.5e1"],
    ["point then exponent", "3.e0"], ["double sign", "--3"], ["exponent without digits", "3e"], ["huge", "1e999"], ["tiny", "1e-999"],
  ].forEach(([label, r]) => add("numeric/pi: " + label, pi, r));
  const thousands = numeric([{ min: 1250.5, max: 1250.5, weight: 100 }, { min: 1000000, max: 1000000, weight: 100 }]);
  [["NBSP", "1\u00a0250,5"], ["narrow NBSP", "1\u202f250.5"], ["spaces", "1 000 000"], ["thin space", "1\u2009000\u2009000"],
    ["tab", "1\t000\t000"], ["comma thousands", "1,000,000"], ["comma then point", "1,250.5"], ["point then comma", "1.250,5"],
  ].forEach(([label, r]) => add("numeric/thousands: " + label, thousands, r));
  // "1,000" is a thousand only where the site writes a decimal point; elsewhere it is one.
  const marks = [{ min: 1000, max: 1000, weight: 100 }, { min: 1, max: 1, weight: 50 }, { min: 2.5, max: 2.5, weight: 50 }, { min: 1000.5, max: 1000.5, weight: 50 }];
  [["point site", numeric(marks, { decimal: "." })], ["comma site", numeric(marks)], ["other decimal value", numeric(marks, { decimal: "," })]].forEach(([site, q]) => {
    [["1,000", "1,000"], ["-1,000", "-1,000"], ["1.000", "1.000"], ["2,5", "2,5"], ["1,0000", "1,0000"], ["12,500", "12,500"], ["1000,500", "1000,500"],
      ["1,000.5", "1,000.5"], ["1.000,5", "1.000,5"], ["1,000,000.5", "1,000,000.5"], ["1,00,000", "1,00,000"], ["1.000.000", "1.000.000"],
      [",000", ",000"], ["1,000e0", "1,000e0"], ["1,000.5.5", "1,000.5.5"], ["1.000,000.5", "1.000,000.5"], ["1,000,", "1,000,"],
    ].forEach(([label, r]) => add("numeric/marks, " + site + ": " + label, q, r));
  });
  const ties = numeric([{ min: 0, max: 10, weight: 50, feedback: "a" }, { min: 5, max: 15, weight: 50, feedback: "b" }, { min: 5, max: 6, weight: 80 }, { weight: 10 }, { weight: 20 }]);
  [["overlap, best weight", "5.5"], ["tie, first", "7"], ["second range", "12"], ["catch-all", "99"], ["catch-all for text", "abc"],
    ["no catch-all when blank", ""], ["negative", "-1"]].forEach(([label, r]) => add("numeric/ranges: " + label, ties, r));
  const half = numeric([{ min: 1, weight: 100 }, { max: 1, weight: 100 }, { min: null, max: 1, weight: 60 }]);
  add("numeric/half-open ranges never match, null is 0", half, "1"); add("numeric/null min is 0", half, "0,5");
  const big = numeric([{ min: 1e21, max: 1e21, weight: 100 }, { min: -1e6, max: -1e6 + 0.0005, weight: 40 }]);
  add("numeric/number 1e21 as text", big, 1e21); add("numeric/slack scales with size", big, "-1000000.0015"); add("numeric/slack too far", big, "-1000000.002");
  const zero = numeric([{ min: 0, max: 0, weight: 100 }]);
  add("numeric/zero", zero, "0"); add("numeric/minus zero", zero, "-0"); add("numeric/within 1e-9 of zero", zero, "0.000000001"); add("numeric/beyond 1e-9", zero, "0.0000000011");
  add("numeric/no answers", numeric([]), "1"); add("numeric/no key (exam)", { id: "q", type: "numeric", points: 1 }, "1");
  add("numeric/negative catch-all weight", numeric([{ min: 1, max: 1, weight: 100 }, { weight: -50 }]), "2");

  // matching
  const gdzie = demo(seg, "gdzie-oddac");
  [["right", [3, 2, 1, 0]], ["two swapped", [3, 2, 0, 1]], ["one right", [3, 0, 0, 0]], ["some blank", [null, 2, null, 0]], ["all blank", [null, null, null, null]],
    ["empty", []], ["null", null], ["short", [3, 2]], ["long", [3, 2, 1, 0, 5]], ["strings", ["3", 2, "1", 0]], ["string", "3210"],
    ["object by row", { 0: 3, 1: 2, 3: 1 }], ["zero", 0], ["nested", [[3], 2, 1, 0]],
  ].forEach(([label, r]) => add("matching/demo: " + label, gdzie, r));
  const kryteria = demo(dost, "kryteria-wcag");
  add("matching/2 points, 3 of 4", kryteria, [3, 2, 0, 0]);
  add("matching/2 points, 1 of 4", kryteria, [3, 0, 1, 2]);
  add("matching/three rows, one right", { id: "q", type: "matching", points: 1, count: 3, key: [0, 1, 2] }, [0, 2, 1]);
  add("matching/empty key", { id: "q", type: "matching", points: 1, count: 0, key: [] }, [0]);
  add("matching/no key (exam)", { id: "q", type: "matching", points: 1, count: 3 }, [0, 1, 2]);

  // ordering
  const droga = demo(seg, "droga-butelki");
  [["right", [1, 2, 3, 4, 5]], ["two swapped", [2, 1, 3, 4, 5]], ["reversed", [5, 4, 3, 2, 1]], ["some blank", [1, null, 3, null, 5]],
    ["zero-based", [0, 1, 2, 3, 4]], ["strings", ["1", "2", "3", "4", "5"]], ["blank", [null, null, null, null, null]], ["null", null],
    ["object", { 4: 5 }], ["string", "12345"]].forEach(([label, r]) => add("ordering/demo: " + label, droga, r));
  add("ordering/three items, 3 points, one right", { id: "q", type: "ordering", points: 3, count: 3, key: [0, 1, 2] }, [1, 3, 2]);
  add("ordering/no key (exam)", { id: "q", type: "ordering", points: 1, count: 3 }, [1, 2, 3]);

  // cloze
  const terminy = demo(dost, "terminy-zadania");
  [["right", ["7", "2", "RPO"]], ["words", ["siedem", "dwa", "rzecznik praw obywatelskich"]], ["two of three", ["7", " 2 ", ""]],
    ["one given", ["7"]], ["empty", []], ["null", null], ["blanks", ["", " ", null]], ["numbers", [7, 2, "RPO"]], ["diacritics count", ["7", "dwoch", "RPO"]],
    ["diacritics right", ["7", "dwóch", "RPO"]], ["string indexed by character", "72R"], ["object by blank", { 0: "7", 2: "rpo" }],
    ["nested arrays", [["7"], ["2", "x"], "RPO"]], ["zero", 0], ["long", ["7", "2", "RPO", "extra"]],
  ].forEach(([label, r]) => add("cloze/demo: " + label, terminy, r));
  const anything = cloze([["*"], ["*"], ["x*"]], { points: 3 });
  add("cloze/star blanks with an astral string", anything, "😀");
  add("cloze/star blanks with text", anything, "abx");
  add("cloze/star needs something", anything, ["", "a", "x"]);
  add("cloze/fold", cloze([["Łódź"], ["Straße"]], { ignoreDiacritics: true }), ["LODZ", "strasse"]);
  add("cloze/case sensitive", cloze([["Łódź"], ["Straße"]], { caseSensitive: true }), ["Łódź", "straße"]);
  add("cloze/wildcard", cloze([["foto*"], ["*a"]]), ["Fotografia", "b"]);
  add("cloze/empty accept list", cloze([[], ["a"]]), ["a", "a"]);
  add("cloze/no blanks", cloze([]), ["a"]);
  add("cloze/no key (exam)", { id: "q", type: "cloze", points: 1, blanks: 2 }, ["a", "b"]);

  // essay
  const esej = demo(dost, "dostepny-pdf");
  [["answered", "Nagłówki ze stylów."], ["blank", ""], ["spaces and newlines", "  \n "], ["null", null], ["array", ["x"]],
    ["array of blanks", ["", " "]], ["zero", 0], ["false", false], ["object", {}]].forEach(([label, r]) => add("essay/" + label, esej, r));

  // other
  add("unknown type/answered", { id: "q", type: "hotspot", points: 2 }, "x");
  add("unknown type/blank", { id: "q", type: "hotspot", points: 2 }, null);
  add("no type", { id: "q", points: 1 }, "x");

  return cases;
}

function attemptCases() {
  const cases = [];
  const add = (name, quiz, responses, shown) => cases.push({ name, quiz, responses, shown });
  const seg = segregacjaQuiz(), dost = dostepnoscQuiz();
  const segRight = { "karton-po-mleku": 0, "zielony-pojemnik": [0, 1], paragon: false, "pszok-nazwa": "pszok", "gdzie-oddac": [3, 2, 1, 0], "droga-butelki": [1, 2, 3, 4, 5] };

  add("demo segregacja: all right", seg, segRight);
  add("demo segregacja: all right, shown in order", seg, segRight, seg.questions.map((q) => q.id));
  add("demo segregacja: nothing answered", seg, null);
  add("demo segregacja: empty responses", seg, {});
  add("demo segregacja: three of six, pass 60 at 50%", seg, { "karton-po-mleku": 0, paragon: false, "pszok-nazwa": "PSZOK", "gdzie-oddac": [0, 0, 0, 0] });
  add("demo segregacja: partial matching and ordering", seg, Object.assign({}, segRight, { "gdzie-oddac": [3, 2, 0, 1], "droga-butelki": [2, 1, 3, 4, 5], "zielony-pojemnik": [0] }));
  add("demo dostepnosc: all right, essay pending, already passed", dost, ALL_RIGHT);
  add("demo dostepnosc: partial, essay blank", dost, Object.assign({}, ALL_RIGHT, { "teksty-linkow": [0], "dostepny-pdf": "" }));
  add("demo dostepnosc: low, essay could still pass it", dost, Object.assign({}, ALL_RIGHT, { "kryteria-wcag": [0, 0, 0, 0], "terminy-zadania": ["7", "", ""] }));
  add("demo dostepnosc: too low even with the essay", dost, { "dostepny-pdf": "Esej.", "alt-dekoracyjny": 0 });
  add("demo dostepnosc: exam mode, no key", withoutKey(dost), ALL_RIGHT);
  add("demo dostepnosc: exam mode, only the essay shown", withoutKey(dost), ALL_RIGHT, ["dostepny-pdf"]);
  add("demo dostepnosc: exam mode, nothing shown", withoutKey(dost), ALL_RIGHT, []);
  for (const seed of [1, 2026, 4294967295]) {
    const drawn = Object.assign(dostepnoscQuiz(), { draw: 4 });
    add("demo dostepnosc: draw 4, seed " + seed, drawn, ALL_RIGHT, score.layout(drawn, seed).questions);
  }

  add("3 of 4 at pass 50", trueFalseQuiz(4, 50), tfAnswers(4, 3));
  add("2 of 3: 66.7%", trueFalseQuiz(3, 50), tfAnswers(3, 2));
  add("1 of 3: 33.3%", trueFalseQuiz(3, 50), tfAnswers(3, 1));
  add("1 of 8: 12.5% rounds half up", trueFalseQuiz(8, 50), tfAnswers(8, 1));
  add("exactly the pass mark: 3 of 5 at 60", trueFalseQuiz(5, 60), tfAnswers(5, 3));
  add("below the pass mark: 2 of 5 at 60", trueFalseQuiz(5, 60), tfAnswers(5, 2));
  add("2 of 3 at pass 66.7 fails", trueFalseQuiz(3, 66.7), tfAnswers(3, 2));
  add("2 of 3 at pass 66.66666666 passes within 1e-9", trueFalseQuiz(3, 66.66666666), tfAnswers(3, 2));
  add("2 of 3 at pass 66.666666668 fails", trueFalseQuiz(3, 66.666666668), tfAnswers(3, 2));
  add("1 of 10 at pass 10 passes despite binary", trueFalseQuiz(10, 10), tfAnswers(10, 1));
  add("7 of 10 at pass 70", trueFalseQuiz(10, 70), tfAnswers(10, 7));
  add("pass 0 with nothing right", trueFalseQuiz(2, 0), tfAnswers(2, 0));
  add("pass 100 with everything right", trueFalseQuiz(3, 100), tfAnswers(3, 3));
  add("no pass mark", trueFalseQuiz(2), tfAnswers(2, 2));
  add("null pass mark", trueFalseQuiz(2, null), tfAnswers(2, 1));
  add("no answers at all", trueFalseQuiz(3, 50), null);
  add("shown subset, reordered", trueFalseQuiz(6, 50), tfAnswers(6, 2), ["q5", "q2"]);
  add("answers to hidden questions ignored", trueFalseQuiz(4, 50), tfAnswers(4, 2), ["q3", "q4"]);
  add("shown id the quiz lacks is skipped", trueFalseQuiz(2, 50), tfAnswers(2, 2), ["q1", "usunięte"]);
  add("shown id twice counts twice", trueFalseQuiz(3, 50), tfAnswers(3, 1), ["q1", "q1", "q2"]);
  add("nothing shown, pass 50", trueFalseQuiz(3, 50), tfAnswers(3, 3), []);
  add("nothing shown, pass 0", trueFalseQuiz(3, 0), tfAnswers(3, 3), []);
  add("responses as an array", trueFalseQuiz(2, 50), [true, true]);
  add("responses as a string", trueFalseQuiz(2, 50), "tt");
  add("responses as false", trueFalseQuiz(2, 50), false);
  const indexed = { id: "i", pass: 50, questions: [{ id: "0", type: "truefalse", points: 1, answer: true }, { id: "1", type: "single", points: 1, answers: [{ correct: true, weight: 100 }] }] };
  add("responses as an array, ids that are indices", indexed, [true, 0]);
  add("responses as a string, ids that are indices", indexed, "00");

  const withEssay = (right, essay, pass) => {
    const quiz = trueFalseQuiz(6, pass === undefined ? 70 : pass);
    quiz.questions.push({ id: "esej", type: "essay", points: 4 });
    return [quiz, Object.assign(tfAnswers(6, right), { esej: essay })];
  };
  add("essay could lift it over: passed null", ...withEssay(6, "Moja odpowiedź."));
  add("essay cannot save it: failed", ...withEssay(2, "Tekst."));
  add("essay cannot save it, just: 3 + 4 of 10 at 70.1", ...withEssay(3, "Tekst.", 70.1));
  add("essay could just: 3 + 4 of 10 at 70", ...withEssay(3, "Tekst.", 70));
  add("essay blank: final", ...withEssay(6, ""));
  add("essay pending, no pass mark", ...withEssay(6, "Tekst.", null));
  add("only an essay", { id: "e", pass: 50, questions: [{ id: "e", type: "essay", points: 2 }] }, { e: "Tekst" });
  add("only an essay, blank", { id: "e", pass: 50, questions: [{ id: "e", type: "essay", points: 2 }] }, { e: "" });

  const odd = {
    id: "odd", pass: 55, questions: [
      { id: "a", type: "single", points: 0.1, answers: [{ correct: true, weight: 100 }] },
      { id: "b", type: "single", points: 0.2, answers: [{ correct: true, weight: 100 }] },
      { id: "c", type: "multiple", points: 3, answers: [0.1, 0.2, 0.3].map((w) => ({ correct: true, weight: w * 100 })) },
      { id: "d", type: "short", points: 1.005, answers: [{ text: "x", weight: 100 }] },
      { id: "e", type: "single", points: 1, answers: [{ correct: false, weight: 33.3 }] },
      { id: "10", type: "truefalse", points: 1, answer: true },
      { id: "2", type: "truefalse", points: 1, answer: false },
    ],
  };
  add("fractional points add up in binary", odd, { a: 0, b: 0, c: [0, 1, 2], d: "x", e: 0, 10: true, 2: false });
  add("fractional points, some wrong", odd, { a: 0, b: 0, c: [2], e: 0, 10: false });
  add("numeric-looking ids, shown", odd, { 10: true, 2: false, a: 0 }, ["10", "2", "a"]);
  const zeroPoints = { id: "z", pass: 50, questions: [{ id: "z", type: "truefalse", points: 0, answer: true }] };
  add("zero total points", zeroPoints, { z: true });
  const dup = { id: "dup", pass: 50, questions: [{ id: "x", type: "truefalse", points: 1, answer: true }, { id: "x", type: "truefalse", points: 3, answer: false }] };
  add("duplicate question id: the last wins", dup, { x: false });
  add("mixed with an unknown type", { id: "m", pass: 50, questions: [{ id: "h", type: "hotspot", points: 1 }, { id: "t", type: "truefalse", points: 1, answer: true }] }, { h: "x", t: true });
  return cases;
}

/** Scores one question as the fixture records it: no feedback. */
function questionResult(q, response) {
  const r = score.question(q, response);
  return { points: r.points, max: r.max, fraction: r.fraction, state: r.state };
}

function attemptResult(quiz, responses, shown) {
  const r = score.attempt(quiz, responses, shown);
  const questions = {};
  Object.keys(r.questions).forEach((id) => {
    const q = r.questions[id];
    questions[id] = { points: q.points, max: q.max, fraction: q.fraction, state: q.state };
  });
  return { points: r.points, max: r.max, percent: r.percent, passed: r.passed, pending: r.pending, questions };
}

/** Every number in the expectations must survive JSON: NaN and Infinity would become null. */
function checkFinite(value, where) {
  if (typeof value === "number" && !Number.isFinite(value)) { throw new Error(where + ": " + value + " does not survive JSON"); }
  if (value && typeof value === "object") { Object.keys(value).forEach((k) => checkFinite(value[k], where)); }
}

function build() {
  const names = new Set();
  const unique = (name) => {
    if (names.has(name)) { throw new Error("duplicate case name: " + name); }
    names.add(name);
    return name;
  };
  const questions = questionCases().map((c) => {
    const question = json(c.question), response = json(c.response);
    const expected = questionResult(question, response);
    checkFinite(expected, c.name);
    return { name: unique(c.name), question, response, expected };
  });
  const attempts = attemptCases().map((c) => {
    const quiz = json(c.quiz), responses = json(c.responses), shown = c.shown === undefined ? null : json(c.shown);
    const expected = attemptResult(quiz, responses, shown);
    checkFinite(expected, c.name);
    return { name: unique("attempt: " + c.name), quiz, responses, shown, expected };
  });
  return {
    format: "szpon-scoring-vectors",
    note: "Generated by tests/js/make-vectors.js from themes/default/assets/js/score.js; do not edit. Regenerate: node tests/js/make-vectors.js --write",
    questions,
    attempts,
  };
}

function render(vectors) { return JSON.stringify(vectors, null, 2) + "\n"; }

module.exports = { build, render, FIXTURE };

if (require.main === module) {
  const text = render(build());
  if (process.argv.includes("--write")) {
    fs.mkdirSync(path.dirname(FIXTURE), { recursive: true });
    fs.writeFileSync(FIXTURE, text);
    const v = JSON.parse(text);
    console.log("wrote " + path.relative(process.cwd(), FIXTURE) + ": " + v.questions.length + " question cases, " + v.attempts.length + " attempt cases");
  } else {
    process.stdout.write(text);
  }
}
