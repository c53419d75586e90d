/* The self-check: yes/no answers turn into findings, each linked to the page that explains
   it and the windows that help. Everything stays in this page: nothing is sent or stored
   (someone else may pick up the phone). */
(function () {
  "use strict";
  if (window.MiraiSelfCheck) { window.MiraiSelfCheck.startAll(); return; }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, (all, key) => (key in values ? values[key] : all));
  }

  class SelfCheck {
    constructor(section) {
      this.section = section;
      this.form = section.querySelector("form");
      this.config = JSON.parse(section.dataset.config);
      this.questions = [...section.querySelectorAll("[data-id]")];
      this.result = section.querySelector(".mirai-selfcheck__result");
    }

    start() {
      this.form.querySelector(".mirai-selfcheck__status").hidden = false;
      this.form.querySelectorAll("button").forEach((button) => { button.hidden = false; });
      this.form.addEventListener("change", () => this.update());
      this.form.addEventListener("submit", (event) => { event.preventDefault(); this.showResult(); });
      this.form.addEventListener("reset", () => setTimeout(() => { this.result.hidden = true; this.update(); }));
      this.update();
    }

    /* The questions for the chosen residence status (all when none is chosen). */
    asked() {
      const status = this.form.elements.status.value;
      return this.questions.filter((q) => !status || !q.dataset.statuses || q.dataset.statuses.split(" ").includes(status));
    }

    update() {
      const asked = new Set(this.asked());
      this.questions.forEach((q) => { q.hidden = !asked.has(q); });
      // A topic heading goes with its questions.
      this.form.querySelectorAll("h3").forEach((heading) => {
        let next = heading.nextElementSibling;
        let any = false;
        while (next && next.matches("fieldset")) { any = any || !next.hidden; next = next.nextElementSibling; }
        heading.hidden = !any;
      });
      const answered = [...asked].filter((q) => q.querySelector("input:checked")).length;
      this.form.querySelector(".mirai-selfcheck__answered").textContent =
        fill(this.config.ui.answered, { answered, total: asked.size });
    }

    showResult() {
      const warned = new Set(this.asked().filter((q) => {
        const checked = q.querySelector("input:checked");
        return checked && checked.value === q.dataset.warn;
      }).map((q) => q.dataset.id));
      this.result.querySelectorAll("[data-finding]").forEach((item) => { item.hidden = !warned.has(item.dataset.finding); });
      this.result.querySelector(".mirai-selfcheck__none").hidden = warned.size > 0;
      const summary = this.result.querySelector(".mirai-selfcheck__summary");
      summary.hidden = !warned.size;
      summary.textContent = fill(this.config.ui.result_count, { count: warned.size });
      this.result.hidden = false;
      this.result.focus();
    }
  }

  function startAll() {
    for (const section of document.querySelectorAll(".mirai-selfcheck:not([data-ready])")) {
      section.dataset.ready = "true";
      new SelfCheck(section).start();
    }
  }

  window.MiraiSelfCheck = { startAll };
  startAll();
})();
