"""The model report as HTML (ROC, gains, calibration and importance charts) or an Excel workbook."""

from __future__ import annotations

from datetime import datetime

import matplotlib.pyplot as plt
import pandas as pd
from openpyxl import Workbook

from churnguard.reports.model import ModelReport
from churnguard.reports.render import drawing, measures, page, population_words, svg, table, workbook
from churnguard.reports.text import say

__all__ = ["model_html", "model_sections", "model_workbook"]

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


def model_sections(report: ModelReport, lang: str) -> list[tuple[str, list[tuple[str | None, pd.DataFrame]]]]:
    summary = measures([k for k in _SUMMARY if k in report.summary], report.summary, lang)
    names = report.importance
    if len(names):
        names = names.assign(name=names["name_zh" if lang == "zh" else "name_en"])[
            ["feature", "name", "category", "gain", "share"]
        ]
    return [
        ("m.accuracy", [(None, summary), (say("m.deciles", lang), report.deciles)]),
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
        ("m.drift", [(None, report.drift)]),
    ]


def _charts(report: ModelReport, lang: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    with drawing():
        if len(report.roc):
            fig, ax = plt.subplots(figsize=(3.6, 3.4))
            ax.plot(report.roc["fpr"], report.roc["tpr"], color="#1f5fa8")
            ax.plot([0, 1], [0, 1], linestyle=":", color="#5b6775")
            ax.set_xlabel(say("chart.fpr", lang))
            ax.set_ylabel(say("chart.tpr", lang))
            ax.set_title(f"ROC (AUC {report.summary['roc_auc']:.3f})")
            d = report.deciles
            fig2, ax2 = plt.subplots(figsize=(3.6, 3.4))
            share = [0, *(d["lines"].cumsum() / d["lines"].sum())]
            ax2.plot(share, [0, *d["cumulative_capture"]], marker="o", color="#1f5fa8", label=say("chart.model", lang))
            ax2.plot([0, 1], [0, 1], linestyle=":", color="#5b6775", label=say("chart.random", lang))
            ax2.set_xlabel(say("chart.contacted", lang))
            ax2.set_ylabel(say("cumulative_capture", lang))
            ax2.set_title(say("chart.gains", lang))
            ax2.legend(frameon=False)
            fig3, ax3 = plt.subplots(figsize=(3.6, 3.4))
            top = max(float(d["mean_predicted"].max()), float(d["rate"].max())) * 1.05
            ax3.plot(d["mean_predicted"], d["rate"], marker="o", color="#1f5fa8")
            ax3.plot([0, top], [0, top], linestyle=":", color="#5b6775")
            ax3.set_xlabel(say("mean_predicted", lang))
            ax3.set_ylabel(say("rate", lang))
            ax3.set_title(say("chart.calibration", lang))
            out["m.accuracy"] = [svg(fig), svg(fig2), svg(fig3)]
        if len(report.importance):
            imp = report.importance.head(12).iloc[::-1]
            fig, ax = plt.subplots(figsize=(6.5, 3.6))
            ax.barh(imp["name_zh" if lang == "zh" else "name_en"], imp["share"] * 100, color="#1f5fa8")
            ax.set_xlabel("%")
            ax.set_title(say("m.importance", lang))
            out["m.importance"] = [svg(fig)]
    return out


def model_html(report: ModelReport, *, lang: str, warehouse: str, now: datetime) -> str:
    charts = _charts(report, lang)
    parts = [
        {
            "title": say(key, lang),
            "cards": [],
            "charts": charts.get(key, []),
            "tables": [table(frame, lang, title) for title, frame in tables],
        }
        for key, tables in model_sections(report, lang)
    ]
    title = say("m.title", lang, month=report.month, model=report.model_id)
    return page(title, parts, report.notes, lang=lang, warehouse=warehouse, now=now)


def model_workbook(report: ModelReport, *, lang: str) -> Workbook:
    return workbook(model_sections(report, lang), lang=lang)
