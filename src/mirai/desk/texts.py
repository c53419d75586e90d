"""The words of the desk's pages (data/desk/<lang>.yml): one file per language, English the
source. `missing_texts` is what tests/test_desk_texts.py and `mirai check` report: a key a
language lacks or leaves empty, or a {placeholder} it does not keep."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from ..paths import DATA

TEXTS = DATA / "desk"
SOURCE = "en"
_PLACEHOLDER = re.compile(r"\{\w+\}")


@lru_cache
def load_texts(lang: str, folder: Path = TEXTS) -> dict:
    with open(folder / f"{lang}.yml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    """{"a": {"b": "x"}} -> {"a.b": "x"}; the keys as a translator's checklist."""
    out: dict[str, str] = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            out.update(flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def missing_texts(lang: str, folder: Path = TEXTS) -> list[str]:
    """What `lang`'s file lacks against English, one line per key (empty: complete)."""
    english = flatten(load_texts(SOURCE, folder))
    path = folder / f"{lang}.yml"
    if not path.exists():
        return [f"{path.name}: missing (copy {SOURCE}.yml and translate it)"]
    own = flatten(load_texts(lang, folder) or {})
    problems = []
    for key, text in english.items():
        value = own.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{path.name}: {key}: missing")
        elif set(_PLACEHOLDER.findall(value)) != set(_PLACEHOLDER.findall(text)):
            problems.append(f"{path.name}: {key}: must keep {' '.join(sorted(set(_PLACEHOLDER.findall(text)))) or 'no placeholder'}")
    problems += [f"{path.name}: {key}: not in {SOURCE}.yml" for key in own if key not in english]
    return problems
