/* The directory of consultation windows: filters by problem, language, prefecture and
   "open now", entirely on the phone (the windows are in the page; nothing is fetched).

   openNow() is the twin of mirai.desk.windows.open_now (tests/test_desk_pages_browser.py
   compares them on many times): true, false, or null when the directory does not know.
   Japan keeps UTC+9 all year (no summer time), so Japan time is the UTC time plus 9 hours,
   whatever the phone's own time zone. */
(function (scope) {
  "use strict";
  if (scope.MiraiDirectory) { scope.MiraiDirectory.startAll(); return; }

  const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

  function tokyo(date) {
    const t = new Date(date.getTime() + 9 * 3600 * 1000);
    const pad = (n) => String(n).padStart(2, "0");
    return {
      year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate(),
      weekday: DAYS[(t.getUTCDay() + 6) % 7], minute: t.getUTCHours() * 60 + t.getUTCMinutes(),
      iso: `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`,
    };
  }

  function inPeriod(period, month, day) {
    const md = month * 100 + day;
    const start = period.from[0] * 100 + period.from[1];
    const end = period.to[0] * 100 + period.to[1];
    return start <= end ? start <= md && md <= end : md >= start || md <= end;
  }

  function openNow(w, date, holidays, language) {
    if (!w.hours) return null;
    if (language && !w.languages.includes(language)) return false;
    const now = tokyo(date);
    const covers = (languages) => !language || !languages || languages.includes(language);
    let rules = w.hours.filter((rule) => covers(rule.languages));
    if (!rules.length) return null;
    const closed = w.closed.filter((period) => inPeriod(period, now.month, now.day));
    if (language && closed.some((period) => covers(period.languages))) return false;
    if (closed.length) {
      // A period closing only some languages leaves the rules of the others.
      rules = rules.filter((rule) => !closed.some((period) => !period.languages ||
        (rule.languages && rule.languages.every((l) => period.languages.includes(l)))));
      if (!rules.length) return false;
    }
    const holiday = holidays.has(now.iso);
    const key = holiday ? "holiday" : now.weekday;
    const todays = rules.filter((rule) => rule.days.includes(key));
    if (todays.some((rule) => rule.open <= now.minute && now.minute < rule.close)) return true;
    if (holiday && !todays.length) {
      if (w.closedOnHolidays || !rules.some((rule) => rule.days.includes(now.weekday))) return false;
      return null;  // the weekday's hours may or may not apply: the source is silent
    }
    return false;
  }

  /* Where a window goes for the chosen filters: "main", "more" (its source says it serves
     more languages than it names), or null (hidden). `state` is its "open now". */
  function placement(w, filters, state) {
    if (filters.problem && !w.handles.includes(filters.problem)) return null;
    if (filters.prefecture && w.region !== "national" && !w.region.includes(filters.prefecture)) return null;
    if (filters.open && state !== true) return null;
    if (filters.language && !w.languages.includes(filters.language)) return w.more ? "more" : null;
    return "main";
  }

  /* The state of every card, for one language (or any) and one moment. */
  function states(cards, holidays, language, date) {
    const lastYear = Math.max(...[...holidays].map((iso) => Number(iso.slice(0, 4))));
    const beyond = tokyo(date).year > lastYear;  // holidays unknown: never guess "open"
    return cards.map((card) => {
      const w = card.window;
      const speaks = language && w.languages.includes(language) ? language : null;
      const state = openNow(w, date, holidays, speaks);
      return beyond && state !== false ? null : state;
    });
  }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, (all, key) => (key in values ? values[key] : all));
  }

  /* Shows each card's "open now" badge. */
  function badge(card, state, ui) {
    const note = card.element.querySelector("[data-now]");
    if (!note) return;
    note.hidden = false;
    note.dataset.state = state === true ? "open" : state === false ? "closed" : "unknown";
    note.textContent = state === true ? ui.now_open : state === false ? ui.now_closed : ui.now_unknown;
  }

  function cardsIn(root) {
    return [...root.querySelectorAll("[data-window]")].map((element) => ({
      element, window: JSON.parse(element.dataset.window), home: element.parentElement,
    }));
  }

  /* Applies filters to cards; returns how many are shown in each group. */
  function apply(cards, filters, holidays, ui, moreList) {
    const now = new Date();
    const all = states(cards, holidays, filters.language, now);
    const counts = { main: 0, more: 0 };
    cards.forEach((card, i) => {
      badge(card, all[i], ui);
      const where = placement(card.window, filters, all[i]);
      card.element.hidden = !where;
      if (where) counts[where] += 1;
      const target = where === "more" && moreList ? moreList : card.home;
      if (card.element.parentElement !== target) target.append(card.element);
    });
    // Keep the cards of each list in the directory's order.
    for (const list of new Set(cards.map((card) => card.element.parentElement))) {
      cards.filter((card) => card.element.parentElement === list).forEach((card) => list.append(card.element));
    }
    return counts;
  }

  class Directory {
    constructor(section) {
      this.section = section;
      this.form = section.querySelector(".mirai-directory__filters");
      this.config = JSON.parse(section.dataset.config);
      this.holidays = new Set(JSON.parse(section.dataset.holidays));
      this.cards = cardsIn(section.querySelector(".mirai-directory__list"));
      this.more = section.querySelector(".mirai-directory__more");
    }

    filters() {
      const f = this.form.elements;
      return { problem: f.problem.value, language: f.language.value,
               prefecture: f.prefecture.value, open: f.open.checked };
    }

    start() {
      this.form.hidden = false;
      const params = new URLSearchParams(location.search);
      const f = this.form.elements;
      for (const name of ["problem", "language", "prefecture"]) {
        const value = params.get(name);
        if (value && [...f[name].options].some((option) => option.value === value)) f[name].value = value;
      }
      f.open.checked = params.get("open") === "1";
      this.form.addEventListener("change", () => this.update(true));
      this.form.addEventListener("reset", () => setTimeout(() => this.update(true)));
      this.form.addEventListener("submit", (event) => event.preventDefault());
      this.update(false);
      this.timer = setInterval(() => {
        if (!this.section.isConnected) { clearInterval(this.timer); return; }
        this.update(false);  // "open now" changes with the clock
      }, 60000);
    }

    update(remember) {
      const filters = this.filters();
      const counts = apply(this.cards, filters, this.holidays, this.config.ui,
                           this.more.querySelector("ol"));
      this.more.hidden = !counts.more;
      this.section.querySelector(".mirai-directory__none").hidden = counts.main + counts.more > 0;
      this.section.querySelector(".mirai-directory__count").textContent =
        fill(this.config.ui.count, { shown: counts.main + counts.more, total: this.cards.length });
      if (remember) {  // the address keeps the filters: shareable, and Back returns to them
        const params = new URLSearchParams();
        for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value === true ? "1" : value);
        const query = params.toString();
        history.replaceState(history.state, "", location.pathname + (query ? `?${query}` : "") + location.hash);
      }
    }
  }

  function startAll() {
    for (const section of document.querySelectorAll(".mirai-directory:not([data-ready])")) {
      section.dataset.ready = "true";
      new Directory(section).start();
    }
  }

  scope.MiraiDirectory = { openNow, placement, states, apply, cardsIn, badge, fill, tokyo, startAll };
  if (scope.document) startAll();
  // Material's instant navigation loads a page's scripts in any order: say this one is here.
  if (scope.document) scope.document.dispatchEvent(new Event("mirai:loaded"));
})(self);
