"""Tokens for programs and who is asking."""

# No `from __future__ import annotations`: FastAPI reads the route signatures.
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Body, Request, Response

from churnguard.api.auth import audit_entry, bearer_of, current, login, state_of
from churnguard.api.routes.common import ERRORS, TokenIn, _errors

router = APIRouter(prefix="/api/v1", responses=ERRORS)


@router.post("/token", tags=["auth"], responses=_errors(429))
def issue_token(request: Request, body: Annotated[TokenIn, Body()]) -> dict:
    """A bearer token for the API (``Authorization: Bearer …``), valid ``token_hours``."""
    principal = login(request, body.username, body.password)
    state = state_of(request)
    token = state.accounts.issue_token(
        principal, now=state.clock(), lifetime=timedelta(hours=state.settings.token_hours)
    )
    return {"access_token": token, "token_type": "bearer", "expires_in": state.settings.token_hours * 3600}


@router.delete("/token", tags=["auth"], status_code=204, response_class=Response)
def revoke_token(request: Request) -> Response:
    """Revoke the bearer token this request carries: from now on it is refused (401). Signed in by the
    dashboard's session instead, revoke every token of the account. Recorded in the audit log."""
    principal = current(request)
    state = state_of(request)
    token = bearer_of(request)
    if token is not None:
        entry = audit_entry(request, principal, "token.revoke", f"{principal.staff_id} tokens=1", "ok")
        state.accounts.revoke_token(token, audit={"at": state.clock(), **entry})
    else:
        entry = audit_entry(request, principal, "token.revoke", None, "ok")
        state.accounts.revoke_tokens(principal.staff_id, audit={"at": state.clock(), **entry})
    return Response(status_code=204)


@router.get("/me", tags=["auth"])
def me(request: Request) -> dict:
    p = current(request)
    return {"staff_id": p.staff_id, "name": p.name, "role": p.role, "region": p.region}


# The reads that must stay fast under load run on the event loop, first come first served: in the
# thread pool, dozens of requests contend for the GIL and some wait seconds (the p99 of the benchmark).
# What they do besides arithmetic is one indexed read of the store (and, for an unmasked view, one
# short audit append).
