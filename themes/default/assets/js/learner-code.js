/* szpon learner codes, on pages of `identify: code` courses: the learner types their
   code once; records made here then carry it (`learner`). The check character (value
   mod 37, as LearnerCode.swift) catches a typo while typing. Loaded after progress.js;
   Node's tests load it too. */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) { module.exports = api; }
  else { (root.Szpon = root.Szpon || {}).learnerCode = api; api.start(root); }
})(this, function () {
  "use strict";

  var SYMBOLS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U";

  /* Text to {code: "7KQ2-M9XA"} or {error: "empty"|"short"|"long"|"character"|"check"}.
     Any case, spaces and hyphens anywhere, O for 0, I and L for 1. */
  function parse(text) {
    var chars = String(text).toUpperCase().replace(/[\s-]+/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
    var value = 0, i, symbol;
    for (i = 0; i < chars.length && i < 8; i++) {
      symbol = SYMBOLS.indexOf(chars.charAt(i));
      // The five check symbols (32 to 36) may only stand last.
      if (symbol < 0 || (i < 7 && symbol > 31)) { return { error: "character", character: chars.charAt(i) }; }
      if (i < 7) { value = (value * 32 + symbol) % 37; }
    }
    if (!chars) { return { error: "empty" }; }
    if (chars.length < 8) { return { error: "short" }; }
    if (chars.length > 8) { return { error: "long" }; }
    if (SYMBOLS.indexOf(chars.charAt(7)) !== value) { return { error: "check" }; }
    return { code: chars.slice(0, 4) + "-" + chars.slice(4) };
  }

  function start(window) {
    var document = window.document, Szpon = window.Szpon;
    var box = document.getElementById("szpon-learner-code");
    var session = Szpon && Szpon.session;
    if (!box || !session) { return; }
    var form = box.querySelector("form"), input = form.querySelector("input");
    var error = document.getElementById("szpon-learner-code-error"), current = box.querySelector(".learner-code-current");
    var stored = session.get("learner-code");
    if (stored && !parse(stored).code) { stored = null; }

    function show(editing) {
      form.hidden = !editing;
      current.hidden = editing;
      if (stored) { current.querySelector("strong").textContent = stored; }
      box.hidden = false;
    }
    /* The error (tied to the field by aria-describedby), none while a code is still being typed. */
    function check(final) {
      var result = parse(input.value);
      var typing = !final && (result.error === "short" || result.error === "empty");
      var message = result.code || typing ? "" : Szpon.t("learner_code_" + result.error, { character: result.character || "" });
      error.textContent = message;
      input.setAttribute("aria-invalid", message ? "true" : "false");
      return result.code;
    }
    input.addEventListener("input", function () { check(false); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var code = check(true);
      if (!code) { input.focus(); return; }
      stored = code;
      session.set("learner-code", code);
      session.learner = code;
      show(false);
      current.focus();
    });
    current.querySelector("button").addEventListener("click", function () {
      input.value = stored || "";
      check(false);
      show(true);
      input.focus();
    });
    session.learner = stored || null;
    show(!stored);
  }

  return { parse: parse, start: start, SYMBOLS: SYMBOLS };
});
