// Small additions to Material's pages. Runs at the end of <body>.
(function () {
  // Remember the reader's language, so the language chooser at "/" opens it next time.
  var meta = document.querySelector('meta[name="mirai:lang"]');
  if (meta) {
    try { localStorage.setItem("mirai.lang", meta.content); } catch (e) { /* storage refused: nothing to remember */ }
  }
  // Material's search dialog has role="dialog" but no name; screen readers announce it
  // by the label of its search field, in the page's language.
  var dialog = document.querySelector(".md-search[role=dialog]");
  var input = dialog && dialog.querySelector("input[aria-label]");
  if (dialog && input && !dialog.hasAttribute("aria-label")) {
    dialog.setAttribute("aria-label", input.getAttribute("aria-label"));
  }
  // Instant navigation swaps the page but keeps the header: point the language menu at the
  // page now shown (every page exists in every language).
  var cfg = JSON.parse((document.getElementById("mirai-config") || {}).textContent || "{}");
  var root = cfg.root || "/";
  function followPage() {
    var rest = location.pathname.slice(root.length).split("/").slice(1).join("/");
    document.querySelectorAll(".md-select__link[hreflang]").forEach(function (link) {
      var lang = new URL(link.href).pathname.slice(root.length).split("/")[0];
      link.href = root + lang + "/" + rest;
    });
  }
  if (window.document$) window.document$.subscribe(followPage);

  // A page with a form (the survey) loads forms.js with <script> tags in the content. Instant
  // navigation runs them again when it swaps a form page in; if forms.js was loaded before,
  // it starts the new form itself. This covers a swap that happens after that.
  function startForms() {
    if (window.MiraiForms) window.MiraiForms.initAll();
  }
  if (window.document$) window.document$.subscribe(startForms);

  // Search results narrowed to one residence status. The choice goes to our layer in the
  // search worker (assets/mirai/search/query.js) over a BroadcastChannel.
  var output = document.querySelector(".md-search__output");
  var query = document.querySelector(".md-search__input");
  if (cfg.statuses && output && query && window.BroadcastChannel) {
    var channel = new BroadcastChannel("mirai-search");
    var label = document.createElement("label");
    label.className = "mirai-search-filter";
    label.textContent = cfg.statuses.label + " ";
    var select = document.createElement("select");
    [["", cfg.ui.search_status_all]].concat(cfg.statuses.choices).forEach(function (choice) {
      var option = document.createElement("option");
      option.value = choice[0];
      option.textContent = choice[1];
      select.appendChild(option);
    });
    try { select.value = sessionStorage.getItem("mirai.status") || ""; } catch (e) { /* no storage */ }
    label.appendChild(select);
    output.insertBefore(label, output.firstChild);
    var tell = function () { channel.postMessage({ status: select.value }); };
    select.addEventListener("change", function () {
      try { sessionStorage.setItem("mirai.status", select.value); } catch (e) { /* no storage */ }
      tell();
    });
    query.addEventListener("focus", tell);
  }
})();
