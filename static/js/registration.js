// The registration form (Mẫu 01): filter the 26 product sets as the producer types an everyday
// product name, and show only the parts of the form that apply to the product chosen (the set
// picker and the name for a new product, the case and no samples for tourism, upgrade and
// re-rating only for a product holding a certificate). Without JavaScript every part shows and
// the "Tìm" button filters on the server; the server checks everything again.
(function () {
  "use strict";
  var form = document.getElementById("registration");
  if (!form) { return; }
  var TOURISM = "26";

  // Same as views_dossier.search_text: lower case, no diacritics (đ → d), single spaces.
  function normalise(text) {
    return (text || "").toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, " ").trim();
  }
  // Same as views_dossier.search_matches: every word, the last one possibly a word's beginning.
  function matches(query, text) {
    var words = normalise(query).split(" ").filter(Boolean);
    if (!words.length) { return true; }
    var hay = text.split(" ");
    var last = words.pop();
    return words.every(function (w) { return hay.indexOf(w) >= 0; }) &&
      hay.some(function (h) { return h.indexOf(last) === 0; });
  }

  var search = form.querySelector("input[name=search]");
  var status = document.getElementById("set-search-status");
  var items = Array.prototype.slice.call(form.querySelectorAll("[data-search]"));
  function filter() {
    var query = search.value;
    var found = items.filter(function (li) { return matches(query, li.dataset.search); }).length;
    var showAll = !normalise(query) || found === 0;
    items.forEach(function (li) {
      var checked = li.querySelector("input:checked");
      li.hidden = !(showAll || checked || matches(query, li.dataset.search));
    });
    form.querySelectorAll("[data-set-group], [data-set-sector]").forEach(function (box) {
      box.hidden = !box.querySelector("[data-search]:not([hidden])");
    });
    if (!normalise(query)) { status.textContent = ""; }
    else if (found) { status.textContent = status.dataset.found.replace("%(n)s", found); }
    else { status.textContent = status.dataset.none; }
  }
  if (search) {
    var button = form.querySelector(".set-search__button");
    if (button) { button.hidden = true; }
    search.addEventListener("input", filter);
    search.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); filter(); } });
  }

  function checked(name) { return form.querySelector("input[name=" + name + "]:checked"); }
  function show(id, visible) { var el = document.getElementById(id); if (el) { el.hidden = !visible; } }

  function update() {
    var product = checked("product");
    var isNew = !product || product.value === "new";
    var set = isNew ? (checked("product_set") || {dataset: {}}).dataset.number : product.dataset.set;
    show("new-product", isNew);
    show("set-picker", isNew);
    show("case-field", set === TOURISM);
    show("samples-field", set !== TOURISM);
    form.querySelectorAll("input[name=kind][data-kind]").forEach(function (radio) {
      var allowed = !!product && product.dataset[radio.dataset.kind] === "1";
      radio.disabled = !allowed;
      radio.closest(".choice").classList.toggle("choice--disabled", !allowed);
      if (!allowed && radio.checked) {
        radio.checked = false;
        form.querySelector("input[name=kind][value=first]").checked = true;
      }
    });
  }
  form.addEventListener("change", function (e) {
    if (e.target.name === "product" || e.target.name === "product_set") { update(); }
  });
  update();
  if (search && search.value) { filter(); }
})();
