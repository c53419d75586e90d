"""Burmese (Myanmar script, Unicode only, never Zawgyi) text cut into syllables for search.

Burmese puts no spaces between words, so the search index holds syllables: at build time
the page text is cut with `tokens`, and in the browser docs/assets/mirai/search/myanmar.js
cuts the reader's query with the very same rules (data/search/myanmar-cases.yml holds the
test vectors both implementations must pass). This module is the documented reference.

The rules follow the published, widely used approach of Ye Kyaw Thu's "sylbreak" regular
expression (github.com/ye-kyaw-thu/sylbreak; after Zin Maung Maung & Mikami, "A rule-based
syllable segmentation of Myanmar text", IJCNLP-08): a syllable starts at a consonant that
is neither stacked nor killed, or at an independent vowel or symbol. The code is our own.

`normalize` (safe changes only):
  * Drop U+200B ZERO WIDTH SPACE, U+200C ZWNJ, U+200D ZWJ, U+FEFF (invisible; ZWSP is
    often typed between Burmese words).
  * Fullwidth ASCII U+FF01-U+FF5E -> ASCII (a Japanese keyboard types "ＳＳＷ" for "SSW";
    these are compatibility equivalents, as NFKC would map them).
  * NFC. This composes ဥ + ီ (U+1025 U+102E) into ဦ (U+1026), and puts the dot below
    U+1037 before the asat U+103A (ccc 7 before ccc 9), whichever order it was typed in.
  * ဥ (U+1025 LETTER U) before an asat or U+1039 -> ဉ (U+1009 LETTER NYA): an independent
    vowel can never be killed or stacked, so "ယှဥ်" can only be a mistyped "ယှဉ်"
    (the same fix Zawgyi-to-Unicode converters such as Rabbit apply).
  Deliberately NOT changed, as they cannot be told apart safely: digit ၀ (U+1040) vs
  letter ဝ (U+101D), ၇ vs ရ, ၄ vs ၎, သြ vs ဩ, ဉ vs ဥ elsewhere, and character order.

`syllables` rules, each with a word from the site and its split:
  1. A consonant (U+1000-U+1021) starts a syllable: ဆေးရုံ -> ဆေး | ရုံ.
  2. ... unless it is killed: followed by the asat U+103A, or by U+1039. The final stays
     with the syllable before it: မင်း -> မင်း, နိုင်ငံ -> နိုင် | ငံ.
     Medials or the dot below may stand between a final and its asat (NFC text always
     has ့ before ်; loan words kill a consonant with a medial, like the ReSegment
     variant of sylbreak allows): ကြည့် -> ကြည့်, မက်ဆေ့ချ် -> မက် | ဆေ့ချ်.
  3. ... or stacked: preceded by the virama U+1039, it stays with the syllable of the
     consonant above it: ကမ္ဘာ -> ကမ္ဘာ, မန္တလေး -> မန္တ | လေး, သတ္တဝါ -> သတ္တ | ဝါ.
  4. Kinzi (U+1004 U+103A U+1039) is a killed nga plus a stacker, so by rules 2-3 it and
     the consonant under it stay with the syllable before: အင်္ဂလိပ် -> အင်္ဂ | လိပ်,
     သင်္ချိုင်း -> သင်္ချိုင်း.
  5. Medials (U+103B-U+103E), vowel signs, tone marks, anusvara, dot below and asat
     (U+102B-U+103E) never start a syllable: ကျောင်း, ပြည်, ရွာ, မှတ် are one each.
  6. Independent vowels (U+1023-U+102A) and the symbols ဿ U+103F, ၌ ၍ ၎ ၏ (U+104C-U+104F)
     start a syllable: ဥပဒေ -> ဥ | ပ | ဒေ, ဦး -> ဦး, ခရိုင်၏ -> ခ | ရိုင် | ၏.
  7. A run of Myanmar digits (U+1040-U+1049) is one token: ၁၂၃ -> ၁၂၃.
  8. A run of Latin letters and ASCII digits (A-Z, 0-9, Latin-1, Latin Extended-A/B and
     Additional) is one token, lower-cased: "SSW ဗီဇာ" -> ssw | ဗီ | ဇာ.
  9. Everything else separates tokens and is dropped: spaces, ၊ U+104A, ။ U+104B, ASCII
     and other punctuation, and also emoji, CJK and the non-Burmese letters of the
     Myanmar block (Shan, Mon, ...): "ဆေးရုံ 🏥" -> ဆေး | ရုံ. Searching Burmese pages
     by emoji or kanji is not a goal; the pages give romaji next to Japanese terms.
  10. A sign with no letter before it (after a space, say) is dropped, and a killed or
     stacked consonant with nothing to attach to starts its own syllable, so no text
     is lost and no syllable ever begins with a dependent sign.

Why our own: no public docs-search stack segments Myanmar. lunr-languages (the language
packs MkDocs Material's search uses) has no Burmese, and whitespace/punctuation splitting
turns an unspaced Burmese sentence into one long token that no query would match; the
NLP segmenters (sylbreak, myWord, ...) are research scripts, not a Python + JS pair.
"""
from __future__ import annotations

import re
import unicodedata

_INVISIBLE = re.compile("[\u200b\u200c\u200d\ufeff]")
_FULLWIDTH = re.compile("[\uff01-\uff5e]")
_U_KILLED = re.compile("\u1025(?=\u1037?[\u103a\u1039])")  # ဥ with asat/stacker is ဉ

_C = "\u1000-\u1021"  # consonants
_TOKEN = re.compile(
    "[\u1040-\u1049]+"                                                  # rule 7
    "|[0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]+"  # rule 8
    f"|[{_C}\u1023-\u102a\u103f\u104c-\u104f]"                           # rules 1, 6, 10
    "(?:[\u102b-\u1038\u103a-\u103e]"                                   # rule 5
    f"|\u1039[{_C}]?"                                                   # rules 3, 4
    f"|[{_C}](?=[\u103b-\u103e]*\u1037?[\u103a\u1039]))*"               # rule 2
)


def normalize(text: str) -> str:
    """The text with invisible characters dropped and only safe fixes applied (see above)."""
    text = _INVISIBLE.sub("", text)
    text = _FULLWIDTH.sub(lambda m: chr(ord(m.group()) - 0xFEE0), text)
    text = unicodedata.normalize("NFC", text)
    return _U_KILLED.sub("\u1009", text)


def syllables(text: str) -> list[str]:
    """Burmese syllables, digit runs and lower-cased Latin words, in order; the rest dropped."""
    return [token.lower() for token in _TOKEN.findall(text)]


def tokens(text: str) -> list[str]:
    """What the search index and the query are made of: `syllables(normalize(text))`."""
    return syllables(normalize(text))
