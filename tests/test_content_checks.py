"""The editors' checks catch each kind of mistake, on real broken files, with file and line."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from mirai.checks import ERROR, WARNING, run_checks
from mirai.content import english_version
from mirai.paths import ROOT
from mirai.stamp import stamp

TODAY = dt.date(2026, 11, 30)
GOOD_META = """---
title: {title}
description: One sentence about the page.
statuses: [technical-intern, student]
last_reviewed: 2026-11-30
sources:
  - https://www.mhlw.go.jp/
{extra}---
"""


def page(title="Wages", body="# Wages\n\n## What to do\n\nAsk.\n", extra=""):
    return GOOD_META.format(title=title, extra=extra) + "\n" + body


@pytest.fixture
def docs(tmp_path) -> Path:
    """A small, correct site: English and Vietnamese, two pages each."""
    root = tmp_path / "docs"
    write(root / "en/index.md", page("Home", "# Home\n\nSee [wages](work/wages.md#what-to-do).\n"))
    write(root / "en/work/wages.md", page("Wages"))
    for rel in ("index.md", "work/wages.md"):
        version = english_version(root / "en" / rel)
        body = (root / "en" / rel).read_text(encoding="utf-8").split("---\n", 2)[2]
        write(root / "vi" / rel, page("Trang", body, extra=f"english_version: {version}\n"))
    return root


def write(path: Path, text: str | bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def problems(docs, severity=None):
    found = run_checks(docs, ["en", "vi"], today=TODAY)
    return [p for p in found if severity is None or p.severity == severity]


def messages(docs, severity=None):
    return [p.format(docs) for p in problems(docs, severity)]


def test_a_correct_site_has_no_problem(docs):
    assert problems(docs) == []


def test_missing_front_matter(docs):
    write(docs / "en/work/wages.md", "# Wages\n\nNo front matter.\n")
    assert any("en/work/wages.md:1: error: front matter is missing" in m for m in messages(docs))


def test_unknown_status_names_the_line(docs):
    text = page().replace("[technical-intern, student]", "[technical-intern, tourist]")
    write(docs / "en/work/wages.md", text)
    assert "en/work/wages.md:4: error: unknown status 'tourist'; use one of: technical-intern, " \
           "specified-skilled, highly-skilled, student" in messages(docs)


@pytest.mark.parametrize("field,bad,expected", [
    ("last_reviewed: 2026-11-30", "last_reviewed: next week", "must be a date written YYYY-MM-DD"),
    ("last_reviewed: 2026-11-30", "last_reviewed: 2027-01-01", "is in the future"),
    ("  - https://www.mhlw.go.jp/", "  - http://www.mhlw.go.jp/", "is not an https:// address"),
    ("title: Wages\n", "", "'title' is missing"),
    ("title: Wages\n", "title: Wages\nform: surveys\n", "'form' must name a form in data/forms/"),
    ("title: Wages\n", "title: Wages\nwidget: chat\n", "'widget' must be one of directory, self-check, triage, case"),
])
def test_front_matter_fields(docs, field, bad, expected):
    write(docs / "en/work/wages.md", page().replace(field, bad))
    assert any(expected in m for m in messages(docs, ERROR)), messages(docs)


def test_missing_translation_is_listed(docs):
    (docs / "vi/work/wages.md").unlink()
    assert messages(docs) == [f"vi/work/wages.md:1: warning: translation missing: {docs}/en/work/wages.md "
                              "has no vi version (readers see the English page)"]


def test_stale_translation_after_the_english_page_changes(docs):
    english = docs / "en/work/wages.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    found = problems(docs)
    assert [(p.path.relative_to(docs).as_posix(), p.severity) for p in found] == [("vi/work/wages.md", WARNING)]
    assert "translation is stale" in found[0].message
    assert found[0].line == 8  # the english_version line
    stamp(docs / "vi/work/wages.md", docs)
    assert problems(docs) == []


def test_translation_without_version_is_an_error(docs):
    write(docs / "vi/work/wages.md", page("Lương"))
    assert any("'english_version' is missing" in m for m in messages(docs, ERROR))


def test_broken_link_and_anchor(docs):
    write(docs / "en/index.md", page("Home", "# Home\n\nSee [x](work/salary.md) and\n[y](work/wages.md#nowhere).\n"))
    errors = messages(docs, ERROR)
    assert "en/index.md:12: error: link 'work/salary.md' points to a page that does not exist (en/work/salary.md)" in errors
    assert any(m.startswith("en/index.md:13: error: link 'work/wages.md#nowhere' points to a heading") for m in errors)


def test_link_to_an_untranslated_page_is_not_an_error(docs):
    write(docs / "en/work/hours.md", page("Hours", "# Hours\n"))
    write(docs / "vi/work/wages.md", (docs / "vi/work/wages.md").read_text(encoding="utf-8") + "\n[giờ](hours.md)\n")
    assert messages(docs, ERROR) == []


def test_anchor_in_unicode_heading(docs):
    write(docs / "vi/work/wages.md", (docs / "vi/work/wages.md").read_text(encoding="utf-8")
          + "\n## Làm thêm giờ\n\n[xem](#làm-thêm-giờ)\n")
    assert messages(docs, ERROR) == []


@pytest.mark.parametrize("markdown,expected", [
    ("<script>alert(1)</script>", "raw <script> is not allowed"),
    ('<img src="x.png" onerror="alert(1)">', "inline event handler 'onerror='"),
    ("[click](javascript:alert(1))", "'javascript:' addresses are not allowed"),
    ("[click](JaVaScRiPt :alert(1))", "addresses are not allowed"),
    ('<iframe src="https://example.com"></iframe>', "raw <iframe> is not allowed"),
])
def test_unsafe_markup_is_refused(docs, markdown, expected):
    write(docs / "en/work/wages.md", page(body=f"# Wages\n\n## What to do\n\n{markdown}\n"))
    found = messages(docs, ERROR)
    assert any(expected in m and m.startswith("en/work/wages.md:14:") for m in found), found


def test_code_examples_may_show_markup(docs):
    write(docs / "en/work/wages.md", page(body="# Wages\n\n## What to do\n\n```html\n<script>x</script>\n```\n\nUse `<script>` never.\n"))
    assert messages(docs, ERROR) == []


def test_malformed_yaml_names_the_file_and_line(docs):
    write(docs / "en/work/wages.md", "---\ntitle: Wages\ndescription: [unclosed\nstatuses: []\n---\n# W\n")
    found = [m for m in messages(docs, ERROR) if m.startswith("en/work/wages.md")]
    assert len(found) == 1 and found[0].startswith("en/work/wages.md:4:")
    assert "the front matter is not valid YAML" in found[0]


def test_non_utf8_file_names_the_file(docs):
    write(docs / "en/work/wages.md", page().encode("utf-8") + b"\n\xff\xfe broken\n")
    found = messages(docs, ERROR)
    assert found == ["en/work/wages.md:16: error: the file is not UTF-8 text (byte 0xff); save it as UTF-8"]


def test_check_command_prints_plain_words_and_fails(docs):
    write(docs / "en/work/wages.md", page(body="# Wages\n\n## What to do\n\n<script>x</script>\n"))
    result = subprocess.run([sys.executable, "-m", "mirai.cli", "check", "--docs", str(docs)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "en/work/wages.md:14: error: raw <script> is not allowed" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_the_real_content_passes_the_checks():
    """`make check` is part of the suite: the repository's own pages have no error."""
    result = subprocess.run([sys.executable, "-m", "mirai.cli", "check"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-4000:]
    assert "content checks passed" in result.stdout
