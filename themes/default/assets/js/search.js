/* szpon offline search. The index is a classic script (search-index.js) that sets
   window.SZPON_SEARCH_INDEX, because fetch() of local files fails under file://.
   Diacritics are folded on both sides, so "zolw" finds "żółw". */
(function () {
  "use strict";
  var index = window.SZPON_SEARCH_INDEX || [];
  var site = window.SZPON_SITE || { strings: {}, plurals: {}, language: "pl" };
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  if (!input || !results) { return; }

  var SPECIAL = { "ł": "l", "Ł": "l", "ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "d" };

  /* Folds one string and keeps, for every folded character, the index of the
     original character, so a match can be highlighted in the original text. */
  function fold(text) {
    var out = "", map = [];
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i);
      var f = SPECIAL[ch];
      if (f === undefined) {
        f = ch.normalize ? ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "") : ch;
        f = f.toLowerCase();
      }
      for (var k = 0; k < f.length; k++) { out += f.charAt(k); map.push(i); }
    }
    return { text: out, map: map };
  }

  function category(n) {
    if (site.language === "pl") {
      if (n === 1) { return "one"; }
      if (n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14)) { return "few"; }
      return "many";
    }
    return n === 1 ? "one" : "other";
  }

  function plural(key, n) {
    var forms = site.plurals[key] || {};
    var pattern = forms[category(n)] || forms.other || "{n}";
    return pattern.replace("{n}", String(n));
  }

  var folded = null;
  function prepare() {
    if (folded) { return; }
    folded = [];
    for (var i = 0; i < index.length; i++) {
      var e = index[i];
      folded.push({ title: fold(e[0]).text, heading: fold(e[1]).text, body: fold(e[3]) });
    }
  }

  function terms(query) {
    return fold(query).text.split(/[^0-9a-z\u00c0-\u024f\u0400-\u04ff]+/).filter(function (t) { return t.length > 0; });
  }

  function snippet(entry, f, term) {
    var text = entry[3];
    var at = f.body.text.indexOf(term);
    if (at < 0) { return document.createTextNode(text.slice(0, 160) + (text.length > 160 ? "…" : "")); }
    var start = f.body.map[at], end = f.body.map[at + term.length - 1] + 1;
    var from = Math.max(0, start - 70), to = Math.min(text.length, end + 90);
    var span = document.createElement("span");
    span.appendChild(document.createTextNode((from > 0 ? "…" : "") + text.slice(from, start)));
    var mark = document.createElement("mark");
    mark.textContent = text.slice(start, end);
    span.appendChild(mark);
    span.appendChild(document.createTextNode(text.slice(end, to) + (to < text.length ? "…" : "")));
    return span;
  }

  function search(query) {
    var words = terms(query);
    results.innerHTML = "";
    if (words.length === 0) { status.textContent = site.strings.search_hint || ""; return; }
    prepare();
    var found = [];
    for (var i = 0; i < index.length; i++) {
      var f = folded[i], score = 0, all = true;
      for (var w = 0; w < words.length; w++) {
        var term = words[w], s = 0;
        if (f.title.indexOf(term) >= 0) { s += 10; }
        if (f.heading.indexOf(term) >= 0) { s += 5; }
        if (f.body.text.indexOf(term) >= 0) { s += 1; }
        if (s === 0) { all = false; break; }
        score += s;
      }
      if (all) { found.push({ i: i, score: score }); }
    }
    found.sort(function (a, b) { return b.score - a.score || a.i - b.i; });
    var shown = found.slice(0, 50);
    for (var r = 0; r < shown.length; r++) {
      var entry = index[shown[r].i];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = entry[2];
      a.textContent = entry[1] ? entry[1] : entry[0];
      li.appendChild(a);
      if (entry[1]) {
        var where = document.createElement("span");
        where.className = "where";
        where.textContent = entry[0];
        li.appendChild(where);
      }
      var p = document.createElement("p");
      p.appendChild(snippet(entry, folded[shown[r].i], words[0]));
      li.appendChild(p);
      results.appendChild(li);
    }
    status.textContent = found.length ? plural("results", found.length) : (site.strings.search_no_results || "");
  }

  var params = /[?&]q=([^&#]*)/.exec(window.location.search);
  if (params) {
    var q = decodeURIComponent(params[1].replace(/\+/g, " "));
    input.value = q;
    var headerInput = document.getElementById("site-search-q");
    if (headerInput) { headerInput.value = q; }
    search(q);
  }
  var form = input.form;
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      search(input.value);
      if (window.history && window.history.replaceState) {
        try { window.history.replaceState(null, "", "?q=" + encodeURIComponent(input.value)); } catch (e) { /* file:// may refuse */ }
      }
    });
  }
})();
