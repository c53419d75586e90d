"""The self-check (data/self-check.yml): yes/no questions answered only in the browser.

Each question names the answer that shows its finding, the page that explains it and the
kinds of windows that help. `load_self_check` refuses a file that points at a page, topic,
status or kind of window that does not exist, so a renamed page breaks the build, not a
reader's link."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..checks.frontmatter import STATUSES
from ..paths import DATA, DOCS
from .windows import load_windows

SELF_CHECK_FILE = DATA / "self-check.yml"
ANSWERS = ("yes", "no")
_KEYS = {"id", "topic", "warn_if", "statuses", "page", "handles"}


class SelfCheckError(ValueError):
    pass


@dataclass(frozen=True)
class Question:
    id: str
    topic: str
    warn_if: str
    page: str  # e.g. work/wages.md
    handles: tuple[str, ...]
    statuses: tuple[str, ...] = ()  # empty: asked of everyone

    @property
    def page_url(self) -> str:
        """The page's address relative to the language's root (directory URLs)."""
        return self.page[: -len(".md")].removesuffix("index") + ("" if self.page.endswith("index.md") else "/")


@dataclass(frozen=True)
class SelfCheck:
    topics: tuple[str, ...]
    questions: tuple[Question, ...]


def validate(doc, handles: set[str], docs: Path = DOCS / "en") -> list[str]:
    errors: list[str] = []
    if not isinstance(doc, dict) or set(doc) != {"topics", "questions"}:
        return ["the file must have exactly `topics` and `questions`"]
    topics = doc["topics"]
    seen: set[str] = set()
    for i, q in enumerate(doc["questions"] or []):
        label = f"questions[{i}] ({q.get('id')!r})" if isinstance(q, dict) else f"questions[{i}]"
        if not isinstance(q, dict):
            errors.append(f"{label}: must be a mapping")
            continue
        errors += [f"{label}: unknown field {key!r}" for key in sorted(set(q) - _KEYS)]
        errors += [f"{label}: missing {key!r}" for key in sorted(_KEYS - {"statuses"} - set(q))]
        if q.get("id") in seen:
            errors.append(f"{label}: id listed twice")
        seen.add(q.get("id"))
        if "topic" in q and q["topic"] not in topics:
            errors.append(f"{label}: unknown topic {q['topic']!r}")
        if "warn_if" in q and q["warn_if"] not in ANSWERS:
            errors.append(f"{label}: warn_if must be \"yes\" or \"no\" (quoted)")
        for status in q.get("statuses") or []:
            if status not in STATUSES:
                errors.append(f"{label}: unknown status {status!r}")
        if "page" in q and not (docs / str(q["page"])).is_file():
            errors.append(f"{label}: page {q['page']!r} does not exist in docs/en/")
        for handle in q.get("handles") or []:
            if handle not in handles:
                errors.append(f"{label}: unknown kind of window {handle!r}")
        if "handles" in q and not q["handles"]:
            errors.append(f"{label}: handles must not be empty")
    count = len(doc["questions"] or [])
    if not 15 <= count <= 30:
        errors.append(f"{count} questions: the self-check has 15 to 30")
    return errors


def load_self_check(path: Path = SELF_CHECK_FILE, handles=None) -> SelfCheck:
    """`handles`: the directory's kinds of window, when the caller has read it already."""
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    errors = validate(doc, set(handles if handles is not None else load_windows().handles))
    if errors:
        raise SelfCheckError(f"{path}:\n  - " + "\n  - ".join(errors))
    return SelfCheck(
        topics=tuple(doc["topics"]),
        questions=tuple(Question(id=q["id"], topic=q["topic"], warn_if=q["warn_if"], page=q["page"],
                                 handles=tuple(q["handles"]), statuses=tuple(q.get("statuses") or ()))
                        for q in doc["questions"]))
