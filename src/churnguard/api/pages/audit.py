"""The audit log: filtered by who, what, when and object, paged, exported as CSV (itself audited); times in
the operator's time zone."""

# No `from __future__ import annotations`: FastAPI reads the route signatures, whose limits are local.
import csv
import io
import json
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from churnguard.api.auth import allowed_to, audit, state_of
from churnguard.api.pages.common import lang_of, render
from churnguard.api.words import WORDS, word
from churnguard.retention.accounts import Principal
from churnguard.retention.schema import ROLES

router = APIRouter(include_in_schema=False)

PAGE_ROWS = 100
COLUMNS = ("entry_id", "at", "actor", "role", "source", "action", "object", "outcome", "detail")


@dataclass(frozen=True)
class AuditFilters:
    """What the reader asked for, as given (dates as typed: YYYY-MM-DD in the operator's time zone)."""

    actor: str = ""
    action: str = ""
    since: str = ""
    until: str = ""
    q: str = ""

    def query(self) -> str:
        """The filters as a query string, for the pager and the export (empty ones left out)."""
        names = {"since": "from", "until": "to"}
        return urlencode({names.get(k, k): v for k, v in asdict(self).items() if v})


def zone_of(request: Request) -> ZoneInfo:
    return ZoneInfo(state_of(request).settings.timezone)


def local_time(at: datetime | None, zone: ZoneInfo, *, seconds: bool = True) -> str:
    """A stored time (naive UTC) in the operator's time zone, to the second or the minute."""
    if at is None:
        return ""
    return at.replace(tzinfo=UTC).astimezone(zone).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def zone_label(zone: ZoneInfo, now: datetime) -> str:
    """The zone as an offset from UTC (now), e.g. UTC+08:00: the same words in every language."""
    offset = now.replace(tzinfo=UTC).astimezone(zone).strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"


def _day_start(text: str, zone: ZoneInfo, *, days: int = 0) -> datetime | None:
    """Midnight of the day ``text`` (plus ``days``) in the operator's zone, as naive UTC; None when blank.
    Raises ValueError when ``text`` is not a date."""
    if not text:
        return None
    local = datetime.combine(date.fromisoformat(text) + timedelta(days=days), time(), tzinfo=zone)
    return local.astimezone(UTC).replace(tzinfo=None)


def _named(prefix: str, code: str | None, lang: str) -> str:
    """An action, outcome or role in words where it has them, else the code as stored."""
    if code is None:
        return ""
    return word(prefix + code, lang) if prefix + code in WORDS else code


def shown(entry: dict, zone: ZoneInfo, lang: str) -> dict:
    """An entry as the page and the export show it: local time, and role, action and outcome in words."""
    return {
        "entry_id": entry["entry_id"],
        "at": local_time(entry["at"], zone),
        "at_iso": entry["at"].replace(tzinfo=UTC).astimezone(zone).isoformat(timespec="seconds"),
        "actor": entry["actor"],
        "role": _named("role.", entry["role"], lang) if entry["role"] in ROLES else entry["role"],
        "source": entry["source"] or "",
        "action": _named("audit.act.", entry["action"], lang),
        "object": entry["object"] or "",
        "outcome": _named("audit.out.", entry["outcome"], lang),
        "detail": _detail(entry.get("detail")),
    }


def _detail(text: str | None) -> str:
    """What a change changed, readably: ``status: open → done; owner_id: M1 → M2`` (else as kept)."""
    if not text:
        return ""
    try:
        data = json.loads(text)
    except ValueError:
        return text
    if not isinstance(data, dict):
        return text
    parts = []
    for name, value in data.items():
        if isinstance(value, list) and len(value) == 2:
            before, after = ("–" if v is None else v for v in value)
            parts.append(f"{name}: {before} → {after}")
        else:
            parts.append(f"{name}: {'–' if value is None else value}")
    return "; ".join(parts)


def _cell(value: object) -> object:
    """A cell a spreadsheet will not run: an account name typed at the login form such as
    ``=HYPERLINK(...)`` is kept, behind a quote, as text (OWASP's advice for CSV injection)."""
    if isinstance(value, str) and (value[:1] in ("=", "+", "@", "\t", "\r") or (value[:1] == "-" and len(value) > 1)):
        return "'" + value
    return value


def _find(request: Request, filters: AuditFilters, *, limit: int, offset: int) -> tuple[list[dict], str | None]:
    """The matching entries (newest first), or none and the reason when a date cannot be read."""
    zone = zone_of(request)
    bounds = {}
    for name, days in (("since", 0), ("until", 1)):
        text = getattr(filters, name)
        try:
            bounds[name] = _day_start(text, zone, days=days)
        except (ValueError, OverflowError):  # not a date, or a day at the end of the calendar
            return [], word("audit.bad_date", lang_of(request), value=text)
    rows = state_of(request).store.find_audit(
        actor=filters.actor or None,
        action=filters.action or None,
        text=filters.q or None,
        limit=limit,
        offset=offset,
        **bounds,
    )
    return rows, None


_Actor = Annotated[str, Query(max_length=32)]
_Action = Annotated[str, Query(max_length=50)]
_Since = Annotated[str, Query(alias="from", max_length=10)]
_Until = Annotated[str, Query(alias="to", max_length=10)]
_Text = Annotated[str, Query(max_length=100)]


@router.get("/audit")
def audit_page(
    request: Request,
    _signed_in: Annotated[Principal, Depends(allowed_to("audit.read"))],
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    actor: _Actor = "",
    action: _Action = "",
    since: _Since = "",
    until: _Until = "",
    q: _Text = "",
) -> Response:
    state = state_of(request)
    lang, zone = lang_of(request), zone_of(request)
    filters = AuditFilters(actor.strip(), action.strip(), since.strip(), until.strip(), q.strip())
    rows, problem = _find(request, filters, limit=PAGE_ROWS, offset=(page - 1) * PAGE_ROWS)
    check = state.store.verify_audit()
    return render(
        request,
        "audit.html.j2",
        status=422 if problem else 200,
        rows=[shown(r, zone, lang) for r in rows],
        check=check,
        findings=check.messages(lang),
        page=page,
        page_rows=PAGE_ROWS,
        filters=filters,
        filter_query=filters.query(),
        actions=[(a, _named("audit.act.", a, lang)) for a in state.store.audit_actions()],
        zone=zone_label(zone, state.clock()),
        problem=problem,
    )


@router.get("/audit/export")
def audit_export(
    request: Request,
    principal: Annotated[Principal, Depends(allowed_to("audit.read"))],
    actor: _Actor = "",
    action: _Action = "",
    since: _Since = "",
    until: _Until = "",
    q: _Text = "",
) -> Response:
    """The filtered entries (at most ``export_rows_max``, newest first) as CSV with headers in the reader's
    language; the export leaves its own entry."""
    state = state_of(request)
    lang, zone = lang_of(request), zone_of(request)
    filters = AuditFilters(actor.strip(), action.strip(), since.strip(), until.strip(), q.strip())
    rows, problem = _find(request, filters, limit=state.settings.export_rows_max, offset=0)
    if problem:
        shown_again = {k: getattr(filters, k) for k in ("actor", "action", "since", "until", "q")}
        return audit_page(request, principal, page=1, **shown_again)
    headers = {
        "entry_id": "#",
        "at": word("audit.at", lang, zone=zone_label(zone, state.clock())),
        "actor": word("audit.actor", lang),
        "role": word("audit.role", lang),
        "source": word("audit.source", lang),
        "action": word("audit.action", lang),
        "object": word("audit.object", lang),
        "outcome": word("audit.outcome", lang),
        "detail": word("audit.detail", lang),
    }
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel opens a UTF-8 CSV with Chinese in it correctly only with a BOM
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writerow(headers)
    writer.writerows({k: _cell(v) for k, v in shown(r, zone, lang).items()} for r in rows)
    audit(request, principal, "export", f"audit log rows={len(rows)}", "ok")
    day = local_time(state.clock(), zone)[:10]
    # The log's verification travels with the file (the regulator's export, with a signed sidecar, is
    # churnguard audit export).
    verified = "intact" if state.store.verify_audit().intact else "broken"
    return Response(
        buffer.getvalue().encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="audit-log-{day}.csv"', "X-Audit-Log": verified},
    )
