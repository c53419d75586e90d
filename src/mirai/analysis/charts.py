"""Charts for the survey report, as SVG written here.

Why not matplotlib: a seminar audience reads a bar and its number; SVG text keeps the
report's language (Japanese labels need no font installed on the build machine, the
reader's browser has one), stays sharp on a projector, and the report stays one HTML file.

Every chart is drawn from published numbers only: a suppressed value (None) is drawn as no
bar with a dash, never as zero."""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

FONT = "system-ui, 'Hiragino Sans', 'Noto Sans CJK JP', 'Yu Gothic', sans-serif"
BAR = "#3f51b5"
PALETTE = ("#c62828", "#90a4ae", "#e0e0e0")  # yes (the problem), no, not answered
ROW = 28          # px per bar
LABEL_WIDTH = 230  # px for the category names
PLOT_WIDTH = 360
VALUE_WIDTH = 70


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: suppressed (fewer than the threshold)
    text: str            # what is printed after the bar, e.g. "34%" or "—"


@dataclass(frozen=True)
class Segment:
    label: str
    share: float | None  # 0..100; None: suppressed


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-label="{escape(title)}" font-family="{FONT}" font-size="14">'
            f'<title>{escape(title)}</title>{"".join(body)}</svg>')


def _clip(label: str, limit: int = 24) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(title: str, bars: list[Bar], max_value: float = 100.0) -> str:
    """Horizontal bars, one per category, largest scale `max_value`."""
    height = 30 + ROW * len(bars) + 8
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    body = [f'<text x="0" y="18" font-weight="700" font-size="15">{escape(title)}</text>']
    for i, bar in enumerate(bars):
        y = 30 + i * ROW
        body.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 18}" text-anchor="end">{escape(_clip(bar.label))}</text>')
        length = 0.0 if bar.value is None or max_value <= 0 else PLOT_WIDTH * min(bar.value, max_value) / max_value
        if length:
            body.append(f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{length:.1f}" height="{ROW - 8}" fill="{BAR}"/>')
        body.append(f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 18}">{escape(bar.text)}</text>')
    return _svg(width, height, title, body)


def stacked_chart(title: str, rows: list[tuple[str, list[Segment]]], legend: list[str]) -> str:
    """One 100% bar per group, split into segments (e.g. yes / no / not answered). A group
    with a suppressed segment is drawn as a dash: its other shares would give it away."""
    height = 30 + 24 + ROW * len(rows) + 8
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    body = [f'<text x="0" y="18" font-weight="700" font-size="15">{escape(title)}</text>']
    x = LABEL_WIDTH
    for colour, name in zip(PALETTE, legend):
        body.append(f'<rect x="{x}" y="28" width="12" height="12" fill="{colour}" stroke="#757575" stroke-width=".5"/>'
                    f'<text x="{x + 16}" y="39" font-size="12">{escape(name)}</text>')
        x += 16 + 9 * len(name) + 18
    for i, (label, segments) in enumerate(rows):
        y = 54 + i * ROW
        body.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 18}" text-anchor="end">{escape(_clip(label))}</text>')
        if any(s.share is None for s in segments):
            body.append(f'<text x="{LABEL_WIDTH + 6}" y="{y + 18}">—</text>')
            continue
        left = float(LABEL_WIDTH)
        for colour, segment in zip(PALETTE, segments):
            width_px = PLOT_WIDTH * segment.share / 100
            body.append(f'<rect x="{left:.1f}" y="{y + 4}" width="{width_px:.1f}" height="{ROW - 8}" fill="{colour}"/>')
            left += width_px
        first = segments[0]
        body.append(f'<text x="{LABEL_WIDTH + PLOT_WIDTH + 6}" y="{y + 18}">{first.share:.0f}%</text>')
    return _svg(width, height, title, body)
