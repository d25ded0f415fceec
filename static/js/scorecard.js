// The scoring sheet: every choice is saved at once (htmx posts the criterion's form on change).
// This file shows each criterion's save state, offers a retry when the connection drops, and
// warns before leaving the page while an answer is not saved. Messages come from data-* on .sheet.
(function () {
  "use strict";
  var sheet = document.querySelector(".sheet");
  if (!sheet || !window.htmx) { return; }
  var msg = sheet.dataset;
  var unsaved = new Set();

  // Only the criterion's status line is swapped, so focus stays on the radio the member is on.
  function statusOf(form) { return form.querySelector(".criterion__status"); }

  function show(form, kind, text, retry) {
    var box = statusOf(form);
    if (!box) { return; }
    var state = box.querySelector(".save-state") || document.createElement("span");
    state.className = "save-state save-state--" + kind;
    state.textContent = text;
    box.insertBefore(state, box.firstChild);
    var old = box.querySelector(".criterion__retry");
    if (old) { old.remove(); }
    if (retry) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button--secondary criterion__retry";
      button.textContent = msg.retry;
      button.addEventListener("click", function () { htmx.trigger(form, "change"); });
      box.appendChild(button);
    }
  }

  document.body.addEventListener("htmx:beforeRequest", function (e) {
    var form = e.detail.elt;
    if (!form.classList || !form.classList.contains("criterion")) { return; }
    unsaved.add(form.id);
    show(form, "pending", msg.saving, false);
  });
  document.body.addEventListener("htmx:beforeSwap", function (e) {
    if (e.detail.xhr && e.detail.xhr.status === 422) { e.detail.shouldSwap = true; e.detail.isError = false; }
  });
  document.body.addEventListener("htmx:afterRequest", function (e) {
    var form = e.detail.elt;
    if (form.classList && form.classList.contains("criterion") && e.detail.successful) { unsaved.delete(form.id); }
  });
  function failed(e, text) {
    var form = e.detail.elt;
    if (!form.classList || !form.classList.contains("criterion")) { return; }
    unsaved.add(form.id);
    show(form, "error", text, true);
  }
  document.body.addEventListener("htmx:sendError", function (e) { failed(e, msg.offline); });
  document.body.addEventListener("htmx:responseError", function (e) {
    if (e.detail.xhr && e.detail.xhr.status === 422) { return; }
    failed(e, msg.failed);
  });
  window.addEventListener("beforeunload", function (e) {
    if (unsaved.size) { e.preventDefault(); e.returnValue = msg.leave; }
  });
  // With JavaScript the per-criterion save buttons are not needed: a choice saves itself.
  sheet.classList.add("sheet--live");
})();
