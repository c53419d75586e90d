"""Front matter: present, and every field of the expected kind (see CONTRIBUTING.md)."""
from __future__ import annotations

import datetime as dt

from ..content import as_date
from ..forms.schema import FORMS
from ..languages import SOURCE_LANGUAGE
from . import Content, Problem

STATUSES = ("technical-intern", "specified-skilled", "highly-skilled", "student")
REQUIRED = ("title", "description", "statuses", "last_reviewed", "sources")
DESCRIPTION_MAX = 200


def check(content: Content, today: dt.date | None = None) -> list[Problem]:
    today = today or dt.date.today()
    problems = []
    for lang_pages in content.pages.values():
        for page in lang_pages.values():
            if page.readable:
                problems += check_page(page, today)
    return problems


def check_page(page, today: dt.date) -> list[Problem]:
    def problem(key, message):
        return Problem(page.path, page.line_of(key), message)

    if not page.has_front_matter:
        return [Problem(page.path, 1, "front matter is missing: the page must start with a '---' block "
                        "holding title, description, statuses, last_reviewed and sources")]
    meta, out = page.meta, []
    for key in REQUIRED:
        if key not in meta or meta[key] in (None, "", []):
            out.append(problem(key, f"'{key}' is missing from the front matter"))
    for key in ("title", "description"):
        if key in meta and meta[key] not in (None, "") and not isinstance(meta[key], str):
            out.append(problem(key, f"'{key}' must be text"))
    description = meta.get("description")
    if isinstance(description, str) and ("\n" in description.strip() or len(description) > DESCRIPTION_MAX):
        out.append(problem("description", f"'description' must be one sentence of at most {DESCRIPTION_MAX} characters"))
    statuses = meta.get("statuses")
    if statuses not in (None, []):
        if not isinstance(statuses, list):
            out.append(problem("statuses", "'statuses' must be a list, e.g. [technical-intern, student]"))
        else:
            for status in statuses:
                if status not in STATUSES:
                    out.append(problem("statuses", f"unknown status '{status}'; use one of: {', '.join(STATUSES)}"))
    if "last_reviewed" in meta and meta["last_reviewed"] not in (None, ""):
        reviewed = as_date(meta["last_reviewed"])
        if reviewed is None:
            out.append(problem("last_reviewed", "'last_reviewed' must be a date written YYYY-MM-DD"))
        elif reviewed > today:
            out.append(problem("last_reviewed", f"'last_reviewed' ({reviewed}) is in the future"))
    sources = meta.get("sources")
    if sources not in (None, []):
        if not isinstance(sources, list):
            out.append(problem("sources", "'sources' must be a list of https:// addresses"))
        else:
            for source in sources:
                if not (isinstance(source, str) and source.startswith("https://") and " " not in source):
                    out.append(problem("sources", f"source '{source}' is not an https:// address"))
    if "placeholder" in meta and not isinstance(meta["placeholder"], bool):
        out.append(problem("placeholder", "'placeholder' must be true or false"))
    if "form" in meta and not (isinstance(meta["form"], str) and (FORMS / f"{meta['form']}.yml").is_file()):
        out.append(problem("form", f"'form' must name a form in data/forms/ (e.g. survey), not {meta['form']!r}"))
    from ..desk.pages import WIDGETS  # here: the desk's pages read the statuses above
    if "widget" in meta and meta["widget"] not in WIDGETS:
        out.append(problem("widget", f"'widget' must be one of {', '.join(WIDGETS)}, not {meta['widget']!r}"))
    if page.lang != SOURCE_LANGUAGE and "english_version" not in meta:
        out.append(problem("english_version", "'english_version' is missing: run "
                           f"`mirai stamp {page.path}` after checking the translation against the English page"))
    return out
