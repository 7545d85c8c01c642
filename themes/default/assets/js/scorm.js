/* szpon SCORM 1.2 bridge: when a page runs inside an LMS (a SCORM package, one SCO per
   lesson), it reports to the LMS's API what the engine announces: the quiz score and
   passed/failed, lesson completion, and the course's progress in cmi.suspend_data, so
   progress follows the learner to another device. Without an API (a plain site, a page
   opened from disk) it does nothing at all. Loaded on every page, after progress.js. */
(function () {
  "use strict";
  var FINAL = { passed: 1, failed: 1, completed: 1 };
  var LIMIT = 4096; // cmi.suspend_data is a CMIString4096

  /* SCORM 1.2's discovery: this window and its parents, then the opener and its parents.
     An ancestor from another origin throws on access; the walk goes on past it. */
  function scan(win) {
    for (var i = 0; win && i <= 10; i++) {
      try {
        if (win.API && typeof win.API.LMSInitialize === "function") { return win.API; }
      } catch (e) { /* another origin */ }
      if (!win.parent || win.parent === win) { break; }
      win = win.parent;
    }
    return null;
  }
  var api = scan(window);
  if (!api) {
    try { api = window.opener ? scan(window.opener) : null; } catch (e) { api = null; }
  }
  if (!api) { return; }

  var Szpon = window.Szpon = window.Szpon || {};
  var lessonBox = document.querySelector(".szpon-lesson-done");
  var courseNode = document.querySelector("[data-course]");
  var course = courseNode ? courseNode.getAttribute("data-course") : null;
  var lesson = lessonBox ? lessonBox.getAttribute("data-lesson") : null;
  var open = false, status = "", written = null, pendingDone = false, timer = null, started = 0;
  var bridge = Szpon.scorm = { api: api, lastError: null };

  /* Every call is guarded: an LMS that throws or refuses never breaks the page. */
  function call(name, a, b) {
    try {
      var result = String(b !== undefined ? api[name](a, b) : a !== undefined ? api[name](a) : api[name]());
      if (result === "false" || (name === "LMSGetValue" && result === "")) {
        var code = String(api.LMSGetLastError());
        if (code !== "0" && code !== "") {
          bridge.lastError = { call: name, arg: a, code: code, text: String(api.LMSGetErrorString(code)) };
          return name === "LMSGetValue" ? "" : null;
        }
      }
      return result;
    } catch (e) {
      bridge.lastError = { call: name, arg: a, code: "exception", text: String(e && e.message) };
      return null;
    }
  }
  function get(key) { return call("LMSGetValue", key) || ""; }
  function set(key, value) { return call("LMSSetValue", key, String(value)) === "true"; }
  function setStatus(value) { if (set("cmi.core.lesson_status", value)) { status = value; } }

  var session = function () { return Szpon.session || null; };

  /* The course's finished lessons, oldest first, as compact JSON that always parses and
     fits: the oldest lessons are dropped until it does. */
  function suspendData() {
    var s = session();
    if (!s || !course) { return null; }
    var progress = s.progress(course);
    var lessons = Object.keys(progress).filter(function (k) { return progress[k] && progress[k].done; })
      .sort(function (x, y) { return String(progress[x].at) < String(progress[y].at) ? -1 : 1; });
    var data = { v: 1, c: course, t: Math.floor(Date.now() / 1000), l: lessons };
    var text = JSON.stringify(data);
    while (text.length > LIMIT && data.l.length) { data.l.shift(); text = JSON.stringify(data); }
    return text.length > LIMIT ? null : { text: text, key: data.l.slice().sort().join("\n") };
  }
  function writeSuspend() {
    var data = suspendData();
    if (!data || data.key === written) { return false; }
    if (set("cmi.suspend_data", data.text)) { written = data.key; }
    return true;
  }

  /* Lessons finished on another device (the LMS's copy) become finished here too,
     unless the learner unticked one here after the LMS's copy was made. */
  function merge(text) {
    var s = session(), data;
    if (!s || !course || !text) { return; }
    try { data = JSON.parse(text); } catch (e) { return; }
    if (!data || data.v !== 1 || data.c !== course || !Array.isArray(data.l)) { return; }
    written = data.l.slice().sort().join("\n");
    var progress = s.progress(course), at = (Number(data.t) || 0) * 1000, changed = false;
    data.l.forEach(function (slug) {
      var local = progress[slug];
      if (typeof slug !== "string" || (local && (local.done || Date.parse(local.at) > at))) { return; }
      s.setLessonDone(course, slug, true);
      changed = true;
    });
    if (!changed) { return; }
    if (lesson && lessonBox && (s.progress(course)[lesson] || {}).done) {
      var button = lessonBox.querySelector("button");
      if (button) { button.setAttribute("aria-pressed", "true"); }
    }
    if (Szpon.changed) { Szpon.changed(); }
  }

  function start() {
    if (open) { return true; }
    if (call("LMSInitialize", "") !== "true") { return false; }
    open = true;
    started = Date.now();
    status = get("cmi.core.lesson_status");
    var dirty = status === "" || status === "not attempted";
    if (dirty) { setStatus("incomplete"); }
    var saved = get("cmi.suspend_data");
    if (saved === "") { written = ""; } // nothing finished anywhere yet: nothing to write
    merge(saved);
    var s = session();
    if (lesson && s && course && (s.progress(course)[lesson] || {}).done) { pendingDone = true; }
    flush(dirty);
    return true;
  }

  /* Writes what changed and commits once. A lesson marked done waits for this, so that a
     quiz that passes (and marks its lesson done) reports "passed", not "completed" first. */
  function flush(dirty) {
    clearTimeout(timer);
    timer = null;
    if (!open && !start()) { return; }
    dirty = writeSuspend() || dirty === true;
    if (pendingDone && !FINAL[status]) { setStatus("completed"); dirty = true; }
    pendingDone = false;
    if (dirty) { call("LMSCommit", ""); }
  }

  document.addEventListener("szpon:attempt", function (event) {
    var d = event.detail || {}, score = d.score;
    if (!open && !start()) { return; }
    if (score && score.percent != null) {
      var passed = d.pass != null && score.passed === true, failed = d.pass != null && score.passed === false;
      // A later, worse attempt never takes back a pass.
      if (!(status === "passed" && !passed)) {
        set("cmi.core.score.raw", Math.max(0, Math.min(100, Number(score.percent) || 0)));
        set("cmi.core.score.min", "0");
        set("cmi.core.score.max", "100");
        setStatus(passed ? "passed" : failed ? "failed" : FINAL[status] ? status : "completed");
      }
    } else if (!FINAL[status]) {
      setStatus("completed"); // an exam attempt: the server scores it
    }
    writeSuspend();
    call("LMSCommit", "");
  });

  document.addEventListener("szpon:lesson", function (event) {
    var d = event.detail || {};
    if (d.done && (!lesson || d.lesson === lesson)) { pendingDone = true; }
    if (!timer) { timer = setTimeout(flush, 0); }
  });

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function finish() {
    if (!open) { return; }
    if (timer) { flush(); }
    var s = Math.round((Date.now() - started) / 1000);
    set("cmi.core.session_time", pad(Math.min(9999, Math.floor(s / 3600))) + ":" + pad(Math.floor(s / 60) % 60) + ":" + pad(s % 60));
    if (status === "incomplete") { set("cmi.core.exit", "suspend"); }
    call("LMSCommit", "");
    call("LMSFinish", "");
    open = false;
  }
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);

  start();
})();
