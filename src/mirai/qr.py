"""QR codes as SVG, made at build time (a poster must not need a network to show its code)."""
from __future__ import annotations

import io

import segno


def qr_svg(url: str, title: str, scale: int = 8) -> str:
    """An SVG QR code of `url`; error correction 'M' survives a creased or dirty poster."""
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        out, kind="svg", scale=scale, border=4, title=title, xmldecl=False, svgns=True,
        dark="#000", light="#fff",
    )
    return out.getvalue().decode("utf-8")
