"""The monthly reports, as HTML and Excel."""

# No `from __future__ import annotations`: FastAPI reads the route signatures, whose limits are local.
import io
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from churnguard.api.auth import allowed_to, audit, state_of
from churnguard.api.pages.common import lang_of, render
from churnguard.api.pages.model import model_report_for
from churnguard.errors import NotFoundError
from churnguard.reports.model_render import model_html, model_workbook
from churnguard.reports.render import excel_workbook, html_document
from churnguard.retention.accounts import Principal

router = APIRouter(include_in_schema=False)
# A report is one self-contained file with its own inline style: it gets a policy of its own.
_REPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/reports")
def reports(request: Request, _signed_in: Annotated[Principal, Depends(allowed_to("reports.read"))]) -> Response:
    return render(request, "reports.html.j2", months=list(reversed(state_of(request).snapshot().serving.months)))


@router.get("/reports/{month}.{fmt}")
def report_file(
    request: Request, principal: Annotated[Principal, Depends(allowed_to("reports.read"))], month: str, fmt: str
) -> Response:
    state = state_of(request)
    lang = lang_of(request)
    if fmt not in ("html", "xlsx") or len(month) != 7:
        raise NotFoundError("api.not_found")
    monthly = state.report_for(month)
    return _report_reply(
        request,
        principal,
        (month, fmt, "churn-report", "report"),
        lambda: html_document(monthly, lang=lang, warehouse=str(state.settings.warehouse), now=state.clock()),
        lambda: excel_workbook(monthly, lang=lang),
    )


@router.get("/reports/model/{month}.{fmt}")
def model_report_file(
    request: Request, principal: Annotated[Principal, Depends(allowed_to("model.read"))], month: str, fmt: str
) -> Response:
    """The model report of a scored month (the one the model page shows), as HTML or Excel."""
    state = state_of(request)
    lang = lang_of(request)
    if fmt not in ("html", "xlsx") or len(month) != 7:
        raise NotFoundError("api.not_found")
    report = model_report_for(state, month)
    if report is None:
        raise NotFoundError("api.no_report", month=month)
    return _report_reply(
        request,
        principal,
        (month, fmt, "model-report", "model report"),
        lambda: model_html(report, lang=lang, warehouse=str(state.settings.warehouse), now=state.clock()),
        lambda: model_workbook(report, lang=lang),
    )


def _report_reply(
    request: Request,
    principal: Principal,
    what: tuple[str, str, str, str],
    html: Callable[[], str],
    workbook: Callable[[], object],
) -> Response:
    """A report as its own HTML page (with the report's own content policy) or as an audited Excel download,
    each made once per snapshot, month and language."""
    month, fmt, name, label = what  # label: how the audit log names the export
    state, lang = state_of(request), lang_of(request)
    if fmt == "html":
        body = state.page_cache((f"{name} {month}", "html", lang), lambda: html().encode("utf-8"))
        return Response(
            body, media_type="text/html; charset=utf-8", headers={"Content-Security-Policy": _REPORT_POLICY}
        )

    def xlsx() -> bytes:
        buffer = io.BytesIO()
        workbook().save(buffer)
        return buffer.getvalue()

    body = state.page_cache((f"{name} {month}", "xlsx", lang), xlsx)
    audit(request, principal, "export", f"{label} {month}.xlsx", "ok")
    return Response(
        body, media_type=_XLSX, headers={"Content-Disposition": f'attachment; filename="{name}-{month}.xlsx"'}
    )
