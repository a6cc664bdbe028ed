"""The REST API (``/api/v1``): every route names the permission it needs; row-level scope is applied in
:mod:`churnguard.api.lines`. Bodies are pydantic models that refuse unknown fields."""

# No `from __future__ import annotations`: FastAPI reads the route signatures, whose limits are local.
import csv
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Body, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from churnguard.api.access import present_line, sees_personal_data
from churnguard.api.auth import Forbidden, audit, audit_async, audit_entry, current, login, require, state_of
from churnguard.api.lines import find_line, find_order, line_scope, list_lines, orders_for
from churnguard.api.present import LIST_COLUMNS, clean, reasons_of, value_name
from churnguard.api.serving import SORTS, Filters
from churnguard.api.words import word
from churnguard.config import Settings
from churnguard.errors import ChurnGuardError, NotFoundError
from churnguard.months import PATTERN as MONTH_PATTERN
from churnguard.retention.accounts import Principal
from churnguard.retention.followup import campaign_report
from churnguard.retention.schema import ORDER_STATUSES, RESULTS
from churnguard.retention.worklog import record_work

__all__ = ["ERRORS", "ErrorBody", "build_api"]


class ErrorBody(BaseModel):
    error: str
    hint: str = ""
    fields: list[str] = []


def _errors(*codes: int) -> dict:
    words = {
        401: "Not logged in, or the token or session has expired.",
        403: "The role may not do this (or the CSRF token is missing).",
        404: "No such object, or not one this account may see.",
        409: "The object changed since it was read (version conflict).",
        413: "Request body too large.",
        422: "The request is not valid (the offending fields are named, their values are not echoed).",
        429: "Too many failed logins.",
        503: "The service is still reading the newest scored month from the warehouse; try again shortly.",
    }
    return {c: {"model": ErrorBody, "description": words[c]} for c in codes}


ERRORS = _errors(401, 403, 404, 413, 422, 503)
_Id = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_\-]+$")]
_Month = Annotated[str, Path(pattern=f"^{MONTH_PATTERN}$")]
_Text = Annotated[str | None, Query(max_length=60)]
_Channel = Literal["phone", "sms", "visit", "wechat", "email"]


class TokenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=32)
    password: str = Field(min_length=1, max_length=256)


class OrderChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int = Field(ge=0, le=2**31 - 1)
    status: Literal["open", "in_progress", "done", "cancelled"] | None = None
    owner_id: str | None = Field(None, min_length=1, max_length=32)
    due_date: date | None = None


class ContactIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int = Field(ge=0, le=2**31 - 1)
    channel: _Channel = "phone"
    reached: bool
    result: Literal[RESULTS]  # type: ignore[valid-type]
    note: str | None = Field(None, max_length=500)
    follow_up_on: date | None = None
    status: Literal["in_progress", "done"] | None = None


def save_contact(request: Request, principal: Principal, order_id: str, body: ContactIn) -> int:
    """Record the contact and the order's new status with its audit entry (one transaction); a stale
    version is refused, audited as a conflict, and raised. Returns the order's new version."""
    state = state_of(request)
    with _conflicts_audited(request, principal, "order.contact", order_id):
        return record_work(
            state.store,
            order_id,
            version=body.version,
            staff_id=principal.staff_id,
            channel=body.channel,
            reached=body.reached,
            result=body.result,
            note=body.note,
            follow_up_on=body.follow_up_on,
            status=body.status,
            at=state.clock(),
            audit=audit_entry(request, principal, "order.contact", order_id, "ok"),
        )


@contextmanager
def _conflicts_audited(request: Request, principal: Principal, action: str, order_id: str) -> Iterator[None]:
    """A refused write (a stale version) leaves its own audit row before the error goes on."""
    try:
        yield
    except ChurnGuardError:
        audit(request, principal, action, order_id, "conflict")
        raise


def _order_out(state: object, principal: object, order: dict) -> dict:
    found = state.snapshot().serving.profile(order["subscriber_id"])
    line = present_line(found, principal) if found is not None else None
    out = clean(order)
    out["subscriber_id"] = line["subscriber_id"] if line else None
    out["subscriber"] = clean(
        {k: line.get(k) for k in ("name", "msisdn", "tier", "risk_tier", "p_churn", "county", "in_month", "left_at")}
        if line
        else None
    )
    return out


def _for_csv(row: dict) -> dict:
    """Missing values as empty cells; probabilities to 4 decimals, money to 2 (what a sheet needs)."""
    out = {}
    for key, value in clean(row).items():
        if isinstance(value, float):
            value = round(value, 4 if key.startswith("p_") else 2)
        out[key] = "" if value is None else value
    return out


# Columns said under another column's name (an analyst's pseudonym is their line id).
_HEADERS = {"reason_1_category": "reason", "pseudonym": "subscriber_id"}
# The coded columns of a line and the kind of words they are said in.
_CODED = {"tier": "tier", "stage": "stage", "risk_tier": "risk", "kind": "kind", "reason_1_category": "reason"}


def _worded_row(row: dict, lang: str) -> dict:
    return {k: (value_name(_CODED[k], v, lang) if k in _CODED and v != "" else v) for k, v in row.items()}


def build_api(settings: Settings) -> APIRouter:
    """The API router; limits come from ``settings`` so that the OpenAPI spec states them."""
    router = APIRouter(prefix="/api/v1", responses=ERRORS)
    page_size_max = settings.page_size_max
    _Page = Annotated[int, Query(ge=1, le=1_000_000)]
    _Size = Annotated[int, Query(ge=1, le=page_size_max)]

    @router.post("/token", tags=["auth"], responses=_errors(429))
    def issue_token(request: Request, body: Annotated[TokenIn, Body()]) -> dict:
        """A bearer token for the API (``Authorization: Bearer …``), valid ``token_hours``."""
        principal = login(request, body.username, body.password)
        state = state_of(request)
        token = state.accounts.issue_token(
            principal, now=state.clock(), lifetime=timedelta(hours=state.settings.token_hours)
        )
        return {"access_token": token, "token_type": "bearer", "expires_in": state.settings.token_hours * 3600}

    @router.get("/me", tags=["auth"])
    def me(request: Request) -> dict:
        p = current(request)
        return {"staff_id": p.staff_id, "name": p.name, "role": p.role, "region": p.region}

    # The reads that must stay fast under load run on the event loop, first come first served: in the
    # thread pool, dozens of requests contend for the GIL and some wait seconds (the p99 of the benchmark).
    # What they do besides arithmetic is one indexed read of the store (and, for an unmasked view, one
    # short audit append).
    @router.get("/subscribers", tags=["subscribers"])
    async def subscribers(
        request: Request,
        region: _Text = None,
        tier: _Text = None,
        stage: _Text = None,
        reason: _Text = None,
        risk: _Text = None,
        kind: _Text = None,
        q: Annotated[str | None, Query(max_length=40, pattern=r"^[A-Za-z0-9_\-]*$")] = None,
        sort: Literal[SORTS] = "p_churn",  # type: ignore[valid-type]
        order: Literal["desc", "asc"] = "desc",
        page: _Page = 1,
        page_size: _Size = 50,
    ) -> dict:
        """The at-risk list: lines of the newest scored month within the caller's scope, riskiest first.
        Personal data is masked; analysts see pseudonymous ids."""
        principal = require(request, "subscribers.read")
        filters = Filters(region, tier, stage, reason, risk, kind, q)
        state = state_of(request)
        serving = state.snapshot().serving
        scope = line_scope(state, serving, principal)
        scope_key = hash(scope[1].tobytes()) if scope[0] == "lines" else scope[1]
        key = ("list", filters, sort, order, page, page_size, principal.role, scope[0], scope_key)

        def make() -> bytes:
            result = list_lines(
                state,
                principal,
                filters,
                sort=sort,
                ascending=order == "asc",
                page=page,
                page_size=page_size,
                columns=LIST_COLUMNS,
                scope=scope,
            )
            payload = {
                "month": serving.month,
                "total": result.total,
                "page": page,
                "page_size": page_size,
                "rows": clean(result.rows),
            }
            return json.dumps(payload, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")

        return Response(serving.reply(key, make), media_type="application/json")

    @router.get(
        "/subscribers/export",
        tags=["subscribers"],
        response_class=Response,
        responses={200: {"content": {"text/csv": {}}, "description": "The list as CSV (masked)."}},
    )
    def export(
        request: Request,
        region: _Text = None,
        tier: _Text = None,
        stage: _Text = None,
        reason: _Text = None,
        risk: _Text = None,
        kind: _Text = None,
        lang: Annotated[Literal["en", "zh"] | None, Query()] = None,
    ) -> Response:
        """The filtered list as CSV with personal data masked; recorded in the audit log. With ``lang``
        (the dashboard's link gives the reader's): headers and coded values (tier, stage, risk, reason,
        kind) in that language, for people; without it, column names and codes, for programs."""
        principal = require(request, "subscribers.export")
        state = state_of(request)
        result = list_lines(
            state,
            principal,
            Filters(region, tier, stage, reason, risk, kind),
            sort="p_churn",
            ascending=False,
            page=1,
            page_size=state.settings.export_rows_max,
            columns=LIST_COLUMNS,
        )
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel opens a UTF-8 CSV with Chinese names correctly only with a BOM
        columns = list(result.rows[0]) if result.rows else [c for c in LIST_COLUMNS if c != "pseudonym"]
        rows = [_for_csv(row) for row in result.rows]
        if lang is not None:
            rows = [_worded_row(row, lang) for row in rows]
            headers = {c: word(f"col.{_HEADERS.get(c, c)}", lang) for c in columns}
            buffer.write(",".join(f'"{headers[c]}"' for c in columns) + "\r\n")
            csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore").writerows(rows)
        else:
            writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        audit(request, principal, "export", f"subscribers rows={len(result.rows)}", "ok")
        month = state.snapshot().serving.month
        return Response(
            buffer.getvalue().encode("utf-8"),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="at-risk-{month}.csv"'},
        )

    @router.get("/subscribers/{subscriber_id}", tags=["subscribers"])
    async def subscriber(
        request: Request, subscriber_id: _Id, masked: bool = False, lang: Literal["en", "zh"] = "en"
    ) -> dict:
        """Customer 360: profile (personal data unmasked for roles that may see it — audited), score,
        segment and value, reasons in words, warnings and work orders."""
        principal = require(request, "subscribers.read")
        state = state_of(request)
        serving, position, line = find_line(state, principal, subscriber_id)
        unmasked = not masked and sees_personal_data(principal)
        if unmasked:
            # Awaited: the response waits for the committed entry, the event loop does not.
            await audit_async(request, principal, "customer.view_unmasked", line["subscriber_id"], "ok")
        shown = present_line(line, principal, unmasked=unmasked)
        shown.update(
            reasons=reasons_of(line, lang),
            warnings=serving.warnings.get(line["subscriber_id"], []),
            trend={
                "months": list(serving.summary["feature_months"]),
                **{k: v for k, v in serving.trend(position).items() if k != "p_churn"},
            },
        )
        return JSONResponse(clean(shown))

    @router.get("/subscribers/{subscriber_id}/scores", tags=["subscribers"])
    async def scores(request: Request, subscriber_id: _Id) -> dict:
        """The line's churn probability month by month (newest run of each month)."""
        principal = require(request, "subscribers.read")
        serving, position, line = find_line(state_of(request), principal, subscriber_id)
        history = serving.trend(position)["p_churn"]
        return {
            "subscriber_id": present_line(line, principal)["subscriber_id"],
            "history": [{"month": m, "p_churn": p} for m, p in zip(serving.months, history, strict=True)],
        }

    @router.get("/subscribers/{subscriber_id}/reasons", tags=["subscribers"])
    async def reasons(request: Request, subscriber_id: _Id, lang: Literal["en", "zh"] = "en") -> dict:
        principal = require(request, "subscribers.read")
        _, _, line = find_line(state_of(request), principal, subscriber_id)
        return {"subscriber_id": present_line(line, principal)["subscriber_id"], "reasons": reasons_of(line, lang)}

    @router.get("/runs", tags=["model"])
    def runs(request: Request) -> dict:
        """Scoring runs behind what is served (month, run id, rows, risk counts)."""
        require(request, "runs.read")
        snap = state_of(request).snapshot()
        model = snap.model
        versions = model.versions.to_dict("records") if model is not None else []
        return clean({"month": snap.serving.month, "run_id": snap.serving.run_id, "versions": versions})

    @router.get("/segments", tags=["segments"])
    def segments(request: Request) -> dict:
        """Lines, churn risk and value at risk by value tier and by lifecycle stage."""
        principal = require(request, "segments.read")
        state = state_of(request)
        serving = state.snapshot().serving
        found = serving.select(Filters(), scope=line_scope(state, serving, principal))
        frame = serving.lines.iloc[found]
        out = {}
        for column in ("tier", "stage", "rfm_group"):
            grouped = frame.groupby(column, observed=True).agg(
                lines=("subscriber_id", "size"),
                mean_p_churn=("p_churn", "mean"),
                value_at_risk=("value_at_risk", "sum"),
            )
            out[column] = grouped.reset_index().rename(columns={column: "segment"}).to_dict("records")
        return clean({"month": serving.month, **out})

    @router.get("/warnings", tags=["warnings"])
    def warnings(request: Request, page: _Page = 1, page_size: _Size = 50) -> dict:
        """Early warnings of the last three months for lines in scope, newest first."""
        principal = require(request, "warnings.read")
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

    @router.get("/work-orders", tags=["work orders"])
    def work_orders(
        request: Request,
        status: Literal[ORDER_STATUSES] | None = None,  # type: ignore[valid-type]
        page: _Page = 1,
        page_size: _Size = 50,
    ) -> dict:
        """Work orders in scope: an account manager's own, a supervisor's region, all for admins."""
        principal = require(request, "orders.read")
        state = state_of(request)
        orders = orders_for(state, principal, status=status)
        start = (page - 1) * page_size
        rows = [_order_out(state, principal, o) for o in orders[start : start + page_size]]
        return {"total": len(orders), "page": page, "page_size": page_size, "rows": rows}

    @router.get("/work-orders/{order_id}", tags=["work orders"])
    def work_order(request: Request, order_id: _Id) -> dict:
        principal = require(request, "orders.read")
        state = state_of(request)
        order = find_order(state, principal, order_id)
        out = _order_out(state, principal, order)
        out["contacts"] = clean(state.store.contacts(order_id))
        out["outcomes"] = clean(state.store.outcomes(order_id))
        return out

    @router.patch("/work-orders/{order_id}", tags=["work orders"], responses=_errors(409))
    def update_order(request: Request, order_id: _Id, body: Annotated[OrderChange, Body()]) -> dict:
        """Change status, owner or due date of an order read at ``version``; a stale version is 409.
        Account managers may change only the status of their own orders."""
        principal = require(request, "orders.update")
        state = state_of(request)
        find_order(state, principal, order_id)
        changes = body.model_dump(exclude_none=True, exclude={"version"})
        if principal.role == "agent" and set(changes) - {"status"}:
            audit(request, principal, "order.update", order_id, "denied")
            raise Forbidden("api.forbidden")
        if "owner_id" in changes:
            state.accounts.get(changes["owner_id"])
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
    def add_contact(request: Request, order_id: _Id, body: Annotated[ContactIn, Body()]) -> dict:
        """Record a contact, its outcome and the order's new status together (version-checked)."""
        principal = require(request, "orders.update")
        state = state_of(request)
        find_order(state, principal, order_id)
        version = save_contact(request, principal, order_id, body)
        return {"order_id": order_id, "version": version, "result": body.result}

    @router.get("/campaigns", tags=["campaigns"])
    def campaigns(request: Request) -> dict:
        require(request, "campaigns.read")
        return {"rows": clean(state_of(request).store.campaigns())}

    @router.get("/campaigns/{campaign_id}", tags=["campaigns"])
    def campaign(request: Request, campaign_id: _Id) -> dict:
        """Treated against control at each horizon known: retention, lift with its interval, value saved,
        cost, ROI, by channel, offer and tier, and the account managers' scorecards."""
        require(request, "campaigns.read")
        try:
            report = campaign_report(state_of(request).store, campaign_id)
        except NotFoundError:
            raise NotFoundError("api.not_found") from None
        return clean(
            {
                "campaign": report.campaign,
                "horizon": report.horizon,
                "results": report.results.to_dict("records"),
                "by": {k: v.to_dict("records") for k, v in report.by.items()},
                "scorecards": report.scorecards.to_dict("records"),
            }
        )

    @router.get("/model", tags=["model"])
    def model(request: Request) -> dict:
        """Model health: backtest and realised performance, drift."""
        require(request, "model.read")
        snap = state_of(request).snapshot()
        m = snap.model
        if m is None:
            return {"month": snap.serving.month, "model_id": None}
        return clean(
            {
                "month": m.month,
                "model_id": m.model_id,
                "summary": m.summary,
                "realised": m.realised.to_dict("records"),
                "drift": m.drift.head(50).to_dict("records"),
                "deciles": m.deciles.to_dict("records"),
            }
        )

    @router.get("/reports", tags=["reports"])
    def reports(request: Request) -> dict:
        require(request, "reports.read")
        serving = state_of(request).snapshot().serving
        return {"months": serving.months}

    @router.get("/reports/{month}", tags=["reports"])
    def report(request: Request, month: _Month) -> dict:
        """The monthly churn report's figures (the dashboard also renders it as HTML and Excel)."""
        require(request, "reports.read")
        monthly = state_of(request).report_for(month)
        return clean(
            {
                "month": monthly.month,
                "summary": monthly.summary,
                "trend": monthly.trend.to_dict("records"),
                "reasons": monthly.reasons.to_dict("records"),
            }
        )

    @router.get("/audit", tags=["audit"])
    def audit_log(request: Request, page: _Page = 1, page_size: _Size = 50) -> dict:
        """The audit log, newest first, with its hash-chain check."""
        require(request, "audit.read")
        store = state_of(request).store
        rows = store.audit_entries(limit=page_size, offset=(page - 1) * page_size, newest_first=True)
        return clean({"intact": store.verify_audit() is None, "rows": rows})

    return router
