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
    """The audit log, newest first, with its verification: ``intact``, and each finding (the message key,
    the first entry it names, the message in English and Chinese) when it is not."""
    store = state_of(request).store
    rows = store.audit_entries(limit=paged.page_size, offset=paged.offset, newest_first=True)
    check = store.verify_audit()
    findings = [{"key": p.key, "entry": p.entry, "en": p.message("en"), "zh": p.message("zh")} for p in check.problems]
    return clean({"intact": check.intact, "findings": findings, "rows": rows})
