"""The model's health page: ROC, gains, lift and calibration of a month's scores against who left the
month after, each with the population it is measured on; drift of the inputs in business words; the
model's versions and realised accuracy; links to the full model report (HTML and Excel).

A month's leavers are known once the month after is loaded, so the newest scored month (the one
served) usually has none yet: the page then shows the latest scored month that has them, and says so."""

# No `from __future__ import annotations`: FastAPI reads the route signatures, whose limits are local.
import contextlib
from threading import Lock
from typing import Annotated

import pandas as pd
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from churnguard.api.auth import allowed_to, state_of
from churnguard.api.pages.common import lang_of, render, table_of
from churnguard.api.state import State
from churnguard.api.words import word
from churnguard.errors import ChurnGuardError
from churnguard.months import shift
from churnguard.pipeline import open_warehouse
from churnguard.reports.model import ModelReport, model_report
from churnguard.reports.model_render import decile_table, drift_words, measured_on, model_figures, not_monthly
from churnguard.reports.render import population_words
from churnguard.reports.text import say
from churnguard.retention.accounts import Principal

router = APIRouter(include_in_schema=False)

# Model reports of months other than the served one, per snapshot (a new scoring run starts afresh).
_REPORTS: dict[tuple[int, str, str], ModelReport | None] = {}
_LOCK = Lock()


def model_report_for(state: State, month: str) -> ModelReport | None:
    """The model report of a scored ``month`` (None when it cannot be made): the snapshot's for the
    served month, else made from the warehouse once per snapshot."""
    snap = state.snapshot()
    if month == snap.serving.month and snap.model is not None:
        return snap.model
    if month not in snap.serving.months:
        return None
    key = (id(state), snap.serving.run_id, month)
    with _LOCK:
        if key in _REPORTS:
            return _REPORTS[key]
    made = None
    with (
        contextlib.suppress(ChurnGuardError, KeyError, ValueError),
        open_warehouse(state.settings, read_only=True) as wh,
    ):
        made = model_report(wh, state.settings, month=month)
    with _LOCK:
        if len(_REPORTS) > 16:
            _REPORTS.clear()
        _REPORTS[key] = made
    return made


def measured(report: ModelReport | None) -> bool:
    return report is not None and "labelled" in report.summary


def _month_shown(state: State, asked: str | None) -> tuple[str, ModelReport | None, str | None]:
    """The month to show (asked, else the served one, else the latest scored month whose leavers are known),
    its report, and the served month it stands in for when it does."""
    snap = state.snapshot()
    months = snap.serving.months
    if asked in months:
        return asked, model_report_for(state, asked), None
    served = snap.serving.month
    report = model_report_for(state, served)
    if measured(report):
        return served, report, None
    for month in reversed([m for m in months if m < served][-2:]):
        earlier = model_report_for(state, month)
        if measured(earlier):
            return month, earlier, served
    return served, report, None


def _against_monthly(state: State, report: ModelReport, lang: str) -> str:
    """The monthly report of the month after, in numbers, and why its churn differs from the model's."""
    after = shift(report.month, 1)
    monthly = None
    if after in state.snapshot().serving.months:
        with contextlib.suppress(ChurnGuardError):
            monthly = state.report_for(after)
    if monthly is None:
        return not_monthly(report, lang)
    s, m = monthly.summary, report.summary
    return word(
        "model.vs_monthly",
        lang,
        next=after,
        month=report.month,
        churned=f"{int(s['churned']):,}",
        opening=f"{int(s['opening']):,}",
        rate=f"{s['churn_rate']:.1%}",
        leavers=f"{int(m['churners']):,}",
        lines=f"{int(m['labelled']):,}",
        base=f"{m['base_rate']:.1%}",
    )


def _drift_counts(drift: pd.DataFrame, lang: str) -> str:
    if not len(drift) or "status" not in drift:
        return ""
    counts = drift["status"].value_counts()
    return word(
        "model.drift_counts",
        lang,
        drifted=int(counts.get("shift", 0)),
        watch=int(counts.get("watch", 0)),
        stable=int(counts.get("stable", 0)),
        total=len(drift),
    )


@router.get("/model")
def model(
    request: Request,
    _signed_in: Annotated[Principal, Depends(allowed_to("model.read"))],
    month: Annotated[str | None, Query(max_length=7)] = None,
) -> Response:
    lang = lang_of(request)
    state = state_of(request)
    snap = state.snapshot()
    shown, m, stands_for = _month_shown(state, month)
    figures = model_figures(m, lang) if m is not None else {}
    words = drift_words(m.drift, lang).drop(columns=["column"]) if m is not None else None
    return render(
        request,
        "model.html.j2",
        m=m,
        month=shown,
        months=list(reversed(snap.serving.months)),
        waiting=word("model.waiting", lang, served=stands_for, next=shift(stands_for, 1), month=shown)
        if stands_for
        else "",
        measured_on=measured_on(m, lang) if measured(m) else "",
        against=_against_monthly(state, m, lang) if measured(m) else "",
        accuracy=[{"title": f.title, "svg": f.svg()} for f in figures.get("m.accuracy", [])],
        importance=[{"title": f.title, "svg": f.svg()} for f in figures.get("m.importance", [])],
        summary=table_of(pd.DataFrame([m.summary]), lang) if m is not None else None,
        deciles=table_of(decile_table(m), lang) if measured(m) else None,
        realised=table_of(m.realised, lang) if m is not None else None,
        drift=table_of(words.head(30), lang) if words is not None else None,
        drift_counts=_drift_counts(m.drift, lang) if m is not None else "",
        drift_note=say("m.drift_note", lang),
        versions=table_of(m.versions, lang) if m is not None else None,
        backtest=table_of(m.reliability, lang) if m is not None else None,
        populations=table_of(population_words(m.populations, lang), lang) if m is not None else None,
        backtest_populations=table_of(population_words(m.backtest_populations, lang), lang) if m is not None else None,
        notes=[say(f"note.{n}", lang) for n in m.notes] if m is not None else [],
    )
