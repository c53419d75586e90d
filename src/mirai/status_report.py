"""The translation status report editors read: per language, pages done, missing, stale."""
from __future__ import annotations

from .checks import Content
from .checks.translations import status
from .languages import get_language


def status_markdown(content: Content) -> str:
    rows = status(content)
    lines = [
        "# Translation status",
        "",
        "| language | done | missing | stale | placeholder pages |",
        "|---|---:|---:|---:|---:|",
    ]
    for code, st in rows.items():
        lang = get_language(code)
        lines.append(f"| {lang.english_name} (`{code}`) | {len(st.done)} of {st.total} | {len(st.missing)} "
                     f"| {len(st.stale)} | {len(st.placeholders)} |")
    for code, st in rows.items():
        if st.missing or st.stale:
            lines += ["", f"## {get_language(code).english_name} (`{code}`)", ""]
            lines += [f"- missing: `docs/{code}/{rel}`" for rel in st.missing]
            lines += [f"- stale: `docs/{code}/{rel}`" for rel in st.stale]
    return "\n".join(lines) + "\n"
