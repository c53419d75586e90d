"""One language's offline pack: every page of that language and the files they need.

The pack is worked out from the built site, not from a list kept by hand: all HTML pages,
the local files those pages reference (styles, scripts, images), and the files Material
loads from script (search worker, search index, lunr languages, sitemap for instant
navigation). Each file gets a content hash, so the service worker downloads a file again
exactly when its bytes changed."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, asdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

PACK_FILE = "offline-pack.json"
# <link rel> values whose targets a reader needs to read offline (not icons for installing).
READ_RELS = {"stylesheet", "icon", "preload", "modulepreload"}


@dataclass(frozen=True)
class PackFile:
    url: str        # absolute path on the site, as the browser requests it: /vi/work/wages/
    revision: str   # first 16 hex digits of the SHA-256 of the file's bytes
    kind: str       # "page" or "asset"
    size: int


def revision(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


class _References(HTMLParser):
    """Local files a page loads: <script src>, <img src>, <link rel=stylesheet|icon href>,
    and the search worker named in Material's __config."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self._in_config = False
        self.config = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img") and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "link" and a.get("href") and READ_RELS & set((a.get("rel") or "").split()):
            self.urls.append(a["href"])
        self._in_config = tag == "script" and a.get("id") == "__config"

    def handle_data(self, data):
        if self._in_config:
            self.config += data

    def handle_endtag(self, tag):
        self._in_config = False


def page_references(html: str) -> tuple[list[str], dict]:
    parser = _References()
    parser.feed(html)
    config = json.loads(parser.config) if parser.config.strip() else {}
    return parser.urls, config


def url_of(path: Path, lang_dir: Path, base_path: str) -> str:
    rel = path.relative_to(lang_dir).as_posix()
    if rel == "index.html":
        rel = ""
    elif rel.endswith("/index.html"):
        rel = rel[: -len("index.html")]
    return base_path + rel


def _local_file(ref: str, page_url: str, base_path: str, lang_dir: Path) -> Path | None:
    """The file under lang_dir that `ref` (as written in the page at page_url) points to."""
    if urlsplit(ref).scheme or ref.startswith("//"):
        return None
    path = urlsplit(urljoin(page_url, ref)).path
    if not path.startswith(base_path):
        return None
    target = lang_dir / path[len(base_path):]
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


SCRIPT_NAME = re.compile(r'"([^"\s]+\.js)"')


def worker_imports(worker: Path) -> list[Path]:
    """The scripts a worker names ("....js", loaded now or at its first query), relative to it."""
    found = []
    for name in SCRIPT_NAME.findall(worker.read_text(encoding="utf-8")):
        target = (worker.parent / name).resolve()
        if target.is_file():
            found.append(target)
    return found


def search_files(lang_dir: Path) -> list[Path]:
    """The search index and the lunr scripts Material's search worker imports for it."""
    index = lang_dir / "search" / "search_index.json"
    if not index.is_file():
        return []
    files = [index]
    langs = json.loads(index.read_text(encoding="utf-8")).get("config", {}).get("lang", ["en"])
    lunr = lang_dir / "assets" / "javascripts" / "lunr" / "min"
    names = [f"lunr.{code}.min.js" for code in langs if code != "en"]
    if names:
        names.append("lunr.stemmer.support.min.js")
    if len(langs) > 1:
        names.append("lunr.multi.min.js")
    files += [lunr / name for name in names if (lunr / name).is_file()]
    return files


def build_pack(lang_dir: Path, base_path: str) -> list[PackFile]:
    """Every file a reader needs to read the language at `base_path` (e.g. "/vi/") offline."""
    pages = sorted(lang_dir.rglob("*.html"))
    assets: set[Path] = set(search_files(lang_dir))
    sitemap = lang_dir / "sitemap.xml"
    if sitemap.is_file():
        assets.add(sitemap)  # instant navigation reads it to know which links it may load
    for page in pages:
        page_url = url_of(page, lang_dir, base_path)
        refs, config = page_references(page.read_text(encoding="utf-8"))
        if config.get("search"):  # the search worker, relative to the page like its links
            refs.append(config["search"])
        for ref in refs:
            target = _local_file(ref, page_url, base_path, lang_dir)
            if target and target.suffix != ".html":
                assets.add(target)
                if config.get("search") == ref:  # the search worker's own scripts
                    assets.update(worker_imports(target))
    entries = [(path, "asset") for path in sorted(assets)] + [(path, "page") for path in pages]
    return [
        PackFile(url_of(path, lang_dir, base_path), revision(data := path.read_bytes()), kind, len(data))
        for path, kind in entries
    ]


def write_pack(lang_dir: Path, base_path: str) -> list[PackFile]:
    pack = build_pack(lang_dir, base_path)
    (lang_dir / PACK_FILE).write_text(json.dumps([asdict(f) for f in pack], indent=0), encoding="utf-8")
    return pack


def read_pack(lang_dir: Path) -> list[PackFile]:
    return [PackFile(**entry) for entry in json.loads((lang_dir / PACK_FILE).read_text(encoding="utf-8"))]
