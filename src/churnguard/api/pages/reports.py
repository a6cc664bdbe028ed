"""The monthly reports, as HTML and Excel."""

# No `from __future__ import annotations`: FastAPI reads the route signatures, whose limits are local.
import io

from fastapi import APIRouter, Request
from fastapi.responses import Response

from churnguard.api.auth import audit, require, state_of
from churnguard.api.pages.common import lang_of, render
from churnguard.errors import NotFoundError
from churnguard.reports.render import excel_workbook, html_document

router = APIRouter(include_in_schema=False)


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
