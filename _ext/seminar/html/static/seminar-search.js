/* Search result snippets from what a page is about: a talk's abstract, a speaker's bio, a page's own text.

   Sphinx's searchtools.js fetches each result page and makes its snippet from the text of the
   page's main content (Search.htmlToText): on a talk page that starts with the header (speakers,
   date, series), which is all a snippet then shows.  Loaded on the search page only, after
   searchtools.js, this wraps Search.htmlToText (Sphinx 9.0 and 9.1; seminar/html/search.py adds it
   with those only) so that a page's snippet comes from, in this order:
     - the page's first abstract or bio block (.seminar-abstract, .seminar-bio): talk and speaker pages;
     - the paragraphs written directly under the page's title (a series' description);
   without the block titles ("Abstract", "About ...") and the headings' link marks.  A page with
   neither, or a result that points at an anchor, keeps Sphinx's own snippet. */
(function () {
  "use strict";

  if (typeof Search === "undefined" || typeof Search.htmlToText !== "function") return;
  var sphinxText = Search.htmlToText;
  var BLOCKS = ":scope > .seminar-abstract, :scope > .seminar-bio";  // the page's own, not a listing's
  var DROPPED = ".headerlink, .rubric, .seminar-bio-source, script, style";

  function text(elements) {
    return elements
      .map(function (el) {
        var copy = el.cloneNode(true);
        copy.querySelectorAll(DROPPED).forEach(function (drop) { drop.remove(); });
        return copy.textContent.replace(/\s+/g, " ").trim();
      })
      .filter(Boolean)
      .join(" ");
  }

  function aboutText(htmlString) {
    var doc = new DOMParser().parseFromString(htmlString, "text/html");
    var main = doc.querySelector('[role="main"]');
    if (!main) return "";
    var section = main.querySelector("section");  // the one under the page's title
    if (!section) return "";
    var block = section.querySelector(BLOCKS);
    if (block) return text([block]);
    return text(Array.prototype.filter.call(section.children, function (el) {
      return el.tagName === "P" && !el.className;
    }));
  }

  Search.htmlToText = function (htmlString, anchor) {
    if (!anchor) {
      var about = aboutText(htmlString);
      if (about) return about;
    }
    return sphinxText(htmlString, anchor);
  };
})();
