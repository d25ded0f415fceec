// The self-assessment (Mẫu 02): every change is saved at once (htmx posts the changed form: a
// criterion's option and description, or a part of the general information). This file shows
// each form's save state ("Đang lưu…", "Đã lưu"), keeps what the producer typed and offers a
// retry when the connection drops or the server fails, and warns before leaving the page while
// something is not saved. Messages come from data-* on .sheet.
(function () {
  "use strict";
  var sheet = document.querySelector(".sheet.selfassessment");
  if (!sheet || !window.htmx) { return; }
  var msg = sheet.dataset;
  var unsaved = new Set();
  var counter = 0;

  function formOf(elt) { return elt && elt.closest ? elt.closest("form.autosave") : null; }
  function key(form) {
    if (!form.dataset.autosaveKey) { counter += 1; form.dataset.autosaveKey = "f" + counter; }
    return form.dataset.autosaveKey;
  }
  // Only the form's status line is swapped, so focus stays where the producer is typing.
  function show(form, kind, text, retry) {
    var box = form.querySelector(".criterion__status");
    if (!box) { return; }
    var state = box.querySelector(".save-state") || document.createElement("span");
    state.className = "save-state save-state--" + kind;
    state.textContent = text;
    box.insertBefore(state, box.firstChild);
    var old = box.querySelector(".autosave__retry");
    if (old) { old.remove(); }
    if (retry) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button--secondary autosave__retry";
      button.textContent = msg.retry;
      button.addEventListener("click", function () { htmx.trigger(form, "change"); });
      box.appendChild(button);
    }
  }

  // Typing is not saved until the field loses focus ("change"): count it as unsaved meanwhile.
  sheet.addEventListener("input", function (e) {
    var form = formOf(e.target);
    if (form && e.target.tagName === "TEXTAREA") { unsaved.add(key(form)); }
  });
  document.body.addEventListener("htmx:beforeRequest", function (e) {
    var form = formOf(e.detail.elt);
    if (!form) { return; }
    unsaved.add(key(form));
    show(form, "pending", msg.saving, false);
  });
  document.body.addEventListener("htmx:beforeSwap", function (e) {
    // A refusal (422) carries its message in the status line: show it like a success.
    if (e.detail.xhr && e.detail.xhr.status === 422) { e.detail.shouldSwap = true; e.detail.isError = false; }
  });
  document.body.addEventListener("htmx:afterRequest", function (e) {
    var form = formOf(e.detail.elt);
    if (form && e.detail.successful) { unsaved.delete(key(form)); }
  });
  function failed(e, text) {
    var form = formOf(e.detail.elt);
    if (!form) { return; }
    unsaved.add(key(form));
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
  // The totals panel is replaced after each save: keep its details open if the producer opened them.
  var detailsOpen = false;
  document.body.addEventListener("toggle", function (e) {
    if (e.target.classList && e.target.classList.contains("sheet-totals__more")) { detailsOpen = e.target.open; }
  }, true);
  document.body.addEventListener("htmx:oobAfterSwap", function () {
    var more = document.querySelector(".sheet-totals__more");
    if (more && detailsOpen) { more.open = true; }
  });
  // With JavaScript the save buttons are not needed: a change saves itself.
  sheet.classList.add("sheet--live");
})();
