"""The service worker (/sw.js) and the offline page (/offline.html), written at the site's
root after every language is built.

Why our own ~200-line worker and not Workbox: Workbox precaches one list at install time,
while a reader here saves one language (about 60 files) and may add others later from the
language menu, with progress shown in their language. Our worker keeps Workbox's rules that
matter: content-hashed precache entries, a new version installed beside the old one and
switched only when the reader agrees, old caches deleted after the switch."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..languages import load_languages
from ..paths import DOCS
from ..ui import load_ui
from .pack import PackFile, read_pack, revision, url_of

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
OUTBOX = DOCS / "assets" / "mirai" / "outbox.js"  # the page's outbox, inlined so the worker sends too
SHELL_FILES = ("index.html", "chooser.css", "chooser.js", "offline.html", "offline-page.js")  # the root, for every reader
OFFLINE_KEYS = ("offline_page_title", "offline_page_text", "offline_page_none", "go_home")


def _env() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


def render_offline_page(root: str) -> str:
    """One page for every language: it picks its words from the address the reader asked for."""
    ui = load_ui()
    strings = {lang: {key: ui[lang][key] for key in OFFLINE_KEYS} for lang in ui}
    names = {language.code: [language.name, language.hreflang] for language in load_languages()}
    return _env().get_template("offline.html").render(
        root=root, strings=json.dumps(strings, ensure_ascii=False),
        names=json.dumps(names, ensure_ascii=False), en=ui["en"])


def shell_files(site_dir: Path, root: str) -> list[PackFile]:
    files = []
    for name in SHELL_FILES:
        data = (site_dir / name).read_bytes()
        files.append(PackFile(url_of(site_dir / name, site_dir, root), revision(data), "asset", len(data)))
    return files


def render_service_worker(shell: list[PackFile], packs: dict[str, list[PackFile]], root: str) -> tuple[str, str]:
    """(version, script). The version changes exactly when a file of the shell or a pack does."""
    compact = {lang: {"pages": sum(f.kind == "page" for f in files), "bytes": sum(f.size for f in files),
                      "files": [[f.url, f.revision, f.kind] for f in files]}
               for lang, files in packs.items()}
    shell_list = [[f.url, f.revision] for f in shell]
    outbox = OUTBOX.read_text(encoding="utf-8")
    payload = json.dumps([shell_list, compact, outbox], sort_keys=True).encode()
    version = hashlib.sha256(payload).hexdigest()[:12]
    template = (TEMPLATES / "sw.js").read_text(encoding="utf-8")
    return version, (template.replace("__OUTBOX__", outbox)
                    .replace("__VERSION__", json.dumps(version))
                    .replace("__ROOT__", json.dumps(root))
                    .replace("__SHELL__", json.dumps(shell_list, separators=(",", ":")))
                    .replace("__PACKS__", json.dumps(compact, separators=(",", ":"), ensure_ascii=False)))


def write_offline_files(site_dir: Path, root: str, langs: list[str]) -> str:
    """Writes offline.html and sw.js; returns the service worker's version."""
    (site_dir / "offline.html").write_text(render_offline_page(root), encoding="utf-8")
    packs = {lang: read_pack(site_dir / lang) for lang in langs if (site_dir / lang).is_dir()}
    version, script = render_service_worker(shell_files(site_dir, root), packs, root)
    (site_dir / "sw.js").write_text(script, encoding="utf-8")
    return version
