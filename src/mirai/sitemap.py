"""Sitemaps with hreflang alternates: one per language, and a sitemap index at the root.

Written by us (not the theme's template) so every language lists only its own pages, with
alternates only to real translations, and nothing points at a file that does not exist."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

XMLNS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml"'


@dataclass(frozen=True)
class SitemapEntry:
    loc: str
    lastmod: dt.date | None
    alternates: tuple[tuple[str, str], ...]  # (hreflang, href), the page itself included


def render_sitemap(entries: list[SitemapEntry]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f"<urlset {XMLNS}>"]
    for entry in entries:
        lines.append(f"  <url><loc>{escape(entry.loc)}</loc>")
        if entry.lastmod:
            lines.append(f"    <lastmod>{entry.lastmod.isoformat()}</lastmod>")
        for hreflang, href in entry.alternates:
            lines.append(f"    <xhtml:link rel=\"alternate\" hreflang={quoteattr(hreflang)} href={quoteattr(href)}/>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def render_sitemap_index(sitemap_urls: list[str]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <sitemap><loc>{escape(url)}</loc></sitemap>" for url in sitemap_urls]
    lines.append("</sitemapindex>")
    return "\n".join(lines) + "\n"
