"""Accent folding and the Tagalog/Indonesian stemmers: the shared test vectors through Python
and through the JS in real Chromium (page and Web Worker), the brief's word table, and
properties checked over the real tl/id/vi/zh/my pages."""
from __future__ import annotations

import re
import unicodedata

import pytest
import yaml

from mirai.paths import DATA, DOCS
from conftest import in_web_worker, page_with_script, paragraphs
from mirai.search.latin import fold, search_terms, stem_id, stem_tl

CASES = yaml.safe_load((DATA / "search" / "latin-cases.yml").read_text(encoding="utf-8"))
JS = DOCS / "assets" / "mirai" / "search" / "latin.js"
STEMMERS = {"tl": stem_tl, "id": stem_id}
JS_STEMMERS = {"tl": "stemTl", "id": "stemId"}

# The brief's examples: inflected form -> the root both sides must meet at.
BRIEF = {
    "tl": {"paglipat": "lipat", "lumipat": "lipat", "lilipat": "lipat", "magpadala": "padala",
           "nagpadala": "padala", "bayad": "bayad", "overtime": "overtime",
           "contract": "contract"},
    "id": {"pekerjaan": "kerja", "bekerja": "kerja", "dibayar": "bayar", "membayar": "bayar",
           "pembayaran": "bayar", "gajinya": "gaji", "pemberhentian": "henti",
           "menulis": "tulis", "memukul": "pukul", "mengambil": "ambil", "menyapu": "sapu",
           "pengiriman": "kirim", "makan": "makan", "minggu": "minggu"},
}
# Scripts that must come out of fold() exactly as they went in (kana, CJK, Myanmar).
NON_LATIN = re.compile("[\u1000-\u109f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]+")


def case_id(case: dict) -> str:
    return f"{case['lang']}:{case['text'][:32] or '(empty)'}"



def page_words(lang: str) -> list[str]:
    words = set()
    for path in (DOCS / lang).rglob("*.md"):
        words.update(search_terms(path.read_text(encoding="utf-8"), "folded-only"))
    return sorted(words)


# --- (a) the shared vectors, through Python

def test_cases_file_is_well_formed_and_covers_the_brief():
    assert len(CASES) >= 60
    keys = [(case["lang"], case["text"]) for case in CASES]
    assert len(keys) == len(set(keys)), "duplicate case"
    for case in CASES:
        assert set(case) == {"lang", "text", "terms", "why"} and case["why"].strip(), case
        assert isinstance(case["text"], str) and isinstance(case["terms"], list), case
        assert all(isinstance(t, str) and t for t in case["terms"]), case
    texts = {lang: " ".join(c["text"] for c in CASES if c["lang"] == lang)
             for lang in {c["lang"] for c in CASES}}
    for lang, words in BRIEF.items():
        missing = [w for w in words if w not in texts[lang].lower().split()]
        assert not missing, (lang, missing)
    assert "đ" in texts["vi"].lower() and "luong toi thieu" in texts["vi"]
    for letter in "çãõñ":
        assert letter in texts["es"] + texts["pt"], letter
    assert "ō" in texts["en"] and "ū" in texts["en"]
    assert "在留カード" in texts["zh"] and "ဦး" in texts["my"]
    assert sum(c["lang"] in ("tl", "id") for c in CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_python_terms(case):
    assert search_terms(case["text"], case["lang"]) == case["terms"], case["why"]


@pytest.mark.parametrize("lang", sorted(BRIEF))
def test_the_briefs_word_table(lang):
    stem = STEMMERS[lang]
    assert {word: stem(word) for word in BRIEF[lang]} == BRIEF[lang]


def test_fold():
    assert fold("Lương TỐI THIỂU") == "luong toi thieu"
    assert fold("salário mínimo, férias") == "salario minimo, ferias"
    assert fold("在留カード") == "在留カード"
    assert fold("rōsai (労災)") == "rosai (労災)"
    assert fold(fold("Đơn xin nghỉ việc")) == fold("Đơn xin nghỉ việc") == "don xin nghi viec"
    assert fold("（最低賃金）") == "（最低賃金）"          # fullwidth punctuation is not a letter


# --- (b) properties

def test_every_root_in_the_cases_is_its_own_stem():
    """What a stemmer returns is a fixed point: stem(root) == root, for every term of the
    tl/id cases (those include the roots of all inflected forms in the file)."""
    for lang, stem in STEMMERS.items():
        roots = {t for c in CASES if c["lang"] == lang for t in c["terms"]}
        assert len(roots) > 40
        moved = {r: stem(r) for r in roots if stem(r) != r}
        assert not moved, (lang, moved)


@pytest.mark.parametrize("lang", sorted(STEMMERS))
def test_stems_over_every_word_of_the_pages(lang):
    stem = STEMMERS[lang]
    words = page_words(lang)
    assert len(words) > 1500
    stems = {w: stem(w) for w in words}
    assert all(stems[w] == w for w in words if len(w) < 5), "short words are never stemmed"
    assert all(len(s) >= 3 for w, s in stems.items() if s != w)
    assert all(len(s) <= len(w) or s == w for w, s in stems.items())
    changed = sum(stems[w] != w for w in words)
    assert 0.1 < changed / len(words) < 0.4, changed    # light, not idle and not wild
    ascii_only = [w for w in words if not re.fullmatch("[a-z]+", w)]
    assert all(stems[w] == w for w in ascii_only), "digits and other scripts pass through"


@pytest.mark.parametrize("lang", ["zh", "my"])
def test_fold_leaves_cjk_kana_and_burmese_untouched(lang):
    for path in sorted((DOCS / lang).rglob("*.md")):
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        assert NON_LATIN.findall(fold(text)) == NON_LATIN.findall(text), path


# --- (c) the JS gives exactly the same results, in a page and in a Web Worker

@pytest.fixture(scope="module")
def js_page(browser):
    yield from page_with_script(browser, JS)


def js_terms(page, pairs: list[tuple[str, str]]) -> list[list[str]]:
    return page.evaluate("ps => ps.map(([l, t]) => self.miraiLatin.searchTerms(t, l))", pairs)


@pytest.mark.browser
def test_js_gives_the_cases_terms(js_page):
    got = js_terms(js_page, [(c["lang"], c["text"]) for c in CASES])
    wrong = [(c["lang"], c["text"], g, c["terms"]) for c, g in zip(CASES, got) if g != c["terms"]]
    assert not wrong
    texts = [c["text"] for c in CASES]
    assert js_page.evaluate("ts => ts.map(self.miraiLatin.fold)", texts) == [fold(t) for t in texts]


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["tl", "id", "vi"])
def test_js_matches_python_on_the_wages_page(js_page, lang):
    texts = paragraphs(DOCS / lang / "work" / "wages.md")
    assert len(texts) > 15
    expected = [search_terms(t, lang) for t in texts]
    assert sum(len(e) for e in expected) > 500
    got = js_terms(js_page, [(lang, t) for t in texts])
    for text, g, e in zip(texts, got, expected):
        assert g == e, text
    assert js_page.evaluate("ts => ts.map(self.miraiLatin.fold)", texts) == [fold(t) for t in texts]


@pytest.mark.browser
@pytest.mark.parametrize("lang", sorted(STEMMERS))
def test_js_stems_every_word_of_the_pages_like_python(js_page, lang):
    words = page_words(lang)
    got = js_page.evaluate(f"ws => ws.map(w => self.miraiLatin.{JS_STEMMERS[lang]}(w))", words)
    stem = STEMMERS[lang]
    assert [(w, g) for w, g in zip(words, got) if g != stem(w)] == []


@pytest.mark.browser
def test_js_works_in_a_web_worker(js_page):
    pairs = [(c["lang"], c["text"]) for c in CASES]
    got = in_web_worker(js_page, JS, "pairs => pairs.map(([l, t]) => self.miraiLatin.searchTerms(t, l))", pairs)
    assert got == [case["terms"] for case in CASES]
