"""`mirai stamp`: record in a translation which English version it now follows."""
from __future__ import annotations

import re
from pathlib import Path

from .content import FRONT_MATTER, english_version, read_text
from .languages import SOURCE_LANGUAGE


def english_source(translation: Path, docs_dir: Path) -> Path:
    rel = translation.resolve().relative_to(docs_dir.resolve())
    return docs_dir / SOURCE_LANGUAGE / Path(*rel.parts[1:])


def stamp(translation: Path, docs_dir: Path) -> str:
    """Write english_version into the translation's front matter; returns the version."""
    source = english_source(translation, docs_dir)
    if not source.is_file():
        raise FileNotFoundError(f"{translation}: there is no English page {source} to follow")
    version = english_version(source)
    text = read_text(translation)
    match = FRONT_MATTER.match(text)
    if not match:
        raise ValueError(f"{translation}: the page has no front matter to stamp")
    yaml_text = match.group(1) or ""
    line = f"english_version: {version}"
    if re.search(r"(?m)^english_version\s*:.*$", yaml_text):
        yaml_text = re.sub(r"(?m)^english_version\s*:.*$", line, yaml_text, count=1)
    else:
        yaml_text += line + "\n"
    new_block = f"---\n{yaml_text}---\n"
    translation.write_text(new_block + text[match.end():], encoding="utf-8")
    return version
