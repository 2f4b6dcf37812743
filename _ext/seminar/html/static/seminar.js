/* The seminar extension's small script: local times, today's upcoming/past split, the featured talk, video facades.
   Everything it changes is already right without it (build-time split, series time zone, links). */
(function () {
  "use strict";

  var now = new Date();

  /* Each talk time shows in the series' zone; add the visitor's own when it differs. */
  function localTimes() {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    document.querySelectorAll("time.seminar-when[data-end]").forEach(function (el) {
      var start = new Date(el.getAttribute("datetime"));
      var end = new Date(el.getAttribute("data-end"));
      if (isNaN(start) || isNaN(end)) return;
      var sourceOffset = el.getAttribute("datetime").slice(-6);
      var localOffset = -start.getTimezoneOffset();
      var sign = localOffset >= 0 ? "+" : "-";
      var abs = Math.abs(localOffset);
      var visitorOffset = sign + String(Math.floor(abs / 60)).padStart(2, "0") + ":" + String(abs % 60).padStart(2, "0");
      if (visitorOffset === sourceOffset) return;
      var day = new Intl.DateTimeFormat(undefined, { weekday: "short", month: "short", day: "numeric" });
      var clock = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });
      var zoneName = new Intl.DateTimeFormat(undefined, { timeZoneName: "short" })
        .formatToParts(start).filter(function (p) { return p.type === "timeZoneName"; })
        .map(function (p) { return p.value; })[0] || zone;
      var span = document.createElement("span");
      span.className = "seminar-local-time";
      span.textContent = " (your time: " + day.format(start) + ", " + clock.format(start) + "–" + clock.format(end) + " " + zoneName + ")";
      span.setAttribute("data-timezone", zone);
      el.after(span);
    });
  }

  /* A schedule (a series page) shows its times in the series' zone.  A visitor elsewhere gets each
     row's date and time in their own zone instead, and one note above the list that says which. */
  function scheduleTimes() {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    var day = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });
    var clock = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });
    document.querySelectorAll(".seminar-schedule").forEach(function (list) {
      var changed = null;
      list.querySelectorAll("time.seminar-row-when[data-end]").forEach(function (el) {
        var start = new Date(el.getAttribute("datetime"));
        var end = new Date(el.getAttribute("data-end"));
        if (isNaN(start) || isNaN(end)) return;
        if (start.getTimezoneOffset() === -offsetMinutes(el.getAttribute("datetime"))) return;
        el.setAttribute("title", el.textContent.trim());
        el.textContent = day.format(start) + " · " + clock.format(start) + "–" + clock.format(end);
        el.classList.add("seminar-row-local");
        changed = changed || start;
      });
      if (!changed) return;
      var name = zoneName(changed, "longGeneric") || zoneName(changed, "long") || zone;
      var note = document.createElement("p");
      note.className = "seminar-zone-note";
      note.setAttribute("data-timezone", zone);
      note.textContent = "Times below are in your time zone: " + name + " (" + zone.replace(/_/g, " ") + ").";
      list.prepend(note);
    });
  }

  function offsetMinutes(iso) {
    var match = /([+-])(\d{2}):(\d{2})$/.exec(iso);
    if (!match) return 0;
    var minutes = parseInt(match[2], 10) * 60 + parseInt(match[3], 10);
    return match[1] === "-" ? -minutes : minutes;
  }

  function zoneName(moment, style) {
    try {
      return new Intl.DateTimeFormat(undefined, { timeZoneName: style })
        .formatToParts(moment).filter(function (p) { return p.type === "timeZoneName"; })
        .map(function (p) { return p.value; })[0];
    } catch (e) { return ""; }
  }

  function endOf(item) {
    var el = item.querySelector("time[datetime]");
    if (!el) return null;
    var value = el.getAttribute("data-end") || el.getAttribute("datetime");
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) value += "T23:59:59";
    var when = new Date(value);
    return isNaN(when) ? null : when;
  }

  /* Re-split upcoming and past lists by the visitor's current date, so a page built last week is right. */
  function resortLists() {
    document.querySelectorAll(".seminar-when-upcoming, .seminar-when-past").forEach(function (list) {
      var wantUpcoming = list.classList.contains("seminar-when-upcoming");
      var match = /seminar-limit-(\d+)/.exec(list.className);
      var limit = match ? parseInt(match[1], 10) : 0;
      var shown = 0;
      list.querySelectorAll(".seminar-item").forEach(function (item) {
        var end = endOf(item);
        if (!end) return;
        var show = (end >= now) === wantUpcoming && (!limit || shown < limit);
        if (show) shown += 1;
        item.classList.toggle("seminar-later", !show);
      });
      var note = list.querySelector(".seminar-empty");
      if (note) note.classList.toggle("seminar-later", shown > 0);
    });
  }

  /* The featured talk (home page): the first talk it carries that has not ended; once all have, the
     last of them, now the latest talk.  Each card holds the words for both cases, one hidden. */
  function featuredTalks() {
    document.querySelectorAll(".seminar-featured").forEach(function (box) {
      var cards = box.querySelectorAll(".seminar-featured-talk");
      if (!cards.length) return;
      var chosen = cards.length - 1;
      for (var i = 0; i < cards.length; i++) {
        var end = endOf(cards[i]);
        if (end && end >= now) { chosen = i; break; }
      }
      cards.forEach(function (card, index) { card.classList.toggle("seminar-later", index !== chosen); });
      var last = endOf(cards[chosen]);
      var over = last !== null && last < now;
      cards[chosen].querySelectorAll(".seminar-featured-next").forEach(function (el) { el.classList.toggle("seminar-later", over); });
      cards[chosen].querySelectorAll(".seminar-featured-latest").forEach(function (el) { el.classList.toggle("seminar-later", !over); });
    });
  }

  /* Click-to-load video: nothing is requested from YouTube before the click. */
  function videoFacades() {
    document.querySelectorAll(".seminar-video[data-video-id]").forEach(function (box) {
      var link = box.querySelector("a.seminar-video-facade");
      if (!link) return;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var frame = document.createElement("iframe");
        frame.src = "https://www.youtube-nocookie.com/embed/" + encodeURIComponent(box.getAttribute("data-video-id")) + "?autoplay=1";
        frame.title = link.getAttribute("aria-label") || "Talk recording";
        frame.allow = "accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture";
        frame.allowFullscreen = true;
        frame.loading = "lazy";
        box.replaceChildren(frame);
        frame.focus();
      });
    });
  }

  function start() { localTimes(); scheduleTimes(); resortLists(); featuredTalks(); videoFacades(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
