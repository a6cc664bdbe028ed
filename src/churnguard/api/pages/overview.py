"""The supervisor's overview: KPIs against target for the viewer's region (or the company), where churn
is worst, trends."""

# No `from __future__ import annotations`: FastAPI reads the route signatures, whose limits are local.
import contextlib
from typing import Annotated
from urllib.parse import urlencode

import numpy as np
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from churnguard.api import charts
from churnguard.api.access import scope_of
from churnguard.api.auth import Forbidden, allowed_to, state_of
from churnguard.api.pages.common import alert_text, lang_of, render, value_name
from churnguard.api.present import category_name, clean
from churnguard.api.words import word
from churnguard.errors import ChurnGuardError
from churnguard.retention.accounts import Principal

router = APIRouter(include_in_schema=False)


# Groups smaller than this at the month's start are left out of "where churn is worst": their rates swing.
_WORST_MIN_LINES = 30


# Each breakdown and the dashboard filter its rows open (plans have none).
_BREAKDOWNS = (("region", "region"), ("plan", None), ("tier", "tier"), ("stage", "stage"))


def _worst(report: object, lang: str) -> list[dict]:
    """Where churn is worst: each breakdown's groups by churn rate, highest first, against the target."""
    target = report.summary["churn_target"]
    out = []
    for name, filter_name in _BREAKDOWNS:
        frame = report.by.get(name)
        if frame is None or not len(frame):
            continue
        rows = frame[frame["opening"] >= _WORST_MIN_LINES].sort_values("churn_rate", ascending=False).head(8)
        out.append(
            {
                "name": name,
                "rows": [
                    {
                        "group": str(r["group"]),
                        "label": value_name(name, r["group"], lang) if name in ("tier", "stage") else str(r["group"]),
                        "opening": int(r["opening"]),
                        "churned": int(r["churned"]),
                        "rate": float(r["churn_rate"]),
                        "over": bool(r["churn_rate"] > target),
                        "link": f"/at-risk?{urlencode({filter_name: r['group']})}" if filter_name else None,
                    }
                    for _, r in rows.iterrows()
                ],
            }
        )
    return out


def _with_target(trend: object, column: str, target: str, lang: str) -> tuple[dict, object]:
    """The measure as a series and its target: one target for every month is a labelled line; a target
    that changes by month (a high-value target per month) stays a dashed series."""
    series = {word(f"overview.{column}", lang): trend[column].tolist()}
    if trend[target].nunique() == 1:
        return series, charts.Target(word("overview.target", lang), float(trend[target].iloc[0]))
    series[word("overview.target", lang)] = trend[target].tolist()
    return series, None


@router.get("/")
def overview(
    request: Request,
    principal: Annotated[Principal, Depends(allowed_to("subscribers.read"))],
    month: Annotated[str | None, Query(max_length=7)] = None,
) -> Response:
    if principal.role == "agent":
        return RedirectResponse("/queue", status_code=303)
    state = state_of(request)
    snap = state.snapshot()
    lang = lang_of(request)
    kind, scope = scope_of(principal)
    if kind == "none":  # a supervisor with no region sees no lines anywhere else: nor here
        raise Forbidden("api.forbidden")
    region = str(scope) if kind == "region" else None
    months = [m for m in snap.serving.months if m <= snap.serving.month]
    month = month if month in months else snap.serving.month
    report = None
    with contextlib.suppress(ChurnGuardError):  # a month without its report shows the scores alone
        report = state.report_for(month, region)
    trend_chart = hv_chart = ""
    if report is not None and len(report.trend):
        trend = report.trend
        labels = trend["month"].tolist()
        series, target = _with_target(trend, "churn_rate", "target", lang)
        trend_chart = charts.line(labels, series, title=word("overview.trend", lang), percent=True, target=target)
        series, target = _with_target(trend, "hv_retention", "hv_target", lang)
        hv_chart = charts.line(
            labels, series, title=word("overview.hv_trend", lang), percent=True, zero=False, target=target
        )
    serving = snap.serving
    inside = serving.region_mask(region) if region is not None else np.ones(len(serving), bool)
    lines = serving.lines[inside]
    high = lines[lines["risk_tier"] == "high"]
    top = high["reason_1_category"].value_counts().head(8)
    reason_chart = charts.bars(
        [(category_name(k, lang), int(v)) for k, v in top.items() if v], title=word("overview.reasons", lang)
    )
    ids = set(lines["subscriber_id"]) if region is not None else None
    warnings: dict[str, int] = {}
    for sid, items in serving.warnings.items():
        if ids is not None and sid not in ids:
            continue
        for item in items:
            if item["month"] == serving.month:
                warnings[item["rule"]] = warnings.get(item["rule"], 0) + 1
    alerts = (
        [alert_text(a, lang) for a in clean(report.alerts.to_dict("records"))]
        if report is not None and len(report.alerts)
        else []
    )
    scored = {
        "lines": len(lines),
        "high": len(high),
        "revenue_at_risk": float(lines["revenue_at_risk"].sum()),
        "value_at_risk": float(lines["value_at_risk"].sum()),
    }
    return render(
        request,
        "overview.html.j2",
        region=region,
        month=month,
        months=months,
        served=serving.month,
        summary=clean(report.summary) if report is not None else None,
        worst=_worst(report, lang) if report is not None else [],
        min_lines=_WORST_MIN_LINES,
        serving=clean(scored),
        trend_chart=trend_chart,
        hv_chart=hv_chart,
        reason_chart=reason_chart,
        warnings=sorted(warnings.items(), key=lambda kv: -kv[1]),
        alerts=alerts,
    )
