/* Accent folding and light Tagalog/Indonesian stemming of the reader's query, exactly as
   the build treated the pages' hidden search fields. The rules, their reasons and examples
   are documented in src/mirai/search/latin.py, the reference; data/search/latin-cases.yml
   holds the vectors both implementations must pass. Plain JavaScript, no imports: works in
   a page and in a Web Worker via importScripts. (\p{...} needs a 2018+ engine.) */
(function () {
  "use strict";

  // ------------------------------------------------------------------------- folding
  var SPECIAL = { "đ": "d", "ð": "d", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ı": "i" };
  var SPECIAL_RE = new RegExp("[" + Object.keys(SPECIAL).join("") + "]", "g");
  // marks are dropped only after a Latin letter; on other scripts they stay
  var MARKS_AFTER_LATIN = /([a-z\u00c0-\u024f\u1e00-\u1eff])[\u0300-\u036f]+/g;
  var FULLWIDTH = /[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g; // fullwidth letters, digits
  var WORD = /[\p{L}\p{M}\p{N}]+/gu;
  var ASCII_WORD = /^[a-z]+$/;

  function fold(text) {
    return String(text)
      .replace(FULLWIDTH, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xfee0); })
      .toLowerCase().normalize("NFD")
      .replace(SPECIAL_RE, function (c) { return SPECIAL[c]; })
      .replace(MARKS_AFTER_LATIN, "$1")
      .normalize("NFC");
  }

  function searchTerms(text, lang) {
    var words = fold(text).match(WORD) || [];
    var stem = lang === "tl" ? stemTl : lang === "id" ? stemId : null;
    return stem ? words.map(stem) : words;
  }

  // ------------------------------------------------------------------------- shared
  function set(words) {
    var s = new Set();
    words.trim().split(/\s+/).forEach(function (w) { s.add(w); });
    return s;
  }
  function vowel(c) { return typeof c === "string" && c.length === 1 && "aeiou".indexOf(c) >= 0; }
  function vowels(s) { var n = 0; for (var i = 0; i < s.length; i++) if (vowel(s[i])) n++; return n; }
  function endsWithAny(s, list) { return list.some(function (e) { return s.endsWith(e); }); }
  function startsWithAny(s, list) { return list.some(function (e) { return s.startsWith(e); }); }

  var NAMES = set("nagano nagasaki nagoya narita minato minami iwate inagi tatami matahara reikin " +
    "kanrinin hansokukin tsukin sumimasen nenkin kokumin ikusei iinkai fudosan " +
    "manager minister ministry metropolitan entertain korean indonesian memorandum " +
    "disabilitas manual maternal humanities");

  // ------------------------------------------------------------------------- Tagalog
  var TL_KEEP = set("isang ibang ilang itong iyong inyong ilalim ikalawa ikatlo ikaapat ilegal " +
    "lalaki mamaya totoo maaari mayroon magkaroon nagkaroon nagkakaroon luma kailan " +
    "kailangan kailanman magkano magulang kinatawan kinalaman pinuno binata tinapay " +
    "sinehan tingin patingin hangin pangalan kasalanan tahanan paraan tungkulin " +
    "anuman sinuman kaninuman alinman sumite maneho hinahon nasyonalidad materyales " +
    "minimum minuto numero");
  var TL_FOREIGN = /[cfjqvxz]|th|sh|ee|tion|sion|ment/;
  var TL_PREFIXES = [
    ["pakikipag", "C"], ["makakapag", "C"], ["nakakapag", "C"], ["makapag", "C"],
    ["nakapag", "C"], ["makipag", "C"], ["nakipag", "C"], ["ipinag", "C"], ["pinaka", "A"],
    ["napaka", "A"], ["makaka", "A"], ["nakaka", "A"], ["pagka", "A"], ["magka", "A"],
    ["nagka", "A"], ["ipag", "C"], ["pinag", "C"], ["maka", "A"], ["naka", "A"],
    ["mag", "C"], ["nag", "C"], ["pag", "C"], ["mai", "C"], ["nai", "C"], ["ma", "A"],
    ["na", "A"], ["um", "V"], ["in", "V"], ["i", "C"]];
  var TL_CODA = /[aeiou](ng|[^aeiou])?$/;
  var TL_FINAL_U = /u(ng|[^aeiou])?$/;

  function tlOk(s) { return s.length >= 4 && vowels(s) >= 2; }

  function tlKeep(w) {
    if (TL_KEEP.has(w) || NAMES.has(w)) return true;
    if (w.endsWith("ng") && TL_KEEP.has(w.slice(0, -2))) return true;
    return w.endsWith("g") && w.slice(0, -1).endsWith("n") && TL_KEEP.has(w.slice(0, -1));
  }

  function tlStartsSyllable(s, kind) {
    if (!tlOk(s)) return false;
    if (vowel(s[0])) return kind === "A" || kind === "V";
    return (kind === "A" || kind === "C") &&
      (vowel(s[1]) || ("bdgkpst".indexOf(s[0]) >= 0 && "lrwy".indexOf(s[1]) >= 0));
  }

  function tlPrefix(w) {
    for (var i = 0; i < TL_PREFIXES.length; i++) {
      var prefix = TL_PREFIXES[i][0], kind = TL_PREFIXES[i][1];
      var rest = w.slice(prefix.length);
      if (!w.startsWith(prefix) || !tlStartsSyllable(rest, kind)) continue;
      if ((prefix === "i" || prefix === "mai" || prefix === "nai") && endsWithAny(w, ["an", "in"])) continue;
      if (prefix === "in" && w.endsWith("in")) continue;
      if (prefix === "in" && rest[0] === "i" && !endsWithAny(rest, ["an", "in"]) &&
          tlStartsSyllable(rest.slice(1), "C")) {
        return ["ini", rest.slice(1)];
      }
      return [prefix, rest];
    }
    return ["", w];
  }

  function tlInfix(s, infixes) {
    if (s.length >= 4 && !vowel(s[0]) && infixes.indexOf(s.slice(1, 3)) >= 0 && vowel(s[3]) &&
        tlOk(s[0] + s.slice(3)) && !(s.slice(1, 3) === "in" && s.endsWith("in"))) {
      return s[0] + s.slice(3);
    }
    return s;
  }

  function tlRedup(s) {
    if (s.length >= 2 && vowel(s[0]) && s[1] === s[0] && tlOk(s.slice(1))) return s.slice(1);
    if (s.length >= 4 && !vowel(s[0]) && vowel(s[1])) {
      var rest = s.slice(2), second = rest[1], first = "";
      for (var i = 0; i < rest.length; i++) if (vowel(rest[i])) { first = rest[i]; break; }
      if (rest[0] === s[0] && (vowel(second) || "lrwy".indexOf(second) >= 0) && first === s[1] &&
          tlOk(rest)) {
        return rest;
      }
    }
    return s;
  }

  function tlRecode(stem) {
    if (stem[stem.length - 1] === "r" && vowel(stem[stem.length - 2])) stem = stem.slice(0, -1) + "d";
    var m = TL_FINAL_U.exec(stem);
    if (m) stem = stem.slice(0, m.index) + "o" + stem.slice(m.index + 1);
    return stem;
  }

  function tlSuffix(s) {
    if (endsWithAny(s, ["han", "hin"]) && s.length >= 4 && vowel(s[s.length - 4]) &&
        tlOk(s.slice(0, -3))) {
      return tlRecode(s.slice(0, -3));
    }
    if (endsWithAny(s, ["an", "in"]) && tlOk(s.slice(0, -2)) && TL_CODA.test(s.slice(0, -2))) {
      return tlRecode(s.slice(0, -2));
    }
    return s;
  }

  function stemTl(word) {
    if (word.length < 5 || !ASCII_WORD.test(word) || tlKeep(word) || TL_FOREIGN.test(word)) return word;
    var found = tlPrefix(word), prefix = found[0], s = found[1];
    if ((prefix === "pinaka" || prefix === "napaka") && s.startsWith("ma")) {
      found = tlPrefix(s); prefix = found[0]; s = found[1];
    }
    if (prefix === "") s = tlInfix(s, ["um", "in"]);
    else if (prefix === "i") s = tlInfix(s, ["in"]);
    var steps = [tlRedup, tlSuffix];
    for (var i = 0; i < steps.length; i++) {
      if (tlKeep(s)) return s;
      s = steps[i](s);
    }
    return s;
  }

  // ------------------------------------------------------------------------- Indonesian
  var ID_KEEP_LIST = ("beranda berangkat mereka terampil terjemah pegang peserta pesawat pedoman " +
    "pedang penjara pengacara dingin digital direktori dialog disiplin tangan dengan jangan " +
    "halaman kemudian desakan pelihara pengaruh terobos tandatangan").split(" ");
  var ID_KEEP = new Set(ID_KEEP_LIST);
  var ID_PARTICLE_ROOTS = ["sekolah", "masalah", "jumlah", "istilah", "salah", "telah", "kalah",
    "olah", "lelah", "belah", "pilah", "milah", "celah", "langkah", "nikah", "ampun", "himpun"];
  var ID_POSSESSIVE_ROOTS = ["tanya", "punya", "hanya", "buku", "paku", "suku", "kuku", "temu", "ilmu"];
  var ID_M_ROOTS = ["minta", "milik", "masak", "masuk", "makan", "muat", "mungkin", "mulai",
    "minum", "mandi", "main", "marah", "malu", "mati", "mohon", "mundur", "maaf", "mimpi",
    "merah", "mudah", "muda", "magang"];
  var ID_N_ROOTS = ["nikah", "nilai", "nasihat", "naik", "nanti", "nomor"];
  var ID_NY_ROOTS = ["nyata", "nyala", "nyanyi", "nyaman", "nyawa"];
  var ID_K_ROOTS = ["kirim", "kerja", "kembali", "kembang", "kenal", "kena", "kelola", "kemudi",
    "kendali", "kendara", "kering", "kecuali", "kumpul", "kurang", "kurung", "kuasa", "kucil",
    "ketuk", "kekang", "ketahu"];
  var ID_R_ROOTS = set("rencana rupa risiko rasa");
  var ID_I_ROOTS = set("ganti henti nanti kembali kemudi");
  var ID_SE_MEASURES = set("hari minggu bulan tahun kali");
  var ID_CLUSTERS = ["tr", "pr", "kr", "gr", "br", "dr", "bl", "pl", "kl", "gl", "fl", "fr",
    "ny", "ng", "kh", "sy"];
  var ID_DISALLOWED = set("di/an ke/kan ke/ me/an pe/kan ter/an se/kan");
  var ID_NASALS = [["ny", "", "s", "ny", ID_NY_ROOTS], ["ng", "ghkq", "", "k", ID_K_ROOTS],
    ["m", "bfvp", "p", "m", ID_M_ROOTS], ["n", "cdjz", "t", "n", ID_N_ROOTS]];
  var CER_C = /^[^aeiou]er[^aeiou]/;

  function idValid(stem) {
    if (stem.length < 3 || (stem.length === 3 && !vowel(stem[0])) || vowels(stem) < 2) return false;
    if (!(vowel(stem[0]) || vowel(stem[1]) || ID_CLUSTERS.indexOf(stem.slice(0, 2)) >= 0)) return false;
    return vowel(stem[stem.length - 1]) || vowel(stem[stem.length - 2]) || stem.endsWith("ng");
  }

  function idStripEnd(word, endings, roots) {
    for (var i = 0; i < endings.length; i++) {
      var end = endings[i], rest = word.slice(0, -end.length);
      if (!word.endsWith(end) || !idValid(rest)) continue;
      if ((end === "ku" || end === "mu") && "ao".indexOf(rest[rest.length - 1]) >= 0) continue;
      if (roots.some(function (r) { return word.endsWith(r) && word.length - r.length <= 4; })) continue;
      return rest;
    }
    return word;
  }

  function idNasal(head, n) {
    for (var i = 0; i < ID_NASALS.length; i++) {
      var nasal = ID_NASALS[i][0], kept = ID_NASALS[i][1], usual = ID_NASALS[i][2],
        lost = ID_NASALS[i][3], roots = ID_NASALS[i][4];
      if (n.startsWith(nasal)) {
        var rest = n.slice(nasal.length);
        if (rest && kept.indexOf(rest[0]) >= 0) return rest;
        if (rest && vowel(rest[0])) return startsWithAny(lost + rest, roots) ? lost + rest : usual + rest;
        return null;
      }
    }
    if (n && "lrwy".indexOf(n[0]) >= 0 && (head === "me" || n[0] !== "r")) {
      return head === "pe" && n.startsWith("lajar") ? n.slice(1) : n;
    }
    if (head === "pe" && CER_C.test(n)) return n;
    return null;
  }

  function idPrefix(w) {
    if (w.startsWith("di")) return ["di", w.slice(2)];
    if (w.startsWith("ber") || w.startsWith("ter")) {
      var rest = w.slice(3);
      if (rest && vowel(rest[0])) {
        if (ID_R_ROOTS.has("r" + rest)) return [w.slice(0, 3), "r" + rest];
        if (rest[0] === "i" || rest.length < 4) return null;
      }
      return [w.slice(0, 3), rest];
    }
    if (w.startsWith("belajar")) return ["ber", w.slice(3)];
    if (w.startsWith("be") && CER_C.test(w.slice(2))) return ["be", w.slice(2)];
    if (w.startsWith("ke")) return ["ke", w.slice(2)];
    if (w.startsWith("se") && ID_SE_MEASURES.has(w.slice(2))) return ["se", w.slice(2)];
    if (w.startsWith("me") || w.startsWith("pe")) {
      var root = idNasal(w.slice(0, 2), w.slice(2));
      return root !== null ? [w.slice(0, 2), root] : null;
    }
    return null;
  }

  function idReading(base, suffix) {
    if (startsWithAny(base, ID_KEEP_LIST)) return null;
    var found = idPrefix(base);
    if (!found) return null;
    var kind = found[0], stem = found[1];
    if (ID_DISALLOWED.has(kind + "/" + suffix) || (suffix === "i" && kind !== "me" && kind !== "di")) return null;
    if (suffix === "" && /[^aeiou]kan$/.test(stem)) return null;
    if ((kind === "di" || kind === "me" || kind === "pe" || kind === "ter") && stem.startsWith("ber") &&
        stem.length > 3 && !vowel(stem[3]) && stem[3] !== "r" && idValid(stem.slice(3))) {
      stem = stem.slice(3);
    }
    return idValid(stem) ? stem : null;
  }

  function stemId(word) {
    if (word.length < 5 || !ASCII_WORD.test(word) || ID_KEEP.has(word) || NAMES.has(word)) return word;
    var w = idStripEnd(word, ["lah", "kah", "pun"], ID_PARTICLE_ROOTS);
    w = idStripEnd(w, ["nya", "ku", "mu"], ID_POSSESSIVE_ROOTS);
    if (ID_KEEP.has(w) || NAMES.has(w)) return w;
    var suffixes;
    if (w.endsWith("kan")) suffixes = ["kan", "an"];
    else if (w.endsWith("an")) suffixes = ["an"];
    else if (w.endsWith("i") && (!vowel(w[w.length - 2]) || w[w.length - 2] === "u") &&
             !ID_I_ROOTS.has(idReading(w, ""))) suffixes = ["i"];
    else suffixes = [];
    var options = suffixes.concat([""]);
    for (var i = 0; i < options.length; i++) {
      var stem = idReading(w.slice(0, w.length - options[i].length), options[i]);
      if (stem) return stem;
    }
    if (suffixes.length && suffixes[0] !== "i" && idValid(w.slice(0, -suffixes[0].length))) {
      return w.slice(0, -suffixes[0].length);
    }
    return w;
  }

  self.miraiLatin = { fold: fold, stemTl: stemTl, stemId: stemId, searchTerms: searchTerms };
})();
