"""Lines: the at-risk list, a customer's page, and a work order opened from it."""

# No `from __future__ import annotations`: FastAPI reads the route signatures, whose limits are local.
import math
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from churnguard.api import charts
from churnguard.api.access import allowed, present_line, sees_personal_data
from churnguard.api.auth import allowed_to, audit, audit_entry, form_allowed_to, state_of
from churnguard.api.lines import find_line, find_order, list_lines, within_page_size
from churnguard.api.pages.common import lang_of, render
from churnguard.api.present import LIST_COLUMNS, clean, reasons_of
from churnguard.api.queue import CHANNELS, WORKING, manual_order
from churnguard.api.serving import FILTERS, SORTS, Filters
from churnguard.api.words import offer_name, word
from churnguard.errors import DataError, NotFoundError
from churnguard.retention.accounts import Principal
from churnguard.retention.policy import CHANNEL_COSTS
from churnguard.retention.schema import RESULTS

router = APIRouter(include_in_schema=False)


@router.get("/at-risk")
def at_risk(
    request: Request,
    principal: Annotated[Principal, Depends(allowed_to("subscribers.read"))],
    region: Annotated[str | None, Query(max_length=60)] = None,
    tier: Annotated[str | None, Query(max_length=60)] = None,
    stage: Annotated[str | None, Query(max_length=60)] = None,
    reason: Annotated[str | None, Query(max_length=60)] = None,
    risk: Annotated[str | None, Query(max_length=60)] = None,
    kind: Annotated[str | None, Query(max_length=60)] = None,
    q: Annotated[str | None, Query(max_length=40, pattern=r"^[A-Za-z0-9_\-]*$")] = None,
    sort: Literal[SORTS] = "p_churn",  # type: ignore[valid-type]
    order: Literal["desc", "asc"] = "desc",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(ge=1)] = 50,
) -> Response:
    state = state_of(request)
    within_page_size(state, page_size)
    given = {"region": region, "tier": tier, "stage": stage, "reason": reason, "risk": risk, "kind": kind}
    given = {k: (v or None) for k, v in given.items()}
    result = list_lines(
        state,
        principal,
        Filters(**given, q=q or None),
        sort=sort,
        ascending=order == "asc",
        page=page,
        page_size=page_size,
        columns=LIST_COLUMNS,
    )
    pages = max(1, math.ceil(result.total / page_size))
    base = {k: v for k, v in {**given, "q": q, "sort": sort, "order": order, "page_size": page_size}.items() if v}

    def link(**change: object) -> str:
        return "?" + urlencode({**base, **change})

    export_query = urlencode({k: v for k, v in given.items() if v})
    return render(
        request,
        "at_risk.html.j2",
        rows=clean(result.rows),
        total=result.total,
        page=page,
        pages=pages,
        given=given,
        q=q or "",
        sort=sort,
        order=order,
        sorts=SORTS,
        filters=FILTERS,
        choices=state.snapshot().serving.choices(),
        link=link,
        export_query=export_query,
        month=state.snapshot().serving.month,
    )


@router.get("/customers/{subscriber_id}")
def customer(
    request: Request,
    principal: Annotated[Principal, Depends(allowed_to("subscribers.read"))],
    subscriber_id: str,
    saved: Annotated[str | None, Query(max_length=80)] = None,
) -> Response:
    return customer_page(request, principal, subscriber_id, saved=saved)


def customer_page(
    request: Request,
    principal: Principal,
    subscriber_id: str,
    *,
    saved: str | None = None,
    problem: dict | None = None,
) -> Response:
    """The line's page as ``principal`` (already checked: one who may read lines) sees it."""
    state = state_of(request)
    if len(subscriber_id) > 40:
        raise NotFoundError("api.not_found")
    serving, position, line = find_line(state, principal, subscriber_id)
    lang = lang_of(request)
    unmasked = sees_personal_data(principal)
    if unmasked:
        audit(request, principal, "customer.view_unmasked", line["subscriber_id"], "ok")
    shown = clean(present_line(line, principal, unmasked=unmasked, keyring=state.keyring))
    trend = serving.trend(position)
    months = serving.summary["feature_months"]
    charts_html = {
        "score": charts.line(
            serving.months,
            {word("c360.score", lang): trend["p_churn"]},
            title=word("c360.score_history", lang),
            percent=True,
        ),
        "bill": charts.line(months, {word("c360.bill", lang): trend["net_bill"]}, title=word("c360.bill", lang)),
        "data": charts.line(months, {word("c360.data", lang): trend["data_mb"]}, title=word("c360.data", lang)),
        "voice": charts.line(
            months, {word("c360.voice", lang): trend["voice_minutes"]}, title=word("c360.voice", lang)
        ),
    }
    orders = []
    if allowed(principal, "orders.read"):
        for order in state.store.orders(subscriber_id=line["subscriber_id"]):
            try:
                find_order(state, principal, order["order_id"])
            except NotFoundError:
                continue
            orders.append(
                clean(order)
                | {
                    "contacts": clean(state.store.contacts(order["order_id"])),
                    "outcomes": clean(state.store.outcomes(order["order_id"])),
                }
            )
    return render(
        request,
        "customer.html.j2",
        line=shown,
        unmasked=unmasked,
        reasons=reasons_of(line, lang),
        warnings=clean(serving.warnings.get(line["subscriber_id"], [])),
        charts=charts_html,
        orders=orders,
        month=serving.month,
        open_order=any(o["status"] in WORKING for o in orders),
        offers=[
            (o["offer_id"], offer_name(o["offer_id"], o["name"], lang), float(o["cost"]))
            for o in state.store.offers()
            if o.get("active", True)
        ],
        channels=CHANNELS,
        results=RESULTS,
        today=state.today().isoformat(),
        saved=saved,
        problem=problem,
        status=422 if problem else 200,
    )


@router.post("/customers/{subscriber_id}/orders")
async def new_order(
    request: Request, principal: Annotated[Principal, Depends(form_allowed_to("orders.create"))], subscriber_id: str
) -> Response:
    form = await request.form()
    state = state_of(request)
    lang = lang_of(request)
    if len(subscriber_id) > 40:
        raise NotFoundError("api.not_found")
    serving, _, line = find_line(state, principal, subscriber_id)
    fields = {k: str(form.get(k, ""))[:40] for k in ("offer_id", "channel", "due_date")}
    offers = {o["offer_id"]: o for o in state.store.offers() if o.get("active", True)}  # what the form lists
    try:
        order = manual_order(
            line,
            principal,
            offers=set(offers),
            today=state.today(),
            lang=lang,
            **fields,
        )
        entry = audit_entry(request, principal, "order.create", None, "ok")
        # The line is a member of the month's manual campaign (treated, no control group): its work counts.
        member = {
            "tier": line.get("tier"),
            "risk_tier": line.get("risk_tier"),
            "p_churn": line.get("p_churn"),
            "channel": order["channel"],
            "offer_id": order["offer_id"],
            "owner_id": order["owner_id"],
            "offer_cost": float(offers[order["offer_id"]]["cost"]) if order["offer_id"] else 0.0,
            "contact_cost": float(CHANNEL_COSTS.get(order["channel"], 0.0)),
            "clv": line.get("clv"),
            "monthly_revenue": line.get("monthly_margin"),
        }
        order_id = await run_in_threadpool(
            state.store.add_manual_order, serving.month, order, now=state.clock(), audit=entry, member=member
        )
    except DataError as error:
        problem = {"message": error.message(lang)}
        return await run_in_threadpool(customer_page, request, principal, subscriber_id, problem=problem)
    target = f"/customers/{subscriber_id}?" + urlencode({"saved": order_id})
    return RedirectResponse(target, status_code=303)
