"""Our own scripts and styles, minified in the built site (the sources keep their comments).

Every page loads them, on phones that pay for each byte: comments and spaces would be
about a third of their compressed size. rjsmin and rcssmin only drop comments and spaces,
so what runs is what we wrote. Material's files are minified already and left alone."""
from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin

OURS = "assets/mirai"


def minify_file(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".js":
        path.write_text(rjsmin.jsmin(text) + "\n", encoding="utf-8")
    elif path.suffix == ".css":
        path.write_text(rcssmin.cssmin(text) + "\n", encoding="utf-8")


def minify_our_assets(site_dir: Path) -> list[Path]:
    files = sorted(p for p in (site_dir / OURS).rglob("*") if p.suffix in (".js", ".css"))
    for path in files:
        minify_file(path)
    return files
