/* The consultation form's own part (forms.js does the rest): the message and contact are
   sealed to the desk's public key (seal.js) before the answer enters the outbox, a case
   secret is made on the phone, and the worker sees it at once. The case number comes back
   when the outbox has sent the answer (its receipt), whoever sent it.

   Each case is kept on this phone (cases.js) with its secret code and, once known, its
   number, so the case page lists them. Never the message: it exists in the clear only in
   the text box, and the box is not part of the form's draft. */
(function () {
  "use strict";
  if (window.MiraiConsult) return;

  /* Workers type codes as they read them; the twin of mirai.desk.eligibility.company_key. */
  function companyKey(code) {
    const key = (code || "").normalize("NFKC").toUpperCase().replace(/[- ]/g, "");
    return key || null;
  }

  function field(form, name) {
    return form.form.querySelector(`[data-sealed-field=${name}]`);
  }

  /* Problems the form's own checks cannot see: [[question element, code], ...]. */
  function check(form) {
    const seal = form.config.seal;
    const problems = [];
    const message = field(form, "message");
    if (!message.value.trim()) problems.push([message.closest(".mirai-q"), "required"]);
    else if ([...message.value].length > Number(message.maxLength)) problems.push([message.closest(".mirai-q"), "too_long"]);
    const method = form.form.querySelector("[name=contact_method]:checked");
    const contact = field(form, "contact");
    if (method && method.value !== "none" && !contact.value.trim()) problems.push([contact.closest(".mirai-q"), "contact_needed"]);
    if (!seal.open) {
      const code = form.form.querySelector("[name=company_code]");
      const key = companyKey(code.value);
      if (!key) problems.push([code.closest(".mirai-q"), "code_required"]);
      else if (!seal.companies.includes(key)) problems.push([code.closest(".mirai-q"), "code_unknown"]);
    }
    return problems;
  }

  /* The sealed answer and the case secret, or null (said on the page) when it cannot be. */
  async function prepare(form) {
    const seal = form.config.seal;
    if (!seal.key) { form.say(seal.ui.no_key); return null; }
    form.say(seal.ui.sealing);
    try {
      const contact = field(form, "contact").value.trim();
      const payload = { message: field(form, "message").value.trim(), contact: contact || null };
      return { sealed: await MiraiSeal.seal(payload, seal.key), secret: MiraiSeal.newCaseSecret() };
    } catch (error) {
      form.say(seal.ui.seal_failed);
      return null;
    }
  }

  /* After the outbox has the answer: keep the case on the phone, show the secret. */
  function remember(form, key, secret) {
    MiraiCases.save([{ key, secret, created: Date.now(), lang: form.config.lang },
                     ...MiraiCases.list().filter((c) => c.key !== key)]);
    field(form, "message").value = "";
    field(form, "contact").value = "";
    const panel = form.section.querySelector(".mirai-consult__case");
    panel.dataset.key = key;
    panel.querySelector(".mirai-consult__secret").textContent = secret;
    panel.hidden = false;
    showNumber(form);
    panel.focus();
  }

  /* The case number, from the outbox's receipt once the answer is sent. */
  async function showNumber(form) {
    const panel = form.section.querySelector(".mirai-consult__case");
    if (!panel || panel.hidden) return;
    const records = await MiraiOutbox.list("consultation").catch(() => []);
    const record = records.find((r) => r.key === panel.dataset.key);
    const number = record && record.receipt && record.receipt.case;
    panel.querySelector(".mirai-consult__number").textContent = number || form.config.seal.ui.case_waiting;
    if (number) MiraiCases.learn(records);
  }

  /* A case number that came without the outbox (sent directly: this phone refused storage). */
  function received(form, key, number) {
    MiraiCases.save(MiraiCases.list().map((c) => (c.key === key ? { ...c, case: number } : c)));
    const panel = form.section.querySelector(".mirai-consult__case");
    if (panel.dataset.key === key) panel.querySelector(".mirai-consult__number").textContent = number;
  }

  function start(form) {
    const panel = form.section.querySelector(".mirai-consult__case");
    const copy = panel.querySelector("[data-action=copy]");
    copy.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(panel.querySelector(".mirai-consult__secret").textContent);
        copy.textContent = form.config.seal.ui.copied;
      } catch (e) { /* no clipboard: the code is on screen to write down */ }
    });
    if (window.MiraiOutbox) MiraiOutbox.listen(() => showNumber(form));
  }

  window.MiraiConsult = { check, prepare, remember, received, start, showNumber, companyKey };
  // Material's instant navigation loads a page's scripts in any order: say this one is here.
  if (window.document) window.document.dispatchEvent(new Event("mirai:loaded"));
})();
