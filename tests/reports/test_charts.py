"""The one chart engine (``churnguard.reports.charts``): inline SVG at a legible size, x labels that never
touch, a single point drawn as a marker with its value, targets as labelled lines and bands, and the
charts the reports need (line, vertical and horizontal bars, ROC / gains / calibration)."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET

import pytest

from churnguard.reports.charts import FONT, Figure, Target, bars, columns, line, nice_ticks, text_width, xy

MONTHS = [f"{y}-{m:02d}" for y in (2023, 2024, 2025) for m in range(1, 13)]


def _svg(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))


def _texts(root: ET.Element, cls: str) -> list[ET.Element]:
    return [t for t in root.iter("text") if cls in (t.get("class") or "").split()]


def _x_boxes(root: ET.Element) -> list[tuple[float, float]]:
    """The estimated horizontal extent of each x label (as the engine reckons a label's width)."""
    out = []
    for t in _texts(root, "x"):
        x, w = float(t.get("x")), text_width(t.text)
        anchor = t.get("text-anchor")
        start = x - w / 2 if anchor == "middle" else x - w if anchor == "end" else x
        out.append((start, start + w))
    return sorted(out)


def test_the_text_is_legible_at_the_charts_natural_size() -> None:
    for markup in (
        line(MONTHS[:6], {"a": [1, 2, 3, 4, 5, 6]}, title="t"),
        bars([("a", 1.0)], title="t"),
        columns(["a", "b"], {"n": [1, 2]}, title="t"),
        xy([0, 0.5, 1], {"m": [0, 0.7, 1]}, title="t", x_title="x", y_title="y"),
    ):
        root = _svg(markup)
        box = [float(v) for v in root.get("viewBox").split()]
        # Drawn at its natural size (1 user unit = 1 px), the text is FONT px; no text is sized apart.
        assert float(root.get("width")) == box[2] and float(root.get("height")) == box[3]
        assert float(root.get("font-size")) == FONT >= 11
        assert not [t for t in root.iter("text") if t.get("font-size") or t.get("style")]


@pytest.mark.parametrize("count", [1, 2, 5, 12, 24, 36])
@pytest.mark.parametrize("label", ["{m}", "{m} 月", "Month {m}"])
def test_x_labels_never_touch_and_stay_inside(count: int, label: str) -> None:
    labels = [label.format(m=m) for m in MONTHS[:count]]
    for markup in (
        line(labels, {"rate": [0.01 * (i % 5) for i in range(count)]}, title="t", percent=True),
        columns(labels, {"new": list(range(count)), "gone": list(range(count))}, title="t"),
    ):
        root = _svg(markup)
        boxes = _x_boxes(root)
        assert boxes, "no x label at all"
        assert boxes[-1][0] < boxes[-1][1] <= float(root.get("width")) and boxes[0][0] >= 0
        for (_, end), (start, _) in itertools.pairwise(boxes):
            assert start - end >= 4, (label, count, boxes)
        assert _texts(root, "x")[0].text == labels[-1]  # the latest month is always named


def test_a_single_point_is_a_marker_with_its_value() -> None:
    root = _svg(line(["2025-06"], {"High-value retention": [0.987]}, title="t", percent=True, zero=False))
    markers = [c for c in root.iter("circle") if "marker" in c.get("class")]
    assert len(markers) == 1 and float(markers[0].get("r")) >= 4
    assert [t.text for t in _texts(root, "value")] == ["98.7%"]
    assert [t.text for t in _texts(root, "x")] == ["2025-06"]
    # The point sits inside the plot, not on an edge of it.
    x = float(markers[0].get("cx"))
    assert 0.2 * float(root.get("width")) < x < 0.8 * float(root.get("width"))


def test_a_target_is_a_labelled_line_and_a_range_a_labelled_band() -> None:
    root = _svg(
        line(MONTHS[:3], {"churn": [0.03, 0.04, 0.02]}, title="t", percent=True, target=Target("target", 0.035))
    )
    lines = [e for e in root.iter("line") if e.get("class") == "target"]
    assert len(lines) == 1 and lines[0].get("stroke-dasharray")
    assert [t.text for t in _texts(root, "target-label")] == ["target 3.5%"]
    root = _svg(
        line(MONTHS[:3], {"churn": [0.03, 0.04, 0.02]}, title="t", percent=True, target=Target("目标", 0.02, 0.035))
    )
    assert [e for e in root.iter("rect") if e.get("class") == "band"]
    assert [t.text for t in _texts(root, "target-label")] == ["目标 2.0%–3.5%"]


def test_bars_and_columns_label_their_values() -> None:
    root = _svg(bars([("price", 0.2), ("network", -0.05)], title="t", percent=True))
    assert [t.text for t in _texts(root, "value")] == ["20.0%", "-5.0%"]
    assert len([r for r in root.iter("rect") if r.get("class") == "bar"]) == 2
    root = _svg(
        columns(["a", "b", "c"], {"E": [3.1, 4.2, 2.5]}, title="t", low=1, high=5, ranges=([2, 3, 2], [4, 5, 3]))
    )
    assert [t.text for t in _texts(root, "value")] == ["3.1", "4.2", "2.5"]
    assert len([e for e in root.iter("line") if e.get("class") == "whisker"]) == 9


def test_roc_gains_and_calibration_have_their_diagonal_and_axes() -> None:
    markup = xy(
        [0, 0.1, 0.5, 1],
        {"model": [0, 0.4, 0.8, 1]},
        title="ROC",
        x_title="false positive rate",
        y_title="true positive rate",
        diagonal="random",
        limits=(0, 1),
    )
    root = _svg(markup)
    assert [e for e in root.iter("line") if e.get("class") == "diagonal"]
    assert {t.text for t in _texts(root, "axis-title")} == {"false positive rate", "true positive rate"}
    assert [t.text for t in _texts(root, "x")][::-1] == ["0%", "25%", "50%", "75%", "100%"]
    assert "random" in {t.text for t in _texts(root, "legend")}


def test_nothing_to_draw_draws_nothing() -> None:
    assert line([], {"a": []}, title="t") == ""
    assert line(["2025-01"], {"a": [None]}, title="t") == ""
    assert bars([], title="t") == ""
    assert xy([], {"a": []}, title="t", x_title="", y_title="") == ""


def test_a_figure_draws_as_its_function_does() -> None:
    figure = Figure("line", "Churn", MONTHS[:2], {"rate": [0.01, 0.02]}, percent=True, target=Target("target", 0.035))
    assert figure.svg() == line(MONTHS[:2], {"rate": [0.01, 0.02]}, title="Churn", percent=True, target=figure.target)
    assert re.search(r'aria-label="Churn"', str(figure.svg()))


def test_ticks_are_round() -> None:
    assert nice_ticks(0, 0.042) == [0.0, 0.01, 0.02, 0.03, 0.04, 0.05]
    assert nice_ticks(0.975, 0.99)[0] <= 0.975 and nice_ticks(0.975, 0.99)[-1] >= 0.99
    assert nice_ticks(1, 5) == [1, 2, 3, 4, 5]
