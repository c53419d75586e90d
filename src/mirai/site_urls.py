"""The site's public address. Production builds set MIRAI_SITE_URL; locally it is localhost."""
from __future__ import annotations

import os
from urllib.parse import urlsplit


def site_root_url() -> str:
    url = os.environ.get("MIRAI_SITE_URL") or f"http://localhost:{os.environ.get('PORT', '8000')}/"
    return url if url.endswith("/") else url + "/"


def root_path(root_url: str) -> str:
    """The path part, '/' unless the site lives in a sub-folder."""
    return urlsplit(root_url).path or "/"


def page_url(root_url: str, lang: str, page_url: str) -> str:
    """Absolute address of a page, from MkDocs' page.url (relative, '' for the home page)."""
    return f"{root_url}{lang}/{page_url}"


def endpoint_url(root_url: str) -> str:
    """Where the forms post: MIRAI_ENDPOINT_URL in production (e.g. an API Gateway address,
    whose MIRAI_ALLOWED_ORIGINS must list the site), else the site's own origin, as
    `mirai serve` runs the endpoint beside the site."""
    return os.environ.get("MIRAI_ENDPOINT_URL") or root_path(root_url)
