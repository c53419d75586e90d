"""Build the whole site: one MkDocs build per language, in parallel, then the root pages."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from urllib.parse import urlsplit

from .desk.keys import PUBLIC_KEY_SETTING, development_key, load_public_key
from .languages import language_codes
from .paths import ROOT, SITE
from .offline.service_worker import write_offline_files
from .root_pages import write_root_pages
from .site_urls import root_path, site_root_url


@dataclass
class BuildResult:
    lang: str
    ok: bool
    seconds: float
    output: str


class BuildError(Exception):
    pass


def desk_public_key(root_url: str) -> Path:
    """The desk's public key the consultation page seals to: MIRAI_DESK_PUBLIC_KEY, or, for a
    site on this machine (`mirai serve`), a development key made once in var/desk/. A public
    site without the setting is refused: a key made on a build machine would lock the desk
    out of every consultation."""
    setting = os.environ.get(PUBLIC_KEY_SETTING)
    if setting:
        load_public_key(Path(setting))  # refuse a wrong file before eight builds do
        return Path(setting)
    host = urlsplit(root_url).hostname or ""
    if host in ("localhost", "127.0.0.1", "::1"):
        return development_key(ROOT / "var" / "desk")
    raise BuildError(f"{PUBLIC_KEY_SETTING} is not set: a public site needs the consultation desk's "
                     "public key file (make one with `mirai desk keygen`; keep the private key off servers)")


def build_language(lang: str, root_url: str, config: Path = ROOT / "mkdocs.yml",
                   site_dir: Path = SITE, desk_key: Path | None = None) -> BuildResult:
    env = dict(os.environ, MIRAI_LANG=lang, MIRAI_SITE_URL=root_url)
    if desk_key:
        env[PUBLIC_KEY_SETTING] = str(desk_key)
    started = time.perf_counter()
    # A process per language: MkDocs keeps global state, and processes use both cores.
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict", "-f", str(config),
         "--site-dir", str(site_dir)],
        cwd=config.parent, env=env, capture_output=True, text=True,
    )
    return BuildResult(lang, proc.returncode == 0, time.perf_counter() - started,
                       (proc.stdout + proc.stderr).strip())


def build_site(langs: list[str] | None = None, root_url: str | None = None, jobs: int | None = None,
               config: Path = ROOT / "mkdocs.yml", site_dir: Path = SITE) -> list[BuildResult]:
    langs = langs or language_codes()
    root_url = root_url or site_root_url()
    desk_key = desk_public_key(root_url)
    if site_dir.exists():
        shutil.rmtree(site_dir)
    with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 2) as pool:
        results = list(pool.map(lambda lang: build_language(lang, root_url, config, site_dir, desk_key), langs))
    failed = [r for r in results if not r.ok]
    if failed:
        raise BuildError("\n\n".join(f"[{r.lang}] build failed:\n{r.output}" for r in failed))
    write_root_pages(site_dir, root_url)
    write_offline_files(site_dir, root_path(root_url), langs)  # after every page exists
    return results
