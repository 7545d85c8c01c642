/* szpon storage: the learner's data in the browser, and the outbox of records that
   wait for the server. Classic script; Node's test runner loads it too (tests/js/).

   Every key is namespaced "szpon:<site>:<bundle>:", because Chromium gives all file://
   pages one shared localStorage: two courses from two USB sticks must not see each
   other's data. Each record has a key of its own ("outbox:<uuid>"), so two open tabs
   never overwrite each other's records, and a record leaves only when the server has it. */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) { module.exports = api; }
  else { (root.Szpon = root.Szpon || {}).store = api; }
})(this, function () {
  "use strict";

  var FORMAT = "szpon-results";

  function memoryBackend() {
    var data = {};
    return {
      getItem: function (k) { return Object.prototype.hasOwnProperty.call(data, k) ? data[k] : null; },
      setItem: function (k, v) { data[k] = String(v); },
      removeItem: function (k) { delete data[k]; },
      key: function (i) { return Object.keys(data)[i] || null; },
      get length() { return Object.keys(data).length; },
    };
  }

  /* localStorage, or memory when the browser refuses storage (some privacy modes). */
  function usableBackend(candidate) {
    try {
      candidate.setItem("szpon:probe", "1");
      candidate.removeItem("szpon:probe");
      return candidate;
    } catch (e) {
      return null;
    }
  }

  function uuid(cryptoObject) {
    var bytes = new Uint8Array(16);
    // getRandomValues, unlike randomUUID, needs no secure context.
    if (cryptoObject && cryptoObject.getRandomValues) { cryptoObject.getRandomValues(bytes); }
    else { for (var i = 0; i < 16; i++) { bytes[i] = Math.floor(Math.random() * 256); } }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = "";
    for (var j = 0; j < 16; j++) { hex += (bytes[j] + 0x100).toString(16).slice(1); }
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function Store(backend, site, bundle, options) {
    var usable = backend && usableBackend(backend);
    this.backend = usable || memoryBackend();
    this.persistent = !!usable;
    this.site = site;
    this.bundle = bundle;
    this.prefix = "szpon:" + site + ":" + bundle + ":";
    this.crypto = options && options.crypto;
    this.now = (options && options.now) || function () { return new Date(); };
    this.failed = false;
    // Records the browser refused to store (storage full): kept for this page's life so
    // the count and "download my results" still include them.
    this.unsaved = [];
  }

  Store.prototype.get = function (key) {
    try {
      var raw = this.backend.getItem(this.prefix + key);
      return raw == null ? null : JSON.parse(raw);
    } catch (e) {
      return null;
    }
  };

  /* Returns false when the write did not happen (storage full or refused); callers
     tell the learner to download their results rather than pretend all is well. */
  Store.prototype.set = function (key, value) {
    try {
      this.backend.setItem(this.prefix + key, JSON.stringify(value));
      return true;
    } catch (e) {
      this.failed = true;
      return false;
    }
  };

  Store.prototype.remove = function (key) {
    try { this.backend.removeItem(this.prefix + key); } catch (e) { /* nothing to lose */ }
  };

  /* Every [key, value] under `start`, with the key relative to this store. */
  Store.prototype.list = function (start) {
    var full = this.prefix + (start || ""), keys = [], out = [];
    for (var i = 0; i < this.backend.length; i++) {
      var k = this.backend.key(i);
      if (k && k.indexOf(full) === 0) { keys.push(k.slice(this.prefix.length)); }
    }
    keys.sort();
    for (var j = 0; j < keys.length; j++) {
      var value = this.get(keys[j]);
      if (value != null) { out.push([keys[j], value]); }
    }
    return out;
  };

  Store.prototype.uuid = function () { return uuid(this.crypto); };

  /* A random id for this browser profile: it tells a school's devices apart without
     saying who the learner is. */
  Store.prototype.device = function () {
    var id = this.get("device");
    if (!id) { id = this.uuid(); this.set("device", id); }
    return id;
  };

  /* Makes a record and puts it in the outbox. Returns it, with `saved` false when the
     browser refused to store it. Anonymous records carry no device id. */
  Store.prototype.record = function (kind, contentHash, payload, anonymous) {
    var record = {
      id: this.uuid(),
      kind: kind,
      site: this.site,
      bundle: this.bundle,
      contentHash: contentHash || null,
      createdAt: this.now().toISOString(),
      device: anonymous ? null : this.device(),
      payload: payload,
    };
    // The learner code (learner-code.js sets it on pages of `identify: code` courses);
    // an anonymous record never carries it.
    if (this.learner && !anonymous) { record.learner = this.learner; }
    var saved = this.set("outbox:" + record.id, record);
    if (!saved) { this.unsaved.push(record); }
    return { record: record, saved: saved };
  };

  Store.prototype.outbox = function () {
    var stored = this.list("outbox:").map(function (entry) { return entry[1]; });
    return stored.concat(this.unsaved).sort(function (a, b) {
      return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0;
    });
  };

  Store.prototype.pending = function () { return this.list("outbox:").length + this.unsaved.length; };

  /* Called when the server answered stored or duplicate: only then may a record go. */
  Store.prototype.forget = function (id) {
    this.remove("outbox:" + id);
    this.unsaved = this.unsaved.filter(function (r) { return r.id !== id; });
  };

  /* The "download my results" file: every unsent record, self-describing, so that
     `szpon import results` can load it on the school's computer. The device id is
     only on each record, so an anonymous response is not tied to it by the file. */
  Store.prototype.exportData = function () {
    return {
      format: FORMAT,
      version: 1,
      site: this.site,
      bundle: this.bundle,
      exportedAt: this.now().toISOString(),
      records: this.outbox(),
    };
  };

  /* Everything in this namespace as raw strings, to carry to the next page. */
  Store.prototype.snapshot = function () {
    var out = {};
    for (var i = 0; i < this.backend.length; i++) {
      var k = this.backend.key(i);
      if (k && k.indexOf(this.prefix) === 0) { out[k.slice(this.prefix.length)] = this.backend.getItem(k); }
    }
    return out;
  };

  /* Merges data carried from another page (Firefox gives each file:// page its own
     storage). Records and attempts are immutable and keyed by id, so a union is exact;
     progress maps are merged key by key; an attempt in progress keeps the newer copy. */
  Store.prototype.absorb = function (snapshot) {
    var self = this, changed = 0;
    Object.keys(snapshot || {}).forEach(function (key) {
      var incoming;
      try { incoming = JSON.parse(snapshot[key]); } catch (e) { return; }
      var local = self.get(key);
      if (local == null) {
        // An attempt in progress elsewhere that this page has since finished stays finished.
        if (key.indexOf("current:") === 0 && incoming && self.list("attempt:" + key.slice(8) + ":").some(function (e) {
          return e[1].number >= incoming.number;
        })) { return; }
        self.set(key, incoming);
        changed++;
      } else if (key.indexOf("progress:") === 0 && typeof local === "object") {
        var merged = false;
        Object.keys(incoming || {}).forEach(function (lesson) {
          var a = local[lesson], b = incoming[lesson];
          if (!a || (b && b.at > a.at)) { local[lesson] = b; merged = true; }
        });
        if (merged) { self.set(key, local); changed++; }
      } else if (key.indexOf("current:") === 0 && incoming && local.updatedAt < incoming.updatedAt) {
        self.set(key, incoming);
        changed++;
      }
    });
    return changed;
  };

  /* Lesson completion per course: {lesson slug: {done: bool, at: ISO time}}. */
  Store.prototype.progress = function (course) { return this.get("progress:" + course) || {}; };

  Store.prototype.setLessonDone = function (course, lesson, done) {
    var progress = this.progress(course);
    progress[lesson] = { done: !!done, at: this.now().toISOString() };
    return this.set("progress:" + course, progress);
  };

  return {
    FORMAT: FORMAT,
    open: function (backend, site, bundle, options) { return new Store(backend, site, bundle, options); },
    uuid: uuid,
    memoryBackend: memoryBackend,
  };
});
