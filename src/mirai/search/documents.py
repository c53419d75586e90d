"""Turns the search index Material's plugin wrote for one language into ours.

Material writes search/search_index.json: {config, docs: [{location, title, text}]}, one
doc per page and per heading. We set the language's settings (settings.py) and add to
each doc: the section it belongs to and the residence statuses its page is for (shown in
results, used by the status filter), Burmese syllable breaks, and the hidden folded
fields that let "luong" find "lương"."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from . import latin, myanmar
from .settings import FIELDS, SEPARATOR, settings_for

MYANMAR_RUN = re.compile(r"[\u1000-\u109f]+")
TAG = re.compile(r"<[^>]+>")
ZWSP = "\u200b"


@dataclass(frozen=True)
class PageInfo:
    section: str | None
    statuses: tuple[str, ...]


def break_syllables(text: str) -> str:
    """Burmese runs with U+200B between syllables (invisible; the index splits on it).
    A run whose syllables don't rebuild it exactly (stray signs) is left whole."""
    def cut(match: re.Match) -> str:
        run = match.group(0)
        parts = myanmar.syllables(run)
        return ZWSP.join(parts) if "".join(parts) == run else run
    return MYANMAR_RUN.sub(cut, text)


def folded(text: str, lang: str) -> str:
    return " ".join(latin.search_terms(TAG.sub(" ", text), lang))


def page_of(location: str) -> str:
    return location.split("#", 1)[0]


def rewrite(index: dict, lang: str, pages: dict[str, PageInfo]) -> dict:
    settings = settings_for(lang)
    docs = []
    for doc in index["docs"]:
        doc = dict(doc)
        if not settings.words:  # Material's plugin runs jieba on Han text in every language; keep it whole
            doc["title"], doc["text"] = doc["title"].replace(ZWSP, ""), doc["text"].replace(ZWSP, "")
        if settings.syllables:
            doc["title"], doc["text"] = break_syllables(doc["title"]), break_syllables(doc["text"])
        if settings.folded:
            doc["title_folded"] = folded(doc["title"], lang)
            doc["text_folded"] = folded(doc["text"], lang)
        info = pages.get(page_of(doc["location"]))
        if info:
            if info.section:
                doc["tags"] = [info.section]
            doc["statuses"] = list(info.statuses)
        docs.append(doc)
    fields = {name: {"boost": boost} for name, boost in FIELDS.items()
              if settings.folded or not name.endswith("_folded")}
    config = {"lang": list(settings.lunr), "separator": SEPARATOR, "pipeline": list(settings.pipeline),
              "fields": fields}
    return {"config": config, "docs": docs}


def rewrite_file(path: Path, lang: str, pages: dict[str, PageInfo]) -> None:
    index = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(rewrite(index, lang, pages), ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")
