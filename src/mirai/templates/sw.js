/* MIRAI service worker. Written by `mirai build` (mirai/offline/service_worker.py) from
   src/mirai/templates/sw.js; the lists below come from the built site.

   - A reader saves one language's pack (its pages and the files they need); more from the
     language menu. Files are stored under a cache named after this version.
   - A new version installs beside the old one: unchanged files (same content hash) are
     copied from the old cache, changed ones downloaded and checked against their hash.
     It takes over only when the reader presses "Reload", so no page mixes versions.
   - Saved files are answered from the cache; anything else goes to the network; a page
     that is neither gets the offline page in the reader's language.
   - Answers to forms wait in the outbox (IndexedDB; docs/assets/mirai/outbox.js, inlined
     below) and are sent from here too: on Background Sync, when a page asks, and when this
     worker starts, so an answer given offline arrives even if its page is never reopened. */
"use strict";

__OUTBOX__

const VERSION = __VERSION__;
const ROOT = __ROOT__;
const SHELL = __SHELL__;   // [[url, revision]]: the root pages, kept for every reader
const PACKS = __PACKS__;   // {lang: {pages, bytes, files: [[url, revision, "page"|"asset"]]}}

const PREFIX = "mirai-";
const CACHE = PREFIX + VERSION;
const STATE = ROOT + "__mirai/state.json";  // {packs: [langs the reader saved]}
const REVISION = "X-Mirai-Revision";
const PARALLEL = 4;  // downloads at once: enough to hide latency on a slow phone network

class StorageRefused extends Error {}
class VersionMismatch extends Error {}

const inflight = new Map();  // lang -> promise of savePack, so two pages never race

// ---- talking to pages --------------------------------------------------------------

async function tell(message) {
  const clients = await self.clients.matchAll({ includeUncontrolled: true, type: "window" });
  for (const client of clients) client.postMessage(message);
}

// ---- the cache ---------------------------------------------------------------------

async function readState(cache) {
  const response = await cache.match(STATE);
  return response ? response.json() : { packs: [] };
}

async function writeState(cache, state) {
  await cache.put(STATE, new Response(JSON.stringify(state), { headers: { "Content-Type": "application/json" } }));
}

async function oldCacheNames() {
  return (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== CACHE);
}

// The caches of earlier versions, opened once per job (not once per file).
async function openOldCaches() {
  return Promise.all((await oldCacheNames()).map((name) => caches.open(name)));
}

async function hex(buffer) {
  const digest = await crypto.subtle.digest("SHA-256", buffer);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("").slice(0, 16);
}

async function storedRevision(cache, url) {
  const response = await cache.match(url);
  return response ? response.headers.get(REVISION) : null;
}

// The same bytes under the same address in an older version's cache: copy, don't download.
async function fromOldCaches(olds, url, revision) {
  for (const old of olds) {
    const response = await old.match(url);
    if (response && response.headers.get(REVISION) === revision) return response;
  }
  return null;
}

async function download(url, revision) {
  // The browser's HTTP cache may answer first (hashed theme files are cached for a year);
  // if its copy is not the one this version lists, ask the server itself.
  for (const mode of ["default", "reload"]) {
    const response = await fetch(url, { cache: mode, credentials: "same-origin" });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const body = await response.arrayBuffer();
    if ((await hex(body)) === revision) {
      const headers = new Headers(response.headers);
      headers.delete("Content-Encoding");
      headers.delete("Content-Length");
      headers.set(REVISION, revision);
      return new Response(body, { status: 200, statusText: "OK", headers });
    }
  }
  throw new VersionMismatch(`${url} changed on the server since this version`);
}

async function put(cache, url, response) {
  try {
    await cache.put(url, response);
  } catch (error) {
    if (error && error.name === "QuotaExceededError") throw new StorageRefused(url);
    throw error;
  }
}

async function storeFile(cache, olds, url, revision) {
  if ((await storedRevision(cache, url)) === revision) return;
  const copy = await fromOldCaches(olds, url, revision);
  await put(cache, url, copy || (await download(url, revision)));
}

// Stores a pack's files in `cache`, PARALLEL at a time, reporting pages done.
async function storePack(cache, lang, onProgress) {
  const pack = PACKS[lang];
  const olds = await openOldCaches();
  const queue = pack.files.slice();
  let pagesDone = 0;
  const worker = async () => {
    while (queue.length) {
      const [url, revision, kind] = queue.shift();
      await storeFile(cache, olds, url, revision);
      if (kind === "page") onProgress(++pagesDone, pack.pages);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
}

async function packState(cache, lang) {
  const pack = PACKS[lang];
  if (!pack) return "none";
  const saved = (await readState(cache)).packs.includes(lang);
  if (!saved) return "none";
  for (const [url, revision] of pack.files) {
    if ((await storedRevision(cache, url)) !== revision) return "partial";
  }
  return "ready";
}

function savePack(lang) {
  if (!PACKS[lang]) return Promise.resolve();
  if (inflight.has(lang)) return inflight.get(lang);
  const job = (async () => {
    const cache = await caches.open(CACHE);
    try {
      const state = await readState(cache);
      if (!state.packs.includes(lang)) {
        state.packs.push(lang);  // before downloading: an update carries a half-saved pack on
        await writeState(cache, state);
      }
      await storePack(cache, lang, (done, total) => tell({ type: "progress", lang, done, total }));
      await tell({ type: "ready", lang });
    } catch (error) {
      const reason = error instanceof StorageRefused ? "storage"
        : error instanceof VersionMismatch ? "version" : "network";
      await tell({ type: "failed", lang, reason });
      if (reason === "version") self.registration.update();
    }
  })().finally(() => inflight.delete(lang));
  inflight.set(lang, job);
  return job;
}

async function status() {
  const cache = await caches.open(CACHE);
  const packs = {};
  for (const lang of Object.keys(PACKS)) packs[lang] = await packState(cache, lang);
  return { type: "status", version: VERSION, packs, sizes: Object.fromEntries(
    Object.entries(PACKS).map(([lang, pack]) => [lang, pack.bytes])) };
}

// ---- life cycle --------------------------------------------------------------------

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const olds = await openOldCaches();
    for (const [url, revision] of SHELL) await storeFile(cache, olds, url, revision);
    // The packs the reader saved with any earlier version come along into this one.
    const saved = new Set();
    for (const old of olds) {
      for (const lang of (await readState(old)).packs) saved.add(lang);
    }
    const state = await readState(cache);
    for (const lang of saved) if (PACKS[lang] && !state.packs.includes(lang)) state.packs.push(lang);
    await writeState(cache, state);
    for (const lang of state.packs) {
      if (PACKS[lang]) await storePack(cache, lang, () => {});
    }
    // The first version takes over at once; later ones wait for the reader (see "skip-waiting").
    if (!self.registration.active) await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await oldCacheNames()) await caches.delete(name);
    await self.clients.claim();
    await sendAnswers();
  })());
});

// ---- the outbox --------------------------------------------------------------------

function sendAnswers() {
  return self.MiraiOutbox.flush().catch(() => null);  // no IndexedDB here: the page sends instead
}

// Background Sync: the browser wakes this worker when the phone is back online. A failure
// left waiting makes the event fail, so the browser tries again later by itself.
self.addEventListener("sync", (event) => {
  if (event.tag !== self.MiraiOutbox.SYNC_TAG) return;
  event.waitUntil(self.MiraiOutbox.flush().then(async () => {
    if (await self.MiraiOutbox.waitingCount()) throw new Error("answers still waiting");
  }));
});

sendAnswers();  // this worker just started: something may have waited since the app was closed

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === "skip-waiting") {
    event.waitUntil(self.skipWaiting());
  } else if (message.type === "save" && typeof message.lang === "string") {
    event.waitUntil(savePack(message.lang));
  } else if (message.type === "send-answers") {
    event.waitUntil(sendAnswers());
  } else if (message.type === "status") {
    event.waitUntil(status().then((reply) => event.source && event.source.postMessage(reply)));
  }
});

// ---- answering requests ------------------------------------------------------------

function cacheKey(url) {
  const path = url.pathname.endsWith("/index.html") ? url.pathname.slice(0, -"index.html".length) : url.pathname;
  return url.origin + path;
}

function languageOf(url) {
  const rest = url.pathname.slice(ROOT.length);
  const lang = rest.split("/", 1)[0];
  return Object.prototype.hasOwnProperty.call(PACKS, lang) ? lang : null;
}

async function offlineAnswer(url, cache) {
  const lang = languageOf(url);
  if (lang && (await readState(cache)).packs.includes(lang)) {
    // A saved language has no such page: its own "page not found".
    const notFound = await cache.match(url.origin + ROOT + lang + "/404.html");
    if (notFound) return new Response(notFound.body, { status: 404, headers: notFound.headers });
  }
  const page = await cache.match(url.origin + ROOT + "offline.html");
  return page || new Response("Offline", { status: 503, headers: { "Content-Type": "text/plain" } });
}

async function answer(request) {
  const url = new URL(request.url);
  const cache = await caches.open(CACHE);
  const saved = await cache.match(cacheKey(url));
  if (saved) return saved;
  try {
    return await fetch(request);
  } catch (error) {
    if (request.mode === "navigate") return offlineAnswer(url, cache);
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname === ROOT + "sw.js" || url.pathname.startsWith(ROOT + "v1/")) return;  // the endpoint
  event.respondWith(answer(request));
});
