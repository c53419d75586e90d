"""A form's submissions as a file for the secretariat: CSV (for Excel) or JSON Lines.

CSV has one row per submission: id, received_at, lang, form_version, then one column per
question of the form as it is now, in the form's order (several choices joined with ";").
JSON Lines keeps every answer as it was sent, one object per line, for programs."""
from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from ..forms.schema import load_form, questions
from .storage import Submission, open_store

FORMATS = ("csv", "jsonl")
FIXED_COLUMNS = ["id", "received_at", "lang", "form_version"]
# Excel runs a cell that starts with one of these as a formula; free text comes from anyone
# on the internet, so such a cell gets a leading apostrophe (OWASP's "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(question: dict, answer) -> str:
    if answer is None:
        return ""
    if question["type"] == "multiple":
        return ";".join(map(str, answer))
    text = str(answer)
    if question["type"] == "text" and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def write_csv(form: dict, submissions: Iterable[Submission], out: BinaryIO) -> int:
    # UTF-8 with a byte order mark: without it, Excel in Japan reads a CSV as Shift_JIS and
    # shows Burmese, Chinese or Vietnamese answers as mojibake.
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    asked = questions(form)
    rows = csv.writer(text)
    rows.writerow(FIXED_COLUMNS + [q["id"] for q in asked])
    count = 0
    for s in submissions:
        rows.writerow([s.id, s.received_at, s.lang, s.form_version] + [cell(q, s.answers.get(q["id"])) for q in asked])
        count += 1
    text.detach()  # leave `out` open for the caller
    return count


def write_jsonl(submissions: Iterable[Submission], out: BinaryIO) -> int:
    count = 0
    for s in submissions:
        record = {"id": s.id, "received_at": s.received_at, "lang": s.lang, "form_version": s.form_version,
                  "answers": s.answers}
        out.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
        count += 1
    return count


def write_export(form_id: str, fmt: str, database_url: str, out: BinaryIO) -> int:
    """Writes the form's submissions to `out`; returns how many. Raises FormError for an
    unknown form and StoreUnavailable for a database that cannot be opened."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (use {' or '.join(FORMATS)})")
    form = load_form(form_id)
    store = open_store(database_url, migrate=False)
    try:
        submissions = store.submissions(form_id)
        return write_csv(form, submissions, out) if fmt == "csv" else write_jsonl(submissions, out)
    finally:
        store.close()


def export_to_file(form_id: str, fmt: str, database_url: str, path: Path) -> int:
    """As write_export, into `path` all at once: written beside it under another name, synced,
    then renamed over it, so a failed export leaves no half file (and any earlier one intact).
    The file is readable by its owner only (mkstemp's mode): it holds people's answers."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            count = write_export(form_id, fmt, database_url, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count
