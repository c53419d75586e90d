"""Each language's search index as the build writes it, and the worker layer that reads it."""
from __future__ import annotations

import json
import re

import pytest

from mirai.languages import language_codes
from mirai.offline.pack import read_pack
from mirai.search.documents import PageInfo, break_syllables, rewrite
from mirai.search.settings import SEPARATOR, SETTINGS
from mirai.search.worker import use_our_worker, worker_script

LANGS = language_codes()


def index_of(site_dir, lang) -> dict:
    return json.loads((site_dir / lang / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_every_language_has_search_settings():
    assert sorted(SETTINGS) == sorted(LANGS)


def test_burmese_text_gets_invisible_breaks_between_syllables_and_nothing_else_changes():
    text = "<p>လုပ်ခကို ရယူပါ။ SSW 2026</p>"
    broken = break_syllables(text)
    assert broken.replace("\u200b", "") == text
    assert "လုပ်\u200bခ\u200bကို" in broken and "<p>" in broken and "SSW 2026" in broken


def test_rewrite_adds_section_statuses_and_folded_fields_where_the_language_needs_them():
    index = {"config": {}, "docs": [
        {"location": "work/wages/", "title": "Tiền lương", "text": "<p>Lương tối thiểu</p>"},
        {"location": "work/wages/#a", "title": "Đóng", "text": "x"}]}
    pages = {"work/wages/": PageInfo("Công việc", ("student",))}
    vi = rewrite(index, "vi", pages)
    assert vi["config"] == {"lang": ["vi"], "separator": SEPARATOR, "pipeline": ["stopWordFilter"],
                            "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0},
                                       "title_folded": {"boost": 1000.0}, "text_folded": {"boost": 1.0}}}
    page, section = vi["docs"]
    assert page["title_folded"] == "tien luong" and page["text_folded"] == "luong toi thieu"
    assert page["tags"] == section["tags"] == ["Công việc"] and section["statuses"] == ["student"]
    zh = rewrite(index, "zh", pages)
    assert "title_folded" not in zh["docs"][0] and set(zh["config"]["fields"]) == {"title", "text"}


def test_worker_loads_only_the_scripts_its_language_needs_then_materials():
    my = worker_script("my", "search.abc.min.js")
    assert "myanmar.js" in my and "latin.js" not in my
    assert my.index("query.js") < my.index("install(") < my.index('importScripts("search.abc.min.js")')
    vi = worker_script("vi", "search.abc.min.js")
    assert "latin.js" in vi and "myanmar.js" not in vi and '"folded": true' in vi
    html = '<script id="__config">{"search": "../assets/javascripts/workers/search.a7633da7.min.js"}</script>'
    assert use_our_worker(html) == (
        '<script id="__config">{"search": "../assets/javascripts/workers/mirai-search.js"}</script>')


@pytest.mark.parametrize("lang", LANGS)
def test_built_index_is_this_languages_only_with_its_settings(site_dir, lang):
    index = index_of(site_dir, lang)
    settings = SETTINGS[lang]
    assert index["config"]["lang"] == list(settings.lunr)
    assert index["config"]["pipeline"] == list(settings.pipeline)
    locations = [doc["location"] for doc in index["docs"]]
    assert "" in locations and "work/wages/" in locations
    assert not any(re.match(r"(en|zh|vi|tl|id|my|pt|es)/", loc) for loc in locations)
    wages = next(doc for doc in index["docs"] if doc["location"] == "work/wages/")
    assert wages["tags"] and wages["statuses"]
    technical_intern = next(doc for doc in index["docs"] if doc["location"] == "status/technical-intern/")
    assert technical_intern["statuses"] == ["technical-intern"]


def test_burmese_index_holds_burmese_syllables_and_chinese_index_holds_words(site_dir):
    my = index_of(site_dir, "my")
    wages = next(doc for doc in my["docs"] if doc["location"] == "work/wages/")
    assert "\u200b" in wages["text"] and re.search("[\u1000-\u109f]", wages["title"])
    zh = index_of(site_dir, "zh")
    home = next(doc for doc in zh["docs"] if doc["location"] == "")
    assert "\u200b日本\u200b" in home["text"]  # jieba, through Material's search plugin
    en = index_of(site_dir, "en")  # other languages keep Japanese terms whole: 在留カード
    assert any("在留カード" in doc["text"] and "\u200b" not in doc["text"] for doc in en["docs"])


@pytest.mark.parametrize("lang", ["vi", "my", "zh"])
def test_pages_use_our_worker_and_the_pack_holds_everything_it_loads(site_dir, lang):
    html = (site_dir / lang / "work" / "index.html").read_text(encoding="utf-8")
    assert '"search": "../assets/javascripts/workers/mirai-search.js"' in html
    worker = (site_dir / lang / "assets/javascripts/workers/mirai-search.js").read_text(encoding="utf-8")
    pack = {f.url for f in read_pack(site_dir / lang)}
    assert f"/{lang}/assets/javascripts/workers/mirai-search.js" in pack
    for name in re.findall(r'"(\.\./[^"]+|search\.[0-9a-f]+\.min\.js)"', worker):
        url = f"/{lang}/assets/javascripts/workers/{name}" if not name.startswith("..") else \
            f"/{lang}/assets/" + name.replace("../../", "")
        assert url in pack, url


def test_python_twin_reads_the_same_stop_words_as_the_browser():
    from mirai.search.engine import stop_words

    assert {"de", "que", "el"} <= stop_words("es") and {"de", "que", "não"} <= stop_words("pt")
    assert "là" in stop_words("vi") and "the" in stop_words("en")
    assert "salário" not in stop_words("pt")
