"""The dashboard's early-warning page: the month's warnings by rule and stage, and each rule's hit rate
month by month against the base rate (``warn_hit_rates``, read with the month's report), with the rules
flagged for review. Operator-wide figures, so it needs the model-health right, not a line's."""

# No `from __future__ import annotations`: FastAPI reads the route signatures.
import pandas as pd
from fastapi import APIRouter, Request
from fastapi.responses import Response

from churnguard.api.auth import require, state_of
from churnguard.api.pages import lang_of, render
from churnguard.reports.render import hit_rate_tables
from churnguard.reports.render import table as report_table
from churnguard.reports.text import word as report_word
from churnguard.warnings import to_review

__all__ = ["build_warning_page"]


def build_warning_page() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/warnings")
    def warnings_page(request: Request) -> Response:
        require(request, "model.read")
        lang = lang_of(request)
        snap = state_of(request).snapshot()
        report = snap.report
        rates = report.hit_rates if report is not None else pd.DataFrame()
        counts = None
        if report is not None and len(report.warnings):
            worded = report.warnings.assign(rule=[report_word("rule", r, lang) for r in report.warnings["rule"]])
            counts = report_table(worded.reset_index(drop=True), lang)
        tables = [
            report_table(frame.reset_index(drop=True), lang, title) for title, frame in hit_rate_tables(rates, lang)
        ]
        review = [report_word("rule", r, lang) for r in to_review(rates)] if len(rates) else []
        return render(
            request, "warnings.html.j2", month=snap.serving.month, counts=counts, tables=tables, review=review
        )

    return router
