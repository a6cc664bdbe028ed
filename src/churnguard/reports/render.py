"""The monthly report as one self-contained HTML file (charts drawn offline as inline SVG by
``reports.charts``, no request to any network, readable printed) or as an Excel workbook (one sheet per
section, real numbers in their formats, and beside the tables the same charts as native Excel charts)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference, ScatterChart, Series
from openpyxl.chart.data_source import NumDataSource, NumRef
from openpyxl.chart.error_bar import ErrorBars
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from churnguard.features.catalog import CATEGORIES
from churnguard.i18n import formats
from churnguard.months import shift
from churnguard.reports.charts import Figure, Target
from churnguard.reports.monthly import NO_REASON, NOT_SCORED, MonthlyReport
from churnguard.reports.text import say, word
from churnguard.retention.policy import reason_key
from churnguard.segments import STAGES, TIERS
from churnguard.warnings import hit_rate_grid

__all__ = [
    "SHEETS",
    "excel_workbook",
    "figures",
    "hit_rate_tables",
    "html_document",
    "measures",
    "number_format",
    "page",
    "population_words",
    "rate_figure",
    "sections",
    "table",
    "workbook",
]

# Columns shown as a share (percent); the rest as counts or plain numbers.
_SHARES = re.compile(
    r"(rate|share|retention|target|^lift|^p[1-5]$|unresolved|churn_with|churn_without|capture|roi|on_time"
    r"|mean_predicted|mean_p_churn|^p_min$|^p_max$)"
)
# Columns of money (yuan) in Excel.
_MONEY = re.compile(r"(^cost$|revenue|value_at_risk|^clv$|margin|^budget$|net_value|^bill|_bill$)")
# Columns of small measures that need three decimals (PSI, Brier score, AUC).
_FINE = re.compile(r"(psi|brier|auc$)")
_TEMPLATES = Path(__file__).parent / "templates"
# Ratios to a base (2.86 means 2.86 times the average): shown as "2.86×", never as a percentage.
_TIMES = frozenset(
    {"decile_lift", "hit_lift", "top_decile_lift", "realised_top_decile_lift", "backtest_top_decile_lift"}
)


def _cell(column: str, value: object, lang: str) -> str:
    """A value as the report writes it, in the reader's language: shares as percentages, money in ¥,
    ratios to a base as multiples, counts grouped."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, bool):
        return "✓" if value else ""
    if not isinstance(value, int | float):
        return str(value)
    if column in _TIMES:
        return formats.times(value, lang)
    if _SHARES.search(column):
        if column == "roi":
            return formats.percent(value, lang, decimals=0, signed=True)
        return formats.percent(value, lang)
    if _MONEY.search(column):
        return formats.money(value, lang, decimals=0 if abs(value) >= 100 or float(value).is_integer() else 2)
    if _FINE.search(column):
        return formats.number(value, lang, decimals=3)
    if isinstance(value, int) or (float(value).is_integer() and abs(value) >= 10):
        return formats.number(value, lang)
    return formats.number(value, lang, decimals=2)


def table(frame: pd.DataFrame, lang: str, title: str | None = None) -> dict:
    """A table for the template; a measure table (key, measure, value) formats each value by its key."""
    if "key" in frame.columns:
        rows = [[m, _cell(k, v, lang)] for k, m, v in frame[["key", "measure", "value"]].itertuples(index=False)]
        return {"title": title, "header": [say("measure", lang), say("value", lang)], "rows": rows}
    columns = list(frame.columns)
    rows = [[_cell(c, v, lang) for c, v in zip(columns, row, strict=True)] for row in frame.itertuples(index=False)]
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


def rate_figure(
    title: str, months: Sequence[str], name: str, rates: Sequence[float], targets: Sequence[float], lang: str
) -> Figure:
    """A rate by month against its target: one labelled target line when the target is the same every
    month, else the target as a second (dashed) series."""
    known = [float(t) for t in targets if t == t]
    month = say("month", lang)
    if known and max(known) - min(known) < 1e-12:
        target = Target(say("target", lang), known[0])
        return Figure("line", title, list(months), {name: list(rates)}, True, month, target=target, zero=False)
    series = {name: list(rates), say("target", lang): list(targets)}
    return Figure("line", title, list(months), series, True, month, zero=False)


def figures(report: MonthlyReport, lang: str) -> dict[str, list[Figure]]:
    """The report's charts by section, as data: drawn as SVG in HTML and as native charts in Excel."""
    out: dict[str, list[Figure]] = {}
    t = report.trend
    if len(t):
        months = [str(m) for m in t["month"]]
        out["s.base"] = [
            rate_figure(say("chart.trend", lang), months, say("churn_rate", lang), t["churn_rate"], t["target"], lang),
            Figure(
                "columns",
                say("chart.movement", lang),
                months,
                {say("new", lang): list(t["new"]), say("churned", lang): list(t["churned"])},
                x_title=say("month", lang),
            ),
        ]
        if t["hv_retention"].notna().any():
            out["s.high_value"] = [
                rate_figure(
                    say("chart.hv", lang), months, say("hv_retention", lang), t["hv_retention"], t["hv_target"], lang
                )
            ]
    if len(report.reasons):
        r = report.reasons.head(8)
        out["s.why"] = [
            Figure(
                "bars",
                say("chart.reasons", lang),
                [_reason(x, lang) for x in r["reason"]],
                {say("churners", lang): list(r["churners"])},
                x_title=say("reason", lang),
            )
        ]
    if len(report.survey_flags):
        f = report.survey_flags
        out["s.surveys"] = [
            Figure(
                "columns",
                say("chart.surveys", lang),
                [word("dim", d, lang) for d in f["dimension"]],
                {say("mean", lang): list(f["mean"])},
                low=1.0,
                high=5.0,
                ranges=(list(f["lowest"]), list(f["highest"])),
                x_title=say("dimension", lang),
                extra={"ranges": (say("lowest", lang), say("highest", lang))},
            )
        ]
    return out


def _cards(report: MonthlyReport, lang: str) -> list[dict]:
    s = report.summary

    def tone(good: bool) -> str:
        return "good" if good else "bad"

    high_target = formats.percent(s["high_value_target"], lang)

    return [
        {"label": say("opening", lang), "value": formats.number(s["opening"], lang), "tone": ""},
        {"label": say("new", lang), "value": formats.number(s["new"], lang), "tone": ""},
        {"label": say("churned", lang), "value": formats.number(s["churned"], lang), "tone": ""},
        {"label": say("closing", lang), "value": formats.number(s["closing"], lang), "tone": ""},
        {
            "label": f"{say('churn_rate', lang)} ({say('target', lang)} ≤ {formats.percent(s['churn_target'], lang)})",
            "value": _cell("churn_rate", s["churn_rate"], lang),
            "tone": tone(s["churn_rate"] <= s["churn_target"]),
        },
        {
            "label": f"{say('high_value_retention', lang)} ({say('target', lang)} ≥ {high_target})",
            "value": _cell("high_value_retention", s["high_value_retention"], lang),
            "tone": tone(s["high_value_retention"] >= s["high_value_target"]),
        },
    ]


def page(title: str, parts: list[dict], notes: list[str], *, lang: str, warehouse: str, now: datetime) -> str:
    env = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    return env.get_template("monthly.html.j2").render(
        lang=lang,
        title=title,
        generated=say("generated", lang, at=formats.time_text(now, lang), warehouse=warehouse),
        notes=[say(f"note.{n}", lang) for n in notes],
        sections=parts,
        empty=say("none", lang),
    )


def _intro(report: MonthlyReport, key: str, lang: str) -> str:
    """Why the churn rate and the model's figures of the month differ: their populations."""
    pops = report.populations
    if key != "s.why" or not len(pops) or "population" not in pops or not (pops["population"] == "all").any():
        return ""
    everyone = pops[pops["population"] == "all"].iloc[0]
    s = report.summary
    return say(
        "why.scored_note",
        lang,
        month=report.month,
        previous=shift(report.month, -1),
        churned=formats.number(s["churned"], lang),
        opening=formats.number(s["opening"], lang),
        leavers=formats.number(everyone["leavers"], lang),
        lines=formats.number(everyone["lines"], lang),
    )


def html_document(report: MonthlyReport, *, lang: str, warehouse: str, now: datetime) -> str:
    """The report as one HTML document that needs nothing else: styles inline, charts as inline SVG."""
    charts = figures(report, lang)
    parts = [
        {
            "title": say(key, lang),
            "cards": _cards(report, lang) if key == "s.base" else [],
            "intro": _intro(report, key, lang),
            "charts": [{"title": f.title, "svg": f.svg()} for f in charts.get(key, [])],
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
    """One sheet per section; each table under a bold title, with its numbers as numbers; the charts of
    the HTML report beside them as native Excel charts."""
    return workbook(sections(report, lang), lang=lang, charts=figures(report, lang))


def number_format(column: str, value: object) -> str | None:
    """The Excel format of a number in ``column``: a multiple (2.86×) for ratios to a base, percent for
    shares and rates, ¥ for money, three decimals for PSI, Brier and AUC, thousands separators for the
    rest."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if column in _TIMES:
        return '0.00"×"'
    if _SHARES.search(column):
        return "+0%;-0%;0%" if column == "roi" else "0.0%"
    if _MONEY.search(column):
        return "¥#,##0"
    if _FINE.search(column):
        return "0.000"
    if isinstance(value, int) or float(value).is_integer() or abs(value) >= 1000:
        return "#,##0"
    return "#,##0.00"


def workbook(
    parts: Sequence[tuple[str, list[tuple[str | None, pd.DataFrame]]]],
    *,
    lang: str,
    charts: dict[str, list[Figure]] | None = None,
) -> Workbook:
    """A workbook of (section key, [(table title, table)]): a sheet per section, numbers as numbers in
    their formats, the first table's header frozen, and each of the section's ``charts`` as a native
    chart beside the tables, over its own data."""
    book = Workbook()
    book.remove(book.active)
    for key, tables in parts:
        sheet = book.create_sheet(say(key, lang)[:31])
        row = 1
        for n, (title, frame) in enumerate(tables):
            if title:
                sheet.cell(row=row, column=1, value=title).font = Font(bold=True)
                row += 1
            keys = list(frame["key"]) if "key" in frame.columns else None
            frame = frame.drop(columns=["key"]) if keys is not None else frame
            for j, column in enumerate(frame.columns, start=1):
                sheet.cell(row=row, column=j, value=say(column, lang)).font = Font(bold=True)
            if n == 0 and len(frame.columns):
                sheet.freeze_panes = sheet.cell(row=row + 1, column=1)
            for i, values in enumerate(frame.itertuples(index=False)):
                row += 1
                for j, (column, value) in enumerate(zip(frame.columns, values, strict=True), start=1):
                    cell = sheet.cell(row=row, column=j, value=_excel_value(value))
                    shown = number_format(keys[i] if keys is not None and column == "value" else column, cell.value)
                    if shown:
                        cell.number_format = shown
            row += 2
        for j in range(1, sheet.max_column + 1):
            sheet.column_dimensions[get_column_letter(j)].width = 16
        if charts and charts.get(key):
            _excel_charts(sheet, charts[key], lang)
    return book


def _excel_charts(sheet: Worksheet, figures: Sequence[Figure], lang: str) -> None:
    """Each figure's data as a small table right of the sheet's tables, its chart right of that."""
    first = sheet.max_column + 2
    row = 1
    for figure in figures:
        header, columns, formats = _chart_columns(figure, lang)
        sheet.cell(row=row, column=first, value=figure.title).font = Font(bold=True)
        top = row + 1
        for j, name in enumerate(header):
            sheet.cell(row=top, column=first + j, value=name).font = Font(bold=True)
            sheet.column_dimensions[get_column_letter(first + j)].width = 14 if j else 18
        for i in range(len(figure.x)):
            for j, (values, shown) in enumerate(zip(columns, formats, strict=True)):
                cell = sheet.cell(row=top + 1 + i, column=first + j, value=_excel_value(values[i]))
                if shown and isinstance(cell.value, int | float):
                    cell.number_format = shown
        chart = _excel_chart(figure, sheet, first, top, len(figure.x), len(header))
        sheet.add_chart(chart, f"{get_column_letter(first + len(header) + 1)}{row}")
        row = top + max(len(figure.x) + 3, 18)


def _chart_columns(figure: Figure, lang: str) -> tuple[list[str], list[list[object]], list[str | None]]:
    """The chart's table: x, each series, then the target, the diagonal and the ranges when drawn."""
    share = "0.0%" if figure.percent else "#,##0.##"
    header = [figure.x_title, *figure.series]
    columns: list[list[object]] = [list(figure.x), *[list(v) for v in figure.series.values()]]
    formats: list[str | None] = ["0.0%" if figure.kind == "xy" and figure.percent else None]
    formats += [share] * len(figure.series)
    if figure.target is not None:
        header.append(figure.target.label)
        columns.append([figure.target.low] * len(figure.x))
        formats.append(share)
        if figure.target.high is not None:
            header.append(figure.target.label)
            columns.append([figure.target.high] * len(figure.x))
            formats.append(share)
    if figure.diagonal:
        header.append(figure.diagonal)
        columns.append(list(figure.x))
        formats.append(share)
    if figure.ranges is not None:
        names = figure.extra.get("ranges", ("low", "high"))
        first = next(iter(figure.series.values()))
        low, high = figure.ranges
        header += [*names, say("chart.below", lang), say("chart.above", lang)]
        columns += [list(low), list(high)]
        columns.append([_gap(m, lo) for m, lo in zip(first, low, strict=True)])
        columns.append([_gap(hi, m) for m, hi in zip(first, high, strict=True)])
        formats += [share] * 4
    return header, columns, formats


def _gap(a: object, b: object) -> float | None:
    try:
        value = float(a) - float(b)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _excel_chart(figure: Figure, sheet: Worksheet, col: int, top: int, rows: int, width: int) -> object:
    """The native chart of ``figure`` over its table at (``top``, ``col``): header row, then ``rows``."""
    last = top + rows
    x = Reference(sheet, min_col=col, min_row=top + 1, max_row=last)
    n = len(figure.series)
    drawn = width - (4 if figure.ranges is not None else 0) - 1  # series, target and diagonal columns
    if figure.kind == "xy":
        chart = ScatterChart()
        chart.style = 13
        for j in range(1, drawn + 1):
            values = Reference(sheet, min_col=col + j, min_row=top, max_row=last)
            series = Series(values, x, title_from_data=True)
            series.marker.symbol = "circle" if j <= n and rows <= 24 else "none"
            if j > n:  # the diagonal
                series.graphicalProperties.line.dashStyle = "dash"
            chart.series.append(series)
        chart.x_axis.title = figure.x_title
        chart.y_axis.title = figure.y_title
        chart.x_axis.scaling.min = chart.y_axis.scaling.min = figure.low if figure.low is not None else 0
        if figure.high is not None:
            chart.x_axis.scaling.max = chart.y_axis.scaling.max = figure.high
        chart.x_axis.number_format = chart.y_axis.number_format = "0%" if figure.percent else "General"
    elif figure.kind == "line":
        chart = LineChart()
        chart.add_data(
            Reference(sheet, min_col=col + 1, max_col=col + drawn, min_row=top, max_row=last), titles_from_data=True
        )
        chart.set_categories(x)
        for j, series in enumerate(chart.series):
            series.marker.symbol = "circle" if j < n else "none"
            series.smooth = False
            if j >= n:  # the target
                series.graphicalProperties.line.dashStyle = "dash"
        if not figure.zero:
            values = [v for vs in figure.series.values() for v in vs if v == v and v is not None]
            if figure.target is not None:
                values.append(figure.target.low)
            if values:
                chart.y_axis.scaling.min = max(0.0, math.floor(min(values) * 200) / 200 - 0.005)
    else:
        chart = BarChart()
        chart.type = "bar" if figure.kind == "bars" else "col"
        chart.add_data(
            Reference(sheet, min_col=col + 1, max_col=col + n, min_row=top, max_row=last), titles_from_data=True
        )
        chart.set_categories(x)
        if figure.kind == "bars":
            chart.x_axis.scaling.orientation = "maxMin"  # the first item on top, as in the HTML
            chart.legend = None
        if figure.low is not None:
            chart.y_axis.scaling.min = figure.low
        if figure.high is not None:
            chart.y_axis.scaling.max = figure.high
        if figure.ranges is not None and chart.series:
            below, above = (
                NumDataSource(NumRef(f=Reference(sheet, min_col=c, min_row=top + 1, max_row=last)))
                for c in (col + width - 2, col + width - 1)
            )
            chart.series[0].errBars = ErrorBars(
                errDir="y", errBarType="both", errValType="cust", minus=below, plus=above
            )
    chart.title = figure.title
    chart.y_axis.number_format = "0%" if figure.percent else "#,##0"
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.width, chart.height = 16, 8
    return chart


def _excel_value(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value
