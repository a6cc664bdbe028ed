"""Small charts drawn on the server as inline SVG: no script, no external asset, readable without
colour (values are labelled), and sized by the page (viewBox)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from markupsafe import Markup

__all__ = ["bars", "line"]

_W, _H, _PAD = 560, 180, 36


def _fmt(value: float, percent: bool) -> str:
    if percent:
        return f"{value * 100:.1f}%"
    if abs(value) >= 10_000:  # grouped digits read the same in every language ("11k" is English)
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"


def line(
    labels: Sequence[str],
    series: dict[str, Sequence[float | None]],
    *,
    title: str,
    percent: bool = False,
    zero: bool = True,
) -> Markup:
    """One or more series over ``labels`` (the first series solid, others dashed). ``zero=False`` lets
    the axis start near the data (a retention rate of 98 % against a target of 98.5 %)."""
    values = [v for s in series.values() for v in s if v is not None and math.isfinite(v)]
    if not labels or not values:
        return Markup("")
    low, high = (min([*values, 0.0]) if zero else min(values)), max(values)
    if not zero:
        pad = (high - low) * 0.15 or abs(high) * 0.01 or 1.0
        low, high = low - pad, high + pad
    high = high if high > low else low + 1
    step = (_W - 2 * _PAD) / max(len(labels) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return _PAD + i * step, _H - _PAD - (v - low) / (high - low) * (_H - 2 * _PAD)

    parts = [
        f'<svg class="chart" viewBox="0 0 {_W} {_H}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line class="axis" x1="{_PAD}" y1="{_H - _PAD}" x2="{_W - _PAD}" y2="{_H - _PAD}"/>',
        f'<text class="tick" x="2" y="{_PAD}">{_fmt(high, percent)}</text>',
        f'<text class="tick" x="2" y="{_H - _PAD}">{_fmt(low, percent)}</text>',
    ]
    every = max(1, len(labels) // 6)
    for i, label in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1:
            # The first label starts at its point, the last ends at it, so neither leaves the chart.
            anchor = "end" if i == len(labels) - 1 and i else "start" if i == 0 else "middle"
            x = _PAD + i * step
            parts.append(
                f'<text class="tick" text-anchor="{anchor}" x="{x:.1f}" y="{_H - 12}">{escape(str(label))}</text>'
            )
    for n, (name, points) in enumerate(series.items()):
        coords = [xy(i, v) for i, v in enumerate(points) if v is not None and math.isfinite(v)]
        if not coords:
            continue
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline class="series s{n}" points="{path}"><title>{escape(name)}</title></polyline>')
        x, y = coords[-1]
        last = [v for v in points if v is not None and math.isfinite(v)][-1]
        shown = _fmt(last, percent)
        parts.append(f'<text class="value s{n}" text-anchor="end" x="{x:.1f}" y="{y - 6 - 12 * n:.1f}">{shown}</text>')
    if len(series) > 1:
        for n, name in enumerate(series):
            parts.append(f'<text class="legend s{n}" x="{_PAD + n * 160}" y="14">— {escape(name)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def bars(items: Sequence[tuple[str, float]], *, title: str, percent: bool = False) -> Markup:
    """Horizontal bars, largest first as given, each labelled with its value."""
    if not items:
        return Markup("")
    top = max(abs(v) for _, v in items) or 1.0
    height = 22 * len(items) + 10
    parts = [
        f'<svg class="chart bars" viewBox="0 0 {_W} {height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(items):
        y = 6 + i * 22
        width = abs(value) / top * (_W - 260)
        parts.append(f'<text class="label" x="0" y="{y + 13}">{escape(str(label))[:34]}</text>')
        parts.append(f'<rect class="bar" x="180" y="{y}" width="{width:.1f}" height="16"/>')
        parts.append(f'<text class="value" x="{186 + width:.1f}" y="{y + 13}">{_fmt(value, percent)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
