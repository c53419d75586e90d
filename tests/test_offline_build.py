"""What the build writes for offline reading: icons, manifests, packs, the service worker.
Reads the real built site (the session `site` fixture); the browser tests are in
test_offline_browser.py."""
from __future__ import annotations

import json
import re
import struct
import zlib

import pytest

from mirai.languages import language_codes, load_languages
from mirai.offline.icons import ICONS, on_solid_square, render_icon
from mirai.offline.pack import PACK_FILE, build_pack, page_references, read_pack, revision
from mirai.offline.service_worker import OUTBOX, render_service_worker, shell_files
from mirai.paths import DOCS
from mirai.ui import load_ui

from conftest import page_urls

LANGS = language_codes()
SOURCE_ICON = (DOCS / "assets" / "mirai" / "icon.svg").read_text(encoding="utf-8")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def png_corner_alpha(data: bytes) -> int:
    """Alpha of the top-left pixel of an 8-bit RGBA PNG. On the first row every PNG filter
    leaves the first pixel's bytes as they are, so no full decoder is needed."""
    width, height = png_size(data)
    assert data[24:26] == bytes([8, 6]), "expected 8-bit RGBA"
    chunks, offset = b"", 8
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        if kind == b"IDAT":
            chunks += data[offset + 8:offset + 8 + length]
        offset += 12 + length
    raw = zlib.decompress(chunks)
    return raw[1 + 3]  # filter byte, then R, G, B, A


@pytest.mark.parametrize("icon", ICONS, ids=lambda icon: icon.name)
def test_icons_are_rendered_at_their_size(icon):
    assert png_size(render_icon(SOURCE_ICON, icon)) == (icon.size, icon.size)


def test_maskable_and_apple_icons_fill_their_square_while_the_plain_icon_keeps_round_corners():
    by_purpose = {icon.purpose: render_icon(SOURCE_ICON, icon) for icon in ICONS}
    assert png_corner_alpha(by_purpose["any"]) == 0          # the source's rounded corner
    assert png_corner_alpha(by_purpose["maskable"]) == 255   # launchers crop it: no holes
    assert png_corner_alpha(by_purpose["apple"]) == 255      # iOS would paint holes black


def test_maskable_icon_keeps_the_source_inside_the_safe_zone():
    svg = on_solid_square(SOURCE_ICON, 0.8)
    x, y, w, h = (float(v) for v in re.search(r'viewBox="([^"]+)"', svg).group(1).split())
    assert (x, y, w, h) == pytest.approx((-8, -8, 80, 80))  # the 64-unit source is 80% of it


def test_a_source_without_viewbox_is_refused():
    with pytest.raises(ValueError, match="viewBox"):
        on_solid_square("<svg></svg>", 0.8)


# ---- manifests: the rules Chrome applies before it offers to install ----------------------

@pytest.mark.parametrize("lang", LANGS)
def test_manifest_meets_chromes_installability_rules(site_dir, lang):
    manifest = json.loads((site_dir / lang / "manifest.webmanifest").read_text(encoding="utf-8"))
    ui = load_ui()[lang]
    base = f"/{lang}/"
    assert manifest["name"] == ui["app_name"] and manifest["short_name"] == "MIRAI"
    assert manifest["description"] == ui["tagline"]
    assert manifest["start_url"] == base and manifest["scope"] == base and manifest["id"] == base
    assert manifest["display"] in ("standalone", "fullscreen", "minimal-ui")
    assert manifest["lang"] == next(l.hreflang for l in load_languages() if l.code == lang)
    assert manifest["dir"] == "ltr"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    assert not manifest.get("prefer_related_applications")
    sizes = set()
    for icon in manifest["icons"]:
        path = site_dir / icon["src"].lstrip("/")
        width, height = png_size(path.read_bytes())
        assert icon["sizes"] == f"{width}x{height}" and icon["type"] == "image/png"
        sizes.add((width, icon["purpose"]))
    # Chrome wants a square "any" icon of at least 144 px; Android launchers want 192 and 512.
    assert {(192, "any"), (512, "any"), (512, "maskable")} <= sizes


def test_every_page_links_its_languages_manifest_and_iphone_icon(site_dir):
    for lang in ("vi", "my"):
        html = (site_dir / lang / "work" / "wages" / "index.html").read_text(encoding="utf-8")
        assert '<link rel="manifest" href="../../manifest.webmanifest">' in html
        assert 'rel="apple-touch-icon" href="../../assets/mirai/icons/apple-touch-icon.png"' in html
        config = json.loads(re.search(r'id="mirai-config">(.*?)</script>', html).group(1))
        assert config["lang"] == lang and config["ui"]["offline_ready"] == load_ui()[lang]["offline_ready"]


# ---- packs --------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_pack_holds_every_page_of_its_language_and_nothing_of_another(site_dir, lang):
    pack = read_pack(site_dir / lang)
    urls = {f.url for f in pack}
    assert set(page_urls(site_dir, lang)) <= urls
    assert all(url.startswith(f"/{lang}/") for url in urls)
    assert not any(url.endswith((".map", ".gz")) for url in urls)
    for f in pack:  # the hash is the hash of what the server sends
        rel = f.url[1:] + ("index.html" if f.url.endswith("/") else "")
        assert revision((site_dir / rel).read_bytes()) == f.revision, f.url


def test_pack_holds_what_the_pages_load_and_what_materials_scripts_load(site_dir):
    pack = {f.url: f for f in read_pack(site_dir / "vi")}
    for url in ("/vi/search/search_index.json", "/vi/sitemap.xml", "/vi/assets/mirai/offline.js",
                "/vi/assets/mirai/qr-home.svg", "/vi/404.html"):
        assert url in pack, url
    # our search worker, and what it loads: Material's worker and our query layer
    assert "/vi/assets/javascripts/workers/mirai-search.js" in pack
    assert any(re.fullmatch(r"/vi/assets/javascripts/workers/search\.\w+\.min\.js", u) for u in pack)
    assert {"/vi/assets/mirai/search/query.js", "/vi/assets/mirai/search/latin.js"} <= set(pack)
    assert any(re.fullmatch(r"/vi/assets/stylesheets/main\.\w+\.min\.css", u) for u in pack)
    html = (site_dir / "vi" / "work" / "wages" / "index.html").read_text(encoding="utf-8")
    refs, config = page_references(html)
    assert config["search"] == "../../assets/javascripts/workers/mirai-search.js"
    assert "../../assets/mirai/mirai.css" in refs and "../../manifest.webmanifest" not in refs
    # Installing needs the icons; reading does not, so the pack leaves them out.
    assert not any("/icons/" in url for url in pack)


def test_pack_changes_exactly_where_a_file_changed(tmp_path):
    lang_dir = tmp_path / "vi"
    (lang_dir / "a").mkdir(parents=True)
    (lang_dir / "index.html").write_text('<link rel="stylesheet" href="x.css"><a href="a/">a</a>')
    (lang_dir / "a" / "index.html").write_text('<img src="../pic.svg">')
    (lang_dir / "x.css").write_text("body{}")
    (lang_dir / "pic.svg").write_text("<svg/>")
    (lang_dir / "unused.js").write_text("1")
    before = {f.url: f for f in build_pack(lang_dir, "/vi/")}
    assert set(before) == {"/vi/", "/vi/a/", "/vi/x.css", "/vi/pic.svg"}
    assert before["/vi/a/"].kind == "page" and before["/vi/x.css"].kind == "asset"
    (lang_dir / "x.css").write_text("body{color:red}")
    after = {f.url: f for f in build_pack(lang_dir, "/vi/")}
    assert [u for u in before if before[u].revision != after[u].revision] == ["/vi/x.css"]


# ---- the service worker -------------------------------------------------------------------

def test_service_worker_lists_every_pack_and_the_shell(site_dir):
    script = (site_dir / "sw.js").read_text(encoding="utf-8")
    packs = json.loads(re.search(r"^const PACKS = (.*);", script, re.M).group(1))
    assert sorted(packs) == sorted(LANGS)
    for lang in LANGS:
        assert packs[lang]["files"] == [[f.url, f.revision, f.kind] for f in read_pack(site_dir / lang)]
        assert packs[lang]["pages"] == len([f for f in read_pack(site_dir / lang) if f.kind == "page"])
    shell = json.loads(re.search(r"^const SHELL = (.*);", script, re.M).group(1))
    assert [url for url, _ in shell] == ["/", "/chooser.css", "/chooser.js", "/offline.html", "/offline-page.js"]
    assert "__" + "PACKS__" not in script and re.search(r'^const VERSION = "[0-9a-f]{12}";', script, re.M)


def test_service_worker_version_changes_with_any_file_and_only_then(site_dir):
    shell = shell_files(site_dir, "/")
    packs = {lang: read_pack(site_dir / lang) for lang in ("vi", "zh")}
    version, _ = render_service_worker(shell, packs, "/")
    assert render_service_worker(shell, packs, "/")[0] == version
    changed = dict(packs, zh=packs["zh"][:-1] + [packs["zh"][-1].__class__(
        packs["zh"][-1].url, "0" * 16, "page", 1)])
    assert render_service_worker(shell, changed, "/")[0] != version


def test_the_worker_carries_the_outbox_so_it_can_send_answers_itself(site_dir):
    script = (site_dir / "sw.js").read_text(encoding="utf-8")
    assert OUTBOX.read_text(encoding="utf-8") in script
    assert "__OUTBOX__" not in script
    for lang in LANGS:  # and the survey page works offline: its scripts are in every pack
        urls = {f.url for f in read_pack(site_dir / lang)}
        assert {f"/{lang}/survey/", f"/{lang}/assets/mirai/outbox.js", f"/{lang}/assets/mirai/forms.js"} <= urls


def test_offline_page_carries_every_languages_words(site_dir):
    html = (site_dir / "offline.html").read_text(encoding="utf-8")
    strings = json.loads(re.search(r'id="strings">(.*?)</script>', html, re.S).group(1))
    ui = load_ui()
    assert set(strings) == set(LANGS)
    for lang in LANGS:
        assert strings[lang]["offline_page_title"] == ui[lang]["offline_page_title"]
    assert (site_dir / "offline-page.js").is_file() and PACK_FILE  # served beside it
