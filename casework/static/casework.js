// Forms marked data-keep-input are sent with fetch, so a dropped connection leaves
// everything typed on the page (nothing is stored in the browser) with a note to retry.
(function () {
  "use strict";
  function showOffline(form, shown) {
    var note = form.querySelector(".offline-note");
    if (note) { note.hidden = !shown; }
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-keep-input]") || !window.fetch) { return; }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    showOffline(form, false);
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) { data.append(event.submitter.name, event.submitter.value); }
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST", body: data, credentials: "same-origin", redirect: "follow"
    }).then(function (response) {
      if (response.redirected) { window.location.assign(response.url); return null; }
      return response.text().then(function (html) {
        document.open(); document.write(html); document.close();
      });
    }).catch(function () {
      showOffline(form, true);
      if (button) { button.disabled = false; }
    });
  });
}());
