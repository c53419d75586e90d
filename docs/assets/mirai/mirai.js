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
  var root = (JSON.parse((document.getElementById("mirai-offline") || {}).textContent || "{}").root) || "/";
  function followPage() {
    var rest = location.pathname.slice(root.length).split("/").slice(1).join("/");
    document.querySelectorAll(".md-select__link[hreflang]").forEach(function (link) {
      var lang = new URL(link.href).pathname.slice(root.length).split("/")[0];
      link.href = root + lang + "/" + rest;
    });
  }
  if (window.document$) window.document$.subscribe(followPage);
})();
