"""Row-level access to lines and orders, shared by the API and the dashboard: what a principal may
reach, and the 404 for what they may not (another's line looks exactly like a missing one)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from fastapi.exceptions import RequestValidationError

from churnguard.api.access import present_line, pseudonymous, scope_of
from churnguard.api.serving import Filters, Serving
from churnguard.api.state import State
from churnguard.errors import NotFoundError
from churnguard.retention.accounts import Principal

__all__ = [
    "Page",
    "assignees",
    "find_line",
    "find_order",
    "line_scope",
    "list_lines",
    "may_assign",
    "orders_for",
    "within_page_size",
]


@dataclass
class Page:
    total: int
    page: int
    page_size: int
    rows: list[dict]


def _owned_ids(state: State, staff_id: str) -> list[str]:
    return sorted({o["subscriber_id"] for o in state.store.orders(owner_id=staff_id)})


def line_scope(state: State, serving: Serving, principal: Principal) -> tuple[str, object]:
    """The scope as ``Serving.select`` takes it: an account manager's lines are those they manage and
    those whose work orders they hold."""
    kind, value = scope_of(principal)
    if kind != "owner":
        return (kind, value)
    managed = np.flatnonzero(
        serving.codes["account_manager_id"] == serving.value_code("account_manager_id", str(value))
    )
    ordered = serving.positions_of(_owned_ids(state, str(value)))
    return ("lines", np.union1d(managed, ordered).astype("int64"))


def in_scope(state: State, serving: Serving, principal: Principal, line: dict) -> bool:
    kind, value = scope_of(principal)
    if kind == "all":
        return True
    if kind == "region":
        return value in (line.get("city"), line.get("county"))
    if kind == "owner":
        if line.get("account_manager_id") == value:
            return True
        return any(o["owner_id"] == value for o in state.store.orders(subscriber_id=line["subscriber_id"]))
    return False


def find_line(state: State, principal: Principal, subscriber_id: str) -> tuple[Serving, int, dict]:
    """The line ``subscriber_id`` (a pseudonymous id for analysts) if the principal may see it."""
    serving = state.snapshot().serving
    position = serving.position(subscriber_id, pseudonymous=pseudonymous(principal))
    if position is None:
        raise NotFoundError("api.not_found")
    line = serving.row(position)
    if not in_scope(state, serving, principal, line):
        raise NotFoundError("api.not_found")
    return serving, position, line


def list_lines(
    state: State,
    principal: Principal,
    filters: Filters,
    *,
    sort: str,
    ascending: bool,
    page: int,
    page_size: int,
    columns: list[str],
    scope: tuple[str, object] | None = None,
) -> Page:
    serving = state.snapshot().serving
    scope = scope or line_scope(state, serving, principal)
    found = serving.select(filters, scope=scope, sort=sort, ascending=ascending, pseudonymous=pseudonymous(principal))
    start = (page - 1) * page_size
    rows = serving.rows(found[start : start + page_size], columns)
    return Page(len(found), page, page_size, [present_line(r, principal) for r in rows])


def within_page_size(state: State, page_size: int) -> None:
    """Refuses a page larger than the operator's ``page_size_max``, the way FastAPI refuses any invalid
    query (the API and the dashboard's list both ask for pages)."""
    if page_size > state.settings.page_size_max:
        raise RequestValidationError([{"loc": ("query", "page_size"), "type": "less_than_equal"}])


def find_order(state: State, principal: Principal, order_id: str) -> dict:
    """The order if the principal may see it: their own (account manager) or in their region."""
    try:
        order = state.store.order(order_id)
    except NotFoundError:
        raise NotFoundError("api.not_found") from None
    kind, value = scope_of(principal)
    if kind == "owner" and order["owner_id"] != value:
        raise NotFoundError("api.not_found")
    if kind == "region":
        state.ensure_profiles([order["subscriber_id"]])
        line = state.snapshot().serving.profile(order["subscriber_id"]) or {}
        if value not in (line.get("city"), line.get("county")):
            raise NotFoundError("api.not_found")
    if kind == "none":
        raise NotFoundError("api.not_found")
    return order


def orders_for(state: State, principal: Principal, *, status: str | None = None) -> list[dict]:
    kind, value = scope_of(principal)
    if kind == "owner":
        return state.store.orders(owner_id=str(value), status=status)
    if kind == "none":
        return []
    orders = state.store.orders(status=status)
    if kind == "region":
        # Orders are few and lines many: look each order's line up rather than list the region's lines.
        state.ensure_profiles(o["subscriber_id"] for o in orders)
        serving = state.snapshot().serving
        at = serving.lookup([o["subscriber_id"] for o in orders])
        keep = (at >= 0) & serving.region_mask(str(value))[np.maximum(at, 0)]
        # A line not in the month (a win-back order's line has left) is placed by its last profile.
        for i in np.flatnonzero(at < 0):
            line = serving.outside.get(orders[i]["subscriber_id"]) or {}
            keep[i] = str(value) in (line.get("city"), line.get("county"))
        orders = [o for o, inside in zip(orders, keep, strict=True) if inside]
    return orders


def assignees(state: State, principal: Principal) -> list[dict]:
    """The account managers ``principal`` may give a work order to: for an admin, every active account
    manager; for a supervisor, those of their region — an account manager whose region (the users page's)
    is the supervisor's, or a county of the supervisor's city. Never an analyst, a supervisor or an admin;
    no one for other roles."""
    if principal.role == "admin":
        return state.store.staff(role="agent")
    kind, region = scope_of(principal)
    if principal.role != "supervisor" or kind != "region":
        return []
    serving = state.snapshot().serving
    # The counties of the region when it is a city (a region that is no city has none).
    codes = np.unique(serving.codes["county"][serving.codes["city"] == serving.value_code("city", str(region))])
    within = {str(region)} | {str(c) for c in serving.lines["county"].cat.categories[codes[codes >= 0]]}
    return [a for a in state.store.staff(role="agent") if a["region"] in within]


def may_assign(state: State, principal: Principal, owner_id: str) -> bool:
    """Whether ``principal`` may give a work order to ``owner_id`` (see ``assignees``)."""
    return any(a["staff_id"] == owner_id for a in assignees(state, principal))
