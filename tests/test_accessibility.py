"""WCAG checks in the real browser: axe-core on every page template in every language (0
serious or critical violations), and pages that still work at 200% text and in dark mode."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import ALL_LANGS

pytestmark = pytest.mark.browser

# One page of each template: home, section index, content page with tables, share (QR),
# poster (own template), survey (a form), the desk's parts (triage, directory, self-check,
# consultation form, case page), 404 (theme), and the root language chooser.
TEMPLATES = ["", "work/", "work/wages/", "about/share/", "about/poster/", "survey/", "help/", "help/directory/",
             "help/self-check/", "help/consult/", "help/case/", "no-such-page/"]
AXE = Axe()


def serious(results) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes'][:3]]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ALL_LANGS)
def test_templates_have_no_serious_violations(browser, live_server, lang, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    found = {}
    for path in TEMPLATES:
        page.goto(f"{live_server.url}{lang}/{path}")
        scheme_attr = page.locator("body").get_attribute("data-md-color-scheme")
        if scheme_attr is not None:  # Material follows the system setting
            assert scheme_attr == ("slate" if scheme == "dark" else "default")
        problems = serious(AXE.run(page))
        if problems:
            found[path] = problems
    context.close()
    assert found == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_language_chooser_has_no_serious_violations(browser, live_server, scheme):
    context = browser.new_context(color_scheme=scheme, locale="my-MM")
    page = context.new_page()
    page.goto(live_server.url)
    assert serious(AXE.run(page)) == []
    context.close()


@pytest.mark.parametrize("lang", ["en", "my", "zh", "vi"])
def test_pages_work_at_200_percent_text_on_a_phone(browser, live_server, lang):
    """Text zoomed to 200% on a 360 px phone: nothing is cut off sideways, the menu opens."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    for path in ["", "work/wages/", "life/emergency/", "about/share/", "help/directory/"]:
        page.goto(f"{live_server.url}{lang}/{path}")
        page.add_style_tag(content="html { font-size: 200% !important; }")
        overflow = page.evaluate("""() => {
            const width = document.documentElement.clientWidth;
            return [...document.querySelectorAll('.md-content p, .md-content li, .md-content h1, .md-content h2')]
                .filter(el => el.getBoundingClientRect().right > width + 1)
                .map(el => el.tagName + ': ' + el.textContent.slice(0, 40));
        }""")
        assert overflow == [], f"{lang}/{path}: {overflow[:5]}"
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"), path
    # the navigation drawer still opens and shows the sections
    page.locator("label.md-header__button[for='__drawer']").click()
    assert page.locator(".md-nav--primary").first.is_visible()
    context.close()
