/* szpon sync: sends the outbox to the ingest server named in site.yaml, on page load,
   when the browser comes back online, and with backoff while the server cannot be
   reached. A record leaves the outbox only when the server answers stored or
   duplicate; a rejected or conflicting record is held, with the server's reason,
   and stays in "download my results". So is one that spoils any request it is in. Works from file:// too: the request then
   carries Origin: null, which the site's ingest_origins must allow. */
(function () {
  "use strict";
  var site = window.SZPON_SITE;
  var Szpon = window.Szpon;
  if (!site || !Szpon || !Szpon.session || !window.fetch) { return; }
  // Without an ingest_url, a page served over HTTP (by `szpon serve`) syncs to its own
  // server; a page opened from disk then has nowhere to send to.
  var sameOrigin = !site.ingest;
  var root = document.body.getAttribute("data-root") || "";
  var url = site.ingest || (/^https?:$/.test(location.protocol) ? new URL(root + "api/v1/sync", location.href).href : null);
  if (!url) { return; }
  var session = Szpon.session;
  var BATCH = 50;
  var size = BATCH, timer = null, sending = false, failures = 0;

  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(send, ms);
  }

  /* Exponential backoff with jitter, from 2 s up to 5 minutes, so a classroom of
     devices coming back online does not hit the server in step. */
  function backoff(seconds, reason) {
    failures++;
    var base = seconds ? seconds * 1000 : Math.min(300000, 2000 * Math.pow(2, failures - 1));
    var now = new Date().toISOString(), state = session.get("sync-state");
    // `since`: the first failure in a row, which the footer names ("since 10:15").
    session.set("sync-state", { waiting: true, reason: reason || "", since: (state && state.since) || now, at: now });
    Szpon.changed();
    schedule(base * (0.75 + Math.random() / 2));
  }

  function sendable() {
    return session.outbox().filter(function (record) { return !session.get("held:" + record.id); });
  }

  /* An exam's score is known only once the server has scored the attempt. */
  function keepScore(result) {
    if (!result.score) { return; }
    session.list("attempt:").forEach(function (entry) {
      if (entry[1].record === result.id) {
        entry[1].serverScore = result.score;
        session.set(entry[0], entry[1]);
      }
    });
  }

  function answered(results) {
    var now = new Date().toISOString();
    results.forEach(function (result) {
      if (!result || !result.id) { return; }
      if (result.status === "stored" || result.status === "duplicate") {
        keepScore(result);
        session.set("sent:" + result.id, { at: now });
        session.forget(result.id);
      } else {
        session.set("held:" + result.id, { status: result.status, reason: result.reason || "", at: now });
      }
    });
  }

  function send() {
    timer = null;
    if (sending || !url) { return; }
    var records = sendable().slice(0, size);
    if (!records.length) { return; }
    sending = true;
    fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ records: records }),
      credentials: "omit",
      cache: "no-store",
    }).then(function (response) {
      return response.json().then(function (body) { return { response: response, body: body }; },
        function () { return { response: response, body: null }; });
    }).then(function (answer) {
      sending = false;
      var response = answer.response;
      if (response.ok && answer.body && Array.isArray(answer.body.results)) {
        failures = 0;
        answered(answer.body.results);
        session.remove("sync-state");
        Szpon.changed();
        if (sendable().length) { schedule(0); }
      } else if (sameOrigin && (response.status === 404 || response.status === 405)) {
        // A plain web server without the sync API: nothing to send to; the footer says so.
        url = null;
        Szpon.syncOff = true;
        Szpon.changed();
      } else if (response.status === 400 || response.status === 413) {
        // One record can spoil a whole request (too large, or text the server cannot
        // read). Halve the batch until that record goes alone, then hold just it, so
        // the records behind it are not stuck for ever.
        if (records.length > 1) {
          size = Math.ceil(records.length / 2);
        } else {
          size = BATCH;
          answered([{ id: records[0].id, status: "rejected", reason: (answer.body && answer.body.error) || String(response.status) }]);
          Szpon.changed();
        }
        schedule(0);
      } else if (response.status === 429 || response.status >= 500) {
        backoff(Number(response.headers.get("Retry-After")) || 0);
      } else {
        // The server refused the whole request (forbidden origin…): say why, retry later.
        backoff(0, (answer.body && answer.body.error) || String(response.status));
      }
    }, function () {
      sending = false;
      backoff(0);
    });
  }

  window.addEventListener("online", function () { failures = 0; schedule(0); });
  // A new record was made on this page: send it soon.
  document.addEventListener("szpon:changed", function () {
    if (!sending && !timer) { schedule(300); }
  });
  schedule(0);
  Szpon.sync = { now: function () { failures = 0; schedule(0); } };
})();
