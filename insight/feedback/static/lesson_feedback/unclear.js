// "This part was unclear": the same player hooks as the discussion's moments
// ([data-lesson-video] video, transcript cues' [data-seek]); fills the flag form's moment.
(function () {
  "use strict";
  var section = document.querySelector("[data-lesson-feedback]");
  if (!section) return;
  var video = document.querySelector("[data-lesson-video] video");
  var form = section.querySelector("[data-unclear-form]");
  var input = form.querySelector("[data-unclear-moment]");

  function anchor(seconds) {
    input.value = seconds.toFixed(3);
    form.scrollIntoView({ block: "center" });
    form.querySelector("input[name=note]").focus();
  }

  section.addEventListener("click", function (event) {
    if (event.target.closest("[data-unclear-now]")) {
      anchor(video ? video.currentTime || 0 : 0);
      return;
    }
    var link = event.target.closest("a.moment[data-seek]");
    if (link && video) {
      event.preventDefault();
      video.currentTime = parseFloat(link.dataset.seek);
      video.scrollIntoView({ block: "center" });
    }
  });

  document.querySelectorAll(".transcript-cues li").forEach(function (item) {
    var cue = item.querySelector("[data-seek]");
    if (!cue) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "cue-unclear";
    button.textContent = "Unclear";
    button.addEventListener("click", function () { anchor(parseFloat(cue.dataset.seek)); });
    item.appendChild(button);
  });
})();
