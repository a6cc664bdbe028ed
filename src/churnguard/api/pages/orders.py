"""The account manager's queue and the contact form it and the customer's page post to."""

# No `from __future__ import annotations`: FastAPI reads the route signatures, whose limits are local.
import re
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from churnguard.api.access import sees_personal_data
from churnguard.api.auth import Forbidden, allowed_to, audit, audit_entry, form_allowed_to, state_of
from churnguard.api.lines import assignees, find_order, may_assign, orders_for
from churnguard.api.pages.common import lang_of, render
from churnguard.api.pages.customers import customer_page
from churnguard.api.queue import DUE as QUEUE_DUE
from churnguard.api.queue import SORTS as QUEUE_SORTS
from churnguard.api.queue import WORKING, QueueFilters, order_cards, select_cards
from churnguard.api.routes import ContactIn, save_contact
from churnguard.api.words import word
from churnguard.errors import ConflictError, DataError, NotFoundError
from churnguard.retention.accounts import Principal
from churnguard.retention.schema import ORDER_STATUSES, RESULTS

router = APIRouter(include_in_schema=False)


def _campaign_names(state: object, ids: set[str], lang: str) -> list[tuple[str, str]]:
    """(id, label) of the campaigns ``ids``, newest first: its month and how it chose its lines."""
    found = [c for c in state.store.campaigns() if c["campaign_id"] in ids]
    found.sort(key=lambda c: (c["month"], c["created_at"]), reverse=True)
    return [(c["campaign_id"], c["month"] + " " + word(f"policy.{c.get('policy')}", lang)) for c in found]


def queue_page(
    request: Request,
    principal: Principal,
    filters: QueueFilters,
    *,
    saved: str | None = None,
    problem: dict | None = None,
) -> Response:
    """The queue as ``principal`` (already checked: one who may read work orders) sees it."""
    state = state_of(request)
    lang = lang_of(request)
    today = state.today()
    statuses = (filters.status,) if filters.status in ORDER_STATUSES else WORKING
    orders = [o for s in statuses for o in orders_for(state, principal, status=s)]
    cards = order_cards(state, principal, orders, lang=lang, today=today)
    shown = select_cards(cards, filters)
    if sees_personal_data(principal):
        # Every line shown with its name or number in full is audited by itself, as a customer page is.
        seen = [c["subscriber_id"] for c in shown if c["name"] or c["tel"]]
        if seen:
            now = state.clock()
            state.store.audit_many(
                [{"at": now, **audit_entry(request, principal, "queue.view_unmasked", sid, "ok")} for sid in seen]
            )
    return render(
        request,
        "queue.html.j2",
        status=422 if problem else 200,
        cards=shown,
        total=len(cards),
        filters=filters,
        campaigns=_campaign_names(state, {c["campaign_id"] for c in cards}, lang),
        tiers=sorted({c["tier"] for c in cards if c["tier"]}),
        sorts=QUEUE_SORTS,
        dues=QUEUE_DUE,
        statuses=ORDER_STATUSES,
        saved=saved,
        problem=problem,
        today=today.isoformat(),
        results=RESULTS,
        # Whom a supervisor or an admin may give an order to (the form is theirs only).
        assignees=[(a["staff_id"], a["name"]) for a in assignees(state, principal)],
    )


@router.get("/queue")
def queue(
    request: Request,
    principal: Annotated[Principal, Depends(allowed_to("orders.read"))],
    saved: Annotated[str | None, Query(max_length=80)] = None,
    status: Annotated[str, Query(max_length=20)] = "",
    due: Annotated[str, Query(max_length=10)] = "all",
    tier: Annotated[str, Query(max_length=20)] = "",
    campaign: Annotated[str, Query(max_length=40)] = "",
    q: Annotated[str, Query(max_length=80)] = "",
    sort: Annotated[str, Query(max_length=10)] = "due",
    owner: Annotated[str, Query(max_length=32)] = "",
) -> Response:
    filters = QueueFilters(status=status, due=due, tier=tier, campaign=campaign, q=q, sort=sort, owner=owner)
    return queue_page(request, principal, filters, saved=saved)


@router.post("/orders/{order_id}/contact")
async def record_contact(
    request: Request, principal: Annotated[Principal, Depends(form_allowed_to("orders.update"))], order_id: str
) -> Response:
    form = await request.form()
    state = state_of(request)
    lang = lang_of(request)
    if len(order_id) > 40:
        raise NotFoundError("api.not_found")
    find_order(state, principal, order_id)
    fields = {
        k: str(form.get(k, "")) for k in ("version", "channel", "reached", "result", "note", "follow_up_on", "close")
    }
    # Back to the page the form was on: the queue, or the customer's page (a path, never another site).
    back = str(form.get("back", "/queue"))
    if not re.fullmatch(r"/queue|/customers/[A-Za-z0-9_-]{1,40}", back):
        back = "/queue"

    async def refused(message: str) -> Response:
        problem = {"order_id": order_id, "message": message}
        # The pages read the store: off the event loop, like the write. Whoever may update an order may
        # read orders and lines (tests/api/test_form_posts.py holds the permission table to that).
        if back == "/queue":
            return await run_in_threadpool(queue_page, request, principal, QueueFilters(), problem=problem)
        return await run_in_threadpool(customer_page, request, principal, back.rsplit("/", 1)[1], problem=problem)

    try:
        if fields["reached"] not in ("yes", "no"):
            raise ValueError(fields["reached"])
        body = ContactIn(
            version=int(fields["version"]) if fields["version"].isdigit() else -1,
            channel=fields["channel"] or "phone",
            reached=fields["reached"] == "yes",
            result=fields["result"],
            note=fields["note"][:500] or None,
            follow_up_on=fields["follow_up_on"] or None,
            status="done" if fields["close"] == "yes" else "in_progress",
        )
    except ValueError:
        # Nothing chosen (no result, no "reached"), or a value the form does not offer: say so.
        return await refused(word("queue.incomplete", lang))
    try:
        # The store waits on a lock (SQLite) or the network: not on the event loop.
        version = await run_in_threadpool(save_contact, request, principal, order_id, body)
    except (DataError, ConflictError) as error:  # refused by the rules, or someone changed the order meanwhile
        return await refused(error.message(lang) + (" " + error.hint(lang) if error.hint(lang) else ""))
    return RedirectResponse(back + "?" + urlencode({"saved": f"{order_id}:{version}"}), status_code=303)


@router.post("/orders/{order_id}/assign")
async def assign(
    request: Request, principal: Annotated[Principal, Depends(form_allowed_to("orders.update"))], order_id: str
) -> Response:
    """Give an order to another account manager (supervisors within their region, admins any): the
    queue's form, under the API's rules."""
    form = await request.form()
    state = state_of(request)
    if len(order_id) > 40:
        raise NotFoundError("api.not_found")
    if principal.role not in ("admin", "supervisor"):
        audit(request, principal, "order.update", order_id, "denied")
        raise Forbidden("api.forbidden")
    find_order(state, principal, order_id)
    owner, version = str(form.get("owner_id", ""))[:32], str(form.get("version", ""))

    async def refused(message: str) -> Response:
        problem = {"order_id": order_id, "message": message}
        return await run_in_threadpool(queue_page, request, principal, QueueFilters(), problem=problem)

    if not await run_in_threadpool(may_assign, state, principal, owner):
        await run_in_threadpool(audit, request, principal, "order.update", order_id, "refused")
        return await refused(DataError("order.owner").message(lang_of(request)))
    try:
        new = await run_in_threadpool(
            state.store.update_order,
            order_id,
            version=int(version) if version.isdigit() else -1,
            now=state.clock(),
            audit=audit_entry(request, principal, "order.update", order_id, "ok"),
            owner_id=owner,
        )
    except ConflictError as error:
        await run_in_threadpool(audit, request, principal, "order.update", order_id, "conflict")
        lang = lang_of(request)
        return await refused(error.message(lang) + (" " + error.hint(lang) if error.hint(lang) else ""))
    return RedirectResponse("/queue?" + urlencode({"saved": f"{order_id}:{new}"}), status_code=303)
