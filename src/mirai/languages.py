"""The site's languages, read from data/languages.yml (the one place they are listed)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .paths import DATA

SOURCE_LANGUAGE = "en"


@dataclass(frozen=True)
class Language:
    code: str  # URL prefix and docs/ folder
    name: str  # its own name, as its readers write it
    english_name: str
    hreflang: str
    theme_language: str
    og_locale: str


@lru_cache
def load_languages(path: Path = DATA / "languages.yml") -> tuple[Language, ...]:
    with open(path, encoding="utf-8") as f:
        return tuple(Language(**entry) for entry in yaml.safe_load(f))


def language_codes() -> list[str]:
    return [lang.code for lang in load_languages()]


def get_language(code: str) -> Language:
    for lang in load_languages():
        if lang.code == code:
            return lang
    raise KeyError(f"unknown language {code!r}; known: {', '.join(language_codes())}")
