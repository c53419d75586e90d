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


def paragraphs(path: Path) -> list[str]:
    """A Markdown file's paragraphs (blank-line separated), for JS/Python twin tests."""
    return [p for p in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")) if p.strip()]


def page_with_script(browser, script: Path):
    """A blank page with one of our scripts loaded (a generator for a fixture)."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<meta charset=utf-8>")
    page.add_script_tag(path=str(script))
    yield page
    context.close()


def in_web_worker(page, script: Path | str, function: str, data):
    """`function(data)` (JS source, may be async) run inside a real Web Worker that loaded
    `script` (a file, or the script's source text)."""
    return page.evaluate("""async ([source, fn, data]) => {
        const lib = URL.createObjectURL(new Blob([source], {type: "text/javascript"}));
        const main = `importScripts(${JSON.stringify(lib)}); onmessage = async e => postMessage(await (${fn})(e.data));`;
        const worker = new Worker(URL.createObjectURL(new Blob([main], {type: "text/javascript"})));
        try {
            return await new Promise((resolve, reject) => {
                worker.onmessage = e => resolve(e.data);
                worker.onerror = e => reject(new Error(e.message));
                worker.postMessage(data);
            });
        } finally { worker.terminate(); }
    }""", [script if isinstance(script, str) else script.read_text(encoding="utf-8"), function, data])


class SearchBox:
    """Material's search box on an open page, typed into as a reader would."""

    def __init__(self, page, base: str):
        self.page, self.base = page, base
        page.locator("label.md-search__icon, .md-search__input").first.click()
        self.box = page.locator(".md-search__input")
        translations = page.evaluate("JSON.parse(document.getElementById('__config').textContent).translations")
        self.none = translations["search.result.none"]
        self.placeholder = translations["search.result.placeholder"]
        # Material shows "Initializing search" until its worker has built the index.
        page.wait_for_function("text => document.querySelector('.md-search-result__meta').textContent.trim() === text",
                               arg=translations["search.result.placeholder"], timeout=30_000)

    def run(self, query: str, attempts: int = 3) -> list[str]:
        """The pages listed for the query, in order, as paths below `base`."""
        for _ in range(attempts):
            self.box.fill("")
            self.box.press("End")
            # Cleared: no results and the placeholder again, so the "no results" of the last
            # query is not taken for this one's answer.
            self.page.wait_for_function(
                """text => !document.querySelector('.md-search-result__item') &&
                          document.querySelector('.md-search-result__meta').textContent.trim() === text""",
                arg=self.placeholder)
            self.box.fill(query)
            self.box.press("End")  # Material reads the query on key events
            try:
                self.page.wait_for_function(
                    """none => document.querySelector('.md-search-result__item') ||
                              document.querySelector('.md-search-result__meta').textContent.trim() === none""",
                    arg=self.none, timeout=5_000)
            except Exception:
                continue
            return [path[len(self.base):] for path in self.page.evaluate(RESULT_PAGES)]
        return []


RESULT_PAGES = """() => [...document.querySelectorAll('.md-search-result__list > .md-search-result__item')]
    .map(item => item.querySelector('a.md-search-result__link'))
    .filter(Boolean).map(a => new URL(a.href).pathname)"""


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


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL server for the session (tests/postgres_server.py). Missing
    PostgreSQL skips its tests on a laptop and fails them in CI, where it must be there."""
    import os

    from postgres_server import PostgresCluster, PostgresUnavailable

    try:
        cluster = PostgresCluster()
    except PostgresUnavailable as e:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required in CI: {e}", pytrace=False)
        pytest.skip(str(e))
    with cluster:
        yield cluster


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """An empty database for one test: a new SQLite file, or the PostgreSQL server's test
    database emptied (its schema dropped and made anew: milliseconds, where CREATE DATABASE
    copies and syncs 7 MB per test)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'db.sqlite3'}"
    import psycopg

    cluster = request.getfixturevalue("postgres_server")
    with psycopg.connect(cluster.url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "  # a store a test left open
                      "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        admin.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        admin.execute(f"ALTER DATABASE {admin.info.dbname} RESET ALL")  # settings a test gave it
    return cluster.url


@pytest.fixture
def endpoint(database_url):
    """`make(**settings)` -> (a test client of the endpoint on `database_url`, its store)."""
    from starlette.testclient import TestClient

    from mirai.endpoint.app import create_endpoint
    from mirai.endpoint.settings import EndpointSettings

    stores = []

    def make(**overrides):
        app = create_endpoint(EndpointSettings(database_url=database_url, **overrides))
        stores.append(app.state.store)
        return TestClient(app, base_url="http://127.0.0.1:8000"), app.state.store
    yield make
    for store in stores:
        store.close()
