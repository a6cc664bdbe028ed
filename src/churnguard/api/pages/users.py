"""Users, for admins: who may log in, with which role and region; add one, disable or enable, set a
password, change the role and region. The rules are the accounts' own (retention/accounts.py, as the CLI
uses them); each change lands with its audit entry in one transaction."""

# No `from __future__ import annotations`: FastAPI reads the route signatures, whose limits are local.
import re
from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from churnguard.api.auth import allowed_to, audit_entry, form_allowed_to, state_of
from churnguard.api.pages.audit import local_time, zone_of
from churnguard.api.pages.common import lang_of, render
from churnguard.api.words import word
from churnguard.errors import DataError, NotFoundError
from churnguard.retention.accounts import Principal
from churnguard.retention.schema import ROLES

router = APIRouter(include_in_schema=False)

PERMISSION = "users.manage"
CHANGES = ("add", "disable", "enable", "password", "role")
_SAVED = re.compile(r"(" + "|".join(CHANGES) + r"):[^:]{1,32}")
_BLANK = {"staff_id": "", "name": "", "role": "agent", "region": ""}
# The admin behind a form post, its CSRF token checked first.
_Poster = Annotated[Principal, Depends(form_allowed_to(PERMISSION))]


def users_page(
    request: Request,
    principal: Principal,
    *,
    saved: str | None = None,
    problem: dict | None = None,
    given: dict | None = None,
) -> Response:
    """The list, for ``principal`` (an admin, already checked)."""
    zone = zone_of(request)
    rows = state_of(request).accounts.list()
    for row in rows:
        row["created"] = local_time(row.get("created_at"), zone, seconds=False)
    if saved is not None and not _SAVED.fullmatch(saved):
        saved = None
    return render(
        request,
        "users.html.j2",
        status=422 if problem else 200,
        rows=rows,
        roles=ROLES,
        me_id=principal.staff_id,
        saved=saved.split(":", 1) if saved else None,
        problem=problem,
        given=given or _BLANK,
    )


@router.get("/admin/users")
def users(
    request: Request,
    principal: Annotated[Principal, Depends(allowed_to(PERMISSION))],
    saved: Annotated[str | None, Query(max_length=50)] = None,
) -> Response:
    return users_page(request, principal, saved=saved)


async def _form(request: Request) -> dict[str, str]:
    """The posted form's fields as text (read, and its CSRF token checked, by ``_Poster``)."""
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}


async def _change(
    request: Request,
    principal: Principal,
    change: str,
    staff_id: str,
    do: Callable[[dict], None],
    *,
    given: dict | None = None,
) -> Response:
    """Run ``do(audit entry)``; back to the list with what was done, or the page again with the refusal
    in the reader's language (422) — never the password."""
    state = state_of(request)
    entry = {"at": state.clock(), **audit_entry(request, principal, f"user.{change}", staff_id, "ok")}
    try:
        # Argon2 and the store's write lock: not on the event loop.
        await run_in_threadpool(do, entry)
    except DataError as error:
        lang = lang_of(request)
        hint = error.hint(lang) if error.key.startswith("account.password") else ""
        problem = {"change": change, "staff": staff_id, "message": error.message(lang), "hint": hint}
        return users_page(request, principal, problem=problem, given=given)
    return RedirectResponse("/admin/users?" + urlencode({"saved": f"{change}:{staff_id}"}), status_code=303)


def _refused(request: Request, principal: Principal, change: str, staff_id: str, key: str) -> Response:
    problem = {"change": change, "staff": staff_id, "message": word(key, lang_of(request)), "hint": ""}
    return users_page(request, principal, problem=problem)


def _known(staff_id: str) -> str:
    """An account id from the path: one that cannot be an account is simply not found."""
    if len(staff_id) > 32:
        raise NotFoundError("api.not_found")
    return staff_id


@router.post("/admin/users")
async def add_user(request: Request, principal: _Poster) -> Response:
    form = await _form(request)
    accounts = state_of(request).accounts
    staff_id = form.get("staff_id", "").strip()
    given = {k: form.get(k, "").strip() for k in ("staff_id", "name", "role", "region")}
    now = state_of(request).clock()

    def do(entry: dict) -> None:
        accounts.add(
            staff_id,
            name=given["name"] or staff_id,
            role=given["role"],
            region=given["region"],
            password=form.get("password", ""),
            now=now,
            audit=entry,
        )

    return await _change(request, principal, "add", staff_id, do, given=given)


@router.post("/admin/users/{staff_id}/disable")
async def disable_user(request: Request, principal: _Poster, staff_id: str) -> Response:
    accounts = state_of(request).accounts
    accounts.get(_known(staff_id))
    if staff_id == principal.staff_id:
        return _refused(request, principal, "disable", staff_id, "users.self_disable")
    return await _change(request, principal, "disable", staff_id, lambda e: accounts.disable(staff_id, audit=e))


@router.post("/admin/users/{staff_id}/enable")
async def enable_user(request: Request, principal: _Poster, staff_id: str) -> Response:
    accounts = state_of(request).accounts
    accounts.get(_known(staff_id))
    return await _change(request, principal, "enable", staff_id, lambda e: accounts.enable(staff_id, audit=e))


@router.post("/admin/users/{staff_id}/password")
async def set_password(request: Request, principal: _Poster, staff_id: str) -> Response:
    form = await _form(request)
    accounts = state_of(request).accounts
    accounts.get(_known(staff_id))
    password = form.get("password", "")
    return await _change(
        request, principal, "password", staff_id, lambda e: accounts.set_password(staff_id, password, audit=e)
    )


@router.post("/admin/users/{staff_id}/role")
async def set_role(request: Request, principal: _Poster, staff_id: str) -> Response:
    form = await _form(request)
    accounts = state_of(request).accounts
    accounts.get(_known(staff_id))
    role, region = form.get("role", "").strip(), form.get("region", "")
    if staff_id == principal.staff_id and role != "admin":
        return _refused(request, principal, "role", staff_id, "users.self_role")
    return await _change(
        request, principal, "role", staff_id, lambda e: accounts.set_role(staff_id, role, region=region, audit=e)
    )
