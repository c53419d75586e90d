"""The desk's words (data/desk/<lang>.yml): every language has every English key, keeps its
{placeholders}, and the endpoint's refusal for a worker outside the pilot says the same."""
from __future__ import annotations

import pytest
import yaml

from mirai.desk.texts import TEXTS, flatten, load_texts, missing_texts
from mirai.desk.windows import load_windows
from mirai.endpoint.messages import load_messages
from mirai.languages import language_codes

LANGS = language_codes()


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_every_language_has_every_desk_text_with_its_placeholders(lang):
    assert missing_texts(lang) == []


def test_a_missing_key_an_empty_text_and_a_lost_placeholder_are_reported(tmp_path):
    (tmp_path / "en.yml").write_text(yaml.safe_dump({"a": {"b": "{n} of {total}", "c": "x"}, "d": "y"}))
    (tmp_path / "vi.yml").write_text(yaml.safe_dump({"a": {"b": "{n} trên tổng", "c": " "}, "e": "z"}))
    load_texts.cache_clear()
    try:
        assert missing_texts("vi", tmp_path) == [
            "vi.yml: a.b: must keep {n} {total}", "vi.yml: a.c: missing", "vi.yml: d: missing",
            "vi.yml: e: not in en.yml"]
        assert missing_texts("my", tmp_path) == ["my.yml: missing (copy en.yml and translate it)"]
    finally:
        load_texts.cache_clear()


def test_yaml_never_turns_a_key_into_true_or_false():
    for lang in LANGS:
        assert all(isinstance(key, str) for key in flatten(load_texts(lang)))


def test_every_kind_of_window_and_every_window_note_has_its_words():
    directory = load_windows()
    english = load_texts("en")
    assert set(english["handles"]) == set(directory.handles)
    for w in directory.windows:
        notes = english["windows"].get(w.id, {})
        assert bool(w.cost_note) == ("cost_note" in notes), w.id
        assert {c.value for c in w.contacts if c.note} == set(notes.get("notes", {})), w.id


def test_the_endpoints_refusal_is_the_pages_words():
    messages = load_messages()
    for lang in LANGS:
        assert messages[lang]["not_eligible"] == load_texts(lang)["consult"]["not_eligible"]


def test_desk_files_are_the_sites_languages():
    assert sorted(p.stem for p in TEXTS.glob("*.yml")) == sorted(LANGS)
