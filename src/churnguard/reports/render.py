"""The monthly report as one self-contained HTML file (charts drawn offline as inline SVG, no request to
any network, readable printed) or as an Excel workbook (one sheet per section, real numbers)."""

from __future__ import annotations

import io
import math
import re
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import matplotlib
import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from churnguard.features.catalog import CATEGORIES
from churnguard.reports.monthly import NO_REASON, NOT_SCORED, MonthlyReport
from churnguard.reports.text import say, word
from churnguard.retention.policy import reason_key
from churnguard.segments import STAGES, TIERS
from churnguard.warnings import hit_rate_grid

matplotlib.use("Agg")
import matplotlib.pyplot as plt

__all__ = [
    "SHEETS",
    "drawing",
    "excel_workbook",
    "hit_rate_tables",
    "html_document",
    "measures",
    "page",
    "population_words",
    "sections",
    "svg",
    "table",
    "workbook",
]

# Columns shown as a share (percent); the rest as counts or plain numbers.
_SHARES = re.compile(
    r"(rate|share|retention|target|^lift|^p[1-5]$|unresolved|churn_with|churn_without|capture|roi|on_time)"
)
_TEMPLATES = Path(__file__).parent / "templates"
# Ratios to a base (2.86 means 2.86 times the average): shown as "2.86×", never as a percentage.
_TIMES = frozenset(
    {"times_base", "hit_lift", "top_decile_lift", "realised_top_decile_lift", "backtest_top_decile_lift"}
)


def _cell(column: str, value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, int | float) and column in _TIMES:
        return f"{value:.2f}×"
    if isinstance(value, int | float) and _SHARES.search(column):
        return f"{value:.1%}" if column != "roi" else f"{value:+.0%}"
    if isinstance(value, int) or (isinstance(value, float) and float(value).is_integer() and abs(value) >= 10):
        return f"{int(value):,}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def table(frame: pd.DataFrame, lang: str, title: str | None = None) -> dict:
    """A table for the template; a measure table (key, measure, value) formats each value by its key."""
    if "key" in frame.columns:
        rows = [[m, _cell(k, v)] for k, m, v in frame[["key", "measure", "value"]].itertuples(index=False)]
        return {"title": title, "header": [say("measure", lang), say("value", lang)], "rows": rows}
    columns = list(frame.columns)
    rows = [[_cell(c, v) for c, v in zip(columns, row, strict=True)] for row in frame.itertuples(index=False)]
    return {"title": title, "header": [say(c, lang) for c in columns], "rows": rows}


def measures(keys: Sequence[str], values: dict, lang: str) -> pd.DataFrame:
    """A (key, measure, value) table: each value is formatted by its key."""
    return pd.DataFrame([{"key": k, "measure": say(k, lang), "value": values[k]} for k in keys])


def sections(report: MonthlyReport, lang: str) -> list[tuple[str, list[tuple[str | None, pd.DataFrame]]]]:
    """The report's sections in order: (title, [(table title, table)])."""
    s = report.summary
    base = measures(("opening", "new", "churned", "closing", "churn_rate", "churn_target"), s, lang)
    high = measures(("high_value_opening", "high_value_retained", "high_value_retention", "high_value_target"), s, lang)
    model = measures(list(report.model["measure"]), dict(report.model[["measure", "value"]].values), lang)
    names = {"tier": TIERS, "stage": STAGES}
    by = [
        (say("s.by", lang, by=say(f"by.{k}", lang)), _named(v, "group", names[k], lang) if k in names else v)
        for k, v in report.by.items()
    ]
    reasons = report.reasons.assign(reason=[_reason(r, lang) for r in report.reasons["reason"]])
    warned = _worded(report.warnings, "rule", "rule", lang)
    winback = _worded(report.winback, "status", "wb", lang)
    complaints = _worded(report.complaints, "category", "cat", lang)
    regions = report.complaints_by_region
    surveys = _worded(_worded(report.surveys, "dimension", "dim", lang), "region", "region", lang)
    flags = _worded(report.survey_flags, "dimension", "dim", lang)
    if "flag" in flags:
        flags = flags.assign(flag=[", ".join(say(f"flag.{c}", lang) for c in str(f).split()) for f in flags["flag"]])
    kinds = report.kinds.assign(kind=[say(f"kind.{k}", lang) for k in report.kinds["kind"]])
    campaigns = _worded(_worded(report.campaigns, "verdict", "verdict", lang), "policy", "policy", lang)
    return [
        ("s.base", [(None, base), (say("s.trend", lang), report.trend), (say("s.kinds", lang), kinds), *by]),
        ("s.high_value", [(None, high)]),
        (
            "s.why",
            [
                (None, reasons),
                (say("s.model", lang), model),
                (say("s.model_populations", lang), population_words(report.populations, lang)),
                (say("s.alerts", lang), report.alerts),
            ],
        ),
        ("s.warnings", [(None, warned), *hit_rate_tables(report.hit_rates, lang), (say("s.winback", lang), winback)]),
        ("s.retention", [(None, campaigns), (say("s.cards", lang), report.scorecards)]),
        ("s.complaints", [(None, complaints), (say("s.complaint_regions", lang), regions)]),
        ("s.surveys", [(None, surveys), (say("s.survey_flags", lang), flags)]),
        ("s.sources", [(None, report.sources)]),
    ]


def population_words(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Population codes in the reader's words."""
    if not len(frame) or "population" not in frame:
        return frame
    return frame.assign(population=[word("population", p, lang) for p in frame["population"]])


def hit_rate_tables(rates: pd.DataFrame, lang: str) -> list[tuple[str | None, pd.DataFrame]]:
    """The rules' hit rates: month by month (rate and × the base rate; "–" where there is no figure, the
    months still waiting for their next month named in the title), and the latest measured month's
    counts with the rules flagged for review."""
    grid, pending = hit_rate_grid(rates)
    if grid.empty:
        return []
    title = say("s.hit_rates", lang)
    if pending:
        title += " " + say("hit.pending", lang, months=", ".join(pending))
    grid = grid.assign(rule=[say("hit.base", lang) if r == "base" else word("rule", r, lang) for r in grid["rule"]])
    grid = grid.rename(columns={"lines": "warned_lines"})
    measured = rates[rates["measured"]]
    if measured.empty:
        return [(title, grid.drop(columns=["warned_lines", "review"]))]
    latest = measured["month"].max()
    detail = measured[measured["month"] == latest]
    detail = pd.DataFrame(
        {
            "rule": [word("rule", r, lang) for r in detail["rule"]],
            "warned_lines": detail["lines"].astype(int).to_numpy(),
            "departed_next": detail["departed"].astype(int).to_numpy(),
            "hit_rate": detail["rate"].to_numpy(),
            "hit_base_rate": detail["base_rate"].to_numpy(),
            "hit_lift": detail["lift"].to_numpy(),
            "review": detail["flagged"].astype(bool).to_numpy(),
        }
    )
    return [(title, grid), (say("s.hit_detail", lang, month=latest), detail)]


def _worded(frame: pd.DataFrame, column: str, prefix: str, lang: str) -> pd.DataFrame:
    if frame.empty or column not in frame.columns:
        return frame
    return frame.assign(**{column: [word(prefix, v, lang) for v in frame[column]]})


def _named(frame: pd.DataFrame, column: str, names: dict[str, tuple[str, str]], lang: str) -> pd.DataFrame:
    pick = 1 if lang == "zh" else 0
    return frame.assign(**{column: [names[g][pick] if g in names else g for g in frame[column]]})


def _reason(label: object, lang: str) -> str:
    if label in (NOT_SCORED, NO_REASON):
        return say(f"why.{label}", lang)
    return CATEGORIES[reason_key(label)][1 if lang == "zh" else 0]


def svg(fig: plt.Figure) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    text = buffer.getvalue()
    # Keep the <svg> element only: the XML prologue and the DOCTYPE name a DTD by URL.
    text = text[text.index("<svg") :]
    return re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)


@contextmanager
def drawing() -> Iterator[None]:
    """Charts whose text stays text in the SVG (the reader's fonts draw it, Chinese included)."""
    with warnings.catch_warnings(), plt.rc_context({"svg.fonttype": "none", "font.size": 9}):
        warnings.simplefilter("ignore")  # matplotlib's own fonts lack CJK glyphs; the browser's have them
        yield


def _charts(report: MonthlyReport, lang: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    with drawing():
        t = report.trend
        if len(t):
            fig, ax = plt.subplots(figsize=(5.5, 2.6))
            ax.plot(t["month"], t["churn_rate"] * 100, marker="o", color="#1f5fa8", label=say("churn_rate", lang))
            ax.plot(t["month"], t["target"] * 100, linestyle="--", color="#b3261e", label=say("target", lang))
            ax.set_ylabel("%")
            ax.set_title(say("chart.trend", lang))
            ax.legend(frameon=False)
            fig2, ax2 = plt.subplots(figsize=(5.5, 2.6))
            x = range(len(t))
            ax2.bar([i - 0.2 for i in x], t["new"], width=0.4, color="#1b7a3d", label=say("new", lang))
            ax2.bar([i + 0.2 for i in x], t["churned"], width=0.4, color="#b3261e", label=say("churned", lang))
            ax2.set_xticks(list(x), list(t["month"]))
            ax2.set_title(say("chart.movement", lang))
            ax2.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
            out["s.base"] = [svg(fig), svg(fig2)]
        if len(report.reasons):
            r = report.reasons.head(8).iloc[::-1]
            fig, ax = plt.subplots(figsize=(5.5, 2.8))
            ax.barh([_reason(x, lang) for x in r["reason"]], r["churners"], color="#1f5fa8")
            ax.set_title(say("chart.reasons", lang))
            out["s.why"] = [svg(fig)]
        if len(report.survey_flags):
            f = report.survey_flags
            fig, ax = plt.subplots(figsize=(5.5, 2.6))
            ax.bar(f["dimension"], f["mean"], color="#1f5fa8")
            ax.errorbar(
                f["dimension"],
                f["mean"],
                yerr=[f["mean"] - f["lowest"], f["highest"] - f["mean"]],
                fmt="none",
                ecolor="#5b6775",
                capsize=3,
            )
            ax.set_ylim(1, 5)
            ax.set_title(say("chart.surveys", lang))
            out["s.surveys"] = [svg(fig)]
    return out


def _cards(report: MonthlyReport, lang: str) -> list[dict]:
    s = report.summary

    def tone(good: bool) -> str:
        return "good" if good else "bad"

    return [
        {"label": say("opening", lang), "value": f"{s['opening']:,}", "tone": ""},
        {"label": say("new", lang), "value": f"{s['new']:,}", "tone": ""},
        {"label": say("churned", lang), "value": f"{s['churned']:,}", "tone": ""},
        {"label": say("closing", lang), "value": f"{s['closing']:,}", "tone": ""},
        {
            "label": f"{say('churn_rate', lang)} ({say('target', lang)} ≤ {s['churn_target']:.1%})",
            "value": _cell("churn_rate", s["churn_rate"]),
            "tone": tone(s["churn_rate"] <= s["churn_target"]),
        },
        {
            "label": f"{say('high_value_retention', lang)} ({say('target', lang)} ≥ {s['high_value_target']:.1%})",
            "value": _cell("high_value_retention", s["high_value_retention"]),
            "tone": tone(s["high_value_retention"] >= s["high_value_target"]),
        },
    ]


def page(title: str, parts: list[dict], notes: list[str], *, lang: str, warehouse: str, now: datetime) -> str:
    env = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    return env.get_template("monthly.html.j2").render(
        lang=lang,
        title=title,
        generated=say("generated", lang, at=now.strftime("%Y-%m-%d %H:%M"), warehouse=warehouse),
        notes=[say(f"note.{n}", lang) for n in notes],
        sections=parts,
        empty=say("none", lang),
    )


def html_document(report: MonthlyReport, *, lang: str, warehouse: str, now: datetime) -> str:
    """The report as one HTML document that needs nothing else: styles inline, charts as inline SVG."""
    charts = _charts(report, lang)
    parts = [
        {
            "title": say(key, lang),
            "cards": _cards(report, lang) if key == "s.base" else [],
            "charts": charts.get(key, []),
            "tables": [table(frame, lang, title) for title, frame in tables],
        }
        for key, tables in sections(report, lang)
    ]
    return page(say("title", lang, month=report.month), parts, report.notes, lang=lang, warehouse=warehouse, now=now)


SHEETS: Sequence[str] = (
    "s.base",
    "s.high_value",
    "s.why",
    "s.warnings",
    "s.retention",
    "s.complaints",
    "s.surveys",
    "s.sources",
)


def excel_workbook(report: MonthlyReport, *, lang: str) -> Workbook:
    """One sheet per section; each table under a bold title, with its numbers as numbers."""
    return workbook(sections(report, lang), lang=lang)


def workbook(parts: Sequence[tuple[str, list[tuple[str | None, pd.DataFrame]]]], *, lang: str) -> Workbook:
    """A workbook of (section key, [(table title, table)]): a sheet per section, numbers as numbers."""
    book = Workbook()
    book.remove(book.active)
    for key, tables in parts:
        sheet = book.create_sheet(say(key, lang)[:31])
        row = 1
        for title, frame in tables:
            if title:
                sheet.cell(row=row, column=1, value=title).font = Font(bold=True)
                row += 1
            keys = list(frame["key"]) if "key" in frame.columns else None
            frame = frame.drop(columns=["key"]) if keys is not None else frame
            for j, column in enumerate(frame.columns, start=1):
                sheet.cell(row=row, column=j, value=say(column, lang)).font = Font(bold=True)
            for i, values in enumerate(frame.itertuples(index=False)):
                row += 1
                for j, (column, value) in enumerate(zip(frame.columns, values, strict=True), start=1):
                    cell = sheet.cell(row=row, column=j, value=_excel_value(value))
                    share_of = keys[i] if keys is not None and column == "value" else column
                    if isinstance(cell.value, float) and _SHARES.search(share_of):
                        cell.number_format = "0.0%"
            row += 2
        for j in range(1, sheet.max_column + 1):
            sheet.column_dimensions[get_column_letter(j)].width = 16
    return book


def _excel_value(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value
