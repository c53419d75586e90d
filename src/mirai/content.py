"""Reading the Markdown sources: front matter, body, and which pages exist in which language.

Errors an editor can make (a file that is not UTF-8, front matter that is not YAML)
become ContentError with the file and line, never a traceback.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)
ENGLISH_VERSION_LENGTH = 12


class ContentError(Exception):
    def __init__(self, path: Path, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass
class SourcePage:
    path: Path  # the file on disk
    lang: str  # docs/<lang>/...
    rel: str  # path inside the language folder, e.g. "work/wages.md"
    meta: dict = field(default_factory=dict)
    has_front_matter: bool = False
    body: str = ""
    body_start: int = 1  # line number of the body's first line
    lines_of_keys: dict[str, int] = field(default_factory=dict)
    readable: bool = True  # False: the file exists but could not be read (reported once)

    def line_of(self, key: str) -> int:
        """The line a front matter key is on (1 when it is missing)."""
        return self.lines_of_keys.get(key, 1)


def read_text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise ContentError(
            path, line, f"the file is not UTF-8 text (byte 0x{raw[e.start]:02x}); save it as UTF-8"
        ) from None
    return text.lstrip("\ufeff").replace("\r\n", "\n")


def parse_page(path: Path, lang: str, rel: str) -> SourcePage:
    text = read_text(path)
    page = SourcePage(path=path, lang=lang, rel=rel, body=text)
    match = FRONT_MATTER.match(text)
    if not match:
        return page
    raw_meta = match.group(1) or ""
    try:
        meta = yaml.safe_load(raw_meta) or {}
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 2 if mark else 1  # +1 for 0-based, +1 for the opening ---
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise ContentError(path, line, f"the front matter is not valid YAML: {problem}") from None
    if not isinstance(meta, dict):
        raise ContentError(path, 2, "the front matter must be a list of 'key: value' lines")
    page.meta = meta
    page.has_front_matter = True
    page.body = text[match.end():]
    page.body_start = text[: match.end()].count("\n") + 1
    for number, line in enumerate(raw_meta.splitlines(), start=2):
        key = re.match(r"([A-Za-z_][\w-]*)\s*:", line)
        if key:
            page.lines_of_keys.setdefault(key.group(1), number)
    return page


def english_version(path: Path) -> str:
    """The version stamp a translation records: a short hash of the English file.

    Any change to the English file, front matter included, makes its translations stale,
    so a translator always sees the whole change."""
    data = path.read_bytes().replace(b"\r\n", b"\n")
    return hashlib.sha256(data).hexdigest()[:ENGLISH_VERSION_LENGTH]


def pages_in(docs_dir: Path, lang: str) -> dict[str, Path]:
    """Every Markdown page of one language, keyed by its path inside the language folder."""
    folder = docs_dir / lang
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*.md"))}


def inventory(docs_dir: Path, langs: list[str]) -> dict[str, dict[str, Path]]:
    return {lang: pages_in(docs_dir, lang) for lang in langs}


def as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None
