/* Clickable transcripts: a cue button seeks the lesson's <video> and plays from there;
   the cue being spoken is marked with aria-current so it is highlighted and announced.
   A lesson opened at a moment (``#t=<seconds>``, as the lesson search links it) starts the
   first video there, with that cue marked and scrolled into view. */
(function () {
  "use strict";
  function wire(figure) {
    var video = figure.querySelector("video");
    var buttons = Array.prototype.slice.call(figure.querySelectorAll("[data-seek]"));
    if (!video || !buttons.length) return;
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        video.currentTime = parseFloat(button.getAttribute("data-seek"));
        var playing = video.play();
        if (playing && playing.catch) playing.catch(function () {});
      });
    });
    var current = null;
    var pinned = false; // opened at a moment: keep that cue marked until the video plays
    video.addEventListener("play", function () { pinned = false; });
    video.addEventListener("timeupdate", function () {
      if (pinned) return;
      var t = video.currentTime;
      var active = null;
      for (var i = 0; i < buttons.length; i++) {
        var start = parseFloat(buttons[i].getAttribute("data-seek"));
        var end = parseFloat(buttons[i].getAttribute("data-end"));
        if (t >= start && t < end) { active = buttons[i]; break; }
      }
      mark(active);
    });
    function mark(active) {
      if (active === current) return;
      if (current) current.removeAttribute("aria-current");
      if (active) active.setAttribute("aria-current", "true");
      current = active;
    }
    return function openAt(seconds) {
      var cue = null;
      for (var i = 0; i < buttons.length; i++) {
        var start = parseFloat(buttons[i].getAttribute("data-seek"));
        if (start <= seconds + 0.001) cue = buttons[i]; else break;
      }
      var seek = function () { video.currentTime = seconds; };
      if (video.readyState >= 1) seek(); else video.addEventListener("loadedmetadata", seek, { once: true });
      seek();
      mark(cue);
      pinned = true;
      (cue || video).scrollIntoView({ block: "center" });
    };
  }
  var openers = [];
  document.querySelectorAll("[data-lesson-video]").forEach(function (figure) {
    var openAt = wire(figure);
    if (openAt) openers.push(openAt);
  });
  function openFromHash() {
    var match = /^#t=(\d+(?:\.\d+)?)$/.exec(window.location.hash);
    if (match && openers.length) openers[0](parseFloat(match[1]));
  }
  openFromHash();
  window.addEventListener("hashchange", openFromHash);
})();
