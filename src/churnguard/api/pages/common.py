"""What every dashboard page shares: the templates, the reader's language, rendering and the error page."""

# No `from __future__ import annotations`: FastAPI reads the route signatures, whose limits are local.
import contextlib
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from churnguard.api.access import allowed
from churnguard.api.auth import current, state_of
from churnguard.api.present import value_name
from churnguard.api.words import word
from churnguard.errors import ChurnGuardError
from churnguard.features.catalog import describe_feature
from churnguard.i18n import formats
from churnguard.reports.render import table as report_table

_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parents[1] / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
LANG_COOKIE = "cg_lang"
LOGIN_CSRF = "cg_login_csrf"


def lang_of(request: Request) -> str:
    """The reader's language: their choice (the switch, kept in a cookie), else what their browser asks
    for (``Accept-Language``, by preference), else the operator's setting."""
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    if asked in ("en", "zh"):
        return asked
    return browser_lang(request.headers.get("accept-language", "")) or state_of(request).settings.lang


def browser_lang(header: str) -> str | None:
    """The first of English or Chinese in an ``Accept-Language`` header, by its q-values; None if neither."""
    ranked = []
    for n, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        lang = tag.strip().lower().split("-")[0]
        if lang in ("en", "zh") and q > 0:
            ranked.append((-q, n, lang))
    return min(ranked)[2] if ranked else None


def alert_text(alert: dict, lang: str) -> str:
    """A monitoring alert in words: its kind and severity translated, and its figures kept."""
    kind, detail = str(alert.get("kind")), str(alert.get("detail") or "")
    head = (
        f"{alert.get('month')} · {word('alert.' + kind, lang)} · {word('severity.' + str(alert.get('severity')), lang)}"
    )
    if kind == "feature_drift" and ":" in detail:
        # The inputs by their business names, not their column codes.
        names = [describe_feature(f.strip()).name(lang) for f in detail.split(":", 1)[1].split(",") if f.strip()]
        return f"{head} · {'、'.join(names) if lang == 'zh' else ', '.join(names)}"
    if lang != "zh":
        return f"{head} · {detail}"
    numbers = re.findall(r"\d+\.\d+", detail)
    if kind == "score_drift" and numbers:
        return f"{head} · PSI {numbers[0]}"
    if kind == "performance_drop" and len(numbers) >= 2:
        return f"{head} · {word('alert.auc', lang, realised=numbers[0], trained=numbers[1])}"
    return head


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


def table_of(frame: object, lang: str) -> dict | None:
    """A frame as the reports show it: headers in the reader's language, shares as percentages."""
    if frame is None or not len(frame):
        return None
    return report_table(frame.reset_index(drop=True), lang)


def _measure(value: object, lang: str) -> str:
    """A plain measure: whole numbers grouped, fractions to two decimals; text as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None else str(value)
    fraction = isinstance(value, float) and abs(value) < 1000 and not float(value).is_integer()
    return formats.number(value, lang, decimals=2 if fraction else 0)


def _in_reader_language(write: Callable[..., str]) -> Callable[..., str]:
    """A Jinja filter that writes a value in the page's language (Babel's formats)."""

    @jinja2.pass_context
    def write_for(context: jinja2.runtime.Context, value: object, **options: object) -> str:
        return write(value, context.get("lang", "en"), **options)

    return write_for


_ENV.filters["pct"] = _in_reader_language(formats.percent)
_ENV.filters["signed_pct"] = _in_reader_language(lambda v, lang: formats.percent(v, lang, signed=True))
_ENV.filters["money"] = _in_reader_language(formats.money)
_ENV.filters["num"] = _in_reader_language(_measure)
_ENV.filters["times"] = _in_reader_language(formats.times)
_ENV.filters["day"] = _in_reader_language(
    lambda v, lang: formats.date_text(v if isinstance(v, date) or v is None else date.fromisoformat(str(v)[:10]), lang)
)
