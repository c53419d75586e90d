// The offline page: words in the language of the address the reader asked for, then the
// pages this phone has saved, taken from each saved language's own menu.
(async function () {
  var root = document.body.getAttribute("data-root");
  var strings = JSON.parse(document.getElementById("strings").textContent);
  var names = JSON.parse(document.getElementById("names").textContent);
  var first = location.pathname.slice(root.length).split("/")[0];
  var stored = null;
  try { stored = localStorage.getItem("mirai.lang"); } catch (e) { /* storage refused */ }
  var lang = strings[first] ? first : strings[stored] ? stored : "en";
  var ui = strings[lang];
  document.documentElement.lang = names[lang] ? names[lang][1] : "en";
  document.title = "MIRAI - " + ui.offline_page_title;
  document.getElementById("title").textContent = ui.offline_page_title;
  var home = document.getElementById("home");
  home.textContent = ui.go_home;

  var saved = [];
  var cacheNames = await caches.keys();
  var name = cacheNames.filter(function (n) { return n.indexOf("mirai-") === 0; }).pop();
  var cache = name && await caches.open(name);
  var state = cache && await cache.match(root + "__mirai/state.json");
  var packs = state ? (await state.json()).packs : [];
  // The reader's language first.
  packs.sort(function (a, b) { return (b === lang) - (a === lang); });
  for (var i = 0; i < packs.length; i++) {
    var base = root + packs[i] + "/";
    var homePage = await cache.match(base);
    if (!homePage) continue;
    var doc = new DOMParser().parseFromString(await homePage.text(), "text/html");
    var links = doc.querySelectorAll(".md-nav--primary a.md-nav__link[href]");
    var section = document.createElement("section");
    section.lang = doc.documentElement.lang;
    var heading = document.createElement("h2");
    heading.textContent = names[packs[i]] ? names[packs[i]][0] : packs[i];
    var list = document.createElement("ul");
    list.className = "languages";
    var seen = {};
    for (var j = 0; j < links.length; j++) {
      var href = new URL(links[j].getAttribute("href"), location.origin + base).pathname;
      if (seen[href]) continue;
      seen[href] = true;
      var item = document.createElement("li");
      var a = document.createElement("a");
      a.href = href;
      a.textContent = links[j].textContent.trim();
      item.appendChild(a);
      list.appendChild(item);
    }
    section.appendChild(heading);
    section.appendChild(list);
    saved.push(section);
  }
  var text = document.getElementById("text");
  text.textContent = saved.length ? ui.offline_page_text : ui.offline_page_none;
  if (saved.length) home.href = root + packs[0] + "/";
  saved.forEach(function (section) { document.getElementById("saved").appendChild(section); });
})();
