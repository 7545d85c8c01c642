/* szpon quiz engine: runs the quiz forms the build wrote into the page. The form is
   plain HTML (fieldsets, native inputs), so it works by keyboard and screen reader;
   this script draws and shuffles, keeps the attempt in storage after every answer,
   scores with score.js, shows feedback and review, and queues the finished attempt. */
(function () {
  "use strict";
  var Szpon = window.Szpon;
  if (!Szpon || !Szpon.session || !Szpon.score) { return; }
  var session = Szpon.session, score = Szpon.score, t = Szpon.t, element = Szpon.element;

  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }
  function pad(n) { return ("00" + n).slice(-3); }
  function newSeed() { return Math.floor(Math.random() * 4294967296) >>> 0; }
  function clock(ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
  }

  function Quiz(section) {
    this.section = section;
    this.data = JSON.parse(section.querySelector(".szpon-quiz-data").textContent);
    this.form = section.querySelector("form");
    this.submitRow = this.form.querySelector("button[type=submit]").parentNode;
    this.result = section.querySelector(".szpon-quiz-result");
    this.result.setAttribute("tabindex", "-1");
    this.actions = element("div", "szpon-quiz-actions");
    this.result.parentNode.insertBefore(this.actions, this.result.nextSibling);
    this.fieldsets = {};
    var self = this;
    all(this.form, "fieldset.szpon-question").forEach(function (fs) { self.fieldsets[fs.getAttribute("data-question")] = fs; });
    this.questions = {};
    this.data.questions.forEach(function (q) { self.questions[q.id] = q; });
    this.exam = this.data.mode === "exam";
    var courseNode = section.closest("[data-course]");
    this.course = courseNode ? courseNode.getAttribute("data-course") : null;
    var lessonNode = document.querySelector(".szpon-lesson-done");
    this.lesson = lessonNode ? lessonNode.getAttribute("data-lesson") : null;
    // The original order of each choice list, so a shuffle can always be rebuilt from it.
    all(this.form, "ul.szpon-options").forEach(function (ul) { ul.szponItems = all(ul, "li"); });
    this.form.addEventListener("submit", function (event) { event.preventDefault(); self.finish(false); });
    this.form.addEventListener("change", function () { self.save(); });
    this.form.addEventListener("input", function () { self.save(); });
    this.start();
    // The server's score of an exam attempt may arrive while the review is open.
    document.addEventListener("szpon:changed", function () {
      if (!self.reviewing || !self.shown || self.shown.score || self.shown.serverScore) { return; }
      var fresh = self.finished().filter(function (a) { return a.record === self.shown.record; })[0];
      if (fresh && fresh.serverScore) { self.review(fresh); }
    });
  }

  Quiz.prototype.key = function () { return "current:" + this.data.id; };

  Quiz.prototype.finished = function () {
    return session.list("attempt:" + this.data.id + ":").map(function (e) { return e[1]; });
  };

  Quiz.prototype.attemptsLeft = function () {
    return this.data.attempts ? this.data.attempts - this.finished().length : Infinity;
  };

  /* Resume an attempt in progress, else review the last finished one, else begin. */
  Quiz.prototype.start = function () {
    var current = session.get(this.key());
    var done = this.finished();
    if (current && current.hash === this.data.hash) { this.resume(current); }
    else if (done.length) { this.review(done[done.length - 1]); }
    else { this.begin(); }
  };

  Quiz.prototype.begin = function () {
    if (this.attemptsLeft() <= 0) { return; }
    var seed = newSeed();
    var now = new Date().toISOString();
    var current = {
      number: this.finished().length + 1, seed: seed, hash: this.data.hash,
      layout: score.layout(this.data, seed), responses: {}, checked: {},
      startedAt: now, updatedAt: now, deadline: null, remaining: null, paused: false, started: !this.data.timeLimit,
    };
    this.resume(current);
    session.set(this.key(), current);
    Szpon.changed();
  };

  Quiz.prototype.resume = function (current) {
    this.current = current;
    this.clearReview();
    this.apply(current.layout);
    this.fill(current.responses);
    this.enable(true);
    var self = this;
    Object.keys(current.checked || {}).forEach(function (id) { self.check(id, true); });
    this.result.textContent = "";
    this.actions.textContent = "";
    this.form.hidden = false;
    if (this.data.timeLimit) { this.timer(); }
  };

  /* Shows the attempt's questions in its order, and each choice list in its order. */
  Quiz.prototype.apply = function (layout) {
    var self = this;
    Object.keys(this.fieldsets).forEach(function (id) {
      var shown = layout.questions.indexOf(id) >= 0;
      self.fieldsets[id].hidden = !shown;
      self.fieldsets[id].disabled = !shown;
    });
    layout.questions.forEach(function (id, index) {
      var fs = self.fieldsets[id];
      if (!fs) { return; }
      self.form.insertBefore(fs, self.submitRow);
      var number = fs.querySelector(".szpon-qnum");
      if (number) { number.textContent = (index + 1) + "."; }
      var ul = fs.querySelector("ul.szpon-options");
      var order = layout.options && layout.options[id];
      if (ul && ul.szponItems) {
        (order || ul.szponItems.map(function (_, i) { return i; })).forEach(function (i) { ul.appendChild(ul.szponItems[i]); });
      }
    });
  };

  Quiz.prototype.collect = function () {
    var self = this, responses = {};
    this.current.layout.questions.forEach(function (id) {
      var q = self.questions[id], fs = self.fieldsets[id];
      if (!q || !fs) { return; }
      responses[id] = read(q, fs);
    });
    return responses;
  };

  function read(q, fs) {
    switch (q.type) {
      case "single": var one = fs.querySelector("input:checked"); return one ? Number(one.value) : null;
      case "multiple": return all(fs, "input:checked").map(function (i) { return Number(i.value); });
      case "truefalse": var tf = fs.querySelector("input:checked"); return tf ? tf.value === "true" : null;
      case "short": case "numeric": return fs.querySelector("input").value;
      case "essay": return fs.querySelector("textarea").value;
      case "matching": return all(fs, "select").map(function (s) { return s.value === "" ? null : Number(s.value); });
      case "ordering":
        var positions = [];
        all(fs, "li[data-item]").forEach(function (li) {
          var v = li.querySelector("select").value;
          positions[Number(li.getAttribute("data-item"))] = v === "" ? null : Number(v);
        });
        return positions;
      case "cloze": return all(fs, "input.szpon-blank").map(function (i) { return i.value; });
    }
    return null;
  }

  Quiz.prototype.fill = function (responses) {
    var self = this;
    Object.keys(this.fieldsets).forEach(function (id) {
      var q = self.questions[id], fs = self.fieldsets[id], r = responses ? responses[id] : null;
      all(fs, "input[type=radio], input[type=checkbox]").forEach(function (input) {
        var v = input.value;
        input.checked = r != null && (Array.isArray(r) ? r.indexOf(Number(v)) >= 0 : (q.type === "truefalse" ? String(r) === v : Number(v) === r));
      });
      all(fs, "input[type=text]:not(.szpon-blank), textarea").forEach(function (input) { input.value = typeof r === "string" ? r : ""; });
      all(fs, "input.szpon-blank").forEach(function (input, i) { input.value = r && r[i] != null ? r[i] : ""; });
      if (q.type === "matching") {
        all(fs, "select").forEach(function (s, i) { s.value = r && r[i] != null ? String(r[i]) : ""; });
      }
      if (q.type === "ordering") {
        all(fs, "li[data-item]").forEach(function (li) {
          var v = r ? r[Number(li.getAttribute("data-item"))] : null;
          li.querySelector("select").value = v != null ? String(v) : "";
        });
      }
    });
  };

  Quiz.prototype.enable = function (on) {
    var self = this;
    all(this.form, "input, select, textarea, button").forEach(function (control) {
      var fs = control.closest("fieldset");
      var locked = fs && self.current && self.current.checked && self.current.checked[fs.getAttribute("data-question")];
      control.disabled = !on || !!locked;
    });
    this.submitRow.hidden = !on;
  };

  /* Every answer is stored as it is given: a closed tab or a flat battery loses nothing. */
  Quiz.prototype.save = function () {
    if (!this.current || this.reviewing) { return; }
    this.current.responses = this.collect();
    this.current.updatedAt = new Date().toISOString();
    session.set(this.key(), this.current);
  };

  /* Immediate mode: a check button per question; a checked question is locked. */
  Quiz.prototype.addCheckButtons = function () {
    var self = this;
    Object.keys(this.fieldsets).forEach(function (id) {
      var fs = self.fieldsets[id];
      if (fs.querySelector(".szpon-check") || self.questions[id].type === "essay") { return; }
      var button = element("button", "szpon-check", t("check_answer"));
      button.type = "button";
      button.addEventListener("click", function () {
        self.save();
        // Checking locks the question: an empty answer is not locked, the learner is told.
        if (score.question(self.questions[id], self.current.responses[id]).state === "unanswered") {
          var box = fs.querySelector(".szpon-feedback");
          box.textContent = "";
          box.appendChild(element("p", "szpon-verdict", t("check_needs_answer")));
          return;
        }
        self.current.checked[id] = true;
        session.set(self.key(), self.current);
        self.check(id, false);
        self.enable(true);
      });
      fs.insertBefore(button, fs.querySelector(".szpon-feedback"));
    });
  };

  Quiz.prototype.check = function (id, quiet) {
    var q = this.questions[id], fs = this.fieldsets[id];
    var r = score.question(q, this.collect()[id]);
    this.showFeedback(q, fs, r, true);
    var button = fs.querySelector(".szpon-check");
    if (button) { button.hidden = true; }
    if (!quiet) { fs.querySelector(".szpon-feedback").focus(); }
  };

  var VERDICT = { correct: "verdict_correct", partial: "verdict_partial", incorrect: "verdict_incorrect",
    unanswered: "verdict_unanswered", pending: "verdict_pending", unknown: "verdict_saved" };

  Quiz.prototype.showFeedback = function (q, fs, r, withKey) {
    var box = fs.querySelector(".szpon-feedback");
    box.setAttribute("tabindex", "-1");
    box.textContent = "";
    fs.setAttribute("data-state", r.state);
    var verdict = element("p", "szpon-verdict", t(VERDICT[r.state]));
    if (r.state !== "unknown" && r.state !== "pending") {
      verdict.appendChild(document.createTextNode(" – " + t("points_of", { points: Szpon.number(r.points), max: Szpon.number(r.max) })));
    }
    box.appendChild(verdict);
    if (!withKey) { return; }
    r.feedback.forEach(function (html) {
      var p = element("p", "szpon-feedback-text");
      p.innerHTML = html; // from the build: cmark-gfm output of the author's Markdown
      box.appendChild(p);
    });
    var right = rightAnswer(q, fs);
    if (right && r.state !== "correct") { box.appendChild(element("p", "szpon-right-answer", t("right_answer") + ": " + right)); }
    if (q.type === "single" || q.type === "multiple") {
      all(fs, "ul.szpon-options li").forEach(function (li) {
        var answer = q.answers[Number(li.querySelector("input").value)];
        if (answer && score.weightOf(answer) > 0 && !li.querySelector(".szpon-mark")) {
          li.appendChild(element("span", "szpon-mark", " – " + t(score.weightOf(answer) >= 100 ? "mark_right" : "mark_partial")));
        }
      });
    }
  };

  function labelText(fs, selector) {
    var node = fs.querySelector(selector);
    return node ? node.textContent.trim() : "";
  }

  /* The right answer in words, from the labels on the page. */
  function rightAnswer(q, fs) {
    var full = function (a) { return score.weightOf(a) >= 100; };
    switch (q.type) {
      case "single": case "multiple":
        return q.answers.map(function (a, i) { return (q.type === "single" ? full(a) : score.weightOf(a) > 0) ? labelText(fs, "label[for$='-" + i + "']") : null; })
          .filter(Boolean).join("; ");
      case "truefalse": return t(q.answer ? "answer_true" : "answer_false");
      case "short":
        var text = q.answers.filter(function (a) { return full(a) && a.text.indexOf("*") < 0; })[0];
        return text ? text.text : "";
      case "numeric":
        var n = q.answers.filter(function (a) { return full(a) && a.min != null; })[0];
        if (!n) { return ""; }
        return n.min === n.max ? Szpon.number(n.min) : Szpon.number(n.min) + " – " + Szpon.number(n.max);
      case "matching":
        return all(fs, "tr").map(function (row, i) {
          var option = row.querySelector("option[value='" + q.key[i] + "']");
          return row.querySelector("th").textContent.trim() + " → " + (option ? option.textContent : "");
        }).join("; ");
      case "ordering":
        return q.key.map(function (item, position) {
          return (position + 1) + ". " + labelText(fs, "li[data-item='" + item + "'] label");
        }).join("; ");
      case "cloze":
        return q.accept.map(function (accepted, i) { return t("blank") + " " + (i + 1) + ": " + accepted[0]; }).join("; ");
    }
    return "";
  }

  Quiz.prototype.finish = function (timedOut) {
    if (!this.current || this.reviewing || !this.current.started) { return; }
    this.stopTimer();
    this.save();
    var current = this.current, data = this.data;
    var result = score.attempt(data, current.responses, current.layout.questions);
    var points = {};
    Object.keys(result.questions).forEach(function (id) { points[id] = result.questions[id].points; });
    var summary = result.points == null ? null :
      { points: result.points, max: result.max, percent: result.percent, passed: result.passed, pending: result.pending, questions: points };
    var finishedAt = new Date().toISOString();
    var made = session.record("attempt", data.hash, {
      quiz: data.id, course: this.course, lesson: this.lesson, page: document.body.getAttribute("data-page"),
      attempt: current.number, seed: current.seed, questions: current.layout.questions, options: current.layout.options,
      responses: current.responses, startedAt: current.startedAt, finishedAt: finishedAt, timedOut: !!timedOut, score: summary,
    });
    var attempt = {
      record: made.record.id, number: current.number, seed: current.seed, hash: data.hash, layout: current.layout,
      responses: current.responses, startedAt: current.startedAt, finishedAt: finishedAt, timedOut: !!timedOut, score: summary,
    };
    // The record id in the key keeps two attempts with one number apart when Firefox's
    // per-page storages are merged; the number first keeps them in order.
    session.set("attempt:" + data.id + ":" + pad(current.number) + ":" + made.record.id, attempt);
    session.remove(this.key());
    this.current = null;
    if (summary && (summary.passed === true || (data.pass == null && !summary.pending))) {
      Szpon.markLessonDone(this.course, this.lesson);
    }
    Szpon.changed();
    // For listeners such as the SCORM bridge (scorm.js): a finished attempt and its score.
    document.dispatchEvent(new CustomEvent("szpon:attempt", { detail: {
      quiz: data.id, graded: !!data.graded, pass: data.pass == null ? null : data.pass, course: this.course, lesson: this.lesson, score: summary,
    } }));
    this.review(attempt, true, made.saved);
  };

  Quiz.prototype.clearReview = function () {
    this.reviewing = false;
    this.section.classList.remove("szpon-reviewing");
    all(this.form, ".szpon-mark, .szpon-check").forEach(function (n) { n.remove(); });
    all(this.form, ".szpon-feedback").forEach(function (n) { n.textContent = ""; n.setAttribute("aria-live", "polite"); });
    all(this.form, "fieldset[data-state]").forEach(function (fs) { fs.removeAttribute("data-state"); });
    if (this.data.mode === "immediate") { this.addCheckButtons(); }
  };

  /* A finished attempt: the learner's answers, and where the mode allows, the right
     answers and feedback. The score line goes to the live region and takes focus. */
  Quiz.prototype.review = function (attempt, justFinished, saved) {
    var self = this, data = this.data;
    this.shown = attempt;
    this.current = { layout: attempt.layout, checked: {} };
    this.clearReview();
    this.reviewing = true;
    this.section.classList.add("szpon-reviewing");
    // Filling every question's live region at once would have a screen reader read all
    // the feedback over the score; the score line is announced, the rest read in place.
    all(this.form, ".szpon-feedback").forEach(function (n) { n.setAttribute("aria-live", "off"); });
    this.apply(attempt.layout);
    this.fill(attempt.responses);
    this.enable(false);
    all(this.form, ".szpon-check").forEach(function (n) { n.remove(); });
    this.form.hidden = false;
    if (this.clockBox) { this.clockBox.hidden = true; this.padScroll(); }
    var sameVersion = attempt.hash === data.hash;
    var result = sameVersion && !this.exam ? score.attempt(data, attempt.responses, attempt.layout.questions) : null;
    attempt.layout.questions.forEach(function (id) {
      var q = self.questions[id];
      if (!q || !self.fieldsets[id]) { return; }
      var r = result ? result.questions[id] : { state: q.type === "essay" ? "pending" : "unknown", feedback: [] };
      self.showFeedback(q, self.fieldsets[id], r, !!result);
    });
    var lines = [];
    // In exam mode the score arrives with the sync (sync.js keeps it on the attempt).
    var s = attempt.score || (attempt.serverScore && attempt.serverScore.points != null ? attempt.serverScore : null);
    if (!s) {
      lines.push(t("exam_saved"));
    } else {
      if (!attempt.score) { lines.push(t("server_score")); }
      lines.push(t("score_line", { points: Szpon.number(s.points), max: Szpon.number(s.max), percent: Szpon.number(s.percent) }));
      // Under a shown passing threshold, a verdict, graded or not.
      if (s.passed === true && data.pass != null) { lines.push(t("passed")); }
      else if (s.passed === false && data.pass != null) { lines.push(t("failed", { pass: data.pass })); }
      else if (s.pending) { lines.push(t("awaiting_review")); }
    }
    if (attempt.timedOut) { lines.push(t("time_up")); }
    if (saved === false) { lines.push(t("storage_unavailable")); }
    this.result.textContent = lines.join(" ");
    this.actions.textContent = "";
    var left = this.attemptsLeft();
    if (data.attempts) {
      this.actions.appendChild(element("p", null, left > 0
        ? t("attempts_used", { used: data.attempts - left, total: data.attempts })
        : t("attempts_none_left")));
    }
    if (left > 0) {
      var again = element("button", "szpon-again", t("try_again"));
      again.type = "button";
      again.addEventListener("click", function () {
        self.begin();
        self.focusFirst();
      });
      this.actions.appendChild(element("p")).appendChild(again);
    }
    this.history();
    if (justFinished) { this.result.focus(); }
  };

  /* A new attempt: focus goes to the "start test" button of a timed test (it sits in
     the timer box, outside the form), else to the first answer. */
  Quiz.prototype.focusFirst = function () {
    var start = this.clockBox && !this.clockBox.hidden ? this.clockBox.querySelector(".szpon-start") : null;
    var first = start || this.form.querySelector("fieldset:not([hidden]) input, fieldset:not([hidden]) select, fieldset:not([hidden]) textarea");
    if (first) { first.focus(); }
  };

  /* Earlier attempts of this quiz on this device, newest last. */
  Quiz.prototype.history = function () {
    var done = this.finished();
    if (done.length < 2) { return; }
    var table = element("table", "szpon-attempts");
    table.appendChild(element("caption", null, t("attempt_history")));
    var head = table.appendChild(element("thead")).appendChild(element("tr"));
    ["attempt", "date", "result"].forEach(function (k) {
      var th = head.appendChild(element("th", null, t("history_" + k)));
      th.scope = "col";
    });
    var body = table.appendChild(element("tbody"));
    done.forEach(function (a) {
      var row = body.appendChild(element("tr"));
      row.appendChild(element("td", null, String(a.number)));
      row.appendChild(element("td", null, new Date(a.finishedAt).toLocaleString(document.documentElement.lang)));
      row.appendChild(element("td", null, a.score ? Szpon.number(a.score.percent) + "%" : t("verdict_saved")));
    });
    this.actions.appendChild(table);
  };

  /* The time limit. The clock text is a role=timer (not announced every second);
     a separate polite region announces 5 and 1 minutes left. Outside exam mode the
     learner can pause (WCAG 2.2.1); in exam mode the limit is essential to the test. */
  Quiz.prototype.timer = function () {
    var self = this, current = this.current;
    if (!this.clockBox) {
      this.clockBox = element("div", "szpon-timer");
      this.form.parentNode.insertBefore(this.clockBox, this.form);
    }
    var box = this.clockBox;
    box.hidden = false;
    box.textContent = "";
    if (!current.started) {
      this.form.hidden = true;
      box.appendChild(element("p", null, t("timed_intro", { minutes: Szpon.plural("minutes", this.data.timeLimit) })));
      var start = element("button", "szpon-start", t("start_test"));
      start.type = "button";
      start.addEventListener("click", function () {
        current.started = true;
        current.startedAt = new Date().toISOString();
        current.deadline = Date.now() + self.data.timeLimit * 60000;
        session.set(self.key(), current);
        self.timer();
        self.focusFirst();
      });
      box.appendChild(start);
      return;
    }
    var line = box.appendChild(element("p"));
    line.appendChild(document.createTextNode(t("time_left") + ": "));
    var clockText = line.appendChild(element("span", "szpon-clock"));
    clockText.setAttribute("role", "timer");
    var alert = box.appendChild(element("p", "szpon-timer-alert"));
    alert.setAttribute("aria-live", "polite");
    if (!this.exam) {
      var pause = element("button", "szpon-pause", t(current.paused ? "resume" : "pause"));
      pause.type = "button";
      pause.addEventListener("click", function () {
        if (current.paused) {
          current.paused = false;
          current.deadline = Date.now() + current.remaining;
        } else {
          current.paused = true;
          current.remaining = current.deadline - Date.now();
        }
        session.set(self.key(), current);
        self.timer();
        box.querySelector(".szpon-pause").focus();
      });
      line.appendChild(document.createTextNode(" "));
      line.appendChild(pause);
    } else {
      box.appendChild(element("p", "muted", t("exam_no_pause")));
    }
    this.form.hidden = !!current.paused;
    if (current.paused) { alert.textContent = t("paused"); }
    var warned = {};
    function tick() {
      var left = current.paused ? current.remaining : current.deadline - Date.now();
      clockText.textContent = clock(left);
      if (current.paused) { return; }
      if (left <= 0) { self.finish(true); return; }
      [5, 1].forEach(function (m) {
        if (left <= m * 60000 && left > (m * 60000 - 2000) && !warned[m]) {
          warned[m] = true;
          alert.textContent = Szpon.plural("minutes_left", m);
        }
      });
    }
    this.stopTimer();
    tick();
    if (!current.paused && this.current === current) { this.interval = setInterval(tick, 1000); }
    this.padScroll();
  };

  /* The timer sticks to the top of the window; the page keeps focused and scrolled-to
     controls below it, so it never hides the question being answered (WCAG 2.4.11). */
  Quiz.prototype.padScroll = function () {
    var box = this.clockBox, self = this;
    var sticking = box && !box.hidden && this.current && this.current.started;
    document.documentElement.style.scrollPaddingTop = sticking ? (box.offsetHeight + 16) + "px" : "";
    if (sticking && !this.onResize) {
      this.onResize = function () { self.padScroll(); };
      window.addEventListener("resize", this.onResize);
    }
  };

  Quiz.prototype.stopTimer = function () {
    if (this.interval) { clearInterval(this.interval); this.interval = null; }
  };

  all(document, ".szpon-quiz").forEach(function (section) {
    try { section.szponQuiz = new Quiz(section); } catch (e) {
      section.querySelector(".szpon-quiz-result").textContent = t("quiz_broken");
      if (window.console) { console.error(e); }
    }
  });
  // The quizzes answer input from here on: make bench times this mark from file://.
  if (window.performance && performance.mark) { performance.mark("szpon:quiz-ready"); }
})();
