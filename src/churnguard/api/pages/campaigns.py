"""Campaigns: their status, lift with its interval, verdict and scorecards."""

# No `from __future__ import annotations`: FastAPI reads the route signatures, whose limits are local.

from typing import Annotated

import pandas as pd
from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from churnguard.api import charts
from churnguard.api.auth import allowed_to, state_of
from churnguard.api.pages.common import lang_of, render, table_of
from churnguard.api.present import clean
from churnguard.api.words import word
from churnguard.errors import NotFoundError
from churnguard.retention.accounts import Principal
from churnguard.retention.followup import campaign_report, headline, headlines
from churnguard.retention.outcomes import verdict

router = APIRouter(include_in_schema=False)


_RESULT_COLUMNS = (
    "horizon_days",
    "treated",
    "control",
    "retention_treated",
    "retention_control",
    "lift",
    "lift_low",
    "lift_high",
    "saved",
    "value_saved",
    "cost",
    "net_value",
    "roi",
)


def _shown(frame: pd.DataFrame, first: str | None = None) -> pd.DataFrame:
    """The columns a supervisor reads first; the rest are in the API and the Excel report."""
    wanted = ([first] if first else []) + [c for c in _RESULT_COLUMNS if c in frame.columns]
    return frame[[c for c in wanted if c in frame.columns]]


def _evidence_first(frame: pd.DataFrame) -> pd.DataFrame:
    """Money figures (ROI, net value, value saved) only where the lift is significantly above zero: on a
    lift whose interval spans zero they are not evidence of anything."""
    if not len(frame) or "lift_low" not in frame:
        return frame
    out = frame.copy()
    unproven = pd.Series([verdict(r) != "significant_gain" for r in out.to_dict("records")], index=out.index)
    for column in ("roi", "net_value", "value_saved"):
        if column in out:
            out[column] = out[column].astype(float).where(~unproven)
    if "saved" in out:  # customers are counted whole
        out["saved"] = pd.Series([None if v != v else round(v) for v in out["saved"]], index=out.index, dtype=object)
    return out


@router.get("/campaigns")
def campaigns(request: Request, _signed_in: Annotated[Principal, Depends(allowed_to("campaigns.read"))]) -> Response:
    store = state_of(request).store
    found = sorted(store.campaigns(), key=lambda c: (c["month"], c["created_at"]), reverse=True)
    # Every campaign's headline from one aggregate query, not a report per campaign.
    heads = headlines(store, [c["campaign_id"] for c in found])
    return render(request, "campaigns.html.j2", campaigns=[clean(c) | clean(heads[c["campaign_id"]]) for c in found])


@router.get("/campaigns/{campaign_id}")
def campaign(
    request: Request, _signed_in: Annotated[Principal, Depends(allowed_to("campaigns.read"))], campaign_id: str
) -> Response:
    lang = lang_of(request)
    try:
        report = campaign_report(state_of(request).store, campaign_id[:40])
    except NotFoundError:
        raise NotFoundError("api.not_found") from None
    lift_chart = ""
    if len(report.results) and "lift" in report.results:
        items = []
        for row in report.results.itertuples(index=False):
            interval = f"[{row.lift_low:+.1%}, {row.lift_high:+.1%}]" if row.lift_low == row.lift_low else ""
            items.append((f"{int(row.horizon_days)} d {interval}", row.lift if row.lift == row.lift else 0.0))
        lift_chart = charts.bars(items, title=word("campaigns.lift_chart", lang), percent=True)
    names = {p["staff_id"]: p["name"] for p in state_of(request).store.staff()}
    cards = report.scorecards
    if len(cards) and "owner_id" in cards:
        who = [names.get(o, word("campaign.queue", lang) if o == "-" else o) for o in cards["owner_id"]]
        cards = cards.assign(owner_id=who)
    return render(
        request,
        "campaign.html.j2",
        campaign=clean(report.campaign),
        head=clean(headline(report)),
        results=table_of(_shown(_evidence_first(report.results)), lang),
        lift_chart=lift_chart,
        by={k: table_of(_shown(_evidence_first(v), first=k), lang) for k, v in report.by.items()},
        cards=table_of(cards, lang),
    )
