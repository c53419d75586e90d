"""The site's search, run in Python: to measure recall without a browser.

It builds a lunr index (the `lunr` package reads and writes lunr.js's format and scores
the same way) from our search_index.json with the same fields, boosts, tokenisation and
pipeline as Material's search worker, and runs a query the way the browser does: our
query layer (docs/assets/mirai/search/query.js), then Material's query rewriting
(trailing wildcards, Chinese words matched against the index's vocabulary), then
Material's re-scoring and grouping of sections under their page. Only for tests and
benchmarks; the site itself never runs Python."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import latin, myanmar
from .documents import TAG
from .settings import SEPARATOR, settings_for

# A Burmese syllable must match exactly: Material would make every query word a prefix
# search, and "လ*" matches every syllable starting with that letter. "^1" (boost 1, no
# change) is the one mark that stops Material from adding "*" and keeps the word optional.
SYLLABLE_MARK = "^1"
HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")  # Material: \p{sc=Han}


def _theme_lunr_dir() -> Path:
    import material
    return Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "lunr" / "min"


@lru_cache
def stop_words(lang: str) -> frozenset[str]:
    """The stop words lunr uses in the browser: lunr's own for English, else the list in
    the lunr-languages pack Material ships (read from the file, so both always agree)."""
    if lang == "en":
        from lunr.stop_word_filter import WORDS
        return frozenset(WORDS)
    source = (_theme_lunr_dir() / f"lunr.{lang}.min.js").read_text(encoding="utf-8")
    words = re.search(r'generateStopWordFilter\("([^"]*)"\.split\(" "\)\)', source)
    return frozenset(words.group(1).split()) if words else frozenset()


def _pipeline(lang: str):
    from lunr.pipeline import Pipeline

    settings = settings_for(lang)
    steps = []
    pack = settings.lunr[0]
    if "stopWordFilter" in settings.pipeline:
        words = stop_words(pack)

        def stop_word_filter(token, i=None, tokens=None):
            return None if str(token) in words else token
        Pipeline.register_function(stop_word_filter, f"stopWordFilter-{pack}")
        steps.append(stop_word_filter)
    return steps  # no stemmer: see settings.py


def tokenize(text: str) -> str:
    """Material's tokenizer: the text between tags, split at the separator, lower-cased."""
    return " ".join(t for t in re.split(SEPARATOR, TAG.sub(" ", text).lower()) if t)


@dataclass
class SearchIndex:
    lang: str
    index: object              # lunr.index.Index
    docs: dict[str, dict]      # location -> doc

    @classmethod
    def from_file(cls, path: Path, lang: str) -> "SearchIndex":
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")), lang)

    @classmethod
    def from_json(cls, data: dict, lang: str) -> "SearchIndex":
        from lunr.builder import Builder

        builder = Builder()
        for step in _pipeline(lang):
            builder.pipeline.add(step)
            builder.search_pipeline.add(step)
        builder.b(0)  # as Material: no document-length normalisation
        builder.ref("location")
        for name, options in data["config"]["fields"].items():
            builder.field(name, boost=options.get("boost", 1))
        for doc in data["docs"]:
            builder.add({"location": doc["location"],
                         **{name: tokenize(doc.get(name, "")) for name in data["config"]["fields"]}})
        return cls(lang, builder.build(), {doc["location"]: doc for doc in data["docs"]})

    # ---- the query, as our layer and then Material's worker rewrite it ----

    def our_layer(self, query: str) -> str:
        """docs/assets/mirai/search/query.js `transform`."""
        settings = settings_for(self.lang)
        if "stopWordFilter" in settings.pipeline:
            words = stop_words(settings.lunr[0])
            kept = [word for word in query.split() if word.lower() not in words]
            if kept:
                query = " ".join(kept)
        if settings.syllables:
            query = re.sub(r"[\u1000-\u109f]+",
                           lambda m: " " + " ".join(s + SYLLABLE_MARK for s in myanmar.syllables(m.group())) + " ",
                           myanmar.normalize(query))
            query = re.sub(r"\s+", " ", query).strip()
        if settings.words:
            query = HAN.sub(lambda m: " " + " ".join(self._cut_chinese(m.group())) + " ", query)
            query = re.sub(r"\s+", " ", query).strip()
        if settings.folded:
            typed = set(re.split(r"[^\w]+", query.lower()))
            terms = latin.search_terms(query, self.lang)
            extra = [t for i, t in enumerate(terms) if t not in typed and t not in terms[:i]]
            if extra:
                query = query + " " + " ".join(extra)
        return query

    @property
    def vocabulary(self) -> set[str]:
        if not hasattr(self, "_vocabulary"):
            self._vocabulary = {word.lower() for doc in self.docs.values()
                                for word in re.split(SEPARATOR, TAG.sub(" ", doc["title"] + " " + doc["text"]))
                                if word}
        return self._vocabulary

    def _cut_chinese(self, run: str) -> list[str]:
        """query.js `cutChinese`: longest index words first; an unknown character alone."""
        words, i = [], 0
        while i < len(run):
            size = min(8, len(run) - i)
            while size > 1 and run[i:i + size] not in self.vocabulary:
                size -= 1
            words.append(run[i:i + size])
            i += size
        return words

    def _han_words(self, run: str) -> list[str]:
        """Material's worker: a run of Chinese characters becomes the index words it contains."""
        vocabulary = self.index.inverted_index
        n = [0] * len(run)
        for s in range(len(run)):
            for o in range(s + 1, len(run)):
                if run[s:o] in vocabulary:
                    n[s] = o - s
        found: list[str] = []
        stack = [0]
        while stack:
            o = stack.pop()
            for u in range(1, n[o]):
                if o + u < len(run) and n[o + u] > n[o] - u:
                    found.append(run[o:o + u])
                    stack.append(o + u)
            a = o + n[o]
            if a < len(run) and n[a] and a < len(run) - 1:
                stack.append(a)
            found.append(run[o:a])
        unique = list(dict.fromkeys(found))
        return [run] if "" in unique else unique

    def material_query(self, query: str) -> str:
        if not settings_for(self.lang).words:  # query.js tells Material's step to pass
            query = HAN.sub(lambda m: "* ".join(self._han_words(m.group())), query)
        query = re.sub(r'"|(?:^|\s+)[*+\-:^~]+(?=\s+|$)', "", query.strip())
        terms = []
        for word in query.split():
            prefix = re.match(r"^[+-]?", word).group()
            for piece in re.split(SEPARATOR, word[len(prefix):]):
                if piece:
                    terms.append(prefix + piece)
        terms = [t + "1" if re.search(r"[~^]$", t) else t for t in terms]
        return " ".join(t if re.search(r"(^[+-]|[~^]\d+$)", t) else t + "*" for t in terms)

    def search(self, query: str) -> list[str]:
        """Page locations in the order the browser lists them."""
        rewritten = self.material_query(self.our_layer(query))
        if not rewritten:
            return []
        wanted = [t.strip("+-*").lower() for t in rewritten.split() if not t.startswith("-")]
        from lunr.exceptions import BaseLunrException
        try:
            results = self.index.search(rewritten)
        except BaseLunrException:
            return []  # as Material's worker: an invalid query lists nothing
        scored = []
        for result in results:
            ref = result["ref"]
            matched = list(result["match_data"].metadata)
            found = [any(token.startswith(term) for token in matched) for term in wanted]
            parent = "#" in ref
            share = (sum(found) / len(found)) if found else 0
            scored.append((result["score"] * (1 + ((0 if parent else 1) + share) ** 2), ref))
        pages: dict[str, None] = {}
        for _, ref in sorted(scored, key=lambda pair: -pair[0]):
            pages.setdefault(ref.split("#", 1)[0], None)
        return list(pages)


def recall_at(index: SearchIndex, queries: list[dict], k: int = 5) -> tuple[float, list[dict]]:
    """Share of expected pages found in the top k, over all queries; and each query's result."""
    rows, found, expected = [], 0, 0
    for item in queries:
        top = index.search(item["query"])[:k]
        want = [page_location(path) for path in item["expect"]]
        hits = [w for w in want if w in top]
        found += len(hits)
        expected += len(want)
        rows.append({"query": item["query"], "expect": want, "top": top, "hits": len(hits)})
    return (found / expected if expected else 0.0), rows


def page_location(source_path: str) -> str:
    """work/wages.md -> work/wages/ ; work/index.md -> work/ ; index.md -> '' (Material's locations)."""
    path = source_path[:-3] if source_path.endswith(".md") else source_path
    if path == "index":
        return ""
    if path.endswith("/index"):
        return path[: -len("index")]
    return path + "/"
