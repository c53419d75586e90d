"""Search quality without a browser: each language's queries (data/search/queries/<lang>.yml),
run against the built index by the Python twin of the browser's search (mirai.search.engine).
The same queries run in the real browser in test_search_browser.py."""
from __future__ import annotations

from functools import lru_cache

import pytest
import yaml

from mirai.languages import language_codes
from mirai.paths import DATA
from mirai.search.engine import SearchIndex, page_location, recall_at

LANGS = language_codes()
TARGET = 0.9


def load_queries(lang: str) -> list[dict]:
    with open(DATA / "search" / "queries" / f"{lang}.yml", encoding="utf-8") as f:
        data = yaml.safe_load(f)
    assert data["language"] == lang
    return data["queries"]


@lru_cache
def engine_for(site_dir, lang) -> SearchIndex:
    return SearchIndex.from_file(site_dir / lang / "search" / "search_index.json", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_query_sets_are_realistic_and_point_at_real_pages(site_dir, lang):
    queries = load_queries(lang)
    assert len(queries) >= 15
    assert len({q["query"] for q in queries}) == len(queries)
    for q in queries:
        assert 1 <= len(q["expect"]) <= 2 and q.get("why")
        for path in q["expect"]:
            built = site_dir / lang / page_location(path) / "index.html"
            assert built.is_file(), f"{q['query']!r} expects {path}, which is not built"


@pytest.mark.parametrize("lang", LANGS)
def test_recall_at_5_is_at_least_0_9(site_dir, lang):
    recall, rows = recall_at(engine_for(site_dir, lang), load_queries(lang))
    misses = [f"{r['query']!r}: wanted {r['expect']}, top 5 {r['top']}" for r in rows if r["hits"] < len(r["expect"])]
    print(f"\n{lang}: recall@5 = {recall:.3f} over {len(rows)} queries")
    assert recall >= TARGET, f"{lang} recall@5 {recall:.3f}\n" + "\n".join(misses)


def test_burmese_words_typed_without_spaces_find_their_page(site_dir):
    engine = engine_for(site_dir, "my")
    for query in ("လုပ်ခ", "အချိန်ပိုလုပ်ခ", "နေထိုင်ခွင့်ကတ်"):
        assert engine.search(query), query
    # 1 to 4 words, no spaces: the wages page for "wage"+"payslip"
    assert "work/wages/" in engine.search("လုပ်ခလစာစာရွက်")[:5]


def test_vietnamese_without_tone_marks_finds_the_same_page_as_with_them(site_dir):
    engine = engine_for(site_dir, "vi")
    assert engine.search("lương tối thiểu")[:1] == engine.search("luong toi thieu")[:1] == ["work/wages/"]


@pytest.mark.parametrize("query", ["", "   ", "*", "~", "^", ":", "+", "-", "+-*~^:", "a" * 1000,
                                   "lương*~^", "🙂", "工资 wages လုပ်ခ", "title:", "-work"])
def test_odd_queries_return_cleanly(site_dir, query):
    for lang in ("vi", "zh", "my"):
        assert isinstance(engine_for(site_dir, lang).search(query), list)
