// Offline reading, seen from the page: registers /sw.js, saves the reader's language for
// offline, and shows, in the page's language, saving progress, "ready", the offline badge,
// the update prompt, the install button and iPhone install steps. The service worker is
// src/mirai/templates/sw.js; the words come from data/ui.yml through the page.
(function () {
  var html = document.documentElement;
  var data = document.getElementById("mirai-config");
  if (!data) return;
  var cfg = JSON.parse(data.textContent);  // {lang, root, ui}
  var ui = cfg.ui;
  var sw = navigator.serviceWorker;

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, key) { return key in values ? values[key] : m; });
  }
  function languageName(lang) {
    var links = document.querySelectorAll(".md-select__link[hreflang]");
    for (var i = 0; i < links.length; i++) {
      if (new URL(links[i].href).pathname.indexOf(cfg.root + lang + "/") === 0) return links[i].textContent.trim();
    }
    return lang;
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  // One message bar at the bottom of the screen, announced politely to screen readers.
  var bar = el("div", "mirai-bar");
  bar.setAttribute("role", "status");
  bar.hidden = true;
  document.body.appendChild(bar);
  function show(text, options) {
    options = options || {};
    bar.textContent = "";
    bar.appendChild(el("span", "", text));
    if (options.progress) {
      var progress = el("progress");
      progress.max = options.progress[1];
      progress.value = options.progress[0];
      progress.setAttribute("aria-hidden", "true");
      bar.appendChild(progress);
    }
    (options.buttons || []).forEach(function (spec) {
      var button = el("button", "md-button" + (spec.primary ? " md-button--primary" : ""), spec.label);
      button.type = "button";
      button.addEventListener("click", spec.action);
      bar.appendChild(button);
    });
    if (options.closable) {
      var close = el("button", "mirai-bar__close", "×");
      close.type = "button";
      close.setAttribute("aria-label", ui.offline_close);
      close.addEventListener("click", function () { bar.hidden = true; keepClear(); });
      bar.appendChild(close);
    }
    bar.hidden = false;
    keepClear();
  }
  // The bar floats over the page: leave room below the content, and keep a focused field or
  // button out from under it (WCAG 2.2 "focus not obscured"), such as a form's Send button.
  function keepClear() {
    var room = bar.hidden ? "" : bar.offsetHeight + 16 + "px";
    document.body.style.paddingBottom = room;
    document.documentElement.style.scrollPaddingBottom = room;
  }

  // The offline badge in the header.
  var badge = el("span", "mirai-badge", ui.offline_badge);
  var header = document.querySelector(".md-header__inner");
  if (header) header.appendChild(badge);
  function connection() {
    badge.hidden = navigator.onLine;
    html.setAttribute("data-mirai-online", navigator.onLine ? "yes" : "no");
  }
  window.addEventListener("online", connection);
  window.addEventListener("offline", connection);
  connection();

  function unavailable(reasonKey) {
    html.setAttribute("data-mirai-offline", "unavailable");
    show(fill(ui.offline_unavailable, { reason: ui[reasonKey] }), { closable: true });
  }

  // Install: Chrome's prompt when it offers one; steps for iPhone, where there is none.
  window.addEventListener("beforeinstallprompt", function (event) {
    event.preventDefault();
    if (!bar.hidden) return;
    show(ui.install_app, { closable: true, buttons: [{ label: ui.install_app, primary: true, action: function () {
      bar.hidden = true;
      keepClear();
      event.prompt();
    } }] });
  });
  function once(key) {  // true the first time on this phone
    try {
      if (localStorage.getItem(key)) return false;
      localStorage.setItem(key, "1");
      return true;
    } catch (e) { return false; }
  }
  var iphone = /iPhone|iPad|iPod/.test(navigator.userAgent) && !navigator.standalone;
  function iphoneHint() {
    if (iphone && once("mirai.ios-hint")) show(ui.install_ios, { closable: true });
  }

  if (!sw || !window.caches) {
    unavailable("offline_reason_unsupported");
    return;
  }

  var controlled = !!sw.controller;
  var reloading = false;
  sw.addEventListener("controllerchange", function () {
    // A new version took over (the reader pressed Reload here or in another tab).
    if (controlled && !reloading) { reloading = true; location.reload(); }
    controlled = true;
  });

  function offerUpdate(worker) {
    html.setAttribute("data-mirai-update", "ready");
    show(ui.offline_update, { buttons: [{ label: ui.offline_reload, primary: true, action: function () {
      worker.postMessage({ type: "skip-waiting" });
    } }] });
  }

  // Language menu: each other language can be saved for offline too.
  var menuButtons = {};
  function menu(packs) {
    document.querySelectorAll(".md-select__item").forEach(function (item) {
      var link = item.querySelector(".md-select__link");
      var lang = link && new URL(link.href).pathname.slice(cfg.root.length).split("/")[0];
      if (!lang || !(lang in packs)) return;
      var button = menuButtons[lang];
      if (!button) {
        button = menuButtons[lang] = el("button", "mirai-save");
        button.type = "button";
        button.addEventListener("click", function () { save(lang); });
        item.appendChild(button);
      }
      var saved = packs[lang] === "ready";
      var name = languageName(lang);
      button.textContent = saved ? "✓" : "⤓";
      button.disabled = saved;
      button.setAttribute("aria-label", fill(saved ? ui.offline_saved : ui.offline_save, { language: name }));
      button.title = button.getAttribute("aria-label");
    });
  }

  var registration = null;
  function save(lang) {
    if (registration && registration.active) registration.active.postMessage({ type: "save", lang: lang });
  }

  var packs = {};
  var justSaved = {};
  sw.addEventListener("message", function (event) {
    var m = event.data || {};
    if (m.type === "status") {
      packs = m.packs;
      menu(packs);
      var mine = packs[cfg.lang];
      var none = Object.keys(packs).every(function (l) { return packs[l] === "none"; });
      var saveData = navigator.connection && navigator.connection.saveData;
      if (mine === "ready") {
        html.setAttribute("data-mirai-offline", "ready");
        iphoneHint();
      } else if (mine === "partial" || (none && !saveData)) {
        // The first language a reader opens is saved by itself; others from the menu.
        save(cfg.lang);
      } else if (once("mirai.offer." + cfg.lang)) {
        // Another language is saved: offer this one once; the language menu always can.
        show(fill(ui.offline_save, { language: languageName(cfg.lang) }), { closable: true, buttons: [
          { label: "⤓", primary: true, action: function () { save(cfg.lang); } }] });
      }
    } else if (m.type === "progress") {
      justSaved[m.lang] = true;
      if (m.lang === cfg.lang) html.setAttribute("data-mirai-offline", "saving");
      var text = fill(ui.offline_saving, { done: m.done, total: m.total });
      show(m.lang === cfg.lang ? text : languageName(m.lang) + ": " + text, { progress: [m.done, m.total] });
    } else if (m.type === "ready") {
      packs[m.lang] = "ready";
      menu(packs);
      if (m.lang === cfg.lang) html.setAttribute("data-mirai-offline", "ready");
      if (justSaved[m.lang]) {
        show(m.lang === cfg.lang ? ui.offline_ready : languageName(m.lang) + ": " + ui.offline_ready, { closable: true });
      }
    } else if (m.type === "failed") {
      if (m.reason === "storage") unavailable("offline_reason_storage");
      else if (m.reason === "network") show(ui.offline_paused, { closable: true });
      // "version": the site changed while saving; the worker fetches the new version.
    }
  });
  // Form answers waiting in the outbox (assets/mirai/outbox.js): the worker sends them when
  // any page starts and when the connection comes back (Background Sync does this too, where
  // the browser has it).
  function sendAnswers() {
    if (registration && registration.active) registration.active.postMessage({ type: "send-answers" });
  }
  window.addEventListener("online", function () {
    sendAnswers();
    if (packs[cfg.lang] === "partial" || html.getAttribute("data-mirai-offline") === "saving") save(cfg.lang);
  });

  sw.register(cfg.root + "sw.js", { scope: cfg.root, updateViaCache: "none" }).then(function (reg) {
    registration = reg;
    if (reg.waiting && sw.controller) offerUpdate(reg.waiting);
    reg.addEventListener("updatefound", function () {
      var worker = reg.installing;
      worker.addEventListener("statechange", function () {
        if (worker.state === "installed" && sw.controller) offerUpdate(worker);
      });
    });
    return sw.ready;
  }).then(function (reg) {
    registration = reg;
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(function () {});
    reg.active.postMessage({ type: "status" });
    sendAnswers();
  }).catch(function () {
    unavailable("offline_reason_storage");
  });
})();
