// A task's page follows its progress without reloading itself: its body (state, and the outcome
// once the task has ended) is fetched again every two seconds and swapped in place; polling stops
// when the task has ended. Without script the page still works: its "Refresh" link does the same.
(function () {
  "use strict";
  function poll() {
    var state = document.getElementById("task-state");
    var body = document.getElementById("task-body");
    if (!state || !body || !state.dataset.poll) { return; }
    fetch(state.dataset.poll, {credentials: "same-origin", headers: {"Accept": "text/html"}})
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector("#task-body");
        if (!fresh) { return; }
        body.replaceWith(fresh);
        var ended = fresh.querySelector("#task-state");
        if (ended && ended.dataset.finished === "true") { return; }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 2000);
}());
