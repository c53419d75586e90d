/* Forms on the page (the survey): check answers in the reader's language, keep a draft,
   put the answers in the outbox (outbox.js) and show what happened to each.

   The form's HTML comes from mirai.forms.render (one schema for the page and the endpoint);
   each question is an element with data-question, data-type and the limits to check. The
   words come from the form's JSON block: the reader's language, never the browser's. */
(function () {
  "use strict";
  if (window.MiraiForms) { window.MiraiForms.initAll(); return; }

  const RETRY_SECONDS = [2, 4, 8, 16, 32, 60];  // while the page stays open

  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  // ---- reading and checking answers ------------------------------------------------

  function valueOf(question) {
    const type = question.dataset.type;
    if (type === "single" || type === "scale") {
      const checked = question.querySelector("input:checked");
      if (!checked) return null;
      return type === "scale" ? Number(checked.value) : checked.value;
    }
    if (type === "multiple") {
      const values = [...question.querySelectorAll("input:checked")].map((input) => input.value);
      return values.length ? values : null;
    }
    const field = question.querySelector("input, select, textarea");
    const text = field.value.trim();
    if (!text) return field.validity && field.validity.badInput ? NaN : null;
    return type === "number" ? Number(text) : text;
  }

  function problemOf(question, value) {
    const d = question.dataset;
    if (value === null) return "required" in d ? "required" : null;
    if (d.type === "number" || d.type === "scale") {
      if (typeof value !== "number" || !isFinite(value)) return "not_a_number";
      if (value < Number(d.min) || value > Number(d.max)) return "out_of_range";
    }
    if (d.type === "text" && [...value].length > Number(d.maxLength)) return "too_long";
    if (d.type === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(value)) return "not_a_date";
    return null;
  }

  // ---- one form ----------------------------------------------------------------------

  class MiraiForm {
    constructor(section) {
      this.section = section;
      this.form = section.querySelector("form");
      this.config = JSON.parse(section.dataset.config);
      this.ui = this.config.ui;
      this.questions = [...this.form.querySelectorAll("[data-question]")];
      this.summary = section.querySelector(".mirai-form__errors");
      this.status = section.querySelector(".mirai-form__status");
      this.outbox = section.querySelector(".mirai-outbox");
      this.draftKey = `mirai.draft.${this.form.dataset.form}`;
      this.key = uuid();
      this.sending = false;
      this.retry = 0;
      this.timer = null;
    }

    start() {
      this.form.querySelector(".mirai-form__send").hidden = false;
      this.restoreDraft();
      this.fillFromAddress();
      this.form.addEventListener("input", () => this.saveDraft());
      this.form.addEventListener("change", () => this.saveDraft());
      this.form.addEventListener("submit", (event) => { event.preventDefault(); this.submit(); });
      if (this.config.seal && window.MiraiConsult) MiraiConsult.start(this);
      if (!window.MiraiOutbox || !window.indexedDB) return;
      MiraiOutbox.listen(() => this.showOutbox());
      window.addEventListener("online", () => this.send());
      this.showOutbox();
      this.send();  // the page just opened: something may have waited since the app was closed
    }

    answers() {
      const out = {};
      for (const question of this.questions) {
        const value = valueOf(question);
        if (value !== null) out[question.dataset.question] = value;
      }
      return out;
    }

    check() {
      const problems = [];
      for (const question of this.questions) {
        const code = problemOf(question, valueOf(question));
        this.mark(question, code);
        if (code) problems.push([question, code]);
      }
      if (this.config.seal) {  // the consultation's sealed fields and the desk's rule (consult.js)
        this.form.querySelectorAll(".mirai-q--sealed, [data-question=company_code]").forEach((q) => {
          if (!problems.some(([question]) => question === q)) this.mark(q, null);
        });
        for (const [question, code] of MiraiConsult.check(this)) {
          const earlier = problems.find(([q]) => q === question);
          if (earlier) earlier[1] = code; else problems.push([question, code]);
          this.mark(question, code);
        }
        const order = [...this.form.querySelectorAll(".mirai-q")];
        problems.sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
      }
      return problems;
    }

    mark(question, code) {
      const error = question.querySelector(".mirai-q__error");
      error.textContent = code ? this.config.messages[code] : "";
      error.hidden = !code;
      question.classList.toggle("mirai-q--invalid", !!code);
      for (const field of question.querySelectorAll("input, select, textarea")) {
        if (code) field.setAttribute("aria-invalid", "true"); else field.removeAttribute("aria-invalid");
      }
    }

    showProblems(problems) {
      const list = this.summary.querySelector("ul");
      list.replaceChildren(...problems.map(([question, code]) => {
        const item = document.createElement("li");
        const link = document.createElement("a");
        const field = question.querySelector("input, select, textarea");
        link.href = `#${field.id}`;
        link.textContent = `${question.querySelector(".mirai-q__label").dataset.text}: ${this.config.messages[code]}`;
        link.addEventListener("click", (event) => { event.preventDefault(); field.focus(); });
        item.append(link);
        return item;
      }));
      this.summary.hidden = !problems.length;
      if (problems.length) this.summary.focus();
    }

    async submit() {
      if (this.sending) return;  // a second tap while the first is being stored
      const problems = this.check();
      this.showProblems(problems);
      if (problems.length) return;
      this.sending = true;
      const button = this.form.querySelector(".mirai-form__send");
      button.disabled = true;
      const body = { lang: this.config.lang, answers: this.answers() };
      const trap = this.form.querySelector("[name=website]");
      if (trap && trap.value) body.website = trap.value;
      let sealed = null;
      if (this.config.seal) {  // the message is locked before it is stored or sent
        sealed = await MiraiConsult.prepare(this);
        if (!sealed) { this.sending = false; button.disabled = false; return; }
        body.answers.sealed = sealed.sealed;
        body.case_secret = sealed.secret;
      }
      const record = { key: this.key, form: this.form.dataset.form, url: this.form.dataset.endpoint,
                       lang: this.config.lang, body: JSON.stringify(body) };
      try {
        await MiraiOutbox.add(record);
        if (sealed) MiraiConsult.remember(this, record.key, sealed.secret);
        this.say(this.ui.form_saved);
        this.askForSync();
        this.finish();
        this.send();
      } catch (error) {
        // No IndexedDB (private browsing, storage full): send now, and say to stay online.
        if (sealed) MiraiConsult.remember(this, record.key, sealed.secret);
        this.say(this.ui.form_storage_refused);
        if (await this.sendDirectly(record)) this.finish();
      } finally {
        this.sending = false;
        button.disabled = false;
      }
    }

    finish() {
      this.form.reset();
      this.questions.forEach((question) => this.mark(question, null));
      this.key = uuid();  // the next answers are new answers
      try { localStorage.removeItem(this.draftKey); } catch (e) { /* no storage */ }
    }

    async sendDirectly(record) {
      for (const seconds of [0, ...RETRY_SECONDS]) {
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        try {
          const response = await fetch(record.url, { method: "POST", body: record.body, headers: {
            "Content-Type": "application/json", "Idempotency-Key": record.key } });
          if (response.ok) {
            const receipt = await response.json().catch(() => null);
            if (receipt && receipt.case && window.MiraiConsult) MiraiConsult.received(this, record.key, receipt.case);
            this.say(this.ui.form_state_sent);
            return true;
          }
          if (response.status < 500 && response.status !== 429) return false;
        } catch (e) { /* offline: try again */ }
      }
      return false;
    }

    say(text) {
      this.status.textContent = text;
    }

    // Background Sync, where the browser has it, wakes the service worker when the phone is
    // back online, even if this page is closed. Elsewhere (Safari) pages and the worker
    // send when they start and on "online".
    async askForSync() {
      const sw = navigator.serviceWorker;
      const registration = sw && await sw.getRegistration();
      if (registration && registration.sync) {
        await registration.sync.register(MiraiOutbox.SYNC_TAG).catch(() => {});
      }
    }

    async send() {
      clearTimeout(this.timer);
      const counts = await MiraiOutbox.flush().catch(() => null);
      const waiting = counts ? counts.waiting : await MiraiOutbox.waitingCount().catch(() => 0);
      if (!waiting) { this.retry = 0; return; }
      // Still waiting (server failed, or another tab or the worker is sending): try again soon.
      const seconds = RETRY_SECONDS[Math.min(this.retry, RETRY_SECONDS.length - 1)];
      this.retry += 1;
      if (navigator.onLine !== false) this.timer = setTimeout(() => this.send(), seconds * 1000);
    }

    async showOutbox() {
      const records = await MiraiOutbox.list(this.form.dataset.form).catch(() => []);
      this.outbox.hidden = !records.length;
      const when = new Intl.DateTimeFormat(this.config.lang, { dateStyle: "medium", timeStyle: "short" });
      this.outbox.querySelector("ul").replaceChildren(...records.map((record) => {
        const item = document.createElement("li");
        item.className = `mirai-outbox__item mirai-outbox__item--${record.state}`;
        item.dataset.key = record.key;
        item.dataset.state = record.state;
        const time = document.createElement("time");
        time.dateTime = new Date(record.created).toISOString();
        time.textContent = when.format(record.created);
        const state = document.createElement("strong");
        state.textContent = this.ui[`form_state_${record.state}`];
        item.append(time, " ", state);
        if (record.state === "refused" && record.error && record.error.message) {
          item.append(` ${record.error.message}`);
        }
        return item;
      }));
    }

    // A company hands out /<lang>/survey/?company_code=C001 (a poster's QR code): the code
    // is filled in for the worker, who can see it and clear it. Only text questions.
    fillFromAddress() {
      const params = new URLSearchParams(location.search);
      for (const question of this.questions) {
        const field = question.querySelector("input, textarea");
        const value = params.get(question.dataset.question);
        if (question.dataset.type === "text" && field && value && !field.value) {
          field.value = value.slice(0, Number(question.dataset.maxLength));
        }
      }
    }

    // ---- the draft: answers stay on the phone until they are sent ----

    saveDraft() {
      const draft = {};
      for (const field of this.form.elements) {
        if (!field.name || field.name === "website") continue;
        if (field.type === "radio" || field.type === "checkbox") {
          if (field.checked) (draft[field.name] = draft[field.name] || []).push(field.value);
        } else if (field.value) {
          draft[field.name] = [field.value];
        }
      }
      try { localStorage.setItem(this.draftKey, JSON.stringify(draft)); } catch (e) { /* no storage */ }
    }

    restoreDraft() {
      let draft = null;
      try { draft = JSON.parse(localStorage.getItem(this.draftKey) || "null"); } catch (e) { /* none */ }
      if (!draft) return;
      for (const field of this.form.elements) {
        const values = draft[field.name];
        if (!values || field.name === "website") continue;
        if (field.type === "radio" || field.type === "checkbox") field.checked = values.includes(field.value);
        else field.value = values[0];
      }
    }
  }

  /* Starts once the scripts it needs have run (instant navigation loads them in any order). */
  function whenLoaded(names, start) {
    if (names.every((name) => window[name])) return true;
    document.addEventListener("mirai:loaded", start, { once: true });
    return false;
  }

  // A consultation seals, keeps its case and sends through the outbox: it waits for them all.
  const SEALED_NEEDS = ["MiraiOutbox", "MiraiSeal", "MiraiCases", "MiraiConsult"];

  function initAll() {
    for (const section of document.querySelectorAll(".mirai-form:not([data-ready])")) {
      if (JSON.parse(section.dataset.config).seal && !whenLoaded(SEALED_NEEDS, initAll)) continue;
      section.dataset.ready = "true";
      new MiraiForm(section).start();
    }
  }

  window.MiraiForms = { initAll };
  initAll();
})();
