"""No script can enter the site through Markdown: raw <script> (and other active
elements), inline event handlers and javascript: URLs are refused."""
from __future__ import annotations

import re

from . import Content, Problem
from .markdown_text import prose_lines

ACTIVE_ELEMENT = re.compile(r"<\s*/?\s*(script|iframe|object|embed|frame|frameset|base|form|meta|link|style)\b", re.I)
EVENT_HANDLER = re.compile(r"<[^>]*?\s(on[a-z]+)\s*=", re.I)
# Any mention outside code counts: browsers accept these with spaces and tabs inside.
SCRIPT_URL = re.compile(r"\b(java\s*script|vb\s*script)\s*:|\bdata\s*:\s*text/html", re.I)


def check(content: Content) -> list[Problem]:
    problems = []
    for pages in content.pages.values():
        for page in pages.values():
            for number, line in prose_lines(page.body, page.body_start):
                problems += check_line(page.path, number, line)
    return problems


def check_line(path, number: int, line: str) -> list[Problem]:
    out = []
    element = ACTIVE_ELEMENT.search(line)
    if element:
        out.append(Problem(path, number, f"raw <{element.group(1).lower()}> is not allowed in Markdown: "
                           "pages may not run scripts or embed other pages"))
    handler = EVENT_HANDLER.search(line)
    if handler:
        out.append(Problem(path, number, f"inline event handler '{handler.group(1)}=' is not allowed in Markdown"))
    url = SCRIPT_URL.search(line)
    if url:
        out.append(Problem(path, number, f"'{url.group(0)}' addresses are not allowed: they run script"))
    return out
