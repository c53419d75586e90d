"""The built site: every language at its prefix with its own 404, <html lang>, sitemap with
hreflang, English stand-ins marked as such, and no reference to another origin."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from conftest import ALL_LANGS, HTML_LANG, copy_site_sources
from mirai.content import pages_in
from mirai.languages import get_language
from mirai.paths import DOCS
from mirai.qr import qr_svg
from mirai.ui import ui_strings

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


class Head(HTMLParser):
    """Collects the <link> and <meta> tags of a page."""

    def __init__(self, html):
        super().__init__()
        self.links, self.metas = [], {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link":
            self.links.append(a)
        elif tag == "meta":
            self.metas[a.get("name") or a.get("property")] = a.get("content")


def read(site_dir, path):
    return (site_dir / path).read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ALL_LANGS)
def test_each_language_has_home_404_and_its_own_html_lang(site_dir, lang):
    home = read(site_dir, f"{lang}/index.html")
    expected = get_language(lang).theme_language.split("-")[0]
    assert HTML_LANG.search(home).group(1).split("-")[0] == expected
    not_found = read(site_dir, f"{lang}/404.html")
    assert ui_strings(lang)["not_found_title"] in not_found
    assert HTML_LANG.search(not_found).group(1).split("-")[0] == expected
    # the 404 page is served at any depth: its links must not be relative
    assert 'href="../' not in not_found


def test_root_has_the_chooser_with_every_language(site_dir, site):
    html = read(site_dir, "index.html")
    for lang in ALL_LANGS:
        assert f'href="/{lang}/"' in html
        assert get_language(lang).name in html
    assert "<script src=\"/chooser.js\"></script>" in html
    assert (site_dir / "404.html").exists() and (site_dir / "robots.txt").exists()


@pytest.mark.parametrize("lang", ALL_LANGS)
def test_sitemap_lists_the_languages_pages_with_hreflang_of_real_translations(site_dir, site, lang):
    root = f"http://127.0.0.1:{site[1]}/"
    tree = ET.parse(site_dir / lang / "sitemap.xml")
    urls = tree.getroot().findall("sm:url", NS)
    own = pages_in(DOCS, lang)
    assert len(urls) == len(own) > 0  # English stand-ins are not listed as this language
    for url in urls:
        loc = url.find("sm:loc", NS).text
        assert loc.startswith(f"{root}{lang}/")
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)}
        assert alternates[get_language(lang).hreflang] == loc
        for hreflang, href in alternates.items():
            code = href[len(root):].split("/", 1)[0]
            rel = href[len(root) + len(code) + 1:]
            assert any(page_url_of(r) == rel for r in pages_in(DOCS, code)), href
    index = ET.parse(site_dir / "sitemap.xml").getroot()
    assert [e.text for e in index.findall("sm:sitemap/sm:loc", NS)] == [f"{root}{c}/sitemap.xml" for c in ALL_LANGS]


def page_url_of(rel: str) -> str:
    if rel == "index.md":
        return ""
    if rel.endswith("/index.md"):
        return rel[: -len("index.md")]
    return rel[: -len(".md")] + "/"


def test_page_head_has_description_open_graph_canonical_and_hreflang(site_dir, site):
    root = f"http://127.0.0.1:{site[1]}/"
    head = Head(read(site_dir, "vi/about/share/index.html"))
    assert head.metas["og:title"] == "Chia sẻ hướng dẫn này"
    assert head.metas["description"] == head.metas["og:description"] and head.metas["description"]
    assert head.metas["og:locale"] == "vi_VN"
    canonical = [link["href"] for link in head.links if link.get("rel") == "canonical"]
    assert canonical == [f"{root}vi/about/share/"]
    hreflangs = {link["hreflang"]: link["href"] for link in head.links if link.get("hreflang")}
    assert all(link["rel"].split() == ["alternate"] for link in head.links if link.get("hreflang"))
    assert hreflangs["vi"] == f"{root}vi/about/share/"
    assert hreflangs["x-default"] == f"{root}en/about/share/"
    assert set(hreflangs) == {get_language(c).hreflang for c in ALL_LANGS} | {"x-default"}


def test_untranslated_page_is_the_english_page_marked_as_such(tmp_path):
    """A copy of the project with one Vietnamese page removed: readers get the English page,
    marked, with its canonical address on the English page and no hreflang claim."""
    from mirai.build import build_language

    config = copy_site_sources(tmp_path)
    (tmp_path / "docs/vi/work/wages.md").unlink()
    root = "https://example.org/"
    result = build_language("vi", root, config=config, site_dir=tmp_path / "site")
    assert result.ok, result.output
    html = read(tmp_path / "site", "vi/work/wages/index.html")
    assert ui_strings("vi")["fallback_notice"] in html
    assert '<div lang="en">' in html and "<h1" in html
    head = Head(html)
    assert [link["href"] for link in head.links if link.get("rel") == "canonical"] == [f"{root}en/work/wages/"]
    assert not [link for link in head.links if link.get("hreflang")]
    sitemap = read(tmp_path / "site", "vi/sitemap.xml")
    assert f"{root}vi/work/wages/" not in sitemap and f"{root}vi/work/hours-and-leave/" in sitemap


@pytest.mark.parametrize("lang", ALL_LANGS)
def test_language_switcher_keeps_the_reader_on_the_same_page(site_dir, lang):
    html = read(site_dir, f"{lang}/work/wages/index.html")
    links = re.findall(r'<a href="([^"]+)" hreflang="[^"]+" class="md-select__link"', html)
    assert links == [f"/{code}/work/wages/" for code in ALL_LANGS]


@pytest.mark.parametrize("lang", ALL_LANGS)
def test_share_page_shows_the_qr_code_of_its_home_page(site_dir, site, lang):
    svg = read(site_dir, f"{lang}/assets/mirai/qr-home.svg")
    assert svg == qr_svg(f"http://127.0.0.1:{site[1]}/{lang}/", title=ui_strings(lang)["qr_alt"])
    share = read(site_dir, f"{lang}/about/share/index.html")
    assert "assets/mirai/qr-home.svg" in share and ui_strings(lang)["qr_alt"] in share
    poster = read(site_dir, f"{lang}/about/poster/index.html")
    assert "assets/mirai/qr-home.svg" in poster and "poster.css" in poster
    assert "110" in poster and "119" in poster
    assert "<script" not in poster


def test_section_titles_come_from_the_section_index_pages(site_dir):
    for lang in ALL_LANGS:
        index = DOCS / lang / "work/index.md"
        if not index.exists():
            continue
        from mirai.content import parse_page
        title = parse_page(index, lang, "work/index.md").meta["title"]
        assert f">{title}<" in re.sub(r"\s+", " ", read(site_dir, f"{lang}/index.html")).replace("> ", ">").replace(" <", "<")


OTHER_ORIGIN = re.compile(r"""(?:src|href|action|srcset|content)=["']?(?:https?:)?//(?!127\.0\.0\.1)""", re.I)


def test_no_built_page_loads_from_another_origin(site_dir):
    """Links out (sources) are fine; nothing may be *loaded* from elsewhere: stylesheets,
    scripts, images, fonts, preconnects. The browser test checks what is actually requested."""
    offenders = []
    for path in site_dir.rglob("*"):
        if path.suffix not in (".html", ".css", ".js"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for bad in ("fonts.googleapis", "fonts.gstatic", "googletagmanager", "cdn.jsdelivr", "unpkg.com"):
            if bad in text and path.suffix == ".html":
                offenders.append(f"{path.relative_to(site_dir)}: {bad}")
        if path.suffix == ".html":
            for tag in re.findall(r"<(?:link|script|img|iframe|source)\b[^>]*>", text):
                if re.search(r"""(?:src|href)=["']https?://(?!127\.0\.0\.1)""", tag) and 'rel="canonical"' not in tag \
                        and 'rel="alternate"' not in tag:
                    offenders.append(f"{path.relative_to(site_dir)}: {tag}")
    assert offenders == []


def test_our_scripts_and_styles_are_minified_in_the_site_but_not_in_the_sources(site_dir):
    from mirai.paths import DOCS

    for rel in ("assets/mirai/offline.js", "assets/mirai/mirai.css", "assets/mirai/search/query.js"):
        source = (DOCS / rel).read_text(encoding="utf-8")
        built = (site_dir / "vi" / rel).read_text(encoding="utf-8")
        assert len(built) < 0.8 * len(source), rel
        assert "/*" in source or "//" in source
        assert "\n//" not in built and "/* " not in built, rel
