"""Work orders: the list in scope, one order, its changes and its contacts."""

# No `from __future__ import annotations`: FastAPI reads the route signatures.
from typing import Annotated, Literal

from fastapi import APIRouter, Body, Depends, Request

from churnguard.api.auth import Forbidden, allowed_to, audit, audit_entry, state_of
from churnguard.api.lines import find_order, may_assign, orders_for
from churnguard.api.present import clean
from churnguard.api.routes.common import (
    ERRORS,
    ContactIn,
    OrderChange,
    Page,
    PageSize,
    _conflicts_audited,
    _errors,
    _Id,
    _order_out,
    save_contact,
    within_page_size,
)
from churnguard.errors import DataError
from churnguard.retention.accounts import Principal
from churnguard.retention.schema import ORDER_STATUSES

router = APIRouter(prefix="/api/v1", responses=ERRORS)


@router.get("/work-orders", tags=["work orders"])
def work_orders(
    request: Request,
    principal: Annotated[Principal, Depends(allowed_to("orders.read"))],
    status: Literal[ORDER_STATUSES] | None = None,  # type: ignore[valid-type]
    page: Page = 1,
    page_size: PageSize = 50,
) -> dict:
    """Work orders in scope: an account manager's own, a supervisor's region, all for admins."""
    within_page_size(request, page_size)
    state = state_of(request)
    orders = orders_for(state, principal, status=status)
    start = (page - 1) * page_size
    rows = [_order_out(state, principal, o) for o in orders[start : start + page_size]]
    return {"total": len(orders), "page": page, "page_size": page_size, "rows": rows}


@router.get("/work-orders/{order_id}", tags=["work orders"])
def work_order(
    request: Request, principal: Annotated[Principal, Depends(allowed_to("orders.read"))], order_id: _Id
) -> dict:
    state = state_of(request)
    order = find_order(state, principal, order_id)
    out = _order_out(state, principal, order)
    out["contacts"] = clean(state.store.contacts(order_id))
    out["outcomes"] = clean(state.store.outcomes(order_id))
    return out


@router.patch("/work-orders/{order_id}", tags=["work orders"], responses=_errors(409))
def update_order(
    request: Request,
    principal: Annotated[Principal, Depends(allowed_to("orders.update"))],
    order_id: _Id,
    body: Annotated[OrderChange, Body()],
) -> dict:
    """Change status, owner or due date of an order read at ``version``; a stale version is 409.
    Account managers may change only the status of their own orders. The new owner must be an account
    manager: of the supervisor's region for a supervisor, any for an admin (else 422)."""
    state = state_of(request)
    find_order(state, principal, order_id)
    changes = body.model_dump(exclude_none=True, exclude={"version"})
    if principal.role == "agent" and set(changes) - {"status"}:
        audit(request, principal, "order.update", order_id, "denied")
        raise Forbidden("api.forbidden")
    if "owner_id" in changes and not may_assign(state, principal, changes["owner_id"]):
        # An account manager of the caller's scope (any, for an admin), never another role: the same
        # refusal whether the id is unknown, out of scope or not an account manager's.
        audit(request, principal, "order.update", order_id, "refused")
        raise DataError("order.owner")
    with _conflicts_audited(request, principal, "order.update", order_id):
        version = state.store.update_order(
            order_id,
            version=body.version,
            now=state.clock(),
            audit=audit_entry(request, principal, "order.update", order_id, "ok"),
            **changes,
        )
    return _order_out(state, principal, state.store.order(order_id)) | {"version": version}


@router.post("/work-orders/{order_id}/contacts", tags=["work orders"], status_code=201, responses=_errors(409))
def add_contact(
    request: Request,
    principal: Annotated[Principal, Depends(allowed_to("orders.update"))],
    order_id: _Id,
    body: Annotated[ContactIn, Body()],
) -> dict:
    """Record a contact, its outcome and the order's new status together (version-checked)."""
    state = state_of(request)
    find_order(state, principal, order_id)
    version = save_contact(request, principal, order_id, body)
    return {"order_id": order_id, "version": version, "result": body.result}
