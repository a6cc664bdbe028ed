"""The one chart engine of the dashboard and the reports: charts drawn on the server as inline SVG, with
no script, no external asset and no request, readable printed and without colour (values are labelled).

Sizing. Every chart carries its natural size (``width``/``height`` equal to its viewBox) and its text is
``FONT`` user units: a report shows it at that size, so its text is ``FONT`` px. The dashboard's style lets
a chart fill its card up to 1.125 × that size (``api/static/dashboard.css``); its cards are at least
386 px wide, 0.8 × a 480-unit chart, so the text stays at 11 px or more (``min_font_px``). On a phone the
chart keeps its natural size and its card scrolls sideways instead of shrinking the text.

Legibility. Text widths are estimated from DejaVu Sans (the widest of the usual sans fonts; CJK counts
one em), and x labels are thinned from the last one backwards until no two can touch; the first and last
label are centred on their point because the margins leave room for half a label. A series of one point
is a marker with its value; the last value of every series is labelled. A target is a labelled dashed line,
a range of targets a labelled band.

``Figure`` holds a chart as data, so that the same chart is drawn as SVG for HTML and as a native chart
in Excel (``reports.render``)."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

from markupsafe import Markup

__all__ = [
    "FONT",
    "SQUARE",
    "WIDE",
    "Figure",
    "Target",
    "bars",
    "columns",
    "line",
    "min_font_px",
    "nice_ticks",
    "text_width",
    "xy",
]

FONT = 14  # user units = px at the chart's natural size
# How far a line of text reaches above and below its baseline, in user units: a browser's box of a text
# runs from the font's ascent to its descent (Noto Sans CJK's are 1.16 and 0.29 em).
ABOVE, BELOW = round(FONT * 1.2), round(FONT * 0.3)
# From the x axis to the x labels' baseline: clear of the lowest y label, which sits on the axis.
X_DROP = ABOVE + 10
GAP = 8  # between neighbouring labels
COLOURS = ("#0b63b6", "#b3261e", "#1b7f3b", "#7a4fb0")
INK, MUTED, RULE, GRID, TARGET = "#1d2733", "#5b6b7c", "#8795a5", "#e4e9ef", "#9a5b00"
WIDE, SQUARE = (480, 250), (360, 340)

# Advance widths of ASCII 32..126 in DejaVu Sans, in hundredths of an em.
_ASCII = (
    "32,40,46,84,64,95,78,27,39,39,50,84,32,36,32,34,64,64,64,64,64,64,64,64,64,64,34,34,84,84,84,53,100,68,69,70,"
    "77,63,58,77,75,29,29,66,56,86,75,79,60,79,69,63,61,73,68,99,69,61,69,39,34,39,84,50,50,61,63,55,63,62,35,63,"
    "63,28,28,58,28,97,63,61,63,63,41,52,39,63,59,82,59,59,52,64,34,64,84"
)
_WIDTHS = {chr(32 + i): int(w) / 100 for i, w in enumerate(_ASCII.split(","))}


def min_font_px(width: float, shown: float) -> float:
    """The size in px of the charts' text when a chart ``width`` user units wide is shown ``shown`` px wide."""
    return FONT * shown / width


def text_width(text: str, size: float = FONT) -> float:
    """An upper estimate of ``text``'s width in user units at font ``size``."""
    em = 0.0
    for ch in str(text):
        if ch in _WIDTHS:
            em += _WIDTHS[ch]
        elif unicodedata.east_asian_width(ch) in ("W", "F"):
            em += 1.0
        else:
            em += 0.8
    return em * size


def _fit(text: str, room: float) -> str:
    """``text`` cut with an ellipsis to fit ``room`` user units."""
    text = str(text)
    if text_width(text) <= room:
        return text
    while text and text_width(text + "…") > room:
        text = text[:-1]
    return text + "…"


def _finite(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def fmt(value: float, percent: bool = False, decimals: int | None = None) -> str:
    """A value as a label: percentages with one decimal, grouped digits from 10,000 (read the same in
    every language: "11k" is English), three significant digits below 100."""
    if percent:
        return f"{value * 100:.{1 if decimals is None else decimals}f}%"
    if decimals is not None:
        return f"{value:,.{decimals}f}"
    if abs(value) >= 10_000:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"


def nice_ticks(low: float, high: float, most: int = 6) -> list[float]:
    """At most ``most`` round ticks (1, 2, 2.5 or 5 × 10ⁿ apart) from at or below ``low`` to at or above
    ``high``."""
    if not high > low:
        high = low + (abs(low) * 0.1 or 1.0)
    for step in _steps((high - low) / max(most - 1, 1)):
        first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
        if last - first + 1 <= most:
            return [round(k * step, 12) for k in range(first, last + 1)]
    raise AssertionError("unreachable")  # pragma: no cover


def _steps(rough: float) -> list[float]:
    power = 10 ** math.floor(math.log10(rough))
    return [m * power * 10**e for e in (0, 1, 2) for m in (1, 2, 2.5, 5)]


def _decimals(ticks: Sequence[float], percent: bool) -> int:
    if len(ticks) < 2:
        return 1 if percent else 0
    step = abs(ticks[1] - ticks[0]) * (100 if percent else 1)
    return max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0


@dataclass(frozen=True)
class Target:
    """A target drawn as a labelled dashed line at ``low``, or a labelled band from ``low`` to ``high``."""

    label: str
    low: float
    high: float | None = None
    shown: str | None = None  # the words drawn, when not "label value"

    def text(self, percent: bool) -> str:
        if self.shown is not None:
            return self.shown
        if self.high is None:
            return f"{self.label} {fmt(self.low, percent)}"
        return f"{self.label} {fmt(self.low, percent)}–{fmt(self.high, percent)}"


class _Svg:
    def __init__(self, title: str, width: float, height: float, kind: str = "") -> None:
        self.parts = [
            f'<svg class="chart{" " + kind if kind else ""}" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'width="{width:.0f}" height="{height:.0f}" role="img" aria-label="{escape(title)}" '
            f'font-size="{FONT}">',
            f"<title>{escape(title)}</title>",
        ]
        self.width, self.height = width, height
        self.boxes: list[tuple[float, float, float, float]] = []  # labels placed so far: x0, y0, x1, y1

    def add(self, part: str) -> None:
        self.parts.append(part)

    def text(self, x: float, y: float, text: str, cls: str, *, anchor: str = "start", fill: str = MUTED) -> None:
        self.add(
            f'<text class="{cls}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}">'
            f"{escape(str(text))}</text>"
        )

    def rule(self, x1: float, y1: float, x2: float, y2: float, cls: str, stroke: str, dash: str = "") -> None:
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        self.add(
            f'<line class="{cls}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}"'
            f' stroke-width="1"{dashed}/>'
        )

    def label(self, x: float, y: float, text: str, cls: str, fill: str, *, avoid: float | None = None) -> None:
        """A value label centred above ``(x, y)``, kept inside the chart and clear of the labels placed
        before it: right above the point, else a line higher, else below it."""
        w = text_width(text)
        cx = min(max(x, w / 2 + 2), self.width - w / 2 - 2)
        for base in (y - 7, y - 7 - FONT - 2, y + FONT + 7):
            box = (cx - w / 2, base - ABOVE, cx + w / 2, base + BELOW)
            inside = box[1] >= 0 and box[3] <= (avoid if avoid is not None else self.height)
            if inside and not any(_overlap(box, b) for b in self.boxes):
                break
        else:
            base = max(y - 7, ABOVE)
            box = (cx - w / 2, base - ABOVE, cx + w / 2, base + BELOW)
        self.boxes.append(box)
        self.text(cx, base, text, cls, anchor="middle", fill=fill)

    def done(self) -> Markup:
        return Markup("".join([*self.parts, "</svg>"]))


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _legend(svg: _Svg, items: Sequence[tuple[str, str, str, str]], top: float) -> float:
    """Legend entries (name, kind: line / box, colour, dash) in rows from ``top``; returns the height used."""
    if not items:
        return 0.0
    x, y, rows = 0.0, top + ABOVE, 1
    for name, kind, colour, dash in items:
        room = svg.width - 26
        name = _fit(name, room)
        w = 22 + text_width(name) + 14
        if x > 0 and x + w > svg.width:
            x, y, rows = 0.0, y + ABOVE + BELOW + 2, rows + 1
        if kind == "box":
            svg.add(
                f'<rect class="swatch" x="{x:.1f}" y="{y - FONT * 0.7:.1f}" width="14" height="10" fill="{colour}"/>'
            )
        else:
            svg.rule(x, y - FONT * 0.35, x + 18, y - FONT * 0.35, "swatch", colour, dash)
        svg.text(x + 22, y, name, "legend", fill=INK)
        svg.boxes.append((x, y - ABOVE, x + w, y + BELOW))
        x += w
    return rows * (ABOVE + BELOW + 2) + 2


def _x_labels(svg: _Svg, labels: Sequence[str], xs: Sequence[float], y: float, spacing: float) -> None:
    """Category labels under their points, every k-th from the last one so that no two can touch."""
    widest = max((text_width(s) for s in labels), default=0.0)
    every = max(1, math.ceil((widest + GAP) / spacing)) if spacing > 0 else 1
    last = len(labels) - 1
    for i in range(last, -1, -every):
        svg.text(xs[i], y, labels[i], "tick x", anchor="middle")


def _y_axis(svg: _Svg, ticks: Sequence[float], to_y: object, left: float, right: float, percent: bool) -> None:
    decimals = _decimals(ticks, percent)
    for t in ticks:
        y = to_y(t)  # type: ignore[operator]
        svg.rule(left, y, right, y, "grid", GRID)
        svg.text(left - 6, y + FONT * 0.35, fmt(t, percent, decimals), "tick y", anchor="end")


def _tick_width(ticks: Sequence[float], percent: bool) -> float:
    decimals = _decimals(ticks, percent)
    return max(text_width(fmt(t, percent, decimals)) for t in ticks)


def _range(values: Sequence[float], zero: bool, low: float | None, high: float | None) -> tuple[float, float]:
    lo, hi = min(values), max(values)
    if zero:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    else:
        pad = (hi - lo) * 0.15 or abs(hi) * 0.01 or 1.0
        lo, hi = lo - pad, hi + pad
    lo = lo if low is None else low
    hi = hi if high is None else high
    return lo, hi


# ------------------------------------------------------------------------------------------ line


def line(
    labels: Sequence[object],
    series: dict[str, Sequence[float | None]],
    *,
    title: str,
    percent: bool = False,
    zero: bool = True,
    target: Target | None = None,
    markers: bool | None = None,
    size: tuple[int, int] = WIDE,
) -> Markup:
    """One or more series over ``labels`` (the first solid, the next dashed), each point marked when there
    are few, the last value of each labelled; a single point is a marker with its value. ``zero=False``
    lets the axis start near the data (a retention rate of 98 % against a target of 98.5 %)."""
    labels = [str(x) for x in labels]
    clean = {name: [_finite(v) for v in points] for name, points in series.items()}
    values = [v for points in clean.values() for v in points if v is not None]
    if not labels or not values:
        return Markup("")
    width, height = size
    svg = _Svg(title, width, height)
    reference = [] if target is None else [target.low, *([target.high] if target.high is not None else [])]
    lo, hi = _range(values + reference, zero, None, None)
    ticks = nice_ticks(lo, hi)
    lo, hi = ticks[0], ticks[-1]
    dashes = ("", "6 4", "2 3", "8 3 2 3")
    items = [(name, "line", COLOURS[n % 4], dashes[n % 4]) for n, name in enumerate(clean)] if len(clean) > 1 else []
    top = _legend(svg, items, 0) + FONT + 10
    widest = max(text_width(s) for s in labels)
    left = max(_tick_width(ticks, percent) + 10, widest / 2 + 2)
    right = width - max(widest / 2 + 2, 8)
    bottom = height - X_DROP - BELOW - 2
    n = len(labels)
    spacing = (right - left) / (n - 1) if n > 1 else right - left
    xs = [left + i * spacing for i in range(n)] if n > 1 else [(left + right) / 2]

    def to_y(v: float) -> float:
        return bottom - (v - lo) / (hi - lo) * (bottom - top)

    _y_axis(svg, ticks, to_y, left, right, percent)
    svg.rule(left, bottom, right, bottom, "axis", RULE)
    target_y = _target(svg, target, to_y, left, right) if target is not None else 0.0
    marks = markers if markers is not None else n <= 24
    for k, (name, points) in enumerate(clean.items()):
        colour = COLOURS[k % 4]
        coords = [(xs[i], to_y(v)) for i, v in enumerate(points) if v is not None]
        if not coords:
            continue
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        dash = f' stroke-dasharray="{dashes[k % 4]}"' if dashes[k % 4] else ""
        svg.add(
            f'<polyline class="series s{k}" points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}>'
            f"<title>{escape(name)}</title></polyline>"
        )
        if marks or len(coords) == 1:
            radius = 4.5 if len(coords) == 1 else 3.2
            for x, y in coords:
                svg.add(f'<circle class="marker s{k}" cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{colour}"/>')
    if target is not None:
        _target_label(svg, target, target_y, left + 4, "start", percent)
    for k, points in enumerate(clean.values()):
        last = max((i for i, v in enumerate(points) if v is not None), default=None)
        if last is not None:
            v = points[last]
            svg.label(xs[last], to_y(v), fmt(v, percent), f"value s{k}", COLOURS[k % 4] if k else INK, avoid=bottom)
    _x_labels(svg, labels, xs, bottom + X_DROP, spacing if n > 1 else width)
    return svg.done()


def _target(svg: _Svg, target: Target, to_y: object, left: float, right: float) -> float:
    """The target's line or band (under the data); returns the y its label goes by."""
    y = to_y(target.low)  # type: ignore[operator]
    if target.high is None:
        svg.add(
            f'<line class="target" x1="{left:.1f}" y1="{y:.1f}" x2="{right:.1f}" y2="{y:.1f}" stroke="{TARGET}" '
            'stroke-width="1.5" stroke-dasharray="6 3"/>'
        )
        return y
    y2 = to_y(target.high)  # type: ignore[operator]
    top, h = min(y, y2), abs(y - y2)
    svg.add(
        f'<rect class="band" x="{left:.1f}" y="{top:.1f}" width="{right - left:.1f}" height="{h:.1f}" '
        f'fill="{TARGET}" fill-opacity="0.12"/>'
    )
    return top


def _target_label(svg: _Svg, target: Target, y: float, x: float, anchor: str, percent: bool) -> None:
    """The target's words and value over its line, on a white halo so that data drawn under it stays
    apart; value labels placed later keep clear of it."""
    text = target.text(percent)
    w = text_width(text)
    base = y - 5 if y - 5 - ABOVE > 0 else y + ABOVE + 4
    x0 = x if anchor == "start" else x - w
    svg.boxes.append((x0, base - ABOVE, x0 + w, base + BELOW))
    svg.add(
        f'<text class="target-label" x="{x:.1f}" y="{base:.1f}" text-anchor="{anchor}" fill="{TARGET}" '
        f'stroke="#fff" stroke-width="3" paint-order="stroke">{escape(text)}</text>'
    )


# ------------------------------------------------------------------------------------------ bars


def bars(items: Sequence[tuple[str, float]], *, title: str, percent: bool = False, width: int = WIDE[0]) -> Markup:
    """Horizontal bars, in the order given (largest first, usually), each labelled with its value; negative
    values run left of the zero line."""
    items = [(str(label), v) for label, value in items if (v := _finite(value)) is not None]
    if not items:
        return Markup("")
    row = FONT + 12
    height = row * len(items) + 6
    svg = _Svg(title, width, height, "bars")
    shown = [fmt(v, percent) for _, v in items]
    value_w = max(text_width(s) for s in shown) + 6
    label_w = min(max(text_width(label) for label, _ in items), width * 0.42) + 8
    low = min(0.0, *(v for _, v in items))
    high = max(0.0, *(v for _, v in items))
    x0 = label_w + (value_w if low < 0 else 0)
    x1 = width - value_w
    span = (high - low) or 1.0

    def to_x(v: float) -> float:
        return x0 + (v - low) / span * (x1 - x0)

    zero = to_x(0.0)
    for i, ((label, value), text) in enumerate(zip(items, shown, strict=True)):
        y = 3 + i * row
        svg.text(0, y + FONT, _fit(label, label_w - 8), "label")
        end = to_x(value)
        a, b = sorted((zero, end))
        svg.add(
            f'<rect class="bar" x="{a:.1f}" y="{y + 2:.1f}" width="{max(b - a, 1):.1f}" height="{row - 8}" '
            f'fill="{COLOURS[0]}"><title>{escape(label)}: {escape(text)}</title></rect>'
        )
        if value < 0:
            svg.text(a - 4, y + FONT, text, "value", anchor="end", fill=INK)
        else:
            svg.text(b + 4, y + FONT, text, "value", fill=INK)
    if low < 0:
        svg.rule(zero, 0, zero, height, "axis", RULE)
    return svg.done()


def columns(
    labels: Sequence[object],
    series: dict[str, Sequence[float | None]],
    *,
    title: str,
    percent: bool = False,
    low: float | None = None,
    high: float | None = None,
    ranges: tuple[Sequence[float | None], Sequence[float | None]] | None = None,
    target: Target | None = None,
    size: tuple[int, int] = WIDE,
) -> Markup:
    """Vertical bars, one group per label and one bar per series, each valued when its label fits over
    it; ``ranges`` (lows, highs) draws a whisker over each bar of the first series (lowest to highest)."""
    labels = [str(x) for x in labels]
    clean = {name: [_finite(v) for v in points] for name, points in series.items()}
    values = [v for points in clean.values() for v in points if v is not None]
    if ranges is not None:
        values += [v for part in ranges for x in part if (v := _finite(x)) is not None]
    if target is not None:
        values += [target.low, *([target.high] if target.high is not None else [])]
    if not labels or not values:
        return Markup("")
    width, height = size
    svg = _Svg(title, width, height, "columns")
    lo, hi = _range(values, True, low, high)
    ticks = [t for t in nice_ticks(lo, hi) if (low is None or t >= low - 1e-9) and (high is None or t <= high + 1e-9)]
    lo, hi = (low if low is not None else ticks[0]), (high if high is not None else ticks[-1])
    items = [(name, "box", COLOURS[n % 4], "") for n, name in enumerate(clean)] if len(clean) > 1 else []
    top = _legend(svg, items, 0) + FONT + 10
    widest = max(text_width(s) for s in labels)
    n, k = len(labels), len(clean)
    left, right = _tick_width(ticks, percent) + 10, width - 4.0
    for _ in range(2):  # room for half the first and the last label beyond their bars' centres
        slot = (right - left) / n
        left = max(left, widest / 2 + 2 - slot / 2)
        right = min(right, width - (widest / 2 + 2 - slot / 2))
    slot = (right - left) / n
    bar = slot * 0.72 / k
    centres = [left + slot * (i + 0.5) for i in range(n)]
    bottom = height - X_DROP - BELOW - 2

    def to_y(v: float) -> float:
        return bottom - (min(max(v, lo), hi) - lo) / (hi - lo) * (bottom - top)

    _y_axis(svg, ticks, to_y, left, right, percent)
    base = to_y(max(lo, 0.0) if lo < 0 < hi else lo)
    svg.rule(left, bottom, right, bottom, "axis", RULE)
    target_y = _target(svg, target, to_y, left, right) if target is not None else 0.0
    labels_over: list[tuple[float, float, str, str]] = []
    for j, (name, points) in enumerate(clean.items()):
        colour = COLOURS[j % 4]
        for i, v in enumerate(points):
            if v is None:
                continue
            x = centres[i] - slot * 0.36 + j * bar
            y = to_y(v)
            a, b = sorted((y, base))
            svg.add(
                f'<rect class="bar s{j}" x="{x:.1f}" y="{a:.1f}" width="{bar - 1:.1f}" height="{max(b - a, 1):.1f}" '
                f'fill="{colour}"><title>{escape(labels[i])} · {escape(name)}: {escape(fmt(v, percent))}</title></rect>'
            )
            above = y
            if ranges is not None and j == 0:
                lo_v, hi_v = _finite(ranges[0][i]), _finite(ranges[1][i])
                if lo_v is not None and hi_v is not None:
                    cx, ya, yb = x + (bar - 1) / 2, to_y(lo_v), to_y(hi_v)
                    svg.rule(cx, ya, cx, yb, "whisker", INK)
                    svg.rule(cx - 5, ya, cx + 5, ya, "whisker", INK)
                    svg.rule(cx - 5, yb, cx + 5, yb, "whisker", INK)
                    above = min(above, yb)
            labels_over.append((x + (bar - 1) / 2, above, fmt(v, percent), f"value s{j}"))
    if target is not None:
        _target_label(svg, target, target_y, right - 2, "end", percent)
    room = (slot if k == 1 else bar) - 2
    if all(text_width(t) <= room for _, _, t, _ in labels_over):
        for x, y, text, cls in labels_over:
            svg.label(x, y, text, cls, INK, avoid=bottom)
    else:  # no room over every bar: the last group's values (the month itself); the rest read in the table
        for x, y, text, cls in labels_over:
            if abs(x - centres[-1]) < slot / 2:
                svg.label(x, y, text, cls, INK, avoid=bottom)
    _x_labels(svg, labels, centres, bottom + X_DROP, slot)
    return svg.done()


# ------------------------------------------------------------------------------------------ x against y


def xy(
    x: Sequence[float],
    series: dict[str, Sequence[float | None]],
    *,
    title: str,
    x_title: str,
    y_title: str,
    percent: bool = True,
    diagonal: str | None = None,
    markers: bool | None = None,
    limits: tuple[float, float] | None = None,
    point_labels: Sequence[int] = (),
    size: tuple[int, int] = SQUARE,
) -> Markup:
    """Series of y over a numeric x (ROC, gains, calibration), on the same scale on both axes;
    ``diagonal`` names the line y = x (chance, or perfect calibration) drawn dotted; ``point_labels``
    are the indices of the points whose y is written beside them."""
    xs = [_finite(v) for v in x]
    clean = {name: [_finite(v) for v in points] for name, points in series.items()}
    pairs = {
        name: [(a, b) for a, b in zip(xs, points, strict=True) if a is not None and b is not None]
        for name, points in clean.items()
    }
    every = [p for ps in pairs.values() for p in ps]
    if not every:
        return Markup("")
    width, height = size
    svg = _Svg(title, width, height, "xy")
    if limits is None:
        top_value = max(max(a, b) for a, b in every)
        limits = (0.0, top_value * 1.05 if top_value > 0 else 1.0)
    ticks = nice_ticks(*limits, most=5)
    lo, hi = ticks[0], ticks[-1]
    dashes = ("", "6 4", "2 3", "8 3 2 3")
    items = [(name, "line", COLOURS[n % 4], dashes[n % 4]) for n, name in enumerate(pairs)]
    if diagonal:
        items.append((diagonal, "line", RULE, "2 4"))
    top = _legend(svg, items, 0)
    svg.text(0, top + ABOVE, _fit(y_title, width), "axis-title")
    svg.boxes.append((0, top, text_width(_fit(y_title, width)), top + ABOVE + BELOW))
    top += FONT + 20
    tick_w = _tick_width(ticks, percent)
    left = tick_w + 10
    right = width - tick_w / 2 - 4
    bottom = height - X_DROP - ABOVE - 2 * BELOW - 6

    def to_x(v: float) -> float:
        return left + (v - lo) / (hi - lo) * (right - left)

    def to_y(v: float) -> float:
        return bottom - (v - lo) / (hi - lo) * (bottom - top)

    _y_axis(svg, ticks, to_y, left, right, percent)
    svg.rule(left, bottom, right, bottom, "axis", RULE)
    svg.rule(left, top, left, bottom, "axis", RULE)
    decimals = _decimals(ticks, percent)
    shown = [fmt(t, percent, decimals) for t in ticks]
    spacing = to_x(ticks[1]) - to_x(ticks[0]) if len(ticks) > 1 else right - left
    _x_labels(svg, shown, [to_x(t) for t in ticks], bottom + X_DROP, spacing)
    svg.text((left + right) / 2, height - BELOW - 2, _fit(x_title, width), "axis-title", anchor="middle")
    if diagonal:
        svg.rule(to_x(lo), to_y(lo), to_x(hi), to_y(hi), "diagonal", RULE, "2 4")
    for k, (name, points) in enumerate(pairs.items()):
        colour = COLOURS[k % 4]
        path = " ".join(f"{to_x(a):.1f},{to_y(b):.1f}" for a, b in points)
        dash = f' stroke-dasharray="{dashes[k % 4]}"' if dashes[k % 4] else ""
        svg.add(
            f'<polyline class="series s{k}" points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}>'
            f"<title>{escape(name)}</title></polyline>"
        )
        if (markers if markers is not None else len(points) <= 24) or len(points) == 1:
            for a, b in points:
                svg.add(f'<circle class="marker s{k}" cx="{to_x(a):.1f}" cy="{to_y(b):.1f}" r="3.2" fill="{colour}"/>')
        for i in point_labels:
            if k == 0 and 0 <= i < len(points):
                a, b = points[i]
                svg.label(to_x(a), to_y(b), fmt(b, percent), "value s0", INK, avoid=bottom)
    return svg.done()


# ------------------------------------------------------------------------------------------ charts as data


@dataclass(frozen=True)
class Figure:
    """A chart as data: ``svg()`` draws it for HTML; ``reports.render`` makes the matching Excel chart.

    ``kind`` is line (``x`` labels), columns (``x`` labels, vertical bars), bars (``x`` labels,
    horizontal bars of the first series) or xy (``x`` numbers); ``series`` maps a name to its values."""

    kind: str
    title: str
    x: Sequence[object]
    series: dict[str, Sequence[float | None]]
    percent: bool = False
    x_title: str = ""
    y_title: str = ""
    target: Target | None = None
    diagonal: str | None = None
    ranges: tuple[Sequence[float | None], Sequence[float | None]] | None = None
    low: float | None = None
    high: float | None = None
    zero: bool = True
    point_labels: Sequence[int] = ()
    size: tuple[int, int] | None = None  # width and height in user units; the kind's default when None
    extra: dict = field(default_factory=dict)  # the names of the range columns in Excel

    def svg(self) -> Markup:
        if self.kind == "line":
            return line(
                self.x,
                self.series,
                title=self.title,
                percent=self.percent,
                zero=self.zero,
                target=self.target,
                size=self.size or WIDE,
            )
        if self.kind == "columns":
            return columns(
                self.x,
                self.series,
                title=self.title,
                percent=self.percent,
                low=self.low,
                high=self.high,
                ranges=self.ranges,
                target=self.target,
                size=self.size or WIDE,
            )
        if self.kind == "bars":
            values = next(iter(self.series.values()))
            width = (self.size or WIDE)[0]
            return bars(list(zip(self.x, values, strict=True)), title=self.title, percent=self.percent, width=width)
        if self.kind == "xy":
            limits = (self.low, self.high) if self.low is not None and self.high is not None else None
            return xy(
                [float(v) for v in self.x],  # type: ignore[arg-type]
                self.series,
                title=self.title,
                x_title=self.x_title,
                y_title=self.y_title,
                percent=self.percent,
                diagonal=self.diagonal,
                limits=limits,
                point_labels=self.point_labels,
                size=self.size or SQUARE,
            )
        raise ValueError(f"unknown chart kind {self.kind!r}")
