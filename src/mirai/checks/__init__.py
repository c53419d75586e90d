"""Editors' checks: what is wrong in the content, in plain words, with file and line.

Each module checks one thing and returns Problems; run_checks() reads every page once and
runs them all. Errors fail `make check`; warnings (missing or stale translations) are
listed so editors see them, and fail only with --strict-translations.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..content import ContentError, SourcePage, inventory, parse_page
from ..languages import SOURCE_LANGUAGE, language_codes

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str
    severity: str = ERROR

    def format(self, root: Path | None = None) -> str:
        path = self.path
        if root is not None:
            try:
                path = self.path.relative_to(root)
            except ValueError:
                pass
        return f"{path}:{self.line}: {self.severity}: {self.message}"


@dataclass
class Content:
    """Every page of every language, read once."""

    docs_dir: Path
    langs: list[str]
    pages: dict[str, dict[str, SourcePage]]  # lang -> rel -> page
    unreadable: list[Problem]

    @property
    def english(self) -> dict[str, SourcePage]:
        return self.pages.get(SOURCE_LANGUAGE, {})


def load_content(docs_dir: Path, langs: list[str] | None = None) -> Content:
    langs = langs or language_codes()
    pages: dict[str, dict[str, SourcePage]] = {}
    unreadable = []
    for lang, files in inventory(docs_dir, langs).items():
        pages[lang] = {}
        for rel, path in files.items():
            try:
                pages[lang][rel] = parse_page(path, lang, rel)
            except ContentError as e:
                # Reported once here; the page still exists for links and translation status.
                unreadable.append(Problem(e.path, e.line, e.message))
                pages[lang][rel] = SourcePage(path, lang, rel, readable=False)
    return Content(docs_dir, langs, pages, unreadable)


def run_checks(docs_dir: Path, langs: list[str] | None = None, today=None) -> list[Problem]:
    from . import frontmatter, links, markup, translations

    content = load_content(docs_dir, langs)
    problems = list(content.unreadable)
    problems += frontmatter.check(content, today=today)
    problems += translations.check(content)
    problems += links.check(content)
    problems += markup.check(content)
    return sorted(problems, key=lambda p: (p.severity != ERROR, str(p.path), p.line))
