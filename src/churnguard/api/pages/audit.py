"""The audit log."""

# No `from __future__ import annotations`: FastAPI reads the route signatures, whose limits are local.
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from churnguard.api.auth import require, state_of
from churnguard.api.pages.common import render
from churnguard.api.present import clean

router = APIRouter(include_in_schema=False)


@router.get("/audit")
def audit_page(request: Request, page: Annotated[int, Query(ge=1, le=1_000_000)] = 1) -> Response:
    require(request, "audit.read")
    store = state_of(request).store
    rows = clean(store.audit_entries(limit=100, offset=(page - 1) * 100, newest_first=True))
    return render(request, "audit.html.j2", rows=rows, broken=store.verify_audit(), page=page)
