"""Accent folding and light Tagalog/Indonesian stemming for the hidden search fields.

At build time every search document gets extra fields holding `search_terms(text, lang)`;
in the browser docs/assets/mirai/search/latin.js applies the very same functions to the
reader's query (data/search/latin-cases.yml holds the vectors both must pass). So
"luong toi thieu" meets "lương tối thiểu", "salario minimo" meets "salário mínimo",
"rosai" meets "rōsai", and Tagalog/Indonesian inflected forms meet their root.

Both sides of a match go through the same function, so a stem only has to be consistent,
not a dictionary word; what must not happen is two unrelated words getting one stem.
Hence the stemmers under-stem on purpose: where a form is ambiguous without a root
dictionary the affix stays on, and the keep lists hold real words that look inflected.
"""
from __future__ import annotations

import re
import unicodedata

# ---------------------------------------------------------------------------- folding

# Latin letters that carry their mark in the letter itself, so NFD leaves them whole.
_SPECIAL = {"đ": "d", "ð": "d", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ı": "i"}
_SPECIAL_RE = re.compile("[" + "".join(_SPECIAL) + "]")
# Combining marks (U+0300-U+036F) are dropped only after a Latin letter: a mark on a
# Cyrillic, Greek or other base belongs to that script and stays.
_MARKS_AFTER_LATIN = re.compile("([a-z\u00c0-\u024f\u1e00-\u1eff])[\u0300-\u036f]+")
# Fullwidth Latin letters and digits, as a Japanese keyboard types "ＳＳＷ", are ASCII ones
# (fullwidth punctuation such as （ ） is Japanese typography and stays).
_FULLWIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def fold(text: str) -> str:
    """Lower case, Latin diacritics removed (đ -> d, ñ -> n, ō -> o, ＳＳＷ -> ssw); other
    scripts are kept as they are (NFC).

    >>> fold("Lương TỐI THIỂU, salário mínimo, rōsai, 在留カード")
    'luong toi thieu, salario minimo, rosai, 在留カード'
    """
    text = _FULLWIDTH.sub(lambda m: chr(ord(m.group()) - 0xFEE0), text)
    text = unicodedata.normalize("NFD", text.lower())
    text = _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group()], text)
    text = _MARKS_AFTER_LATIN.sub(r"\1", text)
    return unicodedata.normalize("NFC", text)


def _words(text: str) -> list[str]:
    """Runs of letters, combining marks and digits (Unicode categories L, M, N).

    Marks count as word characters so that Burmese, Thai or Devanagari words are not cut
    at their vowel signs; the JS uses /[\\p{L}\\p{M}\\p{N}]+/gu, the same classes.
    """
    words, current = [], []
    for ch in text:
        if unicodedata.category(ch)[0] in "LMN":
            current.append(ch)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def search_terms(text: str, lang: str) -> list[str]:
    """The folded words of `text`; for Tagalog ("tl") and Indonesian ("id") their stems."""
    words = _words(fold(text))
    stem = {"tl": stem_tl, "id": stem_id}.get(lang)
    return [stem(w) for w in words] if stem else words


# ---------------------------------------------------------------------------- shared

_ASCII_WORD = re.compile("[a-z]+")

# Japanese words (romaji, place names) and English loans on the tl/id pages that the
# rules would cut (nagano is not na+gano, taishoku not taisho+ku, manager not ma+nager).
_NAMES = frozenset("""
    nagano nagasaki nagoya narita minato minami iwate inagi tatami matahara reikin
    kanrinin hansokukin tsukin sumimasen nenkin kokumin ikusei iinkai fudosan
    manager minister ministry metropolitan entertain korean indonesian memorandum
    disabilitas manual maternal humanities
""".split())


def _vowel(ch: str) -> bool:
    return ch in "aeiou"


def _vowels(s: str) -> int:
    return sum(1 for ch in s if ch in "aeiou")


# ---------------------------------------------------------------------------- Tagalog

# Tagalog words that look inflected but are roots or set words: ilang "how many" is not
# i+lang "only", lumang "old" not l-um-ang, paraan "way" not para+an "for", kinatawan
# "representative" not k-in-atawan "body", lalaki "man" not la+laki "size". A linked
# form (isang, kailangang) is kept too, and the list is checked again after each step.
_TL_KEEP = frozenset("""
    isang ibang ilang itong iyong inyong ilalim ikalawa ikatlo ikaapat ilegal
    lalaki mamaya totoo maaari mayroon magkaroon nagkaroon nagkakaroon luma kailan
    kailangan kailanman magkano magulang kinatawan kinalaman pinuno binata tinapay
    sinehan tingin patingin hangin pangalan kasalanan tahanan paraan tungkulin
    anuman sinuman kaninuman alinman sumite maneho hinahon nasyonalidad materyales
    minimum minuto numero
""".split())

# Letters and digraphs native Tagalog spelling does not use: such words are English,
# Spanish or Japanese romaji (overtime, contract, shikaku) and are left as they are.
_TL_FOREIGN = re.compile("[cfjqvxz]|th|sh|ee|tion|sion|ment")

# Prefixes, longest first, with what must follow them:
#   "C"  a consonant then a vowel (or a stop + l/r/w/y: magtrabaho). Before a vowel these
#        prefixes are written with a hyphen (mag-aral), which search_terms splits off;
#   "A"  a vowel, or as for "C";
#   "V"  a vowel: um-/in- are the infixes, written as prefixes before a vowel (umalis).
# pa- and ka- are NOT prefixes here: pa- makes stems of its own (magpadala, ipinadala and
# nagpapadala all meet at padala) and ka- is too often part of the root or lexicalised
# (kailangan, karapatan, kasama, kapatid).
_TL_PREFIXES = (
    ("pakikipag", "C"), ("makakapag", "C"), ("nakakapag", "C"), ("makapag", "C"),
    ("nakapag", "C"), ("makipag", "C"), ("nakipag", "C"), ("ipinag", "C"), ("pinaka", "A"),
    ("napaka", "A"), ("makaka", "A"), ("nakaka", "A"), ("pagka", "A"), ("magka", "A"),
    ("nagka", "A"), ("ipag", "C"), ("pinag", "C"), ("maka", "A"), ("naka", "A"),
    ("mag", "C"), ("nag", "C"), ("pag", "C"), ("mai", "C"), ("nai", "C"), ("ma", "A"),
    ("na", "A"), ("um", "V"), ("in", "V"), ("i", "C"),
)


def _tl_ok(s: str) -> bool:
    """What a rule may leave: 4+ letters and 2+ syllables (Tagalog roots have two)."""
    return len(s) >= 4 and _vowels(s) >= 2


def _tl_keep(word: str) -> bool:
    if word in _TL_KEEP or word in _NAMES:
        return True
    if word.endswith("ng") and word[:-2] in _TL_KEEP:      # isang = isa + linker -ng
        return True
    return word.endswith("g") and word[:-1].endswith("n") and word[:-1] in _TL_KEEP


def _tl_starts_syllable(s: str, kind: str) -> bool:
    """Whether `s` may follow a prefix of this kind (see _TL_PREFIXES)."""
    if not _tl_ok(s):
        return False
    if _vowel(s[0]):
        return kind in "AV"
    return kind in "AC" and (_vowel(s[1]) or (s[0] in "bdgkpst" and s[1] in "lrwy"))


def _tl_prefix(word: str) -> tuple[str, str]:
    for prefix, kind in _TL_PREFIXES:
        rest = word[len(prefix):]
        if not word.startswith(prefix) or not _tl_starts_syllable(rest, kind):
            continue
        # i-, mai-, nai- verbs take no -an/-in, so iwasan, isipin, ipunin are iwas, isip,
        # ipon + suffix; and in- never meets -in (inumin is inom + -in).
        if prefix in ("i", "mai", "nai") and word.endswith(("an", "in")):
            continue
        if prefix == "in" and word.endswith("in"):
            continue
        if prefix == "in" and rest[0] == "i" and not rest.endswith(("an", "in")) \
                and _tl_starts_syllable(rest[1:], "C"):
            return "ini", rest[1:]                           # inilabas = in + i + labas
        return prefix, rest
    return "", word


def _tl_infix(s: str, infixes: tuple[str, ...]) -> str:
    """-um- or -in- after the first consonant: lumipat -> lipat, tinanggal -> tanggal."""
    if len(s) >= 4 and not _vowel(s[0]) and s[1:3] in infixes and _vowel(s[3]) \
            and _tl_ok(s[0] + s[3:]) and not (s[1:3] == "in" and s.endswith("in")):
        return s[0] + s[3:]                                # (-in- and -in never co-occur)
    return s


def _tl_redup(s: str) -> str:
    """The first syllable said twice: lilipat -> lipat, tatrabaho -> trabaho, aalis -> alis."""
    if len(s) >= 2 and _vowel(s[0]) and s[1] == s[0] and _tl_ok(s[1:]):
        return s[1:]
    if len(s) >= 4 and not _vowel(s[0]) and _vowel(s[1]):
        rest = s[2:]
        second = rest[1]
        first_vowel = next((c for c in rest if _vowel(c)), "")
        if rest[0] == s[0] and (_vowel(second) or second in "lrwy") and first_vowel == s[1] \
                and _tl_ok(rest):
            return rest
    return s


_TL_CODA = re.compile("[aeiou](ng|[^aeiou])?$")    # a root ends in a vowel + one consonant


def _tl_recode(stem: str) -> str:
    """Undo the sound changes a suffix causes: bayar(an) -> bayad, tulung(an) -> tulong."""
    if stem[-1] == "r" and _vowel(stem[-2]):
        stem = stem[:-1] + "d"                           # d between vowels is spelt r
    m = re.search("u(ng|[^aeiou])?$", stem)
    if m:                                                # final-syllable o is spelt u
        stem = stem[:m.start()] + "o" + stem[m.start() + 1:]    # before a suffix
    return stem


def _tl_suffix(s: str) -> str:
    """-han/-hin after a vowel (basahin -> basa), else -an/-in (alisin -> alis)."""
    if s.endswith(("han", "hin")) and len(s) >= 4 and _vowel(s[-4]) and _tl_ok(s[:-3]):
        return _tl_recode(s[:-3])
    if s.endswith(("an", "in")) and _tl_ok(s[:-2]) and _TL_CODA.search(s[:-2]):
        return _tl_recode(s[:-2])
    return s


def stem_tl(word: str) -> str:
    """A light Tagalog stem of one folded lower-case word.

    Steps, each at most once and in this order; a step only applies if it leaves 4+
    letters and 2+ syllables, and the keep list is checked again after each:
      1. one prefix from _TL_PREFIXES: paglipat -> lipat, magpadala -> padala,
         nakapagbayad -> bayad, pagkatanggal -> tanggal, ibigay -> bigay,
         umalis -> alis, inaresto -> aresto, inilabas -> labas; after pinaka-/napaka-
         also ma-: pinakamahalaga -> halaga;
      2. after no prefix, the infix -um-/-in- after the first consonant (lumipat -> lipat,
         binayaran -> bayaran); after i-, only -in- (ipinadala -> padala);
      3. CV (or V) reduplication: lilipat -> lipat, magbabayad -> bayad,
         nagtatrabaho -> trabaho, lumilipat -> lipat, aalis -> alis;
      4. one suffix -han/-hin after a vowel, or -an/-in after a root-like ending, then
         r -> d and final-syllable u -> o: bayaran -> bayad, kaltasin -> kaltas,
         tanungin -> tanong, tulungan -> tulong, basahin -> basa.
    Untouched: words under 5 letters (bayad, mga), the keep lists, and words spelt with
    c f j q v x z / th sh ee tion sion ment (overtime, contract, shikaku, payment).
    """
    if len(word) < 5 or not _ASCII_WORD.fullmatch(word) or _tl_keep(word) \
            or _TL_FOREIGN.search(word):
        return word
    prefix, s = _tl_prefix(word)
    if prefix in ("pinaka", "napaka") and s.startswith("ma"):
        prefix, s = _tl_prefix(s)                        # pinakamahalaga -> halaga
    if prefix == "":
        s = _tl_infix(s, ("um", "in"))
    elif prefix == "i":
        s = _tl_infix(s, ("in",))
    for step in (_tl_redup, _tl_suffix):
        if _tl_keep(s):
            return s
        s = step(s)
    return s


# ---------------------------------------------------------------------------- Indonesian

# Roots the rules would cut into another word: beranda "porch" is not ber+anda "you",
# berangkat "leave" not ber+angkat "lift", mereka "they" not me+reka, tangan "hand" not
# tang+an, desakan "pressure" not desa+kan. A word that starts with one of them gets no
# prefix reading (pesawatnya, terjemahan, pegangan keep the root whole).
_ID_KEEP = frozenset("""
    beranda berangkat mereka terampil terjemah pegang peserta pesawat pedoman pedang
    penjara pengacara dingin digital direktori dialog disiplin tangan dengan jangan
    halaman kemudian desakan pelihara pengaruh terobos tandatangan
""".split())
# Roots that end like a particle or a possessive: jumlah is not jum+lah, bertanya not
# berta+nya. The ending stays when the word is the root or a prefix (4 letters at most)
# plus the root. -ku/-mu never come off after a or o: renraku, kazoku, aku, kamu.
_ID_PARTICLE_ROOTS = ("sekolah", "masalah", "jumlah", "istilah", "salah", "telah", "kalah",
                      "olah", "lelah", "belah", "pilah", "milah", "celah", "langkah",
                      "nikah", "ampun", "himpun")
_ID_POSSESSIVE_ROOTS = ("tanya", "punya", "hanya", "buku", "paku", "suku", "kuku", "temu",
                        "ilmu")
# meN-/peN- drop the first consonant of a root (menulis = meN + tulis) but keep a nasal
# one (meminta = meN + minta); telling them apart needs a dictionary. We restore the
# usual letter (p, t, s; nothing before a vowel after meng-) unless the result begins
# with one of these roots from the site, which go the other way.
_ID_M_ROOTS = ("minta", "milik", "masak", "masuk", "makan", "muat", "mungkin", "mulai",
               "minum", "mandi", "main", "marah", "malu", "mati", "mohon", "mundur", "maaf",
               "mimpi", "merah", "mudah", "muda", "magang")
_ID_N_ROOTS = ("nikah", "nilai", "nasihat", "naik", "nanti", "nomor")
_ID_NY_ROOTS = ("nyata", "nyala", "nyanyi", "nyaman", "nyawa")
_ID_K_ROOTS = ("kirim", "kerja", "kembali", "kembang", "kenal", "kena", "kelola", "kemudi",
               "kendali", "kendara", "kering", "kecuali", "kumpul", "kurang", "kurung",
               "kuasa", "kucil", "ketuk", "kekang", "ketahu")   # ketahu(i): mengetahui
_ID_R_ROOTS = frozenset("rencana rupa risiko rasa".split())     # ber-/ter- + r: berupa
_ID_I_ROOTS = frozenset("ganti henti nanti kembali kemudi".split())  # their i is the root's
_ID_SE_MEASURES = frozenset("hari minggu bulan tahun kali".split())  # sebulan, setahun
_ID_CLUSTERS = ("tr", "pr", "kr", "gr", "br", "dr", "bl", "pl", "kl", "gl", "fl", "fr",
                "ny", "ng", "kh", "sy")
# Prefix + suffix pairs Indonesian does not form (after Nazief & Adriani): kebanyakan is
# ke-...-an, not ke-...-kan; ditahan is di- + tahan, not di-...-an; ke- never stands alone.
_ID_DISALLOWED = frozenset({("di", "an"), ("ke", "kan"), ("ke", ""), ("me", "an"),
                            ("pe", "kan"), ("ter", "an"), ("se", "kan")})


def _id_valid(stem: str) -> bool:
    """A plausible Indonesian root: 2+ syllables, 4+ letters (3 if it starts with a vowel:
    isi, ada), a possible first syllable, no final consonant cluster but -ng."""
    if len(stem) < 3 or (len(stem) == 3 and not _vowel(stem[0])) or _vowels(stem) < 2:
        return False
    if not (_vowel(stem[0]) or _vowel(stem[1]) or stem[:2] in _ID_CLUSTERS):
        return False
    return _vowel(stem[-1]) or _vowel(stem[-2]) or stem.endswith("ng")


def _id_strip_end(word: str, endings: tuple[str, ...], roots: tuple[str, ...]) -> str:
    for end in endings:
        rest = word[:-len(end)]
        if not word.endswith(end) or not _id_valid(rest):
            continue
        if end in ("ku", "mu") and rest[-1] in "ao":
            continue
        if any(word.endswith(r) and len(word) - len(r) <= 4 for r in roots):
            continue
        return rest
    return word


def _id_nasal(head: str, n: str) -> str | None:
    """The root after meN-/peN- (`n` is the word after me/pe): menulis -> tulis,
    memukul -> pukul, mengambil -> ambil, mengirim -> kirim, menyapu -> sapu."""
    for nasal, kept, usual, lost, roots in (("ny", "", "s", "ny", _ID_NY_ROOTS),
                                            ("ng", "ghkq", "", "k", _ID_K_ROOTS),
                                            ("m", "bfvp", "p", "m", _ID_M_ROOTS),
                                            ("n", "cdjz", "t", "n", _ID_N_ROOTS)):
        if n.startswith(nasal):
            rest = n[len(nasal):]
            if rest[:1] and rest[0] in kept:
                return rest                            # membayar, mencari, menghitung
            if rest[:1] and _vowel(rest[0]):
                return lost + rest if (lost + rest).startswith(roots) else usual + rest
            return None
    if n[:1] and n[0] in "lrwy" and (head == "me" or n[0] != "r"):
        return n[1:] if head == "pe" and n.startswith("lajar") else n   # melapor; pelajar
    if head == "pe" and re.match("[^aeiou]er[^aeiou]", n):
        return n                                       # pekerja = pe + kerja
    return None


def _id_prefix(w: str) -> tuple[str, str] | None:
    """(kind, rest) for the prefix of `w`: di ter ber be ke se me pe; per- never counts."""
    if w.startswith("di"):
        return "di", w[2:]
    if w.startswith(("ber", "ter")):
        rest = w[3:]
        if rest[:1] and _vowel(rest[0]):               # berV is ber-V or be-rV
            if "r" + rest in _ID_R_ROOTS:
                return w[:3], "r" + rest               # berupa -> rupa, terasa -> rasa
            if rest[0] == "i" or len(rest) < 4:        # beri(kan), berita, berapa, terima
                return None
        return w[:3], rest
    if w.startswith("belajar"):
        return "ber", w[3:]
    if w.startswith("be") and re.match("[^aeiou]er[^aeiou]", w[2:]):
        return "be", w[2:]                             # bekerja, bepergian
    if w.startswith("ke"):
        return "ke", w[2:]
    if w.startswith("se") and w[2:] in _ID_SE_MEASURES:
        return "se", w[2:]
    if w.startswith(("me", "pe")):
        rest = _id_nasal(w[:2], w[2:])
        return (w[:2], rest) if rest is not None else None
    return None


def _id_reading(base: str, suffix: str) -> str | None:
    """The root if `base` + `suffix` reads as prefix + root + suffix, else None."""
    if base.startswith(tuple(_ID_KEEP)):
        return None
    found = _id_prefix(base)
    if not found:
        return None
    kind, stem = found
    if (kind, suffix) in _ID_DISALLOWED or (suffix == "i" and kind not in ("me", "di")):
        return None
    if suffix == "" and re.search("[^aeiou]kan$", stem):
        return None                                    # bersihkan: -kan it is, not ber-
    # a second prefix ber- before a consonant: pemberhentian -> berhenti -> henti
    if kind in ("di", "me", "pe", "ter") and stem.startswith("ber") and len(stem) > 3 \
            and not _vowel(stem[3]) and stem[3] != "r" and _id_valid(stem[3:]):
        stem = stem[3:]
    return stem if _id_valid(stem) else None


def stem_id(word: str) -> str:
    """A light Indonesian stem of one folded lower-case word (after Nazief & Adriani).

    1. particle -lah/-kah/-pun (mintalah -> minta), then possessive -nya/-ku/-mu
       (gajinya -> gaji), unless the word ends in a root like sekolah, jumlah, tanya;
    2. one suffix -kan/-an/-i with one prefix (plus ber- after di-/meN-/peN-/ter-); the
       first reading, in that order, that leaves a plausible root (_id_valid) wins:
         di-        dibayar -> bayar, dipotong -> potong, diperiksa -> periksa
         ter-       terlambat -> lambat, terakhir -> akhir
         ber-/be-   berbayar -> bayar, bekerja -> kerja, belajar -> ajar, berupa -> rupa
         ke-...-an  kecelakaan -> celaka, keterangan -> terang (never ke- alone: kerja)
         se-        only before hari/minggu/bulan/tahun/kali: sebulan -> bulan
         meN-       membayar -> bayar, memukul -> pukul, menulis -> tulis,
                    mengambil -> ambil, mengirim -> kirim, menyapu -> sapu, melapor -> lapor
         peN-       pembayaran -> bayar, pengiriman -> kirim, pekerjaan -> kerja,
                    pelayanan -> layan, pemberhentian -> henti
       -i only after meN-/di- and after a consonant or u (memakai, dimulai keep their
       i); per- is never removed (perlu, periksa, perpanjang stay whole); berV/terV need
       4 letters after the prefix and no i (berapa, berita, terima stay; berikan is
       beri + -kan by step 3);
    3. else the suffix alone: catatan -> catat, lakukan -> laku, keluarkan -> keluar.
    Untouched: words under 5 letters, the keep lists, and what the rules would cut below
    a plausible root (makan, bukan, minggu, dinas).
    """
    if len(word) < 5 or not _ASCII_WORD.fullmatch(word) or word in _ID_KEEP \
            or word in _NAMES:
        return word
    w = _id_strip_end(word, ("lah", "kah", "pun"), _ID_PARTICLE_ROOTS)
    w = _id_strip_end(w, ("nya", "ku", "mu"), _ID_POSSESSIVE_ROOTS)
    if w in _ID_KEEP or w in _NAMES:
        return w
    if w.endswith("kan"):
        suffixes = ("kan", "an")      # pendidikan, kebanyakan: the k may be the root's
    elif w.endswith("an"):
        suffixes = ("an",)
    elif w.endswith("i") and (not _vowel(w[-2]) or w[-2] == "u") \
            and _id_reading(w, "") not in _ID_I_ROOTS:
        suffixes = ("i",)             # but mengganti -> ganti
    else:
        suffixes = ()
    for suffix in suffixes + ("",):
        stem = _id_reading(w[:len(w) - len(suffix)], suffix)
        if stem:
            return stem
    if suffixes and suffixes[0] != "i" and _id_valid(w[:-len(suffixes[0])]):
        return w[:-len(suffixes[0])]
    return w
