"""Scoring runs and the model's health."""

# No `from __future__ import annotations`: FastAPI reads the route signatures.

from fastapi import APIRouter, Request

from churnguard.api.auth import require, state_of
from churnguard.api.present import clean
from churnguard.api.routes.common import ERRORS

router = APIRouter(prefix="/api/v1", responses=ERRORS)


@router.get("/runs", tags=["model"])
def runs(request: Request) -> dict:
    """Scoring runs behind what is served (month, run id, rows, risk counts)."""
    require(request, "runs.read")
    snap = state_of(request).snapshot()
    model = snap.model
    versions = model.versions.to_dict("records") if model is not None else []
    return clean({"month": snap.serving.month, "run_id": snap.serving.run_id, "versions": versions})


@router.get("/model", tags=["model"])
def model(request: Request) -> dict:
    """Model health: backtest and realised performance, drift."""
    require(request, "model.read")
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
