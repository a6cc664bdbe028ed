"""The audit log."""

# No `from __future__ import annotations`: FastAPI reads the route signatures.

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from churnguard.api.auth import allowed_to, state_of
from churnguard.api.present import clean
from churnguard.api.routes.common import ERRORS, Paging, paging
from churnguard.retention.accounts import Principal

router = APIRouter(prefix="/api/v1", responses=ERRORS)


@router.get("/audit", tags=["audit"])
def audit_log(
    request: Request,
    _signed_in: Annotated[Principal, Depends(allowed_to("audit.read"))],
    paged: Annotated[Paging, Depends(paging)],
) -> dict:
    """The audit log, newest first, with its hash-chain check."""
    store = state_of(request).store
    rows = store.audit_entries(limit=paged.page_size, offset=paged.offset, newest_first=True)
    return clean({"intact": store.verify_audit() is None, "rows": rows})
