// Our layer over Material's search worker (assets/javascripts/workers/mirai-search.js loads
// this, then Material's worker). It changes two things and leaves Material's index,
// ranking and result display alone:
// - the reader's query gets the same treatment as the page text got at build time
//   (src/mirai/search/documents.py): Burmese cut into syllables; for Latin-script
//   languages the folded, lightly stemmed words added ("luong" meets "lương");
// - results can be narrowed to one residence status, chosen in the page and sent here on
//   the "mirai-search" BroadcastChannel; the last query is then run again.
// src/mirai/search/engine.py does the same in Python for the recall tests.
(function () {
  var SETUP = 0, QUERY = 2, RESULT = 3;  // Material's worker message types
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  var vocabulary = null;  // Chinese: the words of the index (jieba cut them at build time)

  function learnWords(index) {
    vocabulary = new Set();
    var separator = new RegExp(index.config.separator);
    index.docs.forEach(function (doc) {
      (doc.title + " " + doc.text).replace(/<[^>]+>/g, " ").split(separator).forEach(function (word) {
        if (word) vocabulary.add(word.toLowerCase());
      });
    });
  }

  // Longest words of the index first, left to right; an unknown character stands alone.
  // Material's own step does this too, but never looks up a word that ends the run, so
  // "被解雇" became "被" alone; we cut the query ourselves and tell Material's step to pass.
  function cutChinese(run) {
    var words = [];
    for (var i = 0; i < run.length;) {
      var size = Math.min(8, run.length - i);
      while (size > 1 && !vocabulary.has(run.slice(i, i + size))) size -= 1;
      words.push(run.slice(i, i + size));
      i += size;
    }
    return words;
  }

  function alreadyCut(query) {
    var text = new String(query);  // eslint-disable-line no-new-wrappers
    text.replace = function (pattern) {
      if (pattern instanceof RegExp && pattern.source.indexOf("sc=Han") >= 0) return String(text);
      return String.prototype.replace.apply(String(text), arguments);
    };
    return text;
  }

  // lunr's stop word filter for the language (lunr's own for English; lunr-languages').
  function isStopWord(word, pack) {
    var lunr = self.lunr;
    var filter = lunr && (pack === "en" ? lunr.stopWordFilter : lunr[pack] && lunr[pack].stopWordFilter);
    return !!filter && !filter(new lunr.Token(word, {}));
  }

  function transform(query, settings) {
    if (settings.stopWords) {
      // Material makes every word a prefix search, which lunr does not filter: "de*" would
      // match every word starting with "de". Leave the little words out (not all of them).
      var words = query.trim().split(/\s+/);
      var kept = words.filter(function (word) { return !isStopWord(word.toLowerCase(), settings.stopWords); });
      if (kept.length) query = kept.join(" ");
    }
    if (settings.syllables && self.miraiMyanmar) {
      // Each syllable exact: "^1" (boost 1) is the mark that keeps Material from turning
      // it into a prefix search ("လ*" would match every syllable starting with လ).
      query = self.miraiMyanmar.normalize(query).replace(/[\u1000-\u109f]+/g, function (run) {
        return " " + self.miraiMyanmar.syllables(run).map(function (s) { return s + "^1"; }).join(" ") + " ";
      }).replace(/\s+/g, " ").trim();
    }
    if (settings.words && vocabulary) {
      query = alreadyCut(query.replace(HAN, function (run) { return " " + cutChinese(run).join(" ") + " "; })
        .replace(/\s+/g, " ").trim());
    }
    if (settings.folded && self.miraiLatin) {
      var typed = {};
      query.toLowerCase().split(/[^\p{L}\p{N}]+/u).forEach(function (word) { typed[word] = true; });
      var extra = self.miraiLatin.searchTerms(query, settings.lang).filter(function (term, i, all) {
        return !typed[term] && all.indexOf(term) === i;
      });
      if (extra.length) query = query + " " + extra.join(" ");
    }
    return query;
  }

  function forStatus(doc, status) {
    return !status || !doc.statuses || doc.statuses.length === 0 || doc.statuses.indexOf(status) >= 0;
  }

  function install(settings) {
    var loaded = false;
    var status = "";
    var lastQuery = null;
    var send = self.postMessage.bind(self);
    self.postMessage = function (message) {
      if (message && message.type === RESULT && status && message.data && message.data.items) {
        message.data.items = message.data.items.filter(function (group) { return forStatus(group[0], status); });
      }
      send(message);
    };
    // Registered before Material's listener, so Material sees the changed query.
    self.addEventListener("message", function (event) {
      var message = event.data;
      if (message && message.type === SETUP && settings.words) learnWords(message.data);
      if (message && message.type === QUERY && typeof message.data === "string") {
        if (!loaded && message.data.trim()) {  // the word rules, once someone types (offline: cached)
          if (settings.scripts && settings.scripts.length) importScripts.apply(self, settings.scripts);
          loaded = true;
        }
        lastQuery = message.data;
        message.data = transform(message.data, settings);
      }
    });
    if ("BroadcastChannel" in self) {
      new BroadcastChannel("mirai-search").onmessage = function (event) {
        status = (event.data && event.data.status) || "";
        if (lastQuery !== null) {
          self.dispatchEvent(new MessageEvent("message", { data: { type: QUERY, data: lastQuery } }));
        }
      };
    }
  }

  self.miraiSearch = { transform: transform, install: install };
})();
