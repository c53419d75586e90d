// Remember the reader's language, so the language chooser at "/" opens it next time.
(function () {
  var meta = document.querySelector('meta[name="mirai:lang"]');
  if (!meta) return;
  try { localStorage.setItem("mirai.lang", meta.content); } catch (e) { /* storage refused: nothing to remember */ }
})();
