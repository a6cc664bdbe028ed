"""The model's health page."""

# No `from __future__ import annotations`: FastAPI reads the route signatures, whose limits are local.

import pandas as pd
from fastapi import APIRouter, Request
from fastapi.responses import Response

from churnguard.api import charts
from churnguard.api.auth import require, state_of
from churnguard.api.pages.common import lang_of, render, table_of
from churnguard.api.words import word
from churnguard.reports.render import population_words

router = APIRouter(include_in_schema=False)


@router.get("/model")
def model(request: Request) -> Response:
    require(request, "model.read")
    lang = lang_of(request)
    snap = state_of(request).snapshot()
    m = snap.model
    decile_chart = ""
    if m is not None and len(m.deciles) and m.deciles["rate"].notna().any() and m.deciles["churners"].sum() > 0:
        decile_chart = charts.bars(
            [(str(int(d)), float(r)) for d, r in zip(m.deciles["decile"], m.deciles["rate"], strict=True)],
            title=word("model.deciles", lang),
            percent=True,
        )
    return render(
        request,
        "model.html.j2",
        m=m,
        summary=table_of(pd.DataFrame([m.summary]), lang) if m is not None else None,
        realised=table_of(m.realised, lang) if m is not None else None,
        drift=table_of(m.drift.head(30), lang) if m is not None else None,
        versions=table_of(m.versions, lang) if m is not None else None,
        backtest=table_of(m.reliability, lang) if m is not None else None,
        populations=table_of(population_words(m.populations, lang), lang) if m is not None else None,
        backtest_populations=table_of(population_words(m.backtest_populations, lang), lang) if m is not None else None,
        decile_chart=decile_chart,
        month=snap.serving.month,
    )
