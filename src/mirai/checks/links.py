"""Internal links and anchors resolve, in every language.

A link may point at a page that exists only in English: the build serves the English
page in its place, so that is not an error (the translation check lists it)."""
from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

from ..languages import SOURCE_LANGUAGE
from . import Content, Problem
from .markdown_text import heading_ids, prose_lines

INLINE_LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")
EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")  # http:, https:, mailto:, tel: ...


def link_targets(page):
    for number, line in prose_lines(page.body, page.body_start):
        for match in INLINE_LINK.finditer(line):
            yield number, match.group(1)
        ref = REFERENCE.match(line)
        if ref:
            yield number, ref.group(1)


def check(content: Content) -> list[Problem]:
    problems = []
    for lang, pages in content.pages.items():
        for page in pages.values():
            for number, target in link_targets(page):
                message = check_target(content, lang, page, target)
                if message:
                    problems.append(Problem(page.path, number, message))
    return problems


def resolve(content: Content, lang: str, rel: str):
    """The page a reader of `lang` gets at `rel`: the translation, else the English page."""
    return content.pages.get(lang, {}).get(rel) or content.english.get(rel)


def check_target(content: Content, lang: str, page, target: str) -> str | None:
    if not target or EXTERNAL.match(target):
        return None
    parts = urlsplit(target)
    path, anchor = unquote(parts.path), unquote(parts.fragment)
    if path.startswith("/"):
        return f"link '{target}' starts with '/': use a relative link to the .md file, e.g. ../work/wages.md"
    if path:
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(page.rel), path))
        if rel.startswith("../"):
            return f"link '{target}' points outside the {lang} folder"
        if not rel.endswith(".md"):
            if (content.docs_dir / lang / rel).exists() or (content.docs_dir / SOURCE_LANGUAGE / rel).exists():
                return None
            return f"link '{target}' points to a file that does not exist"
        target_page = resolve(content, lang, rel)
        if target_page is None:
            return f"link '{target}' points to a page that does not exist ({lang}/{rel})"
    else:
        target_page = page
    if anchor and target_page.readable and anchor not in heading_ids(target_page.body):
        return f"link '{target}' points to a heading '#{anchor}' that does not exist in {target_page.lang}/{target_page.rel}"
    return None
