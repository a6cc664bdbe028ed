"""Scoring runs and the model's health."""

# No `from __future__ import annotations`: FastAPI reads the route signatures.

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from churnguard.api.auth import allowed_to, state_of
from churnguard.api.present import clean
from churnguard.api.routes.common import ERRORS
from churnguard.retention.accounts import Principal

router = APIRouter(prefix="/api/v1", responses=ERRORS)


@router.get("/runs", tags=["model"])
def runs(request: Request, _signed_in: Annotated[Principal, Depends(allowed_to("runs.read"))]) -> dict:
    """Scoring runs behind what is served (month, run id, rows, risk counts)."""
    snap = state_of(request).snapshot()
    model = snap.model
    versions = model.versions.to_dict("records") if model is not None else []
    return clean({"month": snap.serving.month, "run_id": snap.serving.run_id, "versions": versions})


@router.get("/model", tags=["model"])
def model(request: Request, _signed_in: Annotated[Principal, Depends(allowed_to("model.read"))]) -> dict:
    """Model health: backtest and realised performance, drift."""
    snap = state_of(request).snapshot()
    m = snap.model
    if m is None:
        return {"month": snap.serving.month, "model_id": None}
    return clean(
        {
            "month": m.month,
            "model_id": m.model_id,
            "summary": m.summary,
            "realised": m.realised.to_dict("records"),
            "drift": m.drift.head(50).to_dict("records"),
            "deciles": m.deciles.to_dict("records"),
        }
    )
