"""The monthly reports."""

# No `from __future__ import annotations`: FastAPI reads the route signatures.

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from churnguard.api.auth import allowed_to, state_of
from churnguard.api.present import clean
from churnguard.api.routes.common import ERRORS, _Month
from churnguard.retention.accounts import Principal

router = APIRouter(prefix="/api/v1", responses=ERRORS)


@router.get("/reports", tags=["reports"])
def reports(request: Request, _signed_in: Annotated[Principal, Depends(allowed_to("reports.read"))]) -> dict:
    serving = state_of(request).snapshot().serving
    return {"months": serving.months}


@router.get("/reports/{month}", tags=["reports"])
def report(
    request: Request, _signed_in: Annotated[Principal, Depends(allowed_to("reports.read"))], month: _Month
) -> dict:
    """The monthly churn report's figures (the dashboard also renders it as HTML and Excel)."""
    monthly = state_of(request).report_for(month)
    return clean(
        {
            "month": monthly.month,
            "summary": monthly.summary,
            "trend": monthly.trend.to_dict("records"),
            "reasons": monthly.reasons.to_dict("records"),
        }
    )
