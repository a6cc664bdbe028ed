"""Value tiers, lifecycle stages and clusters of the served month."""

# No `from __future__ import annotations`: FastAPI reads the route signatures.

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from churnguard.api.auth import allowed_to, state_of
from churnguard.api.lines import line_scope
from churnguard.api.present import clean
from churnguard.api.routes.common import ERRORS
from churnguard.api.serving import Filters
from churnguard.retention.accounts import Principal

router = APIRouter(prefix="/api/v1", responses=ERRORS)


@router.get("/segments", tags=["segments"])
def segments(request: Request, principal: Annotated[Principal, Depends(allowed_to("segments.read"))]) -> dict:
    """Lines, churn risk and value at risk by value tier and by lifecycle stage."""
    state = state_of(request)
    serving = state.snapshot().serving
    found = serving.select(Filters(), scope=line_scope(state, serving, principal))
    frame = serving.lines.iloc[found]
    out = {}
    for column in ("tier", "stage", "rfm_group"):
        grouped = frame.groupby(column, observed=True).agg(
            lines=("subscriber_id", "size"),
            mean_p_churn=("p_churn", "mean"),
            value_at_risk=("value_at_risk", "sum"),
        )
        out[column] = grouped.reset_index().rename(columns={column: "segment"}).to_dict("records")
    return clean({"month": serving.month, **out})
