"""The guide's basics in every language: a title, a description and headings on every page,
no untranslated English left in a translation, emergency numbers on every home page, and
every phone number next to its source and an "as of" date."""
from __future__ import annotations

import re

import pytest

from conftest import ALL_LANGS
from mirai.checks import load_content
from mirai.checks.markdown_text import prose_lines
from mirai.checks.translations import status
from mirai.paths import DOCS

CONTENT = load_content(DOCS)
PAGES = [(lang, rel) for lang in ALL_LANGS for rel in sorted(CONTENT.pages[lang])]
PHONE = re.compile(r"(?<![\d/])0\d{2,4}-\d{2,6}(?:-\d{3,4})?(?![\d/])")
YEAR = re.compile(r"20\d\d")
# Frequent English function words: a paragraph made of them was left untranslated.
ENGLISH = set("the and you your is are to of for with if can not this that be will have from "
              "they it at by or on an as do does when what who must may".split())
WORD = re.compile(r"[A-Za-z]+")


def text_of(line: str) -> str:
    """A line's own words: no link targets, URLs, code or Markdown markers."""
    line = re.sub(r"\]\([^)]*\)", "]", line)
    line = re.sub(r"https?://\S+", " ", line)
    return re.sub(r"[#*_>|`\[\]!]|^\s*- ", " ", line)


def looks_english(line: str) -> bool:
    words = [w.lower() for w in WORD.findall(text_of(line))]
    return len(words) >= 8 and sum(w in ENGLISH for w in words) / len(words) > 0.3


def test_english_detector_can_fail():
    assert looks_english("If you are not paid on time, you can ask the office for help with this.")
    assert not looks_english("Kung hindi ka nabayaran sa tamang oras, humingi ng tulong sa opisina ng paggawa.")
    assert not looks_english("Nếu bạn không được trả lương đúng hạn, hãy hỏi văn phòng lao động để được giúp.")


def test_every_page_of_every_language_exists_and_is_current():
    """The foundation's checks: 0 missing, 0 stale, no placeholder pages left."""
    for lang, st in status(CONTENT).items():
        assert (st.missing, st.stale, st.placeholders) == ([], [], []), lang
        assert len(st.done) == len(CONTENT.english) >= 50


@pytest.mark.parametrize("lang,rel", PAGES)
def test_page_has_title_description_heading_and_a_source(lang, rel):
    page = CONTENT.pages[lang][rel]
    assert isinstance(page.meta.get("title"), str) and page.meta["title"].strip()
    assert isinstance(page.meta.get("description"), str) and page.meta["description"].strip()
    assert re.search(r"(?m)^#{1,2} \S", page.body), "no heading"
    assert page.meta.get("sources"), "no official source"


@pytest.mark.parametrize("lang,rel", [p for p in PAGES if p[0] != "en"])
def test_no_untranslated_english_paragraph(lang, rel):
    page = CONTENT.pages[lang][rel]
    english_lines = []
    for number, line in prose_lines(page.body, page.body_start):
        if looks_english(line):
            english_lines.append(f"{number}: {line[:80]}")
    assert english_lines == []


@pytest.mark.parametrize("lang", ALL_LANGS)
def test_home_page_has_the_emergency_numbers(lang):
    body = CONTENT.pages[lang]["index.md"].body
    assert re.search(r"\b110\b", body) and re.search(r"\b119\b", body)


@pytest.mark.parametrize("lang,rel", PAGES)
def test_every_phone_number_has_a_source_and_an_as_of_date(lang, rel):
    page = CONTENT.pages[lang][rel]
    undated = []
    for number, line in prose_lines(page.body, page.body_start):
        if PHONE.search(text_of(line)):
            has_source = "](http" in line or bool(page.meta.get("sources"))
            if not (YEAR.search(line) and has_source):
                undated.append(f"{number}: {line[:100]}")
    assert undated == []


def test_phone_check_can_fail():
    assert PHONE.search(text_of("Call 0570-013904 now."))
    assert not YEAR.search("Call 0570-013904 now.")
    assert not PHONE.search(text_of("see https://example.org/w/031-101-0038"))
