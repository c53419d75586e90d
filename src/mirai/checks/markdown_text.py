"""Small helpers to look at Markdown prose: lines outside code, headings and their ids."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from pymdownx.slugs import slugify

# The same slug function mkdocs.yml gives the toc extension, so anchors match the built ids.
SLUGIFY = slugify(case="lower")
FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"(`+)(.+?)\1")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
ATTR_ID = re.compile(r"\s*\{[^}]*#([\w-]+)[^}]*\}\s*$")


def prose_lines(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """(line number, text) for every line outside fenced code, with inline code blanked."""
    in_fence = None
    for number, line in enumerate(body.split("\n"), start=first_line):
        fence = FENCE.match(line)
        if fence:
            if in_fence is None:
                in_fence = fence.group(1)
            elif fence.group(1) == in_fence:
                in_fence = None
            continue
        if in_fence is None:
            yield number, INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)


def heading_text(raw: str) -> str:
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", raw)
    return re.sub(r"[*_`]", "", text).strip()


@lru_cache(maxsize=4096)
def heading_ids(body: str) -> frozenset[str]:
    """The ids Python-Markdown's toc gives the headings (duplicates get _1, _2, ...)."""
    ids: set[str] = set()
    for _, line in prose_lines(body, 1):
        match = HEADING.match(line)
        if not match:
            continue
        raw = match.group(2)
        custom = ATTR_ID.search(raw)
        if custom:
            ids.add(custom.group(1))
            continue
        base = SLUGIFY(heading_text(raw), "-")
        candidate, n = base, 0
        while candidate in ids:
            n += 1
            candidate = f"{base}_{n}"
        ids.add(candidate)
    return frozenset(ids)
