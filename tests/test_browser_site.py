"""In the real Chromium: every page of every language loads with nothing from another origin
and no failed request; the chooser and the language switcher behave as readers expect."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from conftest import ALL_LANGS, page_urls
from mirai.languages import get_language

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ALL_LANGS)
def test_every_page_loads_only_from_the_site(context, live_server, site_dir, lang):
    origin = urlsplit(live_server.url).netloc
    foreign, failed, errors = [], [], []
    page = context.new_page()
    page.on("request", lambda r: urlsplit(r.url).netloc != origin and urlsplit(r.url).scheme in ("http", "https", "ws", "wss") and foreign.append(r.url))
    # ERR_ABORTED: cancelled because the test moved on to the next page (e.g. a favicon);
    # any answer the server gave is still checked through "response".
    page.on("requestfailed", lambda r: "ERR_ABORTED" not in (r.failure or "") and failed.append(f"{r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.url} -> {r.status}"))
    page.on("pageerror", lambda e: errors.append(str(e)))
    paths = page_urls(site_dir, lang)
    assert len(paths) >= 50
    for path in paths:
        response = page.goto(live_server.url.rstrip("/") + path, wait_until="load")
        assert response.status == 200, path
        assert page.locator("h1").first.inner_text().strip(), f"{path} has no title"
    page.close()
    assert foreign == [], foreign[:10]
    assert failed == [], failed[:10]
    assert errors == [], errors[:10]


def test_language_switcher_keeps_the_page(context, live_server):
    page = context.new_page()
    page.goto(live_server.url + "vi/work/wages/")
    page.locator(".md-header__option .md-select").first.hover()
    page.locator('a.md-select__link[hreflang="my"]').click()
    page.wait_for_url("**/my/work/wages/")
    assert page.locator("html").get_attribute("lang") == "my"


def test_chooser_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url)
    links = page.locator(".languages a")
    assert links.count() == len(ALL_LANGS)
    page.locator('.languages a[data-lang="id"]').click()
    page.wait_for_url("**/id/")
    assert page.locator("html").get_attribute("lang") == "id"
    context.close()


def test_chooser_offers_the_browsers_language_on_a_first_visit(browser, live_server):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.goto(live_server.url)
    first = page.locator(".languages li").first
    assert first.get_attribute("data-lang") == "vi"
    assert "Gợi ý cho bạn" in first.inner_text()
    assert page.url == live_server.url  # offered, not forced
    context.close()


def test_chooser_remembers_the_choice(context, live_server):
    page = context.new_page()
    page.goto(live_server.url)
    page.locator('.languages a[data-lang="my"]').click()
    page.wait_for_url("**/my/")
    page.goto(live_server.url)
    page.wait_for_url("**/my/")
    # "?choose" shows the list again, and reading another language changes the choice
    page.goto(live_server.url + "?choose")
    assert page.locator(".languages li").count() == len(ALL_LANGS)
    page.goto(live_server.url + "pt/")
    page.goto(live_server.url)
    page.wait_for_url("**/pt/")


@pytest.mark.parametrize("lang", ["en", "my", "zh"])
def test_unknown_page_shows_the_404_in_the_readers_language(context, live_server, lang):
    page = context.new_page()
    response = page.goto(live_server.url + f"{lang}/no/such/page/")
    assert response.status == 404
    from mirai.ui import ui_strings
    assert page.locator("h1").first.inner_text() == ui_strings(lang)["not_found_title"]
    # its links work from any depth
    page.locator(f'a[href$="/{lang}/"]').first.click()  # Material makes 404 links absolute
    page.wait_for_url(f"**/{lang}/")
    assert page.locator("html").get_attribute("lang").startswith(get_language(lang).theme_language.split("-")[0])
