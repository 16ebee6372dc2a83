/* Clickable transcripts: a cue button seeks the lesson's <video> and plays from there;
   the cue being spoken is marked with aria-current so it is highlighted and announced. */
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
    video.addEventListener("timeupdate", function () {
      var t = video.currentTime;
      var active = null;
      for (var i = 0; i < buttons.length; i++) {
        var start = parseFloat(buttons[i].getAttribute("data-seek"));
        var end = parseFloat(buttons[i].getAttribute("data-end"));
        if (t >= start && t < end) { active = buttons[i]; break; }
      }
      if (active === current) return;
      if (current) current.removeAttribute("aria-current");
      if (active) active.setAttribute("aria-current", "true");
      current = active;
    });
  }
  document.querySelectorAll("[data-lesson-video]").forEach(wire);
})();
