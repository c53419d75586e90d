"""Shared fixtures: the real site built once into a temporary folder, served by the real
server on a free localhost port, and Debian's Chromium driven by Playwright."""
from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn

from mirai.build import build_site
from mirai.languages import language_codes
from mirai.paths import ROOT
from mirai.server import create_app

CHROMIUM = "/usr/bin/chromium"
# Without these, Chromium phones Google's hosts at start (this machine has no network).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def copy_site_sources(dest: Path) -> Path:
    """A copy of what a build reads (config, content, hooks, templates); returns its mkdocs.yml."""
    for name in ("docs", "hooks", "overrides"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest / "mkdocs.yml"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self, site_dir: Path, port: int, app=None):
        self.site_dir, self.port = site_dir, port
        self.url = f"http://127.0.0.1:{port}/"
        config = uvicorn.Config(app or create_app(site_dir), host="127.0.0.1", port=port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self):
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.05)
        return self

    def stop(self):
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The whole site, built as `make serve` builds it, for a server on a free port."""
    port = free_port()
    site_dir = tmp_path_factory.mktemp("site") / "site"
    build_site(root_url=f"http://127.0.0.1:{port}/", site_dir=site_dir)
    return site_dir, port


@pytest.fixture(scope="session")
def site_dir(site) -> Path:
    return site[0]


@pytest.fixture(scope="session")
def live_server(site):
    server = LiveServer(*site).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


def page_urls(site_dir: Path, lang: str) -> list[str]:
    """The path of every built page of one language (translated or English stand-in)."""
    paths = []
    for index in sorted((site_dir / lang).rglob("index.html")):
        rel = index.parent.relative_to(site_dir).as_posix()
        if "/assets/" in f"/{rel}/" or "/search" in f"/{rel}/":
            continue
        paths.append(f"/{rel}/")
    return paths


ALL_LANGS = language_codes()
HTML_LANG = re.compile(r'<html lang="([^"]+)"')
