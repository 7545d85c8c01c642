/* szpon scoring: pure functions from a quiz's data and a learner's responses to
   points. No DOM, so Node's test runner loads this very file (tests/js/).
   The server rescoring (issue 4) must agree with these rules; docs/quizzes.md states them.

   Response shapes, by question type:
     single: answer index | null        multiple: [answer index, ...]
     truefalse: true | false | null     short, numeric, essay: string
     matching: [choice index | null per row]
     ordering: [position (1-based) | null per item, in source order]
     cloze: [string per blank] */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) { module.exports = api; }
  else { (root.Szpon = root.Szpon || {}).score = api; }
})(this, function () {
  "use strict";

  /* mulberry32: a tiny seeded generator, so an attempt's draw and shuffle can be
     rebuilt from its seed for review, on any device. */
  function random(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6D2B79F5) >>> 0;
      var t = Math.imul(a ^ (a >>> 15), a | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function shuffled(list, next) {
    var out = list.slice();
    for (var i = out.length - 1; i > 0; i--) {
      var j = Math.floor(next() * (i + 1));
      var swap = out[i]; out[i] = out[j]; out[j] = swap;
    }
    return out;
  }

  function range(n) { var out = []; for (var i = 0; i < n; i++) { out.push(i); } return out; }

  /* Which questions an attempt shows, in which order, and the order of each choice
     question's answers. Drawn questions keep the author's order unless shuffled. */
  function layout(quiz, seed) {
    var next = random(seed);
    var ids = quiz.questions.map(function (q) { return q.id; });
    var chosen = ids;
    if (quiz.draw && quiz.draw < ids.length) {
      var picked = shuffled(ids, next).slice(0, quiz.draw);
      chosen = quiz.shuffle ? picked : ids.filter(function (id) { return picked.indexOf(id) >= 0; });
    } else if (quiz.shuffle) {
      chosen = shuffled(ids, next);
    }
    var options = {};
    if (quiz.shuffle) {
      quiz.questions.forEach(function (q) {
        if (q.type === "single" || q.type === "multiple") { options[q.id] = shuffled(range(q.options || 0), next); }
      });
    }
    return { questions: chosen, options: options };
  }

  var SPECIAL = { "ł": "l", "Ł": "L", "ß": "ss", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D" };

  function fold(text, q) {
    // NFC first: text pasted from a PDF may spell "ó" as "o" plus a combining accent.
    var s = String(text == null ? "" : text).normalize("NFC").trim().replace(/\s+/g, " ");
    // Not toLocaleLowerCase: the result must not depend on the browser's locale, and
    // must equal the server's rescoring.
    if (!q.caseSensitive) { s = s.toLowerCase(); }
    if (q.ignoreDiacritics) {
      s = s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[łŁßøØđĐ]/g, function (c) { return SPECIAL[c]; });
    }
    return s;
  }

  /* `*` in an accepted answer matches any run of characters, as in Moodle. */
  function textMatches(pattern, answer, q) {
    var p = fold(pattern, q), a = fold(answer, q);
    if (p.indexOf("*") < 0) { return p === a; }
    var source = p.split("*").map(function (part) { return part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"); }).join(".*");
    return new RegExp("^" + source + "$").test(a);
  }

  /* "2,5" and "2.5", spaces between thousands, "1,000.5" and "1.000,5" (the last mark
     is the decimal one). A lone comma is decimal unless the site writes a decimal
     point (q.decimal "."), where "1,000" is a thousand. Anything else is NaN. */
  function parseNumber(text, decimal) {
    var s = String(text == null ? "" : text).trim().replace(/[\s\u00a0\u202f]/g, "");
    var m = /^([+-]?)([\d.,]*)(e[+-]?\d+)?$/i.exec(s);
    if (m) { s = m[1] + ungroup(m[2], decimal) + (m[3] || ""); }
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) { return NaN; }
    return Number(s);
  }

  // Digits and marks to digits and at most one ".", or "x" where the marks make no number.
  function ungroup(b, decimal) {
    var at = Math.max(b.lastIndexOf(","), b.lastIndexOf("."));
    if (at < 0) { return b; }
    var mark = b.charAt(at), whole = b.slice(0, at), other = mark === "," ? "." : ",";
    if (whole.indexOf(mark) >= 0) { return grouped(b, mark) ? b.split(mark).join("") : "x"; }
    if (decimal === "." && /^\d{1,3},\d{3}$/.test(b)) { return whole + b.slice(at + 1); }
    return (grouped(whole, other) ? whole.split(other).join("") : "x") + "." + b.slice(at + 1);
  }

  function grouped(text, mark) {
    return /^\d*$/.test(text) || new RegExp("^\\d{1,3}(\\" + mark + "\\d{3})+$").test(text);
  }

  function inRange(value, answer) {
    // Room for binary rounding: 3.1415 ± 0.0005 must accept 3.142.
    var slack = 1e-9 * Math.max(1, Math.abs(answer.min), Math.abs(answer.max));
    return value >= answer.min - slack && value <= answer.max + slack;
  }

  function isEmpty(response) {
    if (response == null || response === "") { return true; }
    if (Array.isArray(response)) {
      return response.every(function (r) { return r == null || String(r).trim() === ""; });
    }
    return typeof response === "string" && response.trim() === "";
  }

  /* Full credit answers, for showing the right answer after an attempt. */
  function weightOf(answer) {
    return answer.weight != null ? answer.weight : (answer.correct ? 100 : 0);
  }

  /* Scores one question. Returns {points, max, fraction, state, feedback: [html]}, where
     state is correct, partial, incorrect, unanswered, pending (an essay awaiting review)
     or unknown (exam mode: the page has no key). */
  function question(q, response) {
    var result = { points: 0, max: q.points, fraction: 0, state: "incorrect", feedback: [] };
    if (q.type === "essay") {
      result.state = isEmpty(response) ? "unanswered" : "pending";
      return result;
    }
    if (!hasKey(q)) { result.state = "unknown"; return result; }
    if (isEmpty(response)) { result.state = "unanswered"; }
    var fraction = 0;
    var i;
    switch (q.type) {
      case "single":
        if (response != null && q.answers[response]) {
          fraction = weightOf(q.answers[response]) / 100;
          if (q.answers[response].feedback) { result.feedback.push(q.answers[response].feedback); }
        }
        break;
      case "multiple":
        var chosen = (response || []).filter(function (r, i, list) { return q.answers[r] && list.indexOf(r) === i; });
        chosen.sort(function (a, b) { return a - b; });
        chosen.forEach(function (r) { if (q.answers[r].feedback) { result.feedback.push(q.answers[r].feedback); } });
        if (q.answers.some(function (a) { return a.weight != null; })) {
          fraction = chosen.reduce(function (sum, r) { return sum + (q.answers[r].weight || 0); }, 0) / 100;
        } else {
          // Without weights a multiple-choice question is all or nothing.
          var right = true;
          for (i = 0; i < q.answers.length; i++) {
            if (q.answers[i].correct !== (chosen.indexOf(i) >= 0)) { right = false; }
          }
          fraction = right && chosen.length ? 1 : 0;
        }
        break;
      case "truefalse":
        if (response === true || response === false) {
          fraction = response === q.answer ? 1 : 0;
          var tf = response ? q.feedbackTrue : q.feedbackFalse;
          if (tf) { result.feedback.push(tf); }
        }
        break;
      case "short":
        // The first accepted answer that matches decides, as in Moodle.
        for (i = 0; i < q.answers.length && !isEmpty(response); i++) {
          if (textMatches(q.answers[i].text, response, q)) {
            fraction = q.answers[i].weight / 100;
            if (q.answers[i].feedback) { result.feedback.push(q.answers[i].feedback); }
            break;
          }
        }
        break;
      case "numeric":
        var value = parseNumber(response, q.decimal);
        var best = null, other = null;
        q.answers.forEach(function (a) {
          if (a.min == null && a.max == null) { other = other || a; return; }
          if (!isNaN(value) && inRange(value, a) && (!best || a.weight > best.weight)) { best = a; }
        });
        var chosenAnswer = best || (isEmpty(response) ? null : other);
        if (chosenAnswer) {
          fraction = chosenAnswer.weight / 100;
          if (chosenAnswer.feedback) { result.feedback.push(chosenAnswer.feedback); }
        }
        break;
      case "matching":
        fraction = countRight(q.key, function (k, row) { return response && response[row] === k; });
        break;
      case "ordering":
        fraction = countRight(q.key, function (k, item) { return response && response[item] === k + 1; });
        break;
      case "cloze":
        fraction = countRight(q.accept, function (accepted, blank) {
          return response && !isEmpty(response[blank]) && accepted.some(function (a) { return textMatches(a, response[blank], q); });
        });
        break;
    }
    fraction = Math.max(0, Math.min(1, fraction));
    result.fraction = fraction;
    result.points = round(fraction * q.points);
    if (result.state !== "unanswered") {
      result.state = fraction >= 1 ? "correct" : fraction > 0 ? "partial" : "incorrect";
    }
    if (q.feedback) { result.feedback.push(q.feedback); }
    return result;
  }

  function countRight(list, isRight) {
    if (!list || !list.length) { return 0; }
    var right = 0;
    list.forEach(function (item, index) { if (isRight(item, index)) { right++; } });
    return right / list.length;
  }

  function hasKey(q) {
    switch (q.type) {
      case "single": case "multiple": case "short": case "numeric": return !!q.answers;
      case "truefalse": return typeof q.answer === "boolean";
      case "matching": case "ordering": return !!q.key;
      case "cloze": return !!q.accept;
      default: return true;
    }
  }

  function round(n) { return Math.round(n * 100) / 100; }

  /* Scores the questions an attempt showed. `passed` is null when the result cannot be
     known yet: no key in the page (exam mode), or essays awaiting review could still
     change the outcome. */
  function attempt(quiz, responses, shown) {
    var ids = shown || quiz.questions.map(function (q) { return q.id; });
    var byID = {};
    quiz.questions.forEach(function (q) { byID[q.id] = q; });
    var total = 0, points = 0, pending = 0, unknown = false, results = {};
    ids.forEach(function (id) {
      var q = byID[id];
      if (!q) { return; }
      var r = question(q, responses ? responses[id] : null);
      results[id] = r;
      total += q.points;
      points += r.points;
      // An empty essay earns nothing; only an answered one can still change the outcome.
      if (r.state === "pending") { pending += q.points; }
      if (r.state === "unknown") { unknown = true; }
    });
    if (unknown) {
      return { points: null, max: round(total), percent: null, passed: null, pending: true, questions: results };
    }
    var percent = total ? Math.round(points / total * 1000) / 10 : 0;
    var best = total ? (points + pending) / total * 100 : 0;
    var passed = null;
    if (quiz.pass != null) {
      var exact = total ? points / total * 100 : 0;
      passed = exact >= quiz.pass - 1e-9 ? true : (best < quiz.pass - 1e-9 ? false : null);
    }
    return { points: round(points), max: round(total), percent: percent, passed: passed, pending: pending > 0, questions: results };
  }

  return {
    random: random, shuffled: shuffled, layout: layout, fold: fold, textMatches: textMatches,
    parseNumber: parseNumber, isEmpty: isEmpty, weightOf: weightOf, question: question, attempt: attempt,
  };
});
