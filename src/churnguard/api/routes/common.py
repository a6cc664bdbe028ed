"""What every API router shares: error bodies, path and query types, bodies in, the page a request asks
for (``paging``: its number and size, within the operator's ``page_size_max``), and the contact write the
dashboard uses too."""

# No `from __future__ import annotations`: FastAPI reads the route signatures.
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal, TypeVar

from fastapi import Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from churnguard.api.access import present_line
from churnguard.api.auth import audit, audit_entry, state_of
from churnguard.api.lines import within_page_size as check_page_size
from churnguard.api.present import clean, value_name
from churnguard.errors import ChurnGuardError, ConflictError
from churnguard.months import PATTERN as MONTH_PATTERN
from churnguard.retention.accounts import Principal
from churnguard.retention.schema import RESULTS
from churnguard.retention.worklog import record_work


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
            today=state.today(),
            audit=audit_entry(request, principal, "order.contact", order_id, "ok"),
        )


@contextmanager
def _conflicts_audited(request: Request, principal: Principal, action: str, order_id: str) -> Iterator[None]:
    """A refused write leaves its own audit row before the error goes on: "conflict" for a stale version,
    "refused" for a write the rules do not allow (a contact that contradicts itself)."""
    try:
        yield
    except ConflictError:
        audit(request, principal, action, order_id, "conflict")
        raise
    except ChurnGuardError:
        audit(request, principal, action, order_id, "refused")
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


# The highest ``page_size_max`` a setting may give (config's bound); the operator's own is checked per request.
PAGE_SIZE_CEILING = 5000
Page = Annotated[int, Query(ge=1, le=1_000_000)]
PageSize = Annotated[int, Query(ge=1, le=PAGE_SIZE_CEILING)]


def within_page_size(request: Request, page_size: int) -> None:
    """The operator's page-size cap (``lines.within_page_size``) for a request."""
    check_page_size(state_of(request), page_size)


_Row = TypeVar("_Row")


@dataclass(frozen=True)
class Paging:
    """The page a request asked for: number ``page`` (from 1) of ``page_size`` rows."""

    page: int
    page_size: int

    @property
    def offset(self) -> int:
        """How many rows come before the page (for a store query's ``offset``)."""
        return (self.page - 1) * self.page_size

    def of(self, items: list[_Row]) -> list[_Row]:
        """The page's share of ``items`` (all the rows, in order)."""
        return items[self.offset : self.offset + self.page_size]

    def reply(self, total: int, rows: list) -> dict:
        """A paged list's reply: how many rows there are in all, which page this is, and its rows."""
        return {"total": total, "page": self.page, "page_size": self.page_size, "rows": rows}


def paging(request: Request, page: Page = 1, page_size: PageSize = 50) -> Paging:
    """A paged route's declared dependency (``Annotated[Paging, Depends(paging)]``, after the signed-in
    person's, so sign-in is checked first): the ``page`` and ``page_size`` query, the size within the
    operator's cap."""
    within_page_size(request, page_size)
    return Paging(page, page_size)
