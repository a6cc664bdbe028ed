"""Campaigns and their results."""

# No `from __future__ import annotations`: FastAPI reads the route signatures.

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from churnguard.api.auth import allowed_to, state_of
from churnguard.api.present import clean
from churnguard.api.routes.common import ERRORS, _Id
from churnguard.errors import NotFoundError
from churnguard.retention.accounts import Principal
from churnguard.retention.followup import campaign_report

router = APIRouter(prefix="/api/v1", responses=ERRORS)


@router.get("/campaigns", tags=["campaigns"])
def campaigns(request: Request, _signed_in: Annotated[Principal, Depends(allowed_to("campaigns.read"))]) -> dict:
    return {"rows": clean(state_of(request).store.campaigns())}


@router.get("/campaigns/{campaign_id}", tags=["campaigns"])
def campaign(
    request: Request, _signed_in: Annotated[Principal, Depends(allowed_to("campaigns.read"))], campaign_id: _Id
) -> dict:
    """Treated against control at each horizon known: retention, lift with its interval, value saved,
    cost, ROI, by channel, offer and tier, and the account managers' scorecards."""
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
