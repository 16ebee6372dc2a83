// The header's two disclosure buttons: "Menu" on a phone, the account menu on a wide screen.
// Without this script both buttons stay hidden and every link shows (the CSS lays them out).
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js-header");

  function disclosure(button, onOpen) {
    var target = document.getElementById(button.getAttribute("aria-controls"));
    if (!target) return null;
    button.hidden = false;
    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      target.classList.toggle("is-open", open);
      if (open && onOpen) onOpen(target);
    }
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    return { button: button, target: target, set: set };
  }

  function init() {
    var menu = document.querySelector(".menu-toggle");
    var account = document.querySelector(".account-toggle");
    var menus = [];
    if (menu) menus.push(disclosure(menu));
    if (account) menus.push(disclosure(account));
    menus = menus.filter(Boolean);
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      menus.forEach(function (item) {
        if (item.button.getAttribute("aria-expanded") === "true") {
          item.set(false);
          item.button.focus();
        }
      });
    });
    document.addEventListener("click", function (event) {
      // A click outside the account menu closes it (the phone menu stays until toggled).
      if (!account) return;
      var wrapper = account.parentElement;
      if (!wrapper.contains(event.target) && account.getAttribute("aria-expanded") === "true") {
        menus.forEach(function (item) { if (item.button === account) item.set(false); });
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
