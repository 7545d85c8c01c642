/* szpon session: opens the learner's storage for this site and bundle, carries it
   between file:// pages, shows the unsent records with "download my results", and keeps
   lesson completion and course progress. Loaded on every page, after store.js. */
(function () {
  "use strict";
  var site = window.SZPON_SITE;
  var Szpon = window.Szpon;
  if (!site || !Szpon || !Szpon.store) { return; }

  var backend = null;
  try { backend = window.localStorage; } catch (e) { backend = null; }
  var session = Szpon.store.open(backend, site.id, site.bundle, { crypto: window.crypto });
  Szpon.session = session;

  /* Interface strings and CLDR plurals from site-data.js. */
  Szpon.t = function (key, values) {
    var text = (site.strings && site.strings[key]) || key;
    Object.keys(values || {}).forEach(function (name) { text = text.split("{" + name + "}").join(String(values[name])); });
    return text;
  };
  Szpon.plural = function (key, n) {
    var forms = (site.plurals && site.plurals[key]) || {};
    var category;
    if (Math.floor(n) !== n) { category = "other"; }
    else if (site.language === "pl") {
      category = n === 1 ? "one" : (n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14)) ? "few" : "many";
    } else { category = n === 1 ? "one" : "other"; }
    return (forms[category] || forms.other || "{n}").replace("{n}", Szpon.number(n));
  };
  Szpon.number = function (n) {
    return site.language === "pl" ? String(n).replace(".", ",") : String(n);
  };
  /* "10:15" today, else the date too. */
  Szpon.time = function (iso) {
    var d = new Date(iso), lang = document.documentElement.lang;
    var time = d.toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" });
    return d.toDateString() === new Date().toDateString() ? time : d.toLocaleDateString(lang) + " " + time;
  };
  Szpon.changed = function () {
    document.dispatchEvent(new CustomEvent("szpon:changed"));
  };

  /* Firefox gives each file:// page its own storage. Data travels to the next page of
     this site in window.name, set only when the learner follows a link to another local
     file, so nothing is handed to a web site; the receiving page merges and clears it. */
  var CARRY = "szpon-carry:";
  if (typeof window.name === "string" && window.name.indexOf(CARRY) === 0) {
    try {
      var carried = JSON.parse(window.name.slice(CARRY.length));
      if (carried.prefix === session.prefix) { session.absorb(carried.data); }
    } catch (e) { /* a damaged carrier: local data is still there */ }
    window.name = "";
  }
  if (location.protocol === "file:") {
    document.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[href]") : null;
      if (!link || link.protocol !== "file:") { return; }
      try { window.name = CARRY + JSON.stringify({ prefix: session.prefix, data: session.snapshot() }); } catch (e) { window.name = ""; }
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text != null) { node.textContent = text; }
    return node;
  }
  Szpon.element = element;

  /* "Download my results": the outbox as a file the learner can carry back. */
  function download() {
    var data = session.exportData();
    var day = data.exportedAt.slice(0, 10);
    var blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
    var link = element("a");
    link.href = URL.createObjectURL(blob);
    link.download = Szpon.t("results_file") + "-" + site.id + "-" + day + ".json";
    document.body.appendChild(link);
    link.click();
    // Said beside the count until the server has every record of the file.
    session.set("saved-file", { file: link.download, at: new Date().toISOString(),
      ids: data.records.map(function (record) { return record.id; }) });
    Szpon.changed();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  /* The outbox panel in the footer: always on pages where records are made, and on any
     page while records wait, so a learner never clears the browser unaware. */
  var panel = document.getElementById("szpon-outbox");
  var makesRecords = !!document.querySelector(".szpon-quiz, .szpon-survey, [data-course]");
  function showOutbox() {
    if (!panel) { return; }
    var count = session.pending();
    panel.hidden = !(count > 0 || makesRecords);
    if (panel.hidden) { return; }
    var status = panel.querySelector(".outbox-count");
    status.textContent = count ? Szpon.plural("unsent", count) : Szpon.t("unsent_none");
    panel.querySelector(".outbox-download").hidden = count === 0;
    var saved = session.get("saved-file");
    var unconfirmed = saved && saved.ids && saved.ids.some(function (id) { return session.get("outbox:" + id); });
    panel.querySelector(".outbox-saved").textContent = unconfirmed ? Szpon.t("saved_to_file", { file: saved.file, time: Szpon.time(saved.at) }) : "";
    var warning = panel.querySelector(".outbox-warning");
    warning.hidden = session.persistent && !session.failed;
    warning.textContent = Szpon.t("storage_unavailable");
    // What the sync did: sent, waiting for the server (since when), held back with the
    // server's reason; or that there is no server to send to.
    var sync = panel.querySelector(".outbox-sync");
    var lines = [];
    if (Szpon.syncOff || !(site.ingest || /^https?:$/.test(location.protocol))) {
      if (count) { lines.push(Szpon.t("sync_none")); }
    } else {
      var sent = session.list("sent:").length;
      if (sent) { lines.push(Szpon.plural("sent", sent)); }
      var state = session.get("sync-state");
      if (state && count) {
        lines.push(Szpon.t("sync_waiting", { time: Szpon.time(state.since || state.at) }) + (state.reason ? " (" + state.reason + ")" : ""));
      }
    }
    sync.textContent = lines.join(" ");
    sync.hidden = !lines.length;
    var held = panel.querySelector(".outbox-held");
    held.textContent = "";
    session.list("held:").forEach(function (entry) {
      var record = session.get("outbox:" + entry[0].slice(5));
      if (!record) { return; }
      held.appendChild(element("li", null, Szpon.t("sync_held", {
        date: new Date(record.createdAt).toLocaleString(document.documentElement.lang),
        reason: entry[1].reason || entry[1].status,
      })));
    });
    held.hidden = !held.firstChild;
  }
  if (panel) {
    panel.querySelector(".outbox-download").addEventListener("click", download);
  }

  /* Lesson completion: a toggle at the end of each lesson. */
  function lessonToggle() {
    var box = document.querySelector(".szpon-lesson-done");
    if (!box) { return; }
    var course = box.getAttribute("data-course"), lesson = box.getAttribute("data-lesson");
    var button = box.querySelector("button");
    var status = box.querySelector(".lesson-done-status");
    function render() {
      var done = !!(session.progress(course)[lesson] || {}).done;
      // A constant label with aria-pressed: screen readers announce the state.
      button.setAttribute("aria-pressed", done ? "true" : "false");
      return done;
    }
    button.addEventListener("click", function () {
      var done = button.getAttribute("aria-pressed") !== "true";
      session.setLessonDone(course, lesson, done);
      session.record("progress", null, { course: course, lesson: lesson, completed: done });
      status.textContent = done ? Szpon.t("lesson_marked_done") : Szpon.t("lesson_marked_not_done");
      render();
      Szpon.changed();
      document.dispatchEvent(new CustomEvent("szpon:lesson", { detail: { course: course, lesson: lesson, done: done } }));
    });
    box.hidden = false;
    render();
  }

  /* Course page: lessons completed, with a mark beside each finished lesson. */
  function courseProgress() {
    var box = document.getElementById("szpon-course-progress");
    if (!box) { return; }
    var course = box.getAttribute("data-course");
    var progress = session.progress(course);
    var items = document.querySelectorAll(".lesson-list [data-lesson]");
    var done = 0, next = null;
    for (var i = 0; i < items.length; i++) {
      var finished = !!(progress[items[i].getAttribute("data-lesson")] || {}).done;
      var mark = items[i].querySelector(".lesson-status");
      if (!mark) { mark = element("span", "lesson-status"); items[i].appendChild(mark); }
      mark.textContent = finished ? " – " + Szpon.t("lesson_done") : "";
      if (finished) { done++; } else if (!next) { next = items[i].querySelector("a"); }
    }
    // Once a lesson is done, "Start the course" becomes "Continue", to the first lesson not done.
    var start = document.querySelector(".course-start");
    if (start) {
      if (!start.getAttribute("data-start")) { start.setAttribute("data-start", start.getAttribute("href")); }
      var resume = done > 0 && next;
      start.textContent = Szpon.t(resume ? "continue_course" : "start_course");
      start.setAttribute("href", resume ? next.getAttribute("href") : start.getAttribute("data-start"));
    }
    var bar = box.querySelector("progress");
    bar.max = items.length;
    bar.value = done;
    box.querySelector(".course-progress-text").textContent = Szpon.t("course_progress", { done: done, total: items.length });
    box.hidden = false;
  }

  function refresh() {
    showOutbox();
    courseProgress();
  }
  Szpon.markLessonDone = function (course, lesson) {
    if (!course || !lesson || (session.progress(course)[lesson] || {}).done) { return; }
    session.setLessonDone(course, lesson, true);
    session.record("progress", null, { course: course, lesson: lesson, completed: true });
    document.dispatchEvent(new CustomEvent("szpon:lesson", { detail: { course: course, lesson: lesson, done: true } }));
    var box = document.querySelector(".szpon-lesson-done");
    if (box && box.getAttribute("data-lesson") === lesson) {
      box.querySelector("button").setAttribute("aria-pressed", "true");
    }
  };
  document.addEventListener("szpon:changed", refresh);
  // Another tab of this site stored or sent something.
  window.addEventListener("storage", function (event) {
    if (event.key && event.key.indexOf(session.prefix) === 0) { refresh(); }
  });
  lessonToggle();
  refresh();
})();
