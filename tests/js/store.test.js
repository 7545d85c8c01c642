/* store.js: the learner's data in the browser and the outbox of records waiting for
   the server. The backend is a stand-in for localStorage (helpers.fakeStorage) or the
   store's own memoryBackend(). */
"use strict";

const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { webcrypto } = require("node:crypto");
const { store, fakeStorage, clock, UUID_V4, ISO_TIME } = require("./helpers.js");

function open(backend, site, bundle, options) {
  return store.open(backend, site || "gmina-przykladowo", bundle || "site", Object.assign({ crypto: webcrypto }, options));
}

const ATTEMPT = { quiz: "dostepnosc-test-koncowy", attempt: 1, score: { points: 11, max: 15, percent: 73.3, passed: true } };

describe("namespacing", () => {
  test("every key the store writes starts with szpon:<site>:<bundle>:", () => {
    const backend = fakeStorage();
    const s = open(backend, "gmina-przykladowo", "site");
    const { record } = s.record("attempt", "9358d2247d4da5173e37a8a665f4f236", ATTEMPT);
    s.setLessonDone("dostepnosc-cyfrowa", "wcag-i-teksty-alternatywne", true);
    assert.equal(s.prefix, "szpon:gmina-przykladowo:site:");
    assert.deepEqual(Array.from(backend.data.keys()).sort(), [
      "szpon:gmina-przykladowo:site:device",
      "szpon:gmina-przykladowo:site:outbox:" + record.id,
      "szpon:gmina-przykladowo:site:progress:dostepnosc-cyfrowa",
    ]);
  });

  test("opening the store leaves no probe key behind", () => {
    const backend = fakeStorage();
    open(backend);
    assert.equal(backend.data.size, 0);
  });

  for (const [what, a, b] of [
    ["sites", ["gmina-przykladowo", "site"], ["powiat-wzorcowy", "site"]],
    ["bundles", ["gmina-przykladowo", "site"], ["gmina-przykladowo", "pendrive-2026"]],
  ]) {
    test(`two ${what} on one shared storage never see each other's outbox`, () => {
      const backend = fakeStorage();
      const first = open(backend, a[0], a[1]);
      const second = open(backend, b[0], b[1]);
      first.record("attempt", "h1", ATTEMPT);
      first.record("progress", null, { course: "c", lesson: "l", completed: true });
      assert.equal(first.pending(), 2);
      assert.equal(second.pending(), 0);
      assert.deepEqual(second.outbox(), []);
      assert.deepEqual(second.exportData().records, []);
    });

    test(`two ${what} on one shared storage keep separate lesson progress`, () => {
      const backend = fakeStorage();
      const first = open(backend, a[0], a[1]);
      const second = open(backend, b[0], b[1]);
      first.setLessonDone("segregacja-odpadow", "pojemniki", true);
      assert.deepEqual(second.progress("segregacja-odpadow"), {});
      second.setLessonDone("segregacja-odpadow", "pszok", true);
      assert.deepEqual(Object.keys(first.progress("segregacja-odpadow")), ["pojemniki"]);
    });

    test(`two ${what} on one shared storage get their own device ids`, () => {
      const backend = fakeStorage();
      const first = open(backend, a[0], a[1]);
      const second = open(backend, b[0], b[1]);
      assert.notEqual(first.device(), second.device());
      assert.equal(first.device(), open(backend, a[0], a[1]).device());
    });

    test(`the data carried to the next page holds only this one's keys (two ${what})`, () => {
      const backend = fakeStorage();
      const first = open(backend, a[0], a[1]);
      const second = open(backend, b[0], b[1]);
      first.record("attempt", "h1", ATTEMPT);
      second.setLessonDone("kurs", "lekcja", true);
      assert.ok(Object.keys(first.snapshot()).every((k) => k === "device" || k.startsWith("outbox:")));
      assert.deepEqual(Object.keys(second.snapshot()), ["progress:kurs"]);
    });
  }

  test("one site's prefix is not the start of another's: 'kurs' and 'kurs-2'", () => {
    const backend = fakeStorage();
    const kurs = open(backend, "kurs", "site");
    open(backend, "kurs-2", "site").record("attempt", "h", ATTEMPT);
    assert.equal(kurs.pending(), 0);
    assert.deepEqual(kurs.snapshot(), {});
  });
});

describe("records and the outbox", () => {
  test("a record carries a v4 UUID, its kind, site, bundle, content hash, time, device and payload", () => {
    const s = open(fakeStorage(), "gmina-przykladowo", "site", { now: clock("2026-03-02T08:00:00.000Z") });
    const made = s.record("attempt", "9358d2247d4da5173e37a8a665f4f236", ATTEMPT);
    assert.equal(made.saved, true);
    const r = made.record;
    assert.match(r.id, UUID_V4);
    assert.deepEqual(Object.keys(r).sort(), ["bundle", "contentHash", "createdAt", "device", "id", "kind", "payload", "site"]);
    assert.equal(r.kind, "attempt");
    assert.equal(r.site, "gmina-przykladowo");
    assert.equal(r.bundle, "site");
    assert.equal(r.contentHash, "9358d2247d4da5173e37a8a665f4f236");
    assert.equal(r.createdAt, "2026-03-02T08:00:00.000Z");
    assert.match(r.createdAt, ISO_TIME);
    assert.match(r.device, UUID_V4);
    assert.equal(r.device, s.device());
    assert.deepEqual(r.payload, ATTEMPT);
  });

  test("a record without content (lesson progress) has contentHash null", () => {
    const s = open(fakeStorage());
    assert.equal(s.record("progress", null, { course: "c", lesson: "l", completed: true }).record.contentHash, null);
    assert.equal(s.record("progress", undefined, {}).record.contentHash, null);
  });

  test("the time of a record is the real current time when no clock is given", () => {
    const before = Date.now();
    const r = open(fakeStorage(), "a", "b", { now: undefined }).record("attempt", "h", {}).record;
    assert.match(r.createdAt, ISO_TIME);
    assert.ok(Date.parse(r.createdAt) >= before - 1000 && Date.parse(r.createdAt) <= Date.now() + 1000);
  });

  test("an anonymous survey answer carries no device id, and creates none", () => {
    const backend = fakeStorage();
    const s = open(backend);
    const { record } = s.record("survey_response", "abc", { survey: "zadowolenie", answers: { ogolna: 5 } }, true);
    assert.equal(record.device, null);
    assert.ok(!backend.data.has(s.prefix + "device"), "no device id stored");
  });

  test("every record from one browser carries the same device id, also after a page reload", () => {
    const backend = fakeStorage();
    const first = open(backend).record("attempt", "h", {}).record;
    const second = open(backend).record("attempt", "h", {}).record;
    assert.equal(first.device, second.device);
  });

  test("every record gets its own id", () => {
    const s = open(fakeStorage());
    const ids = new Set();
    for (let i = 0; i < 200; i++) { ids.add(s.record("progress", null, { i }).record.id); }
    assert.equal(ids.size, 200);
  });

  test("the outbox lists the records, oldest first, exactly as made", () => {
    const s = open(fakeStorage(), "a", "b", { now: clock() });
    const made = [s.record("attempt", "h", { n: 1 }), s.record("progress", null, { n: 2 }), s.record("survey_response", "s", { n: 3 }, true)];
    assert.deepEqual(s.outbox(), made.map((m) => m.record));
  });

  test("the outbox survives a page reload", () => {
    const backend = fakeStorage();
    const { record } = open(backend).record("attempt", "h", ATTEMPT);
    assert.deepEqual(open(backend).outbox(), [record]);
  });

  test("pending() counts the records waiting to be sent", () => {
    const s = open(fakeStorage());
    assert.equal(s.pending(), 0);
    s.record("attempt", "h", {});
    s.record("progress", null, {});
    assert.equal(s.pending(), 2);
  });

  test("forget(id) removes that record only", () => {
    const s = open(fakeStorage(), "a", "b", { now: clock() });
    const a = s.record("attempt", "h", { n: 1 }).record;
    const b = s.record("attempt", "h", { n: 2 }).record;
    const c = s.record("attempt", "h", { n: 3 }).record;
    s.forget(b.id);
    assert.deepEqual(s.outbox().map((r) => r.id), [a.id, c.id]);
    assert.equal(s.pending(), 2);
  });

  test("forgetting an unknown id changes nothing", () => {
    const s = open(fakeStorage());
    s.record("attempt", "h", {});
    s.forget("00000000-0000-4000-8000-000000000000");
    assert.equal(s.pending(), 1);
  });

  test("other data (progress, attempts) is not in the outbox", () => {
    const s = open(fakeStorage());
    s.setLessonDone("kurs", "lekcja", true);
    s.set("attempt:quiz:01", { number: 1 });
    s.set("current:quiz", { number: 2 });
    assert.equal(s.pending(), 0);
  });

  test("a damaged entry in storage is skipped instead of breaking the outbox", () => {
    const backend = fakeStorage();
    const s = open(backend);
    const { record } = s.record("attempt", "h", {});
    backend.setItem(s.prefix + "outbox:zepsuty", "{not json");
    assert.deepEqual(s.outbox(), [record]);
  });
});

describe("device ids and UUIDs", () => {
  test("store.uuid gives version 4 UUIDs with the browser's crypto", () => {
    for (let i = 0; i < 50; i++) { assert.match(store.uuid(webcrypto), UUID_V4); }
  });

  test("store.uuid still gives version 4 UUIDs without crypto (old browsers)", () => {
    for (let i = 0; i < 50; i++) { assert.match(store.uuid(undefined), UUID_V4); }
  });

  test("the version and variant bits are set whatever the random bytes", () => {
    const zeros = { getRandomValues: (bytes) => bytes.fill(0) };
    const ones = { getRandomValues: (bytes) => bytes.fill(255) };
    assert.equal(store.uuid(zeros), "00000000-0000-4000-8000-000000000000");
    assert.equal(store.uuid(ones), "ffffffff-ffff-4fff-bfff-ffffffffffff");
  });

  test("the device id is a UUID, made once and then kept", () => {
    const backend = fakeStorage();
    const s = open(backend);
    const id = s.device();
    assert.match(id, UUID_V4);
    assert.equal(s.device(), id);
    assert.equal(JSON.parse(backend.getItem(s.prefix + "device")), id);
  });
});

describe("when the browser refuses to store", () => {
  test("full storage: record() says saved: false and the store reports the failure", () => {
    const backend = fakeStorage({ quota: 40 });
    const s = open(backend);
    assert.equal(s.persistent, true, "the small probe still fits");
    assert.equal(s.failed, false);
    const made = s.record("attempt", "h", ATTEMPT);
    assert.equal(made.saved, false);
    assert.equal(s.failed, true);
    assert.equal(made.record.kind, "attempt");
    assert.deepEqual(made.record.payload, ATTEMPT);
  });

  test("storage that fills up later: the records saved before are kept, the new one is not", () => {
    const backend = fakeStorage({ quota: 1200 });
    const s = open(backend);
    const first = s.record("progress", null, { course: "c", lesson: "l", completed: true });
    assert.equal(first.saved, true);
    const big = s.record("attempt", "h", { essay: "x".repeat(2000) });
    assert.equal(big.saved, false);
    assert.equal(s.failed, true);
    assert.deepEqual(s.list("outbox:").map((e) => e[1].id), [first.record.id], "only the first is in storage");
    assert.deepEqual(s.outbox().map((r) => r.id).sort(), [first.record.id, big.record.id].sort(), "both still count until the page closes");
  });

  test("full storage: the record that could not be saved is still in the learner's download", () => {
    const s = open(fakeStorage({ quota: 40 }));
    const made = s.record("attempt", "h", ATTEMPT);
    assert.equal(made.saved, false);
    assert.deepEqual(s.exportData().records.map((r) => r.id), [made.record.id]);
    assert.equal(s.pending(), 1);
  });

  test("full storage: marking a lesson done reports that it was not saved", () => {
    const s = open(fakeStorage({ quota: 40 }));
    assert.equal(s.setLessonDone("kurs", "lekcja", true), false);
    assert.equal(s.failed, true);
  });

  test("storage that refuses every call (privacy mode): not persistent, but everything works in memory", () => {
    const backend = fakeStorage({ refuse: true });
    const s = open(backend);
    assert.equal(s.persistent, false);
    const made = s.record("attempt", "h", ATTEMPT);
    assert.equal(made.saved, true);
    assert.equal(s.pending(), 1);
    assert.deepEqual(s.outbox(), [made.record]);
    assert.ok(s.setLessonDone("kurs", "lekcja", true));
    assert.equal(s.progress("kurs").lekcja.done, true);
    assert.equal(s.exportData().records.length, 1);
    assert.equal(backend.writes, 0);
  });

  test("no localStorage at all (null): not persistent, works in memory", () => {
    const s = open(null);
    assert.equal(s.persistent, false);
    assert.equal(s.record("attempt", "h", {}).saved, true);
    assert.equal(s.pending(), 1);
  });

  test("a working storage is persistent", () => {
    assert.equal(open(fakeStorage()).persistent, true);
    assert.equal(open(store.memoryBackend()).persistent, true);
  });
});

describe("download my results (exportData)", () => {
  test("the file says what it is: szpon-results version 1, site, bundle and time, and no device of its own", () => {
    const s = open(fakeStorage(), "gmina-przykladowo", "pendrive-2026", { now: clock("2026-06-15T12:00:00.000Z") });
    const data = s.exportData();
    assert.equal(data.format, "szpon-results");
    assert.equal(store.FORMAT, "szpon-results");
    assert.equal(data.version, 1);
    assert.equal(data.site, "gmina-przykladowo");
    assert.equal(data.bundle, "pendrive-2026");
    assert.equal(data.device, undefined, "an anonymous response in the file must not be tied to the device");
    assert.equal(data.exportedAt, "2026-06-15T12:00:00.000Z");
    assert.deepEqual(data.records, []);
  });

  test("the file holds every unsent record, anonymous ones included, oldest first", () => {
    const s = open(fakeStorage(), "a", "b", { now: clock() });
    const made = [
      s.record("attempt", "h", ATTEMPT).record,
      s.record("survey_response", "s", { survey: "zadowolenie" }, true).record,
      s.record("progress", null, { course: "c", lesson: "l", completed: true }).record,
    ];
    assert.deepEqual(s.exportData().records, made);
  });

  test("records already delivered (forgotten) are not in the file", () => {
    const s = open(fakeStorage(), "a", "b", { now: clock() });
    const sent = s.record("attempt", "h", {}).record;
    const waiting = s.record("attempt", "h", {}).record;
    s.forget(sent.id);
    assert.deepEqual(s.exportData().records.map((r) => r.id), [waiting.id]);
  });

  test("the file survives JSON: what is downloaded reads back the same", () => {
    const s = open(fakeStorage(), "a", "b", { now: clock() });
    s.record("attempt", "h", ATTEMPT);
    s.record("survey_response", "s", { answers: { uwagi: "Więcej przykładów „z życia”, proszę" } }, true);
    const data = s.exportData();
    const file = JSON.stringify(data, null, 2);
    assert.deepEqual(JSON.parse(file), data);
  });
});

describe("lesson progress", () => {
  test("a lesson marked done is remembered with the time", () => {
    const s = open(fakeStorage(), "a", "b", { now: clock("2026-03-02T08:00:00.000Z") });
    assert.equal(s.setLessonDone("segregacja-odpadow", "pojemniki", true), true);
    assert.deepEqual(s.progress("segregacja-odpadow"), { pojemniki: { done: true, at: "2026-03-02T08:00:00.000Z" } });
  });

  test("unmarking a lesson keeps it as not done, with the newer time", () => {
    const s = open(fakeStorage(), "a", "b", { now: clock("2026-03-02T08:00:00.000Z") });
    s.setLessonDone("kurs", "lekcja", true);
    s.setLessonDone("kurs", "lekcja", false);
    assert.deepEqual(s.progress("kurs"), { lekcja: { done: false, at: "2026-03-02T08:01:00.000Z" } });
  });

  test("lessons add up within a course, and courses are kept apart", () => {
    const s = open(fakeStorage());
    s.setLessonDone("segregacja-odpadow", "po-co-segregowac", true);
    s.setLessonDone("segregacja-odpadow", "pojemniki", true);
    s.setLessonDone("dostepnosc-cyfrowa", "naglowki-i-linki", true);
    assert.deepEqual(Object.keys(s.progress("segregacja-odpadow")).sort(), ["po-co-segregowac", "pojemniki"]);
    assert.deepEqual(Object.keys(s.progress("dostepnosc-cyfrowa")), ["naglowki-i-linki"]);
  });

  test("a course never opened has no progress", () => {
    assert.deepEqual(open(fakeStorage()).progress("nowy-kurs"), {});
  });

  test("progress survives a page reload", () => {
    const backend = fakeStorage();
    open(backend).setLessonDone("kurs", "lekcja", true);
    assert.equal(open(backend).progress("kurs").lekcja.done, true);
  });

  test("'done' is stored as true or false", () => {
    const s = open(fakeStorage());
    s.setLessonDone("kurs", "a", 1);
    s.setLessonDone("kurs", "b", undefined);
    assert.equal(s.progress("kurs").a.done, true);
    assert.equal(s.progress("kurs").b.done, false);
  });

  test("damaged progress in storage reads as no progress rather than breaking the page", () => {
    const backend = fakeStorage();
    const s = open(backend);
    backend.setItem(s.prefix + "progress:kurs", "{oops");
    assert.deepEqual(s.progress("kurs"), {});
    assert.equal(s.setLessonDone("kurs", "lekcja", true), true);
    assert.equal(s.progress("kurs").lekcja.done, true);
  });
});

describe("memoryBackend", () => {
  test("behaves like localStorage: get, set as text, remove, key and length", () => {
    const m = store.memoryBackend();
    assert.equal(m.getItem("x"), null);
    m.setItem("x", 5);
    assert.equal(m.getItem("x"), "5");
    m.setItem("y", "tak");
    assert.equal(m.length, 2);
    assert.deepEqual([m.key(0), m.key(1), m.key(2)], ["x", "y", null]);
    m.removeItem("x");
    assert.equal(m.length, 1);
    assert.equal(m.getItem("x"), null);
  });

  test("a key named like an Object method is just a key", () => {
    const m = store.memoryBackend();
    assert.equal(m.getItem("toString"), null);
    assert.equal(m.getItem("__proto__"), null);
  });
});
