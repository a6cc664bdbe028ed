"""The served month's early warnings."""

# No `from __future__ import annotations`: FastAPI reads the route signatures.

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from churnguard.api.auth import allowed_to, state_of
from churnguard.api.lines import line_scope
from churnguard.api.present import clean
from churnguard.api.routes.common import ERRORS, Page, PageSize, within_page_size
from churnguard.api.serving import Filters
from churnguard.retention.accounts import Principal

router = APIRouter(prefix="/api/v1", responses=ERRORS)


@router.get("/warnings", tags=["warnings"])
def warnings(
    request: Request,
    principal: Annotated[Principal, Depends(allowed_to("warnings.read"))],
    page: Page = 1,
    page_size: PageSize = 50,
) -> dict:
    """Early warnings of the last three months for lines in scope, newest first."""
    within_page_size(request, page_size)
    state = state_of(request)
    serving = state.snapshot().serving
    found = serving.select(Filters(), scope=line_scope(state, serving, principal))
    ids = serving.lines["subscriber_id"].to_numpy()[found]
    items = [{**w, "subscriber_id": sid} for sid in ids for w in serving.warnings.get(sid, [])]
    start = (page - 1) * page_size
    rows = items[start : start + page_size]
    if principal.role == "analyst":
        for row in rows:
            row["subscriber_id"] = serving.lines.at[serving.position(row["subscriber_id"]), "pseudonym"]
    return clean({"total": len(items), "page": page, "page_size": page_size, "rows": rows})
