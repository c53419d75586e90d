"""A form's schema (data/forms/<form>.yml) and its texts in every language.

The schema holds the questions and the English texts; each other language keeps its
texts in data/forms/translations/<lang>/<form>.yml as `key: text` lines, one file per
language like docs/<lang>/, so translators work in parallel. `texts()` names every text
with a stable key; `problems()` says what is wrong or missing, in plain words."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from ..languages import SOURCE_LANGUAGE, language_codes
from ..paths import DATA

FORMS = DATA / "forms"
# sealed: a compact JWE the browser made with the desk's public key (the consultation form)
TYPES = {"single", "multiple", "scale", "text", "number", "date", "prefecture", "sealed"}
WITH_CHOICES = {"single", "multiple"}
OPTIONAL_TEXTS = ("hint", "min_label", "max_label")


class FormError(ValueError):
    pass


@lru_cache
def load_form(form_id: str, folder: Path = FORMS) -> dict:
    path = folder / f"{form_id}.yml"
    if not path.is_file():
        raise FormError(f"no form called '{form_id}' ({path} does not exist)")
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def questions(form: dict) -> list[dict]:
    return [q for section in form["sections"] for q in section["questions"]]


def texts(form: dict) -> dict[str, str]:
    """Every text of the form, English, by key (the keys translation files use)."""
    out = {"title": form["title"], "consent": form["consent"]}
    for section in form["sections"]:
        out[f"sections.{section['id']}.title"] = section["title"]
    for q in questions(form):
        out[f"questions.{q['id']}.label"] = q["label"]
        for name in OPTIONAL_TEXTS:
            if name in q:
                out[f"questions.{q['id']}.{name}"] = q[name]
        for choice in q.get("choices", []):
            out[f"questions.{q['id']}.choices.{choice['id']}"] = choice["label"]
    return out


def load_translations(form_id: str, lang: str, folder: Path = FORMS) -> dict[str, str]:
    path = folder / "translations" / lang / f"{form_id}.yml"
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f) or {}


def localized_texts(form_id: str, lang: str, folder: Path = FORMS) -> dict[str, str]:
    english = texts(load_form(form_id, folder))
    if lang == SOURCE_LANGUAGE:
        return english
    translated = load_translations(form_id, lang, folder)
    missing = [key for key in english if not translated.get(key)]
    if missing:
        raise FormError(f"{form_id}: {lang} misses {len(missing)} texts, e.g. {missing[0]}")
    return {key: translated[key] for key in english}


def structure_problems(form: dict) -> list[str]:
    out = []
    seen: set[str] = set()
    for q in questions(form):
        where = f"question '{q.get('id')}'"
        if q.get("id") in seen:
            out.append(f"{where} is listed twice")
        seen.add(q.get("id"))
        if q.get("type") not in TYPES:
            out.append(f"{where}: type '{q.get('type')}' is not one of {', '.join(sorted(TYPES))}")
        if not isinstance(q.get("required"), bool):
            out.append(f"{where}: 'required' must be true or false")
        if q.get("type") in WITH_CHOICES:
            ids = [c.get("id") for c in q.get("choices", [])]
            if len(ids) < 2:
                out.append(f"{where}: a {q['type']} question needs at least 2 choices")
            if len(set(ids)) != len(ids):
                out.append(f"{where}: two choices have the same id")
        elif q.get("choices"):
            out.append(f"{where}: only single and multiple questions have choices")
        if q.get("type") in ("scale", "number") and not q.get("min", 0) < q.get("max", 0):
            out.append(f"{where}: needs min < max")
        if q.get("type") == "scale" and not ("min_label" in q and "max_label" in q):
            out.append(f"{where}: a scale needs min_label and max_label")
        if q.get("type") in ("text", "sealed") and not isinstance(q.get("max_length"), int):
            out.append(f"{where}: a {q['type']} question needs max_length")
    return out


def translation_problems(form_id: str, folder: Path = FORMS) -> list[str]:
    english = texts(load_form(form_id, folder))
    out = []
    for lang in language_codes():
        if lang == SOURCE_LANGUAGE:
            continue
        translated = load_translations(form_id, lang, folder)
        for key in english:
            if not translated.get(key):
                out.append(f"data/forms/translations/{lang}/{form_id}.yml: '{key}' is missing "
                           f"(English: {english[key]!r})")
        for key in translated:
            if key not in english:
                out.append(f"data/forms/translations/{lang}/{form_id}.yml: '{key}' is not a text of the form")
    return out


@lru_cache
def prefectures(path: Path = DATA / "prefectures.yml") -> tuple[dict, ...]:
    with open(path, encoding="utf-8") as f:
        return tuple(yaml.safe_load(f))
