"""The web app manifest of one language: the app a reader installs from /<lang>/."""
from __future__ import annotations

import json

from ..languages import Language
from .icons import BACKGROUND, ICONS

ICON_DIR = "assets/mirai/icons/"
MANIFEST = "manifest.webmanifest"
THEME_COLOUR = BACKGROUND  # Material's indigo header; the maskable icon's edge matches it

# Scripts written right to left; none of ours today, but the manifest says so explicitly.
RTL = {"ar", "fa", "he", "ur"}


def web_app_manifest(language: Language, ui: dict[str, str], base_path: str) -> dict:
    """`base_path` is the language's folder on the site, e.g. "/vi/"; start_url and scope
    stay inside it so each language installs as its own app."""
    return {
        "id": base_path,
        "name": ui["app_name"],
        "short_name": "MIRAI",
        "description": ui["tagline"],
        "lang": language.hreflang,
        "dir": "rtl" if language.code in RTL else "ltr",
        "start_url": base_path,
        "scope": base_path,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": [
            {"src": f"{base_path}{ICON_DIR}{icon.name}", "sizes": f"{icon.size}x{icon.size}",
             "type": "image/png", "purpose": icon.purpose}
            for icon in ICONS if icon.purpose != "apple"
        ],
    }


def manifest_json(language: Language, ui: dict[str, str], base_path: str) -> str:
    return json.dumps(web_app_manifest(language, ui, base_path), ensure_ascii=False, indent=1)

