"""Labels the site shows around the content (notices, 404, chooser), from data/ui.yml."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from .paths import DATA


@lru_cache
def load_ui(path: Path = DATA / "ui.yml") -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def ui_strings(lang: str) -> dict[str, str]:
    return load_ui()[lang]


def missing_ui_keys() -> dict[str, list[str]]:
    """Keys that English has and another language lacks (or leaves empty)."""
    ui = load_ui()
    keys = set(ui["en"])
    return {
        lang: sorted(k for k in keys if not (strings or {}).get(k))
        for lang, strings in ui.items()
        if any(not (strings or {}).get(k) for k in keys)
    }
