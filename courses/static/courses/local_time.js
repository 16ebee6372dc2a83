// Shows each <time datetime="..." data-local-time> in the reader's own time zone.
// The server writes the time in the class's zone; the browser knows the reader's zone,
// so it rewrites the text and names the zone ("Monday 7 December, 15:00 (Europe/Berlin)").
(function () {
  "use strict";
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var format = new Intl.DateTimeFormat("en-GB", {
    weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit",
    timeZone: zone,
  });
  document.querySelectorAll("time[data-local-time]").forEach(function (node) {
    var when = new Date(node.getAttribute("datetime"));
    if (isNaN(when.getTime())) return;
    node.title = node.textContent;
    node.textContent = format.format(when).replace(" at ", ", ") + " (your time, " + zone + ")";
  });
})();
