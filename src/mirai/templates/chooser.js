// The language chooser at "/". Without JavaScript it is a list of links.
// With it: a remembered language opens directly ("?choose" shows the list anyway), and on a
// first visit the browser's preferred language is offered at the top.
(function () {
  var KEY = "mirai.lang";
  var items = Array.prototype.slice.call(document.querySelectorAll(".languages li"));
  var codes = items.map(function (li) { return li.getAttribute("data-lang"); });
  var saved = null;
  try { saved = localStorage.getItem(KEY); } catch (e) { /* storage refused */ }
  var choosing = /[?&]choose\b/.test(location.search);
  var isNotFound = document.documentElement.hasAttribute("data-not-found");
  if (saved && codes.indexOf(saved) >= 0 && !choosing && !isNotFound) {
    location.replace(saved + "/");
    return;
  }
  var wanted = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""]);
  var aliases = { fil: "tl", "pt-br": "pt", "zh-cn": "zh", "zh-sg": "zh", "zh-hans": "zh" };
  var pick = null;
  for (var i = 0; i < wanted.length && !pick; i++) {
    var tag = String(wanted[i]).toLowerCase();
    var code = aliases[tag] || aliases[tag.split("-")[0]] || tag.split("-")[0];
    if (codes.indexOf(code) >= 0) pick = code;
  }
  if (pick) {
    var li = items[codes.indexOf(pick)];
    var label = document.createElement("span");
    label.className = "suggested-label";
    label.textContent = li.getAttribute("data-suggested-label");
    li.classList.add("suggested");
    li.querySelector("a").insertBefore(label, li.querySelector("a").firstChild);
    li.parentNode.insertBefore(li, li.parentNode.firstChild);
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-lang]");
    if (!link) return;
    try { localStorage.setItem(KEY, link.getAttribute("data-lang")); } catch (e) { /* storage refused */ }
  });
})();
