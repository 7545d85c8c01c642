/* szpon navigation: fills the course sidebar from the shared site-data.js, so the
   lesson list is not repeated in every page. Classic script, works from file://. */
(function () {
  "use strict";
  var site = window.SZPON_SITE;
  var body = document.body;
  if (!site || !body) { return; }
  var root = body.getAttribute("data-root") || "";
  var page = body.getAttribute("data-page") || "";

  function courseOf(path) {
    for (var i = 0; i < site.courses.length; i++) {
      var course = site.courses[i];
      if (course.url === path) { return course; }
      for (var j = 0; j < course.lessons.length; j++) {
        if (course.lessons[j][1] === path) { return course; }
      }
    }
    return null;
  }

  function link(title, url) {
    var a = document.createElement("a");
    a.href = root + url;
    a.textContent = title;
    if (url === page) { a.setAttribute("aria-current", "page"); }
    return a;
  }

  var nav = document.getElementById("szpon-nav");
  var course = courseOf(page);
  if (nav && course) {
    var heading = document.createElement("h2");
    heading.id = "szpon-nav-title";
    heading.appendChild(link(course.title, course.url));
    nav.appendChild(heading);
    var list = document.createElement("ol");
    for (var k = 0; k < course.lessons.length; k++) {
      var item = document.createElement("li");
      item.appendChild(link(course.lessons[k][0], course.lessons[k][1]));
      list.appendChild(item);
    }
    nav.appendChild(list);
    nav.hidden = false;
  }

  // Wide tables scroll inside the page; make them reachable by keyboard (WCAG 2.1.1).
  var tables = document.querySelectorAll(".content table, .table-wrap");
  for (var t = 0; t < tables.length; t++) {
    if (tables[t].scrollWidth > tables[t].clientWidth) {
      tables[t].setAttribute("tabindex", "0");
    }
  }

  var printButtons = document.querySelectorAll("[data-print]");
  for (var p = 0; p < printButtons.length; p++) {
    printButtons[p].hidden = false;
    printButtons[p].addEventListener("click", function () { window.print(); });
  }
})();
