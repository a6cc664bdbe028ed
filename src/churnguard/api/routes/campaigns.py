"""Campaigns and their results."""

# No `from __future__ import annotations`: FastAPI reads the route signatures.

from fastapi import APIRouter, Request

from churnguard.api.auth import require, state_of
from churnguard.api.present import clean
from churnguard.api.routes.common import ERRORS, _Id
from churnguard.errors import NotFoundError
from churnguard.retention.followup import campaign_report

router = APIRouter(prefix="/api/v1", responses=ERRORS)


@router.get("/campaigns", tags=["campaigns"])
def campaigns(request: Request) -> dict:
    require(request, "campaigns.read")
    return {"rows": clean(state_of(request).store.campaigns())}


@router.get("/campaigns/{campaign_id}", tags=["campaigns"])
def campaign(request: Request, campaign_id: _Id) -> dict:
    """Treated against control at each horizon known: retention, lift with its interval, value saved,
    cost, ROI, by channel, offer and tier, and the account managers' scorecards."""
    require(request, "campaigns.read")
    try:
        report = campaign_report(state_of(request).store, campaign_id)
    except NotFoundError:
        raise NotFoundError("api.not_found") from None
    return clean(
        {
            "campaign": report.campaign,
            "horizon": report.horizon,
            "results": report.results.to_dict("records"),
            "by": {k: v.to_dict("records") for k, v in report.by.items()},
            "scorecards": report.scorecards.to_dict("records"),
        }
    )
