"""Error messages in the submitter's language (data/endpoint-messages.yml)."""
from __future__ import annotations

from functools import lru_cache

import yaml

from ..paths import DATA


@lru_cache
def load_messages() -> dict[str, dict[str, str]]:
    with open(DATA / "endpoint-messages.yml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def pick_language(body_lang, accept_language: str) -> str:
    """The submission's own `lang` if we speak it, else the first we speak in Accept-Language."""
    messages = load_messages()
    if isinstance(body_lang, str) and body_lang in messages:
        return body_lang
    for part in accept_language.split(","):
        tag = part.split(";", 1)[0].strip().lower()
        for candidate in (tag, tag.split("-", 1)[0]):
            if candidate in messages:
                return candidate
    return "en"


def message(code: str, lang: str) -> str:
    messages = load_messages()
    return messages.get(lang, {}).get(code) or messages["en"][code]
