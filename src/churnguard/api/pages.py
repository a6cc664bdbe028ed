"""The dashboard: server-rendered pages over the same access rules as the API. Forms carry a CSRF token;
the login form, which comes before any session, uses a double-submit cookie."""

# No `from __future__ import annotations`: FastAPI reads the route signatures, whose limits are local.
import contextlib
import io
import math
import re
import secrets
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlencode

import jinja2
import numpy as np
import pandas as pd
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from churnguard.api import charts
from churnguard.api.access import allowed, present_line, scope_of, sees_personal_data
from churnguard.api.auth import COOKIE, audit, audit_entry, check_csrf, current, login, require, state_of
from churnguard.api.lines import find_line, find_order, list_lines, orders_for
from churnguard.api.present import LIST_COLUMNS, category_name, clean, reasons_of
from churnguard.api.queue import CHANNELS, WORKING, QueueFilters, manual_order, order_cards, select_cards
from churnguard.api.queue import DUE as QUEUE_DUE
from churnguard.api.queue import SORTS as QUEUE_SORTS
from churnguard.api.routes import ContactIn, save_contact
from churnguard.api.serving import FILTERS, SORTS, Filters
from churnguard.api.words import offer_name, word
from churnguard.config import Settings
from churnguard.errors import ChurnGuardError, DataError, NotFoundError
from churnguard.reports.render import excel_workbook, html_document, population_words
from churnguard.reports.render import table as report_table
from churnguard.reports.text import word as report_word
from churnguard.retention.followup import campaign_report, headline
from churnguard.retention.schema import ORDER_STATUSES, RESULTS
from churnguard.segments.lifecycle import STAGES
from churnguard.segments.value import RFM_GROUPS, TIERS

__all__ = ["build_pages", "error_page", "lang_of"]

_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
LANG_COOKIE = "cg_lang"
LOGIN_CSRF = "cg_login_csrf"


def lang_of(request: Request) -> str:
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    if asked in ("en", "zh"):
        return asked
    return state_of(request).settings.lang


def alert_text(alert: dict, lang: str) -> str:
    """A monitoring alert in words: its kind and severity translated, and its figures kept."""
    kind, detail = str(alert.get("kind")), str(alert.get("detail") or "")
    head = (
        f"{alert.get('month')} · {word('alert.' + kind, lang)} · {word('severity.' + str(alert.get('severity')), lang)}"
    )
    if lang != "zh":
        return f"{head} · {detail}"
    numbers = re.findall(r"\d+\.\d+", detail)
    if kind == "feature_drift" and ":" in detail:
        return f"{head} · {detail.split(':', 1)[1].strip()}"
    if kind == "score_drift" and numbers:
        return f"{head} · PSI {numbers[0]}"
    if kind == "performance_drop" and len(numbers) >= 2:
        return f"{head} · 实际 AUC {numbers[0]}（训练时 {numbers[1]}）"
    return head


def value_name(kind: str, value: object, lang: str) -> str:
    """A filter value in words: tiers, stages, reasons, risk and churn kind."""
    if value is None or value != value:
        return ""
    zh = lang == "zh"
    if kind == "tier" and value in TIERS:
        return TIERS[value][zh]
    if kind == "stage" and value in STAGES:
        return STAGES[value][zh]
    if kind == "reason":
        return category_name(value, lang)
    if kind == "risk":
        return word(f"risk.{value}", lang)
    if kind in ("kind", "rule"):
        return report_word(kind, value, lang)
    if kind == "rfm" and value in RFM_GROUPS:
        return RFM_GROUPS[value][zh]
    if kind in ("gender", "customer_type", "payment_type"):
        return word(f"v.{value}", lang)
    if kind in ("status", "left"):
        return word(f"{kind}.{value}", lang)
    return str(value)


def render(request: Request, template: str, status: int = 200, **context: object) -> HTMLResponse:
    lang = lang_of(request)
    principal = getattr(request.state, "principal", None)

    def w(key: str, **fields: object) -> str:
        return word(key, lang, **fields)

    html = _ENV.get_template(template).render(
        lang=lang,
        w=w,
        name_of=lambda kind, value: value_name(kind, value, lang),
        me=principal,
        can=(lambda permission: principal is not None and allowed(principal, permission)),
        csrf=getattr(request.state, "csrf", ""),
        path=request.url.path,
        query=str(request.url.query),
        **context,
    )
    response = HTMLResponse(html, status_code=status)
    if request.query_params.get("lang") in ("en", "zh"):
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax", httponly=True)
    return response


def error_page(request: Request, status: int, message: str, hint: str) -> HTMLResponse:
    if not hasattr(request.state, "principal"):
        with contextlib.suppress(ChurnGuardError):
            current(request)
    principal = getattr(request.state, "principal", None)
    home = "/queue" if principal is not None and principal.role == "agent" else "/"
    # A way back that is not the page that failed (a failing queue must not send its reader to itself).
    back = home if request.url.path != home else "/at-risk"
    return render(
        request, "error.html.j2", status=status, code=status, message=message, hint=hint, back=back, home=home
    )


# Groups smaller than this at the month's start are left out of "where churn is worst": their rates swing.
_WORST_MIN_LINES = 30
# Each breakdown and the dashboard filter its rows open (plans have none).
_BREAKDOWNS = (("region", "region"), ("plan", None), ("tier", "tier"), ("stage", "stage"))


def _worst(report: object, lang: str) -> list[dict]:
    """Where churn is worst: each breakdown's groups by churn rate, highest first, against the target."""
    target = report.summary["churn_target"]
    out = []
    for name, filter_name in _BREAKDOWNS:
        frame = report.by.get(name)
        if frame is None or not len(frame):
            continue
        rows = frame[frame["opening"] >= _WORST_MIN_LINES].sort_values("churn_rate", ascending=False).head(8)
        out.append(
            {
                "name": name,
                "rows": [
                    {
                        "group": str(r["group"]),
                        "label": value_name(name, r["group"], lang) if name in ("tier", "stage") else str(r["group"]),
                        "opening": int(r["opening"]),
                        "churned": int(r["churned"]),
                        "rate": float(r["churn_rate"]),
                        "over": bool(r["churn_rate"] > target),
                        "link": f"/at-risk?{urlencode({filter_name: r['group']})}" if filter_name else None,
                    }
                    for _, r in rows.iterrows()
                ],
            }
        )
    return out


def _campaign_names(state: object, ids: set[str], lang: str) -> list[tuple[str, str]]:
    """(id, label) of the campaigns ``ids``, newest first: its month and how it chose its lines."""
    found = [c for c in state.store.campaigns() if c["campaign_id"] in ids]
    found.sort(key=lambda c: (c["month"], c["created_at"]), reverse=True)
    return [(c["campaign_id"], c["month"] + " " + word(f"policy.{c.get('policy')}", lang)) for c in found]


def _table(frame: object, lang: str) -> dict | None:
    """A frame as the reports show it: headers in the reader's language, shares as percentages."""
    if frame is None or not len(frame):
        return None
    return report_table(frame.reset_index(drop=True), lang)


_RESULT_COLUMNS = (
    "horizon_days",
    "treated",
    "control",
    "retention_treated",
    "retention_control",
    "lift",
    "lift_low",
    "lift_high",
    "saved",
    "value_saved",
    "cost",
    "net_value",
    "roi",
)


def _shown(frame: pd.DataFrame, first: str | None = None) -> pd.DataFrame:
    """The columns a supervisor reads first; the rest are in the API and the Excel report."""
    wanted = ([first] if first else []) + [c for c in _RESULT_COLUMNS if c in frame.columns]
    return frame[[c for c in wanted if c in frame.columns]]


def _evidence_first(frame: pd.DataFrame) -> pd.DataFrame:
    """Money figures (ROI, net value) only where the lift is significantly above zero: on a lift whose
    interval spans zero they are not evidence of anything."""
    if not len(frame) or "lift_low" not in frame:
        return frame
    out = frame.copy()
    unproven = ~(out["lift_low"] > 0)
    for column in ("roi", "net_value"):
        if column in out:
            out[column] = out[column].astype(float).where(~unproven)
    return out


def _percent(value: object) -> str:
    return "" if value is None or value != value else f"{float(value) * 100:.1f}%"


_ENV.filters["pct"] = _percent
_ENV.filters["signed_pct"] = lambda v: "" if v is None or v != v else f"{float(v) * 100:+.1f}%"
_ENV.filters["money"] = lambda v: "" if v is None or v != v else f"{float(v):,.0f}"
_ENV.filters["num"] = lambda v: "" if v is None or v != v else (f"{v:,.4g}" if isinstance(v, float) else str(v))


def build_pages(settings: Settings) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    page_size_max = settings.page_size_max

    @router.get("/login")
    def login_form(request: Request) -> Response:
        token = secrets.token_urlsafe(24)
        response = render(request, "login.html.j2", login_csrf=token, failed="")
        response.set_cookie(
            LOGIN_CSRF, token, max_age=900, httponly=True, samesite="strict", secure=settings.cookie_secure
        )
        return response

    @router.post("/login")
    def login_submit(
        request: Request,
        username: Annotated[str, Form(max_length=64)],
        password: Annotated[str, Form(max_length=256)],
        csrf_token: Annotated[str, Form(max_length=64)] = "",
    ) -> Response:
        check_csrf(request, request.cookies.get(LOGIN_CSRF, "") or "-", csrf_token or "")
        try:
            principal = login(request, username, password)
        except ChurnGuardError as error:
            token = secrets.token_urlsafe(24)
            response = render(
                request,
                "login.html.j2",
                status=error.http_status,
                login_csrf=token,
                failed=error.message(lang_of(request)),
            )
            response.set_cookie(
                LOGIN_CSRF, token, max_age=900, httponly=True, samesite="strict", secure=settings.cookie_secure
            )
            return response
        state = state_of(request)
        old = request.cookies.get(COOKIE)
        if old:
            state.accounts.close_session(old)  # a new session id at every login (no fixation)
        secret, _ = state.accounts.open_session(
            principal, now=state.clock(), source=request.client.host if request.client else None
        )
        response = RedirectResponse("/queue" if principal.role == "agent" else "/", status_code=303)
        response.set_cookie(
            COOKIE,
            secret,
            max_age=settings.session_hours * 3600,
            httponly=True,
            samesite="strict",
            secure=settings.cookie_secure,
            path="/",
        )
        response.delete_cookie(LOGIN_CSRF)
        return response

    @router.post("/logout")
    async def logout(request: Request) -> Response:
        form = await request.form()
        request.state.form_csrf = form.get("csrf_token")
        principal = current(request)
        state_of(request).accounts.close_session(request.cookies[COOKIE])
        audit(request, principal, "logout", None, "ok")
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(COOKIE, path="/")
        return response

    @router.get("/")
    def overview(request: Request, month: Annotated[str | None, Query(max_length=7)] = None) -> Response:
        principal = require(request, "subscribers.read")
        if principal.role == "agent":
            return RedirectResponse("/queue", status_code=303)
        state = state_of(request)
        snap = state.snapshot()
        lang = lang_of(request)
        kind, scope = scope_of(principal)
        region = str(scope) if kind == "region" else None
        months = [m for m in snap.serving.months if m <= snap.serving.month]
        month = month if month in months else snap.serving.month
        report = None
        with contextlib.suppress(ChurnGuardError):  # a month without its report shows the scores alone
            report = state.report_for(month, region)
        trend_chart = hv_chart = ""
        if report is not None and len(report.trend):
            trend = report.trend
            labels = trend["month"].tolist()
            trend_chart = charts.line(
                labels,
                {
                    word("overview.churn_rate", lang): trend["churn_rate"].tolist(),
                    word("overview.target", lang): trend["target"].tolist(),
                },
                title=word("overview.trend", lang),
                percent=True,
            )
            hv_chart = charts.line(
                labels,
                {
                    word("overview.hv_retention", lang): trend["hv_retention"].tolist(),
                    word("overview.target", lang): trend["hv_target"].tolist(),
                },
                title=word("overview.hv_trend", lang),
                percent=True,
                zero=False,
            )
        serving = snap.serving
        inside = serving.region_mask(region) if region is not None else np.ones(len(serving), bool)
        lines = serving.lines[inside]
        high = lines[lines["risk_tier"] == "high"]
        top = high["reason_1_category"].value_counts().head(8)
        reason_chart = charts.bars(
            [(category_name(k, lang), int(v)) for k, v in top.items() if v], title=word("overview.reasons", lang)
        )
        ids = set(lines["subscriber_id"]) if region is not None else None
        warnings: dict[str, int] = {}
        for sid, items in serving.warnings.items():
            if ids is not None and sid not in ids:
                continue
            for item in items:
                if item["month"] == serving.month:
                    warnings[item["rule"]] = warnings.get(item["rule"], 0) + 1
        alerts = (
            [alert_text(a, lang) for a in clean(report.alerts.to_dict("records"))]
            if report is not None and len(report.alerts)
            else []
        )
        scored = {
            "lines": len(lines),
            "high": len(high),
            "revenue_at_risk": float(lines["revenue_at_risk"].sum()),
            "value_at_risk": float(lines["value_at_risk"].sum()),
        }
        return render(
            request,
            "overview.html.j2",
            region=region,
            month=month,
            months=months,
            served=serving.month,
            summary=clean(report.summary) if report is not None else None,
            worst=_worst(report, lang) if report is not None else [],
            min_lines=_WORST_MIN_LINES,
            serving=clean(scored),
            trend_chart=trend_chart,
            hv_chart=hv_chart,
            reason_chart=reason_chart,
            warnings=sorted(warnings.items(), key=lambda kv: -kv[1]),
            alerts=alerts,
        )

    @router.get("/at-risk")
    def at_risk(
        request: Request,
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
        page_size: Annotated[int, Query(ge=1, le=page_size_max)] = 50,
    ) -> Response:
        principal = require(request, "subscribers.read")
        state = state_of(request)
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
        request: Request, subscriber_id: str, saved: Annotated[str | None, Query(max_length=80)] = None
    ) -> Response:
        return customer_page(request, subscriber_id, saved=saved)

    def customer_page(
        request: Request, subscriber_id: str, *, saved: str | None = None, problem: dict | None = None
    ) -> Response:
        principal = require(request, "subscribers.read")
        state = state_of(request)
        if len(subscriber_id) > 40:
            raise NotFoundError("api.not_found")
        serving, position, line = find_line(state, principal, subscriber_id)
        lang = lang_of(request)
        unmasked = sees_personal_data(principal)
        if unmasked:
            audit(request, principal, "customer.view_unmasked", line["subscriber_id"], "ok")
        shown = clean(present_line(line, principal, unmasked=unmasked))
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
            today=state.clock().date().isoformat(),
            saved=saved,
            problem=problem,
            status=422 if problem else 200,
        )

    @router.post("/customers/{subscriber_id}/orders")
    async def new_order(request: Request, subscriber_id: str) -> Response:
        form = await request.form()
        request.state.form_csrf = form.get("csrf_token")
        principal = require(request, "orders.create")
        state = state_of(request)
        lang = lang_of(request)
        if len(subscriber_id) > 40:
            raise NotFoundError("api.not_found")
        serving, _, line = find_line(state, principal, subscriber_id)
        fields = {k: str(form.get(k, ""))[:40] for k in ("offer_id", "channel", "due_date")}
        try:
            order = manual_order(
                line,
                principal,
                offers={o["offer_id"] for o in state.store.offers()},
                today=state.clock().date(),
                lang=lang,
                **fields,
            )
            entry = audit_entry(request, principal, "order.create", None, "ok")
            order_id = await run_in_threadpool(
                state.store.add_manual_order, serving.month, order, now=state.clock(), audit=entry
            )
        except DataError as error:
            return customer_page(request, subscriber_id, problem={"message": error.message(lang)})
        target = f"/customers/{subscriber_id}?" + urlencode({"saved": order_id})
        return RedirectResponse(target, status_code=303)

    def queue_page(request: Request, filters: QueueFilters, *, saved: str | None = None, problem: dict | None = None):
        principal = require(request, "orders.read")
        state = state_of(request)
        lang = lang_of(request)
        today = state.clock().date()
        statuses = (filters.status,) if filters.status in ORDER_STATUSES else WORKING
        orders = [o for s in statuses for o in orders_for(state, principal, status=s)]
        cards = order_cards(state, principal, orders, lang=lang, today=today)
        shown = select_cards(cards, filters)
        if sees_personal_data(principal) and any(c["tel"] for c in shown):
            audit(request, principal, "queue.view_unmasked", f"{len(shown)} orders", "ok")
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
        )

    @router.get("/queue")
    def queue(
        request: Request,
        saved: Annotated[str | None, Query(max_length=80)] = None,
        status: Annotated[str, Query(max_length=20)] = "",
        due: Annotated[str, Query(max_length=10)] = "all",
        tier: Annotated[str, Query(max_length=20)] = "",
        campaign: Annotated[str, Query(max_length=40)] = "",
        q: Annotated[str, Query(max_length=80)] = "",
        sort: Annotated[str, Query(max_length=10)] = "due",
    ) -> Response:
        filters = QueueFilters(status=status, due=due, tier=tier, campaign=campaign, q=q, sort=sort)
        return queue_page(request, filters, saved=saved)

    @router.post("/orders/{order_id}/contact")
    async def record_contact(request: Request, order_id: str) -> Response:
        form = await request.form()
        request.state.form_csrf = form.get("csrf_token")
        principal = require(request, "orders.update")
        state = state_of(request)
        lang = lang_of(request)
        if len(order_id) > 40:
            raise NotFoundError("api.not_found")
        find_order(state, principal, order_id)
        fields = {
            k: str(form.get(k, ""))
            for k in ("version", "channel", "reached", "result", "note", "follow_up_on", "close")
        }
        # Back to the page the form was on: the queue, or the customer's page (a path, never another site).
        back = str(form.get("back", "/queue"))
        if not re.fullmatch(r"/queue|/customers/[A-Za-z0-9_-]{1,40}", back):
            back = "/queue"

        def refused(message: str) -> Response:
            problem = {"order_id": order_id, "message": message}
            if back == "/queue":
                return queue_page(request, QueueFilters(), problem=problem)
            return customer_page(request, back.rsplit("/", 1)[1], problem=problem)

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
            return refused(word("queue.incomplete", lang))
        try:
            # The store waits on a lock (SQLite) or the network: not on the event loop.
            version = await run_in_threadpool(save_contact, request, principal, order_id, body)
        except DataError as error:
            return refused(error.message(lang))
        return RedirectResponse(back + "?" + urlencode({"saved": f"{order_id}:{version}"}), status_code=303)

    @router.get("/campaigns")
    def campaigns(request: Request) -> Response:
        require(request, "campaigns.read")
        store = state_of(request).store
        rows = []
        for c in sorted(store.campaigns(), key=lambda c: (c["month"], c["created_at"]), reverse=True):
            rows.append(clean(c) | clean(headline(campaign_report(store, c["campaign_id"]))))
        return render(request, "campaigns.html.j2", campaigns=rows)

    @router.get("/campaigns/{campaign_id}")
    def campaign(request: Request, campaign_id: str) -> Response:
        require(request, "campaigns.read")
        lang = lang_of(request)
        try:
            report = campaign_report(state_of(request).store, campaign_id[:40])
        except NotFoundError:
            raise NotFoundError("api.not_found") from None
        lift_chart = ""
        if len(report.results) and "lift" in report.results:
            items = []
            for row in report.results.itertuples(index=False):
                interval = f"[{row.lift_low:+.1%}, {row.lift_high:+.1%}]" if row.lift_low == row.lift_low else ""
                items.append((f"{int(row.horizon_days)} d {interval}", row.lift if row.lift == row.lift else 0.0))
            lift_chart = charts.bars(items, title=word("campaigns.lift_chart", lang), percent=True)
        names = {p["staff_id"]: p["name"] for p in state_of(request).store.staff()}
        cards = report.scorecards
        if len(cards) and "owner_id" in cards:
            who = [names.get(o, word("campaign.queue", lang) if o == "-" else o) for o in cards["owner_id"]]
            cards = cards.assign(owner_id=who)
        return render(
            request,
            "campaign.html.j2",
            campaign=clean(report.campaign),
            head=clean(headline(report)),
            results=_table(_shown(_evidence_first(report.results)), lang),
            lift_chart=lift_chart,
            by={k: _table(_shown(_evidence_first(v), first=k), lang) for k, v in report.by.items()},
            cards=_table(cards, lang),
        )

    @router.get("/model")
    def model(request: Request) -> Response:
        require(request, "model.read")
        lang = lang_of(request)
        snap = state_of(request).snapshot()
        m = snap.model
        decile_chart = ""
        if m is not None and len(m.deciles) and m.deciles["rate"].notna().any() and m.deciles["churners"].sum() > 0:
            decile_chart = charts.bars(
                [(str(int(d)), float(r)) for d, r in zip(m.deciles["decile"], m.deciles["rate"], strict=True)],
                title=word("model.deciles", lang),
                percent=True,
            )
        return render(
            request,
            "model.html.j2",
            m=m,
            summary=_table(pd.DataFrame([m.summary]), lang) if m is not None else None,
            realised=_table(m.realised, lang) if m is not None else None,
            drift=_table(m.drift.head(30), lang) if m is not None else None,
            versions=_table(m.versions, lang) if m is not None else None,
            backtest=_table(m.reliability, lang) if m is not None else None,
            populations=_table(population_words(m.populations, lang), lang) if m is not None else None,
            backtest_populations=_table(population_words(m.backtest_populations, lang), lang)
            if m is not None
            else None,
            decile_chart=decile_chart,
            month=snap.serving.month,
        )

    @router.get("/reports")
    def reports(request: Request) -> Response:
        require(request, "reports.read")
        return render(request, "reports.html.j2", months=list(reversed(state_of(request).snapshot().serving.months)))

    @router.get("/reports/{month}.{fmt}")
    def report_file(request: Request, month: str, fmt: str) -> Response:
        principal = require(request, "reports.read")
        state = state_of(request)
        lang = lang_of(request)
        if fmt not in ("html", "xlsx") or len(month) != 7:
            raise NotFoundError("api.not_found")
        monthly = state.report_for(month)
        if fmt == "html":
            body = state.page_cache(
                (month, "html", lang),
                lambda: html_document(
                    monthly, lang=lang, warehouse=str(state.settings.warehouse), now=state.clock()
                ).encode("utf-8"),
            )
            # The report is one self-contained file with its own inline style: it gets a policy of its own.
            policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
            return Response(body, media_type="text/html; charset=utf-8", headers={"Content-Security-Policy": policy})

        def xlsx() -> bytes:
            buffer = io.BytesIO()
            excel_workbook(monthly, lang=lang).save(buffer)
            return buffer.getvalue()

        body = state.page_cache((month, "xlsx", lang), xlsx)
        audit(request, principal, "export", f"report {month}.xlsx", "ok")
        return Response(
            body,
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="churn-report-{month}.xlsx"'},
        )

    @router.get("/audit")
    def audit_page(request: Request, page: Annotated[int, Query(ge=1, le=1_000_000)] = 1) -> Response:
        require(request, "audit.read")
        store = state_of(request).store
        rows = clean(store.audit_entries(limit=100, offset=(page - 1) * 100, newest_first=True))
        return render(request, "audit.html.j2", rows=rows, broken=store.verify_audit(), page=page)

    return router
