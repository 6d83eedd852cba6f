// Forms marked data-keep-input are sent with fetch, so a dropped connection (or a proxy
// answering 502/503/504 while the app restarts) leaves everything typed on the page, with a
// note to try again. Nothing is stored in the browser: a shared phone keeps no survivor data.
(function () {
  "use strict";
  function showOffline(form, shown) {
    var notes = form.querySelectorAll(".offline-note");
    for (var i = 0; i < notes.length; i++) { notes[i].hidden = !shown; }
  }
  function keepPage(form, button) {
    showOffline(form, true);
    if (button) { button.disabled = false; }
    form.removeAttribute("aria-busy");
  }
  function showAnswer(response) {
    // The answer after a redirect carries the flash message: show it, not a second GET.
    return response.text().then(function (html) {
      document.open(); document.write(html); document.close();
      if (response.redirected && window.history.replaceState) {
        window.history.replaceState(null, "", response.url);
      }
    });
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-keep-input]") || !window.fetch) { return; }
    event.preventDefault();
    if (form.getAttribute("aria-busy") === "true") { return; }  // no double submit
    var button = event.submitter || form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    form.setAttribute("aria-busy", "true");
    showOffline(form, false);
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) { data.append(event.submitter.name, event.submitter.value); }
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST", body: data, credentials: "same-origin", redirect: "follow"
    }).then(function (response) {
      // A 5xx answer may come from a proxy whose app is down: keep what was typed.
      if (response.status >= 500) { keepPage(form, button); return null; }
      return showAnswer(response);
    }).catch(function () { keepPage(form, button); });
  });
}());
