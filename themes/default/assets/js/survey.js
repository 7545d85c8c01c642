/* szpon surveys: checks required questions, keeps a draft as the learner answers,
   queues the response as a record, and shows the thank-you text. */
(function () {
  "use strict";
  var Szpon = window.Szpon;
  if (!Szpon || !Szpon.session) { return; }
  var session = Szpon.session, t = Szpon.t, element = Szpon.element;

  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

  function read(q, fs) {
    switch (q.type) {
      case "multiple": return all(fs, "input:checked").map(function (i) { return Number(i.value); });
      case "text": return fs.querySelector("textarea").value;
      case "matrix":
        var rows = [];
        for (var r = 0; r < q.rows; r++) {
          var cell = fs.querySelector("tbody tr:nth-child(" + (r + 1) + ") input:checked");
          rows.push(cell ? Number(cell.value) : null);
        }
        return rows;
      default: var one = fs.querySelector("input:checked"); return one ? Number(one.value) : null;
    }
  }

  function answered(value) {
    if (Array.isArray(value)) { return value.length > 0 && value.every(function (v) { return v != null; }); }
    return value != null && String(value).trim() !== "";
  }

  function fill(q, fs, value) {
    if (value == null) { return; }
    if (q.type === "text") { fs.querySelector("textarea").value = value; return; }
    all(fs, "input").forEach(function (input) {
      var row = input.closest("tr");
      var v = q.type === "matrix" ? value[row ? row.sectionRowIndex : -1] : value;
      input.checked = Array.isArray(v) ? v.indexOf(Number(input.value)) >= 0 : v === Number(input.value);
    });
  }

  function Survey(section) {
    var self = this;
    this.section = section;
    this.data = JSON.parse(section.querySelector(".szpon-survey-data").textContent);
    this.form = section.querySelector("form");
    this.thanks = section.querySelector(".szpon-survey-thanks");
    this.thanks.setAttribute("tabindex", "-1");
    this.status = element("p", "szpon-survey-status");
    this.status.setAttribute("role", "alert");
    this.form.insertBefore(this.status, this.form.lastElementChild);
    this.fieldsets = {};
    all(this.form, "fieldset.szpon-question").forEach(function (fs) { self.fieldsets[fs.getAttribute("data-question")] = fs; });
    var draft = session.get("survey-draft:" + this.data.id);
    this.data.questions.forEach(function (q) { fill(q, self.fieldsets[q.id], draft && draft[q.id]); });
    this.form.addEventListener("change", function () { session.set("survey-draft:" + self.data.id, self.collect()); });
    this.form.addEventListener("submit", function (event) { event.preventDefault(); self.submit(); });
    var sent = session.get("survey:" + this.data.id);
    if (sent) { this.done(sent, false); }
  }

  Survey.prototype.collect = function () {
    var self = this, out = {};
    this.data.questions.forEach(function (q) { out[q.id] = read(q, self.fieldsets[q.id]); });
    return out;
  };

  /* Required questions left empty get a message tied to their fieldset, and the first
     one takes focus, so the learner hears what is missing and lands on it. */
  Survey.prototype.submit = function () {
    var self = this, responses = this.collect(), missing = [];
    all(this.form, ".szpon-error").forEach(function (n) { n.remove(); });
    this.data.questions.forEach(function (q) {
      var fs = self.fieldsets[q.id];
      fs.removeAttribute("aria-describedby");
      all(fs, "input, textarea").forEach(function (i) { i.removeAttribute("aria-invalid"); });
      if (q.required && !answered(responses[q.id])) {
        missing.push(fs);
        var message = element("p", "szpon-error", t("required_missing"));
        message.id = fs.id + "-error";
        fs.insertBefore(message, fs.querySelector("legend").nextSibling);
        fs.setAttribute("aria-describedby", message.id);
        all(fs, "input, textarea").forEach(function (i) { i.setAttribute("aria-invalid", "true"); });
      }
    });
    if (missing.length) {
      this.status.textContent = Szpon.plural("required_left", missing.length);
      var first = missing[0].querySelector("input, textarea");
      if (first) { first.focus(); }
      return;
    }
    this.status.textContent = "";
    var made = session.record("survey_response", this.data.hash, {
      survey: this.data.id, page: document.body.getAttribute("data-page"), responses: responses,
    }, this.data.anonymous);
    var sent = { record: made.record.id, at: made.record.createdAt, saved: made.saved };
    session.set("survey:" + this.data.id, sent);
    session.remove("survey-draft:" + this.data.id);
    Szpon.changed();
    this.done(sent, true);
  };

  Survey.prototype.done = function (sent, justNow) {
    var self = this;
    this.form.hidden = true;
    this.thanks.hidden = false;
    var note = this.thanks.querySelector(".szpon-survey-again");
    if (!note) {
      note = element("p", "szpon-survey-again");
      var again = element("button", null, t("survey_again"));
      again.type = "button";
      again.addEventListener("click", function () {
        session.remove("survey:" + self.data.id);
        self.form.reset();
        self.form.hidden = false;
        self.thanks.hidden = true;
        var first = self.form.querySelector("input, textarea");
        if (first) { first.focus(); }
      });
      this.thanks.appendChild(note);
      this.thanks.appendChild(element("p")).appendChild(again);
    }
    note.textContent = t("survey_saved_at", { date: new Date(sent.at).toLocaleString(document.documentElement.lang) }) +
      (sent.saved === false ? " " + t("storage_unavailable") : "");
    if (justNow) { this.thanks.focus(); }
  };

  all(document, ".szpon-survey").forEach(function (section) {
    try { section.szponSurvey = new Survey(section); } catch (e) {
      if (window.console) { console.error(e); }
    }
  });
})();
