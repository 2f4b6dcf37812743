/* Filters of the talks index (talks/index.html): by topic, series and year, kept in the URL.
   Loaded on that page only. Without it the page lists every talk and links every topic's page.
   Values read from the URL only ever select one of the options the page was built with; nothing
   from the URL is written into the page. */
(function () {
  "use strict";

  var form = document.querySelector("form.seminar-filters");
  var count = document.querySelector(".seminar-filter-count");
  if (!form || !count || !window.URLSearchParams || !window.history || !window.history.pushState) return;
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var items = Array.prototype.slice.call(document.querySelectorAll("li[data-year]"));

  function offers(select, value) {
    return Array.prototype.some.call(select.options, function (option) { return option.value === value; });
  }

  /* The URL's filters, where the page offers them; anything else means "all". */
  function readURL() {
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (select) {
      var value = params.get(select.name);
      select.value = value !== null && offers(select, value) ? value : "";
    });
  }

  function writeURL() {
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (select) {
      if (select.value) params.set(select.name, select.value);
      else params.delete(select.name);
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.pushState(null, "", url);
    }
  }

  function chosen(name) {
    var select = form.elements.namedItem(name);
    return select ? select.value : "";
  }

  function apply() {
    var topic = chosen("topic"), series = chosen("series"), year = chosen("year");
    var shown = 0;
    items.forEach(function (item) {
      var topics = (item.getAttribute("data-topics") || "").split(" ");
      var match = (!topic || topics.indexOf(topic) >= 0) &&
        (!series || item.getAttribute("data-series") === series) &&
        (!year || item.getAttribute("data-year") === year);
      item.hidden = !match;
      if (match) shown += 1;
    });
    /* A year's heading and list go when none of its talks is left. */
    document.querySelectorAll(".seminar-talk-list ul.seminar-compact").forEach(function (list) {
      var any = list.querySelector("li[data-year]:not([hidden])") !== null;
      list.hidden = !any;
      var heading = list.previousElementSibling;
      if (heading && heading.classList.contains("seminar-group")) heading.hidden = !any;
    });
    count.textContent = shown === 1 ? "1 talk" : shown + " talks";
  }

  form.addEventListener("change", function () { apply(); writeURL(); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () {
    /* After the reset has put every select back to its first option ("All ..."). */
    window.setTimeout(function () { apply(); writeURL(); }, 0);
  });
  window.addEventListener("popstate", function () { readURL(); apply(); });

  readURL();
  apply();
  form.hidden = false;
  count.hidden = false;
})();
