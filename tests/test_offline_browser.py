"""Offline reading in the real Chromium: install a language, cut the connection, read.

This module builds its own copy of the site (four languages, from a copy of the sources) and
serves it with a server it may stop, restart and rebuild under, on a fixed free port."""
from __future__ import annotations

import html as html_lib
import re
import threading

import pytest

from mirai.build import build_site
from mirai.offline.pack import read_pack
from mirai.server import create_app
from mirai.ui import load_ui

from conftest import (CHROMIUM, CHROMIUM_ARGS, LiveServer, SearchBox, copy_site_sources, free_port,
                      page_urls)

pytestmark = pytest.mark.browser

LANGS = ["en", "vi", "zh", "my"]
UI = load_ui()
READY = "html[data-mirai-offline=ready]"


class RecordingApp:
    """The real server app, noting each path it was asked for (to count downloads)."""

    def __init__(self, app):
        self.app, self.paths, self.lock = app, [], threading.Lock()

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            with self.lock:
                self.paths.append(scope["path"])
        await self.app(scope, receive, send)

    def take(self) -> list[str]:
        with self.lock:
            paths, self.paths = self.paths, []
        return paths


class OfflineSite:
    def __init__(self, base):
        self.sources = base / "src"
        self.sources.mkdir()
        self.config = copy_site_sources(self.sources)
        self.site_dir = base / "site"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.recorder = None
        self.server = None

    def build(self):
        build_site(LANGS, root_url=self.url, config=self.config, site_dir=self.site_dir)

    def start(self):
        self.recorder = RecordingApp(create_app(self.site_dir))
        self.server = LiveServer(self.site_dir, self.port, app=self.recorder).start()

    def stop(self):
        self.server.stop()


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory):
    site = OfflineSite(tmp_path_factory.mktemp("offline"))
    site.build()
    site.start()
    yield site
    site.stop()


@pytest.fixture
def reader(browser, offline_site):
    """A fresh phone: its own context (caches, storage, service workers)."""
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield context, page, errors
    context.close()


def install(page, offline_site, lang):
    page.goto(f"{offline_site.url}{lang}/")
    page.wait_for_selector(READY, timeout=60_000)


def cached_urls(page) -> list[str]:
    return page.evaluate("""async () => {
        const urls = [];
        for (const name of await caches.keys()) {
            for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
        }
        return urls;
    }""")


def built_h1(site_dir, path: str) -> str:
    """The page's main heading as the build wrote it: what a reader must see offline."""
    html = (site_dir / path.strip("/") / "index.html").read_text(encoding="utf-8")
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    return html_lib.unescape(re.sub(r"<a class=\"headerlink\".*?</a>|<[^>]+>", "", heading)).strip()


CLICK_MENU_LINK = """target => {
    const link = [...document.querySelectorAll('.md-nav--primary a.md-nav__link[href]')].find(a => a.href === target);
    if (link) link.click();
    return !!link;
}"""


def cache_names(page) -> list[str]:
    return page.evaluate("caches.keys()")


@pytest.mark.parametrize("lang", ["vi", "zh", "my"])
def test_a_saved_language_reads_offline_page_by_page_and_by_menu_and_search(reader, offline_site, lang):
    context, page, errors = reader
    ui = UI[lang]
    install(page, offline_site, lang)
    assert page.locator(".mirai-bar").inner_text().strip().startswith(ui["offline_ready"])
    assert page.evaluate("navigator.serviceWorker.controller.state") == "activated"

    # Only this language's pages are stored (and the root pages every reader keeps).
    stored = cached_urls(page)
    pages = page_urls(offline_site.site_dir, lang)
    assert set(pages) <= set(stored)
    others = [u for u in stored if re.match(r"/(\w\w)/", u) and not u.startswith(f"/{lang}/")]
    assert others == []

    context.set_offline(True)
    page.goto(f"{offline_site.url}{lang}/")
    assert page.locator(".mirai-badge").is_visible()
    assert page.locator(".mirai-badge").inner_text() == ui["offline_badge"]

    # Search, offline.
    page.goto(f"{offline_site.url}{lang}/work/")
    query = {"vi": "lương", "zh": "工资", "my": "လုပ်ခ"}[lang]
    assert SearchBox(page, f"/{lang}/").run(query)

    # Every page by its address.
    for path in pages:
        response = page.goto(f"{offline_site.url}{path.lstrip('/')}")
        assert response.ok, path
        shown = page.locator("h1").first.inner_text().replace("¶", "").strip()  # permalink sign
        assert shown == built_h1(offline_site.site_dir, path), path

    # Every page of the menu by clicking, one after the other: Material loads each by fetch
    # (instant navigation), which the service worker answers from the cache.
    page.goto(f"{offline_site.url}{lang}/")
    hrefs = page.eval_on_selector_all(
        ".md-nav--primary a.md-nav__link[href]", "links => [...new Set(links.map(a => a.href))]")
    assert len(hrefs) >= 40
    for href in hrefs:
        if not page.evaluate(CLICK_MENU_LINK, href):  # pruned from this page's menu: from home
            page.goto(f"{offline_site.url}{lang}/")
            assert page.evaluate(CLICK_MENU_LINK, href), href
        page.wait_for_url(href)
        page.wait_for_function("h => document.querySelector('article h1') && location.href === h", arg=href)
        assert page.locator("article h1").first.inner_text().strip(), href

    # Search again after all those instant page loads: the same worker, still answering.
    assert SearchBox(page, f"/{lang}/").run(query)
    assert errors == []


def test_a_page_outside_the_saved_language_shows_the_offline_page_in_its_language(reader, offline_site):
    context, page, errors = reader
    install(page, offline_site, "vi")
    context.set_offline(True)
    page.goto(f"{offline_site.url}zh/work/wages/")
    assert page.locator("h1").inner_text() == UI["zh"]["offline_page_title"]
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    assert page.locator("#text").inner_text() == UI["zh"]["offline_page_text"]
    # It lists what is saved: the Vietnamese pages, which open.
    page.locator('#saved a[href="/vi/work/wages/"]').click()
    page.wait_for_url(f"{offline_site.url}vi/work/wages/")
    assert page.locator("article h1").first.is_visible()
    # A saved language's missing page is its own "page not found", not the offline page.
    response = page.goto(f"{offline_site.url}vi/no-such-page/")
    assert response.status == 404
    assert UI["vi"]["not_found_title"] in page.locator("article").inner_text()
    assert errors == []


def test_pages_read_with_the_server_really_gone(reader, offline_site):
    context, page, errors = reader
    install(page, offline_site, "my")
    offline_site.stop()
    try:
        for path in ("my/", "my/work/wages/", "my/help/"):
            page.goto(f"{offline_site.url}{path}")
            assert page.locator("article h1").first.inner_text().strip(), path
        page.goto(f"{offline_site.url}en/")  # not saved and no server: the offline page
        assert page.locator("h1").inner_text() == UI["en"]["offline_page_title"]
    finally:
        offline_site.start()
    assert errors == []


def test_another_language_is_added_from_the_language_menu(reader, offline_site):
    context, page, errors = reader
    install(page, offline_site, "vi")
    save_zh = page.locator('.md-select__item:has(a[href^="/zh/"]) button.mirai-save')
    assert save_zh.get_attribute("aria-label") == UI["vi"]["offline_save"].replace("{language}", "简体中文")
    page.locator(".md-select").hover()
    save_zh.click()
    page.wait_for_function("""() => {
        const b = document.querySelector('.md-select__item a[href^="/zh/"]').parentElement.querySelector('button.mirai-save');
        return b && b.disabled; }""", timeout=60_000)
    stored = cached_urls(page)
    assert set(page_urls(offline_site.site_dir, "zh")) <= set(stored)
    assert not [u for u in stored if u.startswith("/my/") or u.startswith("/en/")]
    context.set_offline(True)
    page.goto(f"{offline_site.url}zh/work/wages/")
    assert page.locator("article h1").first.inner_text().strip()
    assert errors == []


def test_chromium_finds_the_app_installable(browser, offline_site, tmp_path):
    # A profile on disk: Chromium never offers to install from an incognito-like context.
    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profile", executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        page = context.pages[0] if context.pages else context.new_page()
        install(page, offline_site, "vi")
        cdp = context.new_cdp_session(page)
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["url"] == f"{offline_site.url}vi/manifest.webmanifest" and not manifest["errors"]
        registration = page.evaluate("""async () => {
            const r = await navigator.serviceWorker.getRegistration();
            return {scope: r.scope, active: r.active.state, controlled: !!navigator.serviceWorker.controller}; }""")
        assert registration == {"scope": offline_site.url, "active": "activated", "controlled": True}
    finally:
        context.close()


def test_refused_storage_leaves_the_site_working_online_and_says_why(reader, offline_site):
    context, page, errors = reader
    cdp = context.new_cdp_session(page)
    cdp.send("Storage.overrideQuotaForOrigin", {"origin": offline_site.url.rstrip("/"), "quotaSize": 60_000})
    page.goto(f"{offline_site.url}vi/")
    page.wait_for_selector("html[data-mirai-offline=unavailable]", timeout=60_000)
    reason = UI["vi"]["offline_reason_storage"]
    assert reason in page.locator(".mirai-bar").inner_text()
    page.goto(f"{offline_site.url}vi/work/wages/")  # still reads online
    assert page.locator("article h1").first.inner_text().strip()
    assert errors == []


def test_an_update_is_offered_then_applied_whole_and_unchanged_files_are_not_fetched(
        reader, offline_site, tmp_path):
    context, page, errors = reader
    install(page, offline_site, "vi")
    before = {f.url: f.revision for f in read_pack(offline_site.site_dir / "vi")}
    old_caches = cache_names(page)

    # An editor changes one page and the site is rebuilt.
    marker = "MIRAI-UPDATE-CHECK-7"
    source = offline_site.sources / "docs" / "vi" / "work" / "wages.md"
    original = source.read_text(encoding="utf-8")
    source.write_text(original + f"\n\n{marker}\n", encoding="utf-8")
    try:
        offline_site.build()
        after = {f.url: f.revision for f in read_pack(offline_site.site_dir / "vi")}
        changed = {url for url in after if before.get(url) != after[url]}
        assert "/vi/work/wages/" in changed and len(changed) < len(after) / 4
        offline_site.recorder.take()

        page.goto(f"{offline_site.url}vi/")
        page.wait_for_selector("html[data-mirai-update=ready]", timeout=60_000)
        assert page.locator(".mirai-bar").inner_text().startswith(UI["vi"]["offline_update"])
        # Until the reader agrees, every page is the old version: no mix.
        page.goto(f"{offline_site.url}vi/work/wages/")
        assert marker not in page.content()
        fetched = set(offline_site.recorder.take())
        pack_fetches = {path for path in fetched if path in after}
        assert pack_fetches <= changed, pack_fetches - changed  # unchanged files: not again

        page.wait_for_selector("html[data-mirai-update=ready]", timeout=60_000)
        with page.expect_navigation():
            page.get_by_role("button", name=UI["vi"]["offline_reload"]).click()
        page.goto(f"{offline_site.url}vi/work/wages/")
        assert marker in page.locator("article").inner_text()
        context.set_offline(True)
        page.reload()
        assert marker in page.locator("article").inner_text()
        assert len(cache_names(page)) == 1 and cache_names(page) != old_caches  # old one deleted
    finally:
        source.write_text(original, encoding="utf-8")
        offline_site.build()
    assert errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_offline_messages_and_offline_page_have_no_serious_accessibility_violations(
        browser, offline_site, scheme):
    from test_accessibility import AXE, serious

    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        install(page, offline_site, "my")
        assert page.locator(".mirai-bar").is_visible()  # "ready" message, with its close button
        assert serious(AXE.run(page)) == []
        context.set_offline(True)
        page.goto(f"{offline_site.url}my/work/wages/")
        assert page.locator(".mirai-badge").is_visible()
        assert serious(AXE.run(page)) == []
        page.goto(f"{offline_site.url}zh/")  # not saved: the offline page, in Chinese
        page.wait_for_selector("#saved a")
        assert page.locator("#saved a").count() > 10
        assert serious(AXE.run(page)) == []
    finally:
        context.close()


def test_iphone_readers_are_told_how_to_install_once(browser, offline_site):
    iphone = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 "
              "(KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1")
    context = browser.new_context(user_agent=iphone, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        install(page, offline_site, "vi")
        page.goto(f"{offline_site.url}vi/work/")  # saved: now the install steps, in Vietnamese
        page.wait_for_selector(".mirai-bar:not([hidden])")
        assert page.locator(".mirai-bar").inner_text().startswith(UI["vi"]["install_ios"])
        page.goto(f"{offline_site.url}vi/help/")  # once only
        page.wait_for_selector(READY)
        assert page.locator(".mirai-bar").is_hidden()
    finally:
        context.close()


def test_the_install_button_appears_when_chromium_offers_to_install(reader, offline_site):
    # Headless Chromium never fires beforeinstallprompt by itself (it waits for user
    # engagement), so the test fires one, with the prompt() a real event has.
    context, page, errors = reader
    install(page, offline_site, "zh")
    page.goto(f"{offline_site.url}zh/work/")
    page.wait_for_selector(READY)
    page.evaluate("""() => {
        const event = new Event("beforeinstallprompt", { cancelable: true });
        event.prompt = () => { window.__prompted = true; return Promise.resolve(); };
        window.dispatchEvent(event);
        window.__defaultPrevented = event.defaultPrevented;
    }""")
    assert page.evaluate("window.__defaultPrevented")  # our button, not Chrome's mini-bar
    page.get_by_role("button", name=UI["zh"]["install_app"]).click()
    assert page.evaluate("window.__prompted") is True
    assert page.locator(".mirai-bar").is_hidden()
    assert errors == []
