// The household form adds a member block in place: the empty block in <template> is copied
// with the formset's next index and the management form's count raised. A member is removed
// by its "Delete" box, which hides the block once ticked. Without script the same buttons post
// the form and the server answers it with one block more (issue 18, item 10).
(function () {
  "use strict";
  var form = document.getElementById("household-form");
  var button = document.getElementById("add-member");
  var template = document.getElementById("member-template");
  if (!form || !button || !template) { return; }
  var total = form.querySelector("input[name$='-TOTAL_FORMS']");
  var maximum = form.querySelector("input[name$='-MAX_NUM_FORMS']");

  function watchDelete(block) {
    var box = block.querySelector("input[type=checkbox][name$='-DELETE']");
    if (!box) { return; }
    box.addEventListener("change", function () {
      block.classList.toggle("removed", box.checked);
    });
  }

  document.querySelectorAll("#members fieldset.member").forEach(watchDelete);
  button.addEventListener("click", function (event) {
    event.preventDefault();
    var index = parseInt(total.value, 10);
    if (maximum && index >= parseInt(maximum.value, 10)) { return; }
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    var block = holder.firstElementChild;
    block.querySelector("legend").textContent = button.dataset.legend
      ? button.dataset.legend.replace("__n__", String(index + 1)) : block.querySelector("legend").textContent;
    document.getElementById("members").appendChild(block);
    total.value = String(index + 1);
    watchDelete(block);
    var first = block.querySelector("select, input:not([type=hidden])");
    if (first) { first.focus(); }
  });
}());
