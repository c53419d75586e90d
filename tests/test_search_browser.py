"""The search in the real Chromium: recall@5 per language typed into Material's search box,
only the reader's language's index downloaded, the status filter, and odd input."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from conftest import ALL_LANGS, SearchBox
from test_search_recall import TARGET, load_queries
from mirai.search.engine import page_location

pytestmark = pytest.mark.browser

@pytest.fixture
def searcher(browser, live_server):
    def open_search(lang: str):
        context = browser.new_context(service_workers="block")  # the network as it is: no cache
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        requests = []
        page.on("request", lambda request: requests.append(urlsplit(request.url).path))
        page.goto(f"{live_server.url}{lang}/work/")
        opened.append(context)
        return SearchBox(page, f"/{lang}/"), errors, requests
    opened = []
    yield open_search
    for context in opened:
        context.close()


@pytest.mark.parametrize("lang", ALL_LANGS)
def test_recall_at_5_in_the_browser(searcher, lang):
    search, errors, _ = searcher(lang)
    found = expected = 0
    misses = []
    for item in load_queries(lang):
        top = search.run(item["query"])[:5]
        want = [page_location(path) for path in item["expect"]]
        hits = [w for w in want if w in top]
        found, expected = found + len(hits), expected + len(want)
        if len(hits) < len(want):
            misses.append(f"{item['query']!r}: wanted {want}, top 5 {top}")
    recall = found / expected
    print(f"\n{lang}: browser recall@5 = {recall:.3f}")
    assert recall >= TARGET, f"{lang} browser recall@5 {recall:.3f}\n" + "\n".join(misses)
    assert errors == []


def test_a_burmese_page_downloads_only_the_burmese_index(searcher):
    search, errors, requests = searcher("my")
    assert search.run("လုပ်ခ")[:5]
    indexes = [path for path in requests if path.endswith("search_index.json")]
    assert indexes == ["/my/search/search_index.json"]
    assert any(path.endswith("/workers/mirai-search.js") for path in requests)
    assert not any(path.startswith(("/en/", "/zh/", "/vi/", "/tl/", "/id/", "/pt/", "/es/")) for path in requests)
    assert errors == []


def test_search_can_be_narrowed_to_a_residence_status_and_shows_sections(searcher):
    search, errors, _ = searcher("en")
    everyone = search.run("trainee")
    assert "status/technical-intern/" in everyone
    assert search.page.locator(".md-search-result__item .md-tag").first.inner_text()  # the section
    search.page.locator(".mirai-search-filter select").select_option("student")
    search.page.wait_for_function(
        "() => ![...document.querySelectorAll('a.md-search-result__link')].some(a => a.href.includes('/status/technical-intern/'))")
    students = search.run("trainee")
    assert "status/technical-intern/" not in students and students
    search.page.locator(".mirai-search-filter select").select_option("")
    assert "status/technical-intern/" in search.run("trainee")
    assert errors == []


ODD = ["*", "~", "^", ":", "+", "-", "+-*~^:", "a" * 1000, "lương*~^", "🙂🙂", "工资 wages လုပ်ခ",
       "title:", "((", "\\", "[a-z]+", "..", "\"unclosed"]


@pytest.mark.parametrize("lang", ["vi", "zh", "my"])
def test_odd_input_never_breaks_the_search(searcher, lang):
    search, errors, _ = searcher(lang)
    for query in ODD:
        search.run(query, attempts=1)
    assert search.run({"vi": "lương", "zh": "工资", "my": "လုပ်ခ"}[lang])  # still answering
    assert errors == []


def test_word_rules_load_at_the_first_search_not_with_the_page(searcher):
    search, errors, requests = searcher("vi")
    search.page.wait_for_load_state("networkidle")
    assert any(path.endswith("/workers/mirai-search.js") for path in requests)
    assert not any(path.endswith("/search/latin.js") for path in requests)  # most views never search
    assert "work/wages/" in search.run("luong toi thieu")[:5]
    assert any(path.endswith("/vi/assets/mirai/search/latin.js") for path in requests)
    assert errors == []


@pytest.mark.parametrize("lang", ["my", "vi"])
def test_search_dialog_with_filter_and_results_has_no_serious_accessibility_violations(searcher, lang):
    from test_accessibility import AXE, serious

    search, errors, _ = searcher(lang)
    assert search.run({"my": "လုပ်ခ", "vi": "lương"}[lang])
    assert search.page.locator(".mirai-search-filter select").is_visible()
    assert serious(AXE.run(search.page)) == []
    assert errors == []


def test_a_query_typed_before_the_index_arrives_is_answered_once_it_does(browser, live_server):
    """Material holds a query until its worker is ready; our layer must not lose it."""
    context = browser.new_context(service_workers="block")
    held = []
    context.route("**/search/search_index.json", lambda route: held.append(route))
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}vi/work/")
        page.locator("label.md-search__icon, .md-search__input").first.click()
        box = page.locator(".md-search__input")
        box.fill("luong toi thieu")
        box.press("End")  # typed once, while the index is still on its way
        assert held, "the index request was not seen"
        held[0].continue_()
        page.wait_for_selector(".md-search-result__item", state="attached", timeout=20_000)
        first = page.locator("a.md-search-result__link").first.get_attribute("href")
        assert first.endswith("work/wages/")
    finally:
        context.close()
