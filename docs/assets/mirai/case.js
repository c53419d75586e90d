/* The case page: asks the endpoint for a case's status and replies (case number + secret
   code, POSTed so the secret is never in an address) and keeps the last answer on this
   phone (cases.js, beside the secret consult.js put there), so the answer reads offline.
   Cases sent from this phone are listed with their number once the outbox has it. */
(function () {
  "use strict";
  if (window.MiraiCase) { window.MiraiCase.startAll(); return; }

  const SYMBOLS = /^[0-9A-HJKMNP-TV-Z]{8}$/;  // Crockford base32, as mirai.desk.case_secret

  /* "c-7k3m 9qxa" -> "C-7K3M9QXA" (O read as 0, I and L as 1), or null. */
  function tidyNumber(text) {
    let t = text.normalize("NFKC").toUpperCase().replace(/[^0-9A-Z]/g, "");
    if (t.length === 9 && t[0] === "C") t = t.slice(1);
    t = t.replace(/O/g, "0").replace(/[IL]/g, "1");
    return SYMBOLS.test(t) ? `C-${t}` : null;
  }

  class CasePage {
    constructor(section) {
      this.section = section;
      this.config = JSON.parse(section.dataset.config);
      this.ui = this.config.ui;
      this.form = section.querySelector(".mirai-case__form");
      this.view = section.querySelector(".mirai-case__view");
      this.message = section.querySelector(".mirai-case__message");
      this.when = new Intl.DateTimeFormat(this.config.lang, { dateStyle: "medium", timeStyle: "short" });
    }

    async start() {
      this.form.hidden = false;
      this.form.addEventListener("submit", (event) => { event.preventDefault(); this.check(); });
      this.view.querySelector("[data-action=forget]").addEventListener("click", () => this.forget());
      if (window.MiraiOutbox) {
        const records = await MiraiOutbox.list("consultation").catch(() => []);
        MiraiCases.learn(records);
        MiraiOutbox.listen(async () => { MiraiCases.learn(await MiraiOutbox.list("consultation").catch(() => [])); this.listStored(); });
      }
      this.listStored();
    }

    listStored() {
      const list = MiraiCases.list();
      const box = this.section.querySelector(".mirai-case__stored");
      box.hidden = !list.length;
      box.querySelector("ul").replaceChildren(...list.map((c) => {
        const item = document.createElement("li");
        if (c.case) {
          const button = document.createElement("button");
          button.type = "button";
          button.className = "md-button";
          button.textContent = c.case;
          button.addEventListener("click", () => {
            this.form.elements.case.value = c.case;
            this.form.elements.secret.value = c.secret;
            this.check();
          });
          item.append(button);
        } else {
          item.textContent = `${this.when.format(c.created)}: ${this.ui.not_sent_yet}`;
        }
        return item;
      }));
    }

    async check() {
      const number = tidyNumber(this.form.elements.case.value);
      const secret = this.form.elements.secret.value.trim();
      if (!number) { this.message.textContent = this.ui.bad_number; this.form.elements.case.focus(); return; }
      this.message.textContent = this.ui.checking;
      let response;
      try {
        response = await fetch(`${this.config.url}${encodeURIComponent(number)}/status`, {
          method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ secret, lang: this.config.lang }), credentials: "omit", cache: "no-store",
        });
      } catch (e) {
        return this.offline(number, secret);
      }
      let data = null;
      try { data = await response.json(); } catch (e) { /* not JSON */ }
      if (!response.ok) {
        // A proxy's or the service worker's page, not the endpoint: like being offline.
        if (!data || !data.error) return this.offline(number, secret);
        this.message.textContent = data.error.message || this.ui.network_error;
        return;
      }
      this.keep(number, secret, data);
      this.message.textContent = "";
      this.show(data, this.ui.last_checked.replace("{date}", this.when.format(Date.now())));
    }

    /* Only a case whose secret was right is kept, with its last answer. */
    keep(number, secret, data) {
      const list = MiraiCases.list();
      let entry = list.find((c) => c.case === number);
      if (!entry) { entry = { key: null, case: number, created: Date.now() }; list.unshift(entry); }
      entry.secret = secret;
      entry.last = { ...data, fetched: Date.now() };
      MiraiCases.save(list);
      this.listStored();
    }

    offline(number, secret) {
      const entry = MiraiCases.list().find((c) => c.case === number && c.secret === secret && c.last);
      if (!entry) { this.message.textContent = this.ui.offline_none; return; }
      this.message.textContent = "";
      this.show(entry.last, this.ui.offline_copy.replace("{date}", this.when.format(entry.last.fetched)));
    }

    show(data, when) {
      this.current = data.case;
      this.view.querySelector(".mirai-case__number").textContent = data.case;
      this.view.querySelector(".mirai-case__when").textContent = when;
      this.view.querySelector(".mirai-case__status").textContent = this.config.statuses[data.status] || data.status;
      this.view.querySelector(".mirai-case__status").dataset.status = data.status;
      const replies = data.replies || [];
      this.view.querySelector(".mirai-case__no-replies").hidden = replies.length > 0;
      this.view.querySelector(".mirai-case__replies").replaceChildren(...replies.map((reply) => {
        const item = document.createElement("li");
        const time = document.createElement("time");
        time.dateTime = reply.created_at;
        time.textContent = this.when.format(new Date(reply.created_at));
        const text = document.createElement("p");
        text.textContent = reply.body;  // plain text: never HTML from the server
        text.style.whiteSpace = "pre-wrap";
        item.append(time, text);
        return item;
      }));
      this.view.hidden = false;
      this.view.focus();
    }

    forget() {
      if (!confirm(this.ui.forget_confirm)) return;
      MiraiCases.save(MiraiCases.list().filter((c) => c.case !== this.current));
      this.view.hidden = true;
      this.form.reset();
      this.listStored();
    }
  }

  /* Starts once the scripts it needs have run (instant navigation loads them in any order). */
  function whenLoaded(names, start) {
    if (names.every((name) => window[name])) return true;
    document.addEventListener("mirai:loaded", start, { once: true });
    return false;
  }

  function startAll() {
    if (!whenLoaded(["MiraiCases", "MiraiOutbox"], startAll)) return;
    for (const section of document.querySelectorAll(".mirai-case:not([data-ready])")) {
      section.dataset.ready = "true";
      new CasePage(section).start();
    }
  }

  window.MiraiCase = { startAll, tidyNumber };
  startAll();
})();
