"""The Burmese syllable tokenizer: the shared test vectors through Python and through the JS in
real Chromium (page and Web Worker), and properties checked over all Burmese pages of the site."""
from __future__ import annotations

import re

import pytest
import yaml

from mirai.paths import DATA, DOCS
from conftest import in_web_worker, page_with_script, paragraphs
from mirai.search.myanmar import normalize, syllables, tokens

CASES = yaml.safe_load((DATA / "search" / "myanmar-cases.yml").read_text(encoding="utf-8"))
JS = DOCS / "assets" / "mirai" / "search" / "myanmar.js"
MY_PAGES = sorted((DOCS / "my").rglob("*.md"))

# Myanmar letters, signs, digits and symbols that we segment; ၊ ။ (U+104A/B) are punctuation.
BURMESE_WORD = re.compile("[\u1000-\u1049\u104c-\u104f]+")
DEPENDENT = re.compile("[\u102b-\u103e]")
KILLED_START = re.compile("[\u1000-\u1021][\u103b-\u103e]*\u1037?[\u103a\u1039]")


def case_id(case: dict) -> str:
    return case["text"][:32] or "(empty)"


def crude_text(markdown: str) -> str:
    """Page text without link targets, inline code, HTML tags and Markdown markup characters."""
    text = re.sub(r"\]\([^)]*\)", "]", markdown)
    text = re.sub(r"`[^`]*`|<[^>]+>|https?://\S+", " ", text)
    return re.sub(r"[#*_|>\[\]!-]+", " ", text)



# --- (a) the shared vectors, through Python

def test_cases_file_is_well_formed_and_covers_the_brief():
    assert len(CASES) >= 60
    texts = [case["text"] for case in CASES]
    assert len(texts) == len(set(texts)), "duplicate case"
    for case in CASES:
        assert set(case) <= {"text", "tokens", "normalized", "why"} and case["why"].strip(), case
        assert isinstance(case["text"], str) and isinstance(case["tokens"], list), case
        assert all(isinstance(t, str) and t for t in case["tokens"]), case
    required = {"မင်း", "နိုင်ငံ", "ကမ္ဘာ", "သတ္တဝါ", "မန္တလေး", "အင်္ဂလိပ်", "သင်္ချိုင်း", "ကျောင်း",
                "ပြည်", "ရွာ", "မှတ်", "ဥပဒေ", "ဦး", "၁၂၃", "2026", "SSW ဗီဇာ", "လစာ၊ အခွန်။",
                "ဆေးရုံ\u200bသို့", "", "ဆေးရုံ 🏥", "လုပ်ခ", "နေထိုင်ခွင့်ကတ်", "အချိန်ပိုကြေး",
                "စာချုပ်", "အရေးပေါ်", "ဆေးရုံ"}
    assert required <= set(texts), required - set(texts)
    assert any(not case["text"].strip() and case["text"] for case in CASES), "whitespace-only case"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_python_tokens(case):
    assert tokens(case["text"]) == case["tokens"], case["why"]
    if "normalized" in case:
        assert normalize(case["text"]) == case["normalized"], case["why"]


def test_syllables_alone_does_not_normalize():
    assert syllables("ယာဥ်") == ["ယာ", "ဥ်"]      # an independent vowel starts a syllable...
    assert tokens("ယာဥ်") == ["ယာဉ်"]             # ...unless normalize makes it the final ဉ
    assert syllables("ＳＳＷ") == [] and tokens("ＳＳＷ") == ["ssw"]
    assert normalize(normalize("ယာဥ်\u200b၁")) == normalize("ယာဥ်\u200b၁") == "ယာဉ်၁"


# --- (b) properties over every Burmese page of the site

@pytest.fixture(scope="module")
def burmese_text() -> str:
    assert len(MY_PAGES) >= 20
    return normalize("\n".join(crude_text(p.read_text(encoding="utf-8")) for p in MY_PAGES))


def test_syllables_of_a_word_join_back_to_the_word(burmese_text):
    words = set(BURMESE_WORD.findall(burmese_text))
    assert len(words) > 1000
    broken = {w: tokens(w) for w in words if "".join(tokens(w)) != w}
    assert not broken, dict(list(broken.items())[:10])
    # Inside a word a killed final always joins the syllable before it (only a final with
    # nothing before it, like the (တ်) in "ချက်(တ်)", may stand alone).
    split_finals = {w: tokens(w) for w in words
                    if any(KILLED_START.match(t) and not prev.isdigit()
                           for prev, t in zip(tokens(w), tokens(w)[1:]))}
    assert not split_finals, dict(list(split_finals.items())[:10])


def test_no_syllable_starts_with_a_dependent_sign(burmese_text):
    burmese = [t for t in tokens(burmese_text) if BURMESE_WORD.fullmatch(t) and not t.isdigit()]
    assert len(burmese) > 30_000
    assert not [t for t in burmese if DEPENDENT.match(t)]
    assert not [t for t in burmese if t.endswith("\u1039")], "a stack was cut in two"
    assert len({t for t in burmese if "\u1039" in t}) > 20  # stacks and kinzi were seen


# --- (c) the JS gives exactly the same tokens, in a page and in a Web Worker

@pytest.fixture(scope="module")
def js_page(browser):
    yield from page_with_script(browser, JS)


def js_tokens(page, texts: list[str]) -> list[list[str]]:
    return page.evaluate("cases => cases.map(t => self.miraiMyanmar.tokens(t))", texts)


@pytest.mark.browser
def test_js_gives_the_cases_tokens(js_page):
    texts = [case["text"] for case in CASES]
    got = js_tokens(js_page, texts)
    wrong = [(c["text"], g, c["tokens"]) for c, g in zip(CASES, got) if g != c["tokens"]]
    assert not wrong
    normalized = [c for c in CASES if "normalized" in c]
    got = js_page.evaluate("cases => cases.map(t => self.miraiMyanmar.normalize(t))",
                           [c["text"] for c in normalized])
    assert got == [c["normalized"] for c in normalized]


@pytest.mark.browser
@pytest.mark.parametrize("page_path", ["index.md", "work/wages.md"])
def test_js_matches_python_on_site_paragraphs(js_page, page_path):
    texts = paragraphs(DOCS / "my" / page_path)
    assert len(texts) > 10
    expected = [tokens(t) for t in texts]
    assert sum(len(e) for e in expected) > 500
    got = js_tokens(js_page, texts)
    for text, g, e in zip(texts, got, expected):
        assert g == e, text
    assert js_page.evaluate("ts => ts.map(self.miraiMyanmar.normalize)", texts) == \
        [normalize(t) for t in texts]


@pytest.mark.browser
def test_js_works_in_a_web_worker(js_page):
    texts = [case["text"] for case in CASES]
    got = in_web_worker(js_page, JS, "texts => texts.map(t => self.miraiMyanmar.tokens(t))", texts)
    assert got == [case["tokens"] for case in CASES]
