/* Burmese (Myanmar Unicode) text cut into syllables for search: the reader's query is cut
   here exactly as the build cut the pages. The rules, with examples, are documented in
   src/mirai/search/myanmar.py, the reference; data/search/myanmar-cases.yml is shared by
   both test suites. Plain ES2017, no imports: works in a page and via importScripts. */
(function () {
  "use strict";
  var INVISIBLE = /[\u200b\u200c\u200d\ufeff]/g;
  var FULLWIDTH = /[\uff01-\uff5e]/g;
  var U_KILLED = /\u1025(?=\u1037?[\u103a\u1039])/g; // ဥ with asat/stacker is ဉ

  var C = "\u1000-\u1021"; // consonants
  var TOKEN = new RegExp(
    "[\u1040-\u1049]+" +                                                  // rule 7
    "|[0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]+" + // rule 8
    "|[" + C + "\u1023-\u102a\u103f\u104c-\u104f]" +                      // rules 1, 6, 10
    "(?:[\u102b-\u1038\u103a-\u103e]" +                                   // rule 5
    "|\u1039[" + C + "]?" +                                               // rules 3, 4
    "|[" + C + "](?=[\u103b-\u103e]*\u1037?[\u103a\u1039]))*",            // rule 2
    "g");

  function normalize(text) {
    return String(text)
      .replace(INVISIBLE, "")
      .replace(FULLWIDTH, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xfee0); })
      .normalize("NFC")
      .replace(U_KILLED, "\u1009");
  }

  function syllables(text) {
    return (String(text).match(TOKEN) || []).map(function (t) { return t.toLowerCase(); });
  }

  function tokens(text) {
    return syllables(normalize(text));
  }

  self.miraiMyanmar = { normalize: normalize, syllables: syllables, tokens: tokens };
})();
