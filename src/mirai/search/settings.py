"""Search settings per language: what lunr (in Material's search worker) does with the words.

`lunr` names the lunr-languages pack Material loads (stop words; its word rules) where one
exists; `pipeline` is what Material keeps of lunr's trimmer/stopWordFilter/stemmer. No
stemmer: Material turns every query word into a prefix search ("salario*"), and lunr does
not stem wildcard terms, so a stemmed index ("salari") would miss the typed word.
Languages lunr has no pack for get our own rules: Burmese syllables (myanmar.py), and a
folded, lightly stemmed copy of the text for Latin-script languages (latin.py), so that
words typed without tone marks or accents, or inflected differently, still meet."""
from __future__ import annotations

from dataclasses import dataclass

# Words are split at spaces, U+200B, hyphens and punctuation (Latin, CJK full-width,
# Burmese ၊ ။), and at a full stop not followed by a digit. Chinese words are separated by
# U+200B (jieba, through Material's search plugin), Burmese syllables too (documents.py).
SEPARATOR = (r'[\s\u200b\-,:;!?=\[\]()"/\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u104a\u104b]+'
             r"|\.(?!\d)")


@dataclass(frozen=True)
class SearchSettings:
    lunr: tuple[str, ...]        # lunr-languages packs Material loads ("en" = lunr's own)
    pipeline: tuple[str, ...]    # lunr steps kept: stopWordFilter
    folded: bool = False         # add the folded (and stemmed, for tl/id) hidden fields
    syllables: bool = False      # Burmese: index and query are cut into syllables
    words: bool = False          # Chinese: the query is cut into the index's words (query.js)


SETTINGS = {
    "en": SearchSettings(("en",), ("stopWordFilter",), folded=True),
    "es": SearchSettings(("es",), ("stopWordFilter",), folded=True),
    "pt": SearchSettings(("pt",), ("stopWordFilter",), folded=True),
    "vi": SearchSettings(("vi",), ("stopWordFilter",), folded=True),
    "tl": SearchSettings(("en",), (), folded=True),   # no lunr pack: our folding and affixes
    "id": SearchSettings(("en",), (), folded=True),
    "zh": SearchSettings(("en",), (), words=True),    # jieba words in the index; the query cut to them
    "my": SearchSettings(("en",), (), syllables=True),
}

# Field boosts: a word in a title counts as much as Material's default (1000 words of text).
FIELDS = {"title": 1000.0, "text": 1.0, "title_folded": 1000.0, "text_folded": 1.0}


def settings_for(lang: str) -> SearchSettings:
    return SETTINGS[lang]
