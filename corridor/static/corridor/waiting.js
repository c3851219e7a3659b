// The header's notice of what is new in the user's work queue: asked after the page has loaded
// (counting it is no page's cost) and shown as a link to the queue on the home page. Without
// script the home page's queue says the same.
(function () {
  "use strict";
  var link = document.getElementById("waiting-new");
  if (!link || !link.dataset.countUrl || !window.fetch) { return; }
  fetch(link.dataset.countUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (body) {
      if (body && body["new"] > 0) {
        link.textContent = body.label;
        link.hidden = false;
      }
    })
    .catch(function () { /* no notice: the home page still lists the queue */ });
}());
