/* The outbox: answers wait here (IndexedDB) until the endpoint has them.

   One copy of this file runs in the page (survey page, and any page at start-up when there
   is no service worker) and one in the service worker (sw.js inlines it), so both can send.
   - add() stores an answer under its idempotency key before anything is sent: closing the
     app, losing the connection or a server error never loses it.
   - flush() sends every waiting answer with its key. The endpoint stores a key once and
     answers a repeat with the first result, so a send repeated by the page and the worker,
     or after a lost response, still stores one submission.
   - Each change is announced on a BroadcastChannel so every open page redraws its list. */
(function (scope) {
  "use strict";
  if (scope.MiraiOutbox) return;

  const DB = "mirai-outbox";
  const STORE = "answers";
  const CHANNEL = "mirai-outbox";
  const SYNC_TAG = "mirai-outbox";
  const KEEP_SENT = 20;             // sent answers listed for the reader, newest first
  const STALE_SENDING_MS = 60000;   // a send that never finished (the app was closed mid-way)

  let opening = null;

  function request(req) {
    return new Promise((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }

  function open() {
    opening = opening || new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => {
        const store = req.result.createObjectStore(STORE, { keyPath: "key" });
        store.createIndex("form", "form");
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => { opening = null; reject(req.error); };
    });
    return opening;
  }

  /* Whether this phone has an outbox yet. Reading never creates one: an empty database
     costs tens of KB of a phone's storage quota, and most readers never send a form. */
  async function exists() {
    if (opening || !indexedDB.databases) return true;  // (no databases(): open and see)
    return (await indexedDB.databases()).some((db) => db.name === DB);
  }

  async function transaction(mode, work) {
    const db = await open();
    const tx = db.transaction(STORE, mode);
    const result = await work(tx.objectStore(STORE));
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
    return result;
  }

  function announce() {
    if ("BroadcastChannel" in scope) {
      const channel = new BroadcastChannel(CHANNEL);
      channel.postMessage("changed");
      channel.close();
    }
  }

  function listen(callback) {
    if (!("BroadcastChannel" in scope)) return () => {};
    const channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = callback;
    return () => channel.close();
  }

  /* Stores an answer to send. The same key twice (a double tap) keeps the first. */
  async function add({ key, form, url, lang, body }) {
    const record = { key, form, url, lang, body, state: "waiting", created: Date.now(), attempts: 0 };
    const added = await transaction("readwrite", async (store) => {
      if (await request(store.get(key))) return false;
      await request(store.add(record));
      return true;
    });
    announce();
    return added;
  }

  async function list(form) {
    if (!(await exists())) return [];
    const all = await transaction("readonly", (store) =>
      request(form ? store.index("form").getAll(form) : store.getAll()));
    return all.sort((a, b) => b.created - a.created);
  }

  async function update(key, change) {
    await transaction("readwrite", async (store) => {
      const record = await request(store.get(key));
      if (record) await request(store.put({ ...record, ...change }));
    });
    announce();
  }

  function due(record, now) {
    return record.state === "waiting" ||
      (record.state === "sending" && now - (record.tried || 0) > STALE_SENDING_MS);
  }

  /* What the endpoint's answer means for the record. */
  async function outcome(response) {
    let data = null;
    try { data = await response.json(); } catch (e) { /* not JSON: a proxy's page */ }
    if (response.ok) return { state: "sent", receipt: data, sent: Date.now(), error: null };
    const error = data && data.error ? data.error : { code: "http_" + response.status, message: "" };
    // Worth another try: the server failed, asked us to wait, or is busy with this key.
    if (response.status >= 500 || response.status === 429 || response.status === 408 ||
        error.code === "idempotency_key_in_progress") {
      return { state: "waiting", error };
    }
    return { state: "refused", error };  // the answers themselves were refused: sending again won't help
  }

  async function send(record) {
    await update(record.key, { state: "sending", tried: Date.now(), attempts: (record.attempts || 0) + 1 });
    let change;
    try {
      const response = await fetch(record.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": record.key },
        body: record.body,
        credentials: "omit",
        cache: "no-store",
      });
      change = await outcome(response);
    } catch (e) {
      change = { state: "waiting", error: { code: "network", message: "" } };  // offline, or no server
    }
    await update(record.key, change);
    return change.state;
  }

  async function prune() {
    const sent = (await list()).filter((r) => r.state === "sent");
    const old = sent.slice(KEEP_SENT);
    if (!old.length) return;
    await transaction("readwrite", async (store) => {
      for (const record of old) await request(store.delete(record.key));
    });
  }

  async function sendDue() {
    const now = Date.now();
    const counts = { sent: 0, waiting: 0, refused: 0 };
    for (const record of (await list()).reverse()) {  // oldest first
      if (!due(record, now)) continue;
      counts[await send(record)] += 1;
    }
    await prune();
    return counts;
  }

  /* Sends what waits. One sender at a time across the page and the worker (Web Locks),
     so a key is not in flight twice; where there are no locks, idempotency still holds. */
  function flush() {
    const locks = scope.navigator && scope.navigator.locks;
    if (!locks) return sendDue();
    return locks.request(DB, { ifAvailable: true }, (lock) => lock ? sendDue() : null);
  }

  async function waitingCount() {
    return (await list()).filter((r) => due(r, Date.now())).length;
  }

  scope.MiraiOutbox = { add, list, flush, listen, waitingCount, SYNC_TAG };
  // Material's instant navigation loads a page's scripts in any order: say this one is here.
  if (scope.document) scope.document.dispatchEvent(new Event("mirai:loaded"));
})(self);
