"""The served month's early warnings."""

# No `from __future__ import annotations`: FastAPI reads the route signatures.

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from churnguard.api.auth import allowed_to, state_of
from churnguard.api.lines import line_scope
from churnguard.api.present import clean
from churnguard.api.routes.common import ERRORS, Paging, paging
from churnguard.api.serving import Filters
from churnguard.retention.accounts import Principal

router = APIRouter(prefix="/api/v1", responses=ERRORS)


@router.get("/warnings", tags=["warnings"])
def warnings(
    request: Request,
    principal: Annotated[Principal, Depends(allowed_to("warnings.read"))],
    paged: Annotated[Paging, Depends(paging)],
) -> dict:
    """Early warnings of the last three months for lines in scope, newest first."""
    state = state_of(request)
    serving = state.snapshot().serving
    found = serving.select(Filters(), scope=line_scope(state, serving, principal))
    ids = serving.lines["subscriber_id"].to_numpy()[found]
    items = [{**w, "subscriber_id": sid} for sid in ids for w in serving.warnings.get(sid, [])]
    rows = paged.of(items)
    if principal.role == "analyst":
        for row in rows:
            row["subscriber_id"] = serving.lines.at[serving.position(row["subscriber_id"]), "pseudonym"]
    return clean(paged.reply(len(items), rows))
