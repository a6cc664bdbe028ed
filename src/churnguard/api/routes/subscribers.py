"""Lines: the scored list (paged, filtered, exported) and one line with its scores and reasons."""

# No `from __future__ import annotations`: FastAPI reads the route signatures.
import csv
import io
import json
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from churnguard.api.access import present_line, sees_personal_data
from churnguard.api.auth import allowed_to, audit, audit_async, state_of
from churnguard.api.lines import find_line, line_scope, list_lines
from churnguard.api.present import LIST_COLUMNS, clean, reasons_of
from churnguard.api.routes.common import (
    _HEADERS,
    ERRORS,
    Page,
    PageSize,
    _for_csv,
    _Id,
    _Text,
    _worded_row,
    within_page_size,
)
from churnguard.api.serving import SORTS, Filters
from churnguard.api.words import word
from churnguard.retention.accounts import Principal

router = APIRouter(prefix="/api/v1", responses=ERRORS)


@router.get("/subscribers", tags=["subscribers"])
async def subscribers(
    request: Request,
    principal: Annotated[Principal, Depends(allowed_to("subscribers.read"))],
    region: _Text = None,
    tier: _Text = None,
    stage: _Text = None,
    reason: _Text = None,
    risk: _Text = None,
    kind: _Text = None,
    q: Annotated[str | None, Query(max_length=40, pattern=r"^[A-Za-z0-9_\-]*$")] = None,
    sort: Literal[SORTS] = "p_churn",  # type: ignore[valid-type]
    order: Literal["desc", "asc"] = "desc",
    page: Page = 1,
    page_size: PageSize = 50,
) -> dict:
    """The at-risk list: lines of the newest scored month within the caller's scope, riskiest first.
    Personal data is masked; analysts see pseudonymous ids."""
    within_page_size(request, page_size)
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
    principal: Annotated[Principal, Depends(allowed_to("subscribers.export"))],
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
        csv.writer(buffer).writerow([headers[c] for c in columns])
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
    request: Request,
    principal: Annotated[Principal, Depends(allowed_to("subscribers.read"))],
    subscriber_id: _Id,
    masked: bool = False,
    lang: Literal["en", "zh"] = "en",
) -> dict:
    """Customer 360: profile (personal data unmasked for roles that may see it — audited), score,
    segment and value, reasons in words, warnings and work orders."""
    state = state_of(request)
    serving, position, line = find_line(state, principal, subscriber_id)
    unmasked = not masked and sees_personal_data(principal)
    if unmasked:
        # Awaited: the response waits for the committed entry, the event loop does not.
        await audit_async(request, principal, "customer.view_unmasked", line["subscriber_id"], "ok")
    shown = present_line(line, principal, unmasked=unmasked, keyring=state.keyring)
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
async def scores(
    request: Request, principal: Annotated[Principal, Depends(allowed_to("subscribers.read"))], subscriber_id: _Id
) -> dict:
    """The line's churn probability month by month (newest run of each month)."""
    serving, position, line = find_line(state_of(request), principal, subscriber_id)
    history = serving.trend(position)["p_churn"]
    return {
        "subscriber_id": present_line(line, principal)["subscriber_id"],
        "history": [{"month": m, "p_churn": p} for m, p in zip(serving.months, history, strict=True)],
    }


@router.get("/subscribers/{subscriber_id}/reasons", tags=["subscribers"])
async def reasons(
    request: Request,
    principal: Annotated[Principal, Depends(allowed_to("subscribers.read"))],
    subscriber_id: _Id,
    lang: Literal["en", "zh"] = "en",
) -> dict:
    _, _, line = find_line(state_of(request), principal, subscriber_id)
    return {"subscriber_id": present_line(line, principal)["subscriber_id"], "reasons": reasons_of(line, lang)}
