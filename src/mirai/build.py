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


def build_language(lang: str, root_url: str, config: Path = ROOT / "mkdocs.yml",
                   site_dir: Path = SITE) -> BuildResult:
    env = dict(os.environ, MIRAI_LANG=lang, MIRAI_SITE_URL=root_url)
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
    if site_dir.exists():
        shutil.rmtree(site_dir)
    with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 2) as pool:
        results = list(pool.map(lambda lang: build_language(lang, root_url, config, site_dir), langs))
    failed = [r for r in results if not r.ok]
    if failed:
        raise BuildError("\n\n".join(f"[{r.lang}] build failed:\n{r.output}" for r in failed))
    write_root_pages(site_dir, root_url)
    write_offline_files(site_dir, root_path(root_url), langs)  # after every page exists
    return results
