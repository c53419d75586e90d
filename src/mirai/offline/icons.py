"""App icons, rendered at build time from the one source image (docs/assets/mirai/icon.svg).

resvg renders the SVG without system libraries (a wheel), so the build needs no Cairo or
ImageMagick. The maskable and Apple icons put the source on a solid square inside the
safe zone, because launchers crop maskable icons to a circle or squircle and iOS fills
transparency with black."""
from __future__ import annotations

import re
from dataclasses import dataclass

import resvg_py

BACKGROUND = "#3f51b5"  # the icon's own blue, so the crop edge is invisible


@dataclass(frozen=True)
class Icon:
    name: str      # file name under assets/mirai/icons/
    size: int
    purpose: str   # "any", "maskable" or "apple" (apple-touch-icon, not in the manifest)


ICONS = (
    Icon("icon-192.png", 192, "any"),
    Icon("icon-512.png", 512, "any"),
    Icon("maskable-512.png", 512, "maskable"),
    Icon("apple-touch-icon.png", 180, "apple"),
)

# Maskable icons: everything that matters within the central 80% circle (W3C safe zone).
SAFE_ZONE = 0.8


def _inner(svg: str) -> tuple[str, str]:
    """(viewBox, inner markup) of the source SVG."""
    view_box = re.search(r'viewBox="([^"]+)"', svg)
    body = re.search(r"<svg[^>]*>(.*)</svg>", svg, re.S)
    if not view_box or not body:
        raise ValueError("the icon source must be an <svg> with a viewBox")
    return view_box.group(1), body.group(1)


def on_solid_square(svg: str, scale: float) -> str:
    """The source image centred on a full-bleed square of BACKGROUND, at `scale` of its size."""
    view_box, inner = _inner(svg)
    x, y, w, h = (float(v) for v in view_box.split())
    pad_w, pad_h = w * (1 - scale) / 2 / scale, h * (1 - scale) / 2 / scale
    outer = f"{x - pad_w} {y - pad_h} {w + 2 * pad_w} {h + 2 * pad_h}"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{outer}">'
            f'<rect x="{x - pad_w}" y="{y - pad_h}" width="{w + 2 * pad_w}" height="{h + 2 * pad_h}" '
            f'fill="{BACKGROUND}"/>{inner}</svg>')


def render_icon(source_svg: str, icon: Icon) -> bytes:
    svg = source_svg
    if icon.purpose == "maskable":
        svg = on_solid_square(source_svg, SAFE_ZONE)
    elif icon.purpose == "apple":
        svg = on_solid_square(source_svg, 0.9)
    return bytes(resvg_py.svg_to_bytes(svg_string=svg, width=icon.size, height=icon.size))


def render_icons(source_svg: str) -> dict[str, bytes]:
    return {icon.name: render_icon(source_svg, icon) for icon in ICONS}
