"""The files at the site's root, outside every language: the language chooser (index.html),
the root 404 page, the sitemap index and robots.txt."""
from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .languages import load_languages
from .site_urls import root_path
from .sitemap import render_sitemap_index
from .ui import load_ui

TEMPLATES = Path(__file__).parent / "templates"


def render_chooser(root_url: str, not_found: bool = False) -> str:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    html = env.get_template("chooser.html").render(
        languages=load_languages(), ui=load_ui(), root_url=root_url, root=root_path(root_url),
        not_found=not_found,
    )
    if not_found:  # the 404 page never redirects, whatever the reader chose before
        html = html.replace('<html lang="en">', '<html lang="en" data-not-found>', 1)
    return html


def write_root_pages(site_dir: Path, root_url: str) -> None:
    site_dir.mkdir(parents=True, exist_ok=True)
    (site_dir / "index.html").write_text(render_chooser(root_url), encoding="utf-8")
    (site_dir / "404.html").write_text(render_chooser(root_url, not_found=True), encoding="utf-8")
    for name in ("chooser.css", "chooser.js", "offline-page.js"):
        (site_dir / name).write_text((TEMPLATES / name).read_text(encoding="utf-8"), encoding="utf-8")
    codes = [language.code for language in load_languages()]
    (site_dir / "sitemap.xml").write_text(
        render_sitemap_index([f"{root_url}{code}/sitemap.xml" for code in codes]), encoding="utf-8")
    (site_dir / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {root_url}sitemap.xml\n",
                                         encoding="utf-8")
