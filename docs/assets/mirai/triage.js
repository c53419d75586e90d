/* "I need help": one question at a time, then the windows that fit (directory.js decides
   which), the self-check and the consultation form. On the phone only: nothing is sent,
   nothing is stored. */
(function () {
  "use strict";
  if (window.MiraiTriage) { window.MiraiTriage.startAll(); return; }

  const STEPS = ["danger", "problem", "prefecture", "language"];

  class Triage {
    constructor(section) {
      this.section = section;
      this.form = section.querySelector(".mirai-triage__form");
      this.config = JSON.parse(section.dataset.config);
      this.holidays = new Set(JSON.parse(section.dataset.holidays));
      this.results = section.querySelector(".mirai-triage__results");
      this.emergency = section.querySelector(".mirai-triage__emergency");
      this.restart = section.querySelector("[data-action=restart]");
      this.back = section.querySelector("[data-action=back]");
      this.cards = MiraiDirectory.cardsIn(this.results);
      this.step = 0;
    }

    start() {
      this.form.hidden = false;
      this.form.addEventListener("submit", (event) => { event.preventDefault(); this.next(); });
      this.back.addEventListener("click", () => this.show(this.step - 1));
      this.restart.addEventListener("click", () => { this.form.reset(); this.show(0); });
      this.show(0, false);
    }

    value(name) {
      const field = this.form.elements[name];
      return field ? field.value : "";
    }

    show(step, focus = true) {
      this.step = Math.max(0, step);
      this.form.hidden = false;
      this.results.hidden = true;
      this.emergency.hidden = true;
      this.restart.hidden = this.step === 0;
      this.back.hidden = this.step === 0;
      for (const fieldset of this.form.querySelectorAll("[data-step]")) {
        fieldset.hidden = fieldset.dataset.step !== STEPS[this.step];
      }
      this.form.querySelector(".mirai-triage__step").textContent =
        MiraiDirectory.fill(this.config.ui.step, { n: this.step + 1, total: STEPS.length });
      if (focus) {
        const current = this.form.querySelector(`[data-step=${STEPS[this.step]}]`);
        (current.querySelector("input:checked, input, select") || current).focus();
      }
    }

    next() {
      const name = STEPS[this.step];
      if (name === "danger") {
        const answer = this.value("danger");
        if (!answer) return this.show(this.step);  // nothing chosen: stay
        if (answer === "yes") return this.showEmergency();
      }
      if (name === "problem" && !this.value("problem")) return this.show(this.step);
      if (this.step + 1 < STEPS.length) return this.show(this.step + 1);
      this.showResults();
    }

    showEmergency() {
      this.form.hidden = true;
      this.emergency.hidden = false;
      this.restart.hidden = false;
      this.emergency.focus();
    }

    showResults() {
      const chosen = { problem: this.value("problem"), prefecture: this.value("prefecture"),
                       language: this.value("language"), open: false };
      // Widen step by step until a window fits: first without the language, then anywhere.
      const tries = [chosen, { ...chosen, language: "" }, { ...chosen, language: "", prefecture: "" }];
      let counts = null;
      let used = chosen;
      for (const filters of tries) {
        used = filters;
        counts = MiraiDirectory.apply(this.cards, filters, this.holidays, this.config.ui, null);
        if (counts.main + counts.more) break;
      }
      this.results.querySelector(".mirai-triage__none").hidden = used === chosen;
      const params = new URLSearchParams();
      for (const key of ["problem", "language", "prefecture"]) if (chosen[key]) params.set(key, chosen[key]);
      const link = this.results.querySelector(".mirai-triage__directory");
      link.search = params.toString();
      this.form.hidden = true;
      this.results.hidden = false;
      this.restart.hidden = false;
      this.results.focus();
    }
  }

  /* Starts once the scripts it needs have run (instant navigation loads them in any order). */
  function whenLoaded(names, start) {
    if (names.every((name) => window[name])) return true;
    document.addEventListener("mirai:loaded", start, { once: true });
    return false;
  }

  function startAll() {
    if (!whenLoaded(["MiraiDirectory"], startAll)) return;
    for (const section of document.querySelectorAll(".mirai-triage:not([data-ready])")) {
      section.dataset.ready = "true";
      new Triage(section).start();
    }
  }

  window.MiraiTriage = { startAll };
  startAll();
})();
