// Lesson discussions and the video: "at 03:12" seeks the player, posts are anchored to a
// transcript cue or the player's current time, and cues the class discussed are marked.
(function () {
  "use strict";
  var section = document.querySelector("[data-discussion]");
  if (!section) return;
  var video = document.querySelector("[data-lesson-video] video");

  function label(seconds) {
    var total = Math.floor(seconds), h = Math.floor(total / 3600), m = Math.floor((total % 3600) / 60), s = total % 60;
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return h ? h + ":" + pad(m) + ":" + pad(s) : m + ":" + pad(s);
  }

  function anchor(seconds) {
    var form = section.querySelector("[data-new-thread]");
    if (!form) return;
    form.querySelector("[data-moment-input]").value = seconds.toFixed(3);
    form.querySelector("[data-moment-label]").textContent = "Anchored at " + label(seconds);
    form.querySelector("[data-moment-clear]").hidden = false;
    form.scrollIntoView({ block: "center" });
    form.querySelector("input[name=title]").focus();
  }

  section.addEventListener("click", function (event) {
    var link = event.target.closest("a.moment[data-seek]");
    if (link && video) {
      event.preventDefault();
      video.currentTime = parseFloat(link.dataset.seek);
      video.scrollIntoView({ block: "center" });
      var playing = video.play();
      if (playing && playing.catch) playing.catch(function () {});
      return;
    }
    if (event.target.closest("[data-moment-now]")) {
      if (video) anchor(video.currentTime || 0);
      return;
    }
    if (event.target.closest("[data-moment-clear]")) {
      var form = section.querySelector("[data-new-thread]");
      form.querySelector("[data-moment-input]").value = "";
      form.querySelector("[data-moment-label]").textContent = "";
      event.target.hidden = true;
    }
  });

  // The transcript: a "Discuss" button per cue, and a mark where the class discussed.
  var moments = (section.dataset.moments || "").split(",").filter(Boolean).map(parseFloat);
  var classParam = new URLSearchParams(window.location.search).get("class");
  document.querySelectorAll(".transcript-cues li").forEach(function (item) {
    var cue = item.querySelector("[data-seek]");
    if (!cue) return;
    var start = parseFloat(cue.dataset.seek), end = parseFloat(cue.dataset.end || cue.dataset.seek);
    if (section.querySelector("[data-new-thread]")) {
      var discuss = document.createElement("button");
      discuss.type = "button";
      discuss.className = "cue-discuss";
      discuss.textContent = "Discuss this moment";
      discuss.addEventListener("click", function () { anchor(start); });
      item.appendChild(discuss);
    }
    var here = moments.filter(function (m) { return m >= start && m < end; }).length;
    if (here) {
      var mark = document.createElement("a");
      mark.className = "cue-discussed";
      var params = new URLSearchParams({ around: start.toFixed(3) });
      if (classParam) params.set("class", classParam);
      mark.href = "?" + params.toString() + "#discussion";
      mark.textContent = here === 1 ? "1 post from your class" : here + " posts from your class";
      item.appendChild(mark);
    }
  });
})();
