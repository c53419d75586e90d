/* The cases kept on this phone (localStorage "mirai.cases"), shared by the consultation form
   (consult.js adds a case when its answer enters the outbox) and the case page (case.js keeps
   its last answer). Each: {key: the outbox key, secret, created, case: the number once the
   endpoint's receipt gave it, last: the last status fetched}. Never the message. */
(function () {
  "use strict";
  if (window.MiraiCases) return;

  const KEY = "mirai.cases";

  function list() {
    try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }

  function save(cases) {
    try { localStorage.setItem(KEY, JSON.stringify(cases)); return true; } catch (e) { return false; }
  }

  /* Case numbers from the outbox's receipts of sent consultations, copied into the cases. */
  function learn(records) {
    const cases = list();
    let changed = false;
    for (const c of cases) {
      const record = records.find((r) => r.key === c.key);
      if (!c.case && record && record.receipt && record.receipt.case) { c.case = record.receipt.case; changed = true; }
    }
    if (changed) save(cases);
    return cases;
  }

  window.MiraiCases = { list, save, learn };
  // Material's instant navigation loads a page's scripts in any order: say this one is here.
  if (window.document) window.document.dispatchEvent(new Event("mirai:loaded"));
})();
