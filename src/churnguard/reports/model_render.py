"""The model report as HTML (ROC, gains, lift, calibration and importance charts, drawn by
``reports.charts``) or an Excel workbook (the same charts as native Excel charts beside their tables).
The dashboard's model page draws the same figures (``model_figures``) and words (``drift_words``,
``measured_on``)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from openpyxl import Workbook

from churnguard.features.catalog import describe_feature
from churnguard.i18n import formats
from churnguard.modeling.drift import psi_status
from churnguard.months import shift
from churnguard.reports.charts import SQUARE, Figure, Target
from churnguard.reports.model import ModelReport
from churnguard.reports.render import measures, page, population_words, table, workbook
from churnguard.reports.text import say

__all__ = [
    "decile_table",
    "drift_words",
    "measured_on",
    "model_figures",
    "model_html",
    "model_sections",
    "model_workbook",
    "not_monthly",
]

_SUMMARY = (
    "lines",
    "labelled",
    "churners",
    "base_rate",
    "mean_p_churn",
    "roc_auc",
    "top_decile_lift",
    "capture_10",
    "capture_20",
    "high_tier_capture",
    "brier",
)


def drift_words(drift: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The inputs' drift in business words: each feature's name, its PSI and a plain level (stable,
    watch, drifted), and the column it is read from last."""
    if not len(drift) or "feature" not in drift:
        return pd.DataFrame(columns=["name", "psi", "level", "column"])
    levels = drift["status"] if "status" in drift else [psi_status(float(v)) for v in drift["psi"]]
    return pd.DataFrame(
        {
            "name": [describe_feature(str(f)).name(lang) for f in drift["feature"]],
            "psi": drift["psi"].astype(float).to_numpy(),
            "level": [say(f"psi.{v}", lang) for v in levels],
            "column": drift["feature"].astype(str).to_numpy(),
        }
    )


def decile_table(report: ModelReport) -> pd.DataFrame:
    """The deciles with their lift named as a multiple of the base rate (not a share)."""
    return report.deciles.rename(columns={"lift": "decile_lift"})


def measured_on(report: ModelReport, lang: str) -> str:
    """The population the accuracy is measured on, in a sentence; empty before the month's labels."""
    s = report.summary
    if "labelled" not in s:
        return ""
    return say(
        "m.measured_on",
        lang,
        lines=formats.number(s["labelled"], lang),
        month=report.month,
        next=shift(report.month, 1),
        churners=formats.number(s["churners"], lang),
        rate=formats.percent(s["base_rate"], lang),
    )


def not_monthly(report: ModelReport, lang: str) -> str:
    """Why the monthly report of the month after counts otherwise."""
    return say("m.not_monthly", lang, month=report.month, next=shift(report.month, 1))


def model_sections(report: ModelReport, lang: str) -> list[tuple[str, list[tuple[str | None, pd.DataFrame]]]]:
    summary = measures([k for k in _SUMMARY if k in report.summary], report.summary, lang)
    names = report.importance
    if len(names):
        names = names.assign(name=names["name_zh" if lang == "zh" else "name_en"])[
            ["name", "category", "gain", "share", "feature"]
        ]
    return [
        ("m.accuracy", [(None, summary), (say("m.deciles", lang), decile_table(report))]),
        (
            "m.populations",
            [
                (None, population_words(report.populations, lang)),
                (say("m.backtest_populations", lang), population_words(report.backtest_populations, lang)),
            ],
        ),
        ("m.calibration", [(None, report.reliability)]),
        ("m.importance", [(None, names)]),
        ("m.history", [(None, report.versions), (say("m.realised", lang), report.realised)]),
        ("m.drift", [(None, drift_words(report.drift, lang))]),
    ]


def model_figures(report: ModelReport, lang: str) -> dict[str, list[Figure]]:
    """The model report's charts by section: ROC, gains, lift and calibration of the month's scores
    against who left the month after; the features the model leans on."""
    out: dict[str, list[Figure]] = {}
    d = report.deciles
    if len(report.roc) and len(d):
        shares = [0.0, *(d["lines"].cumsum() / d["lines"].sum()).tolist()]
        top = max(float(d["mean_predicted"].max()), float(d["rate"].max())) * 1.05
        model = say("chart.model", lang)
        out["m.accuracy"] = [
            Figure(
                "xy",
                say("chart.roc", lang, auc=f"{report.summary['roc_auc']:.3f}"),
                report.roc["fpr"].tolist(),
                {model: report.roc["tpr"].tolist()},
                percent=True,
                x_title=say("chart.fpr", lang),
                y_title=say("chart.tpr", lang),
                diagonal=say("chart.random", lang),
                low=0.0,
                high=1.0,
            ),
            Figure(
                "xy",
                say("chart.gains", lang),
                shares,
                {model: [0.0, *d["cumulative_capture"].tolist()]},
                percent=True,
                x_title=say("chart.contacted", lang),
                y_title=say("cumulative_capture", lang),
                diagonal=say("chart.random", lang),
                low=0.0,
                high=1.0,
                point_labels=(1, 2),
            ),
            Figure(
                "columns",
                say("chart.lift", lang),
                [str(int(v)) for v in d["decile"]],
                {say("decile_lift", lang): d["lift"].tolist()},
                x_title=say("decile", lang),
                target=Target(say("chart.base_rate", lang), 1.0, shown=f"{say('chart.base_rate', lang)} 1"),
                size=SQUARE,
            ),
            Figure(
                "xy",
                say("chart.calibration", lang),
                d["mean_predicted"].tolist(),
                {say("chart.observed", lang): d["rate"].tolist()},
                percent=True,
                x_title=say("mean_predicted", lang),
                y_title=say("rate", lang),
                diagonal=say("chart.perfect", lang),
                low=0.0,
                high=top,
            ),
        ]
    if len(report.importance):
        imp = report.importance.head(12)
        out["m.importance"] = [
            Figure(
                "bars",
                say("m.importance", lang),
                list(imp["name_zh" if lang == "zh" else "name_en"]),
                {say("chart.share", lang): imp["share"].tolist()},
                percent=True,
                x_title=say("feature", lang),
            )
        ]
    return out


def _intro(report: ModelReport, key: str, lang: str) -> str:
    if key == "m.accuracy" and "labelled" in report.summary:
        return f"{measured_on(report, lang)} {not_monthly(report, lang)}"
    if key == "m.drift" and len(report.drift):
        return say("m.drift_note", lang)
    return ""


def model_html(report: ModelReport, *, lang: str, warehouse: str, now: datetime) -> str:
    charts = model_figures(report, lang)
    parts = [
        {
            "title": say(key, lang),
            "cards": [],
            "intro": _intro(report, key, lang),
            "charts": [{"title": f.title, "svg": f.svg()} for f in charts.get(key, [])],
            "tables": [table(frame, lang, title) for title, frame in tables],
        }
        for key, tables in model_sections(report, lang)
    ]
    title = say("m.title", lang, month=report.month, model=report.model_id)
    return page(title, parts, report.notes, lang=lang, warehouse=warehouse, now=now)


def model_workbook(report: ModelReport, *, lang: str) -> Workbook:
    return workbook(model_sections(report, lang), lang=lang, charts=model_figures(report, lang))
