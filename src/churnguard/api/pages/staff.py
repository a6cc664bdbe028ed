"""The supervisor's view of their account managers: each one's queue, overdue orders, reach and acceptance."""

# No `from __future__ import annotations`: FastAPI reads the route signatures, whose limits are local.
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from churnguard.api.auth import allowed_to, state_of
from churnguard.api.lines import orders_for
from churnguard.api.pages.common import lang_of, render
from churnguard.api.queue import WORKING
from churnguard.api.words import word
from churnguard.retention.accounts import Principal

router = APIRouter(include_in_schema=False)


def staff_rows(orders: list[dict], activity: dict[str, dict], names: dict[str, str], today: date) -> list[dict]:
    """One row per owner of the orders (the queue without an owner last): orders in hand, overdue, done,
    and of the orders worked, the share reached and the share of those reached that accepted."""
    rows: dict[str, dict] = {}
    for order in orders:
        owner = order.get("owner_id") or "-"
        row = rows.setdefault(
            owner,
            {
                "owner_id": owner,
                "name": names.get(owner, owner),
                "open": 0,
                "overdue": 0,
                "done": 0,
                "attempted": 0,
                "reached": 0,
                "accepted": 0,
            },
        )
        due = order["due_date"] if isinstance(order["due_date"], date) else date.fromisoformat(str(order["due_date"]))
        if order["status"] in WORKING:
            row["open"] += 1
            row["overdue"] += due < today
        elif order["status"] == "done":
            row["done"] += 1
        seen = activity.get(order["order_id"], {})
        row["attempted"] += bool(seen.get("attempted"))
        row["reached"] += bool(seen.get("reached"))
        row["accepted"] += bool(seen.get("accepted"))
    for row in rows.values():
        row["reach_rate"] = row["reached"] / row["attempted"] if row["attempted"] else None
        row["accept_rate"] = row["accepted"] / row["reached"] if row["reached"] else None
    return sorted(rows.values(), key=lambda r: (r["owner_id"] == "-", -r["overdue"], -r["open"], r["name"]))


@router.get("/staff")
def staff(request: Request, principal: Annotated[Principal, Depends(allowed_to("staff.read"))]) -> Response:
    state = state_of(request)
    lang = lang_of(request)
    orders = orders_for(state, principal)
    activity = state.store.order_activity([o["order_id"] for o in orders])
    names = {p["staff_id"]: p["name"] for p in state.store.staff()} | {"-": word("campaign.queue", lang)}
    rows = staff_rows(orders, activity, names, state.today())
    for row in rows:
        row["link"] = "/queue?" + urlencode({"owner": row["owner_id"]})
    return render(request, "staff.html.j2", rows=rows, region=principal.region)
