"""Who is asking: bearer tokens for the API, session cookies for the browser, login with rate limits,
CSRF checks on every state-changing browser request, and the audit entries that go with them."""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import Awaitable, Callable
from datetime import timedelta

from fastapi import Request

from churnguard.api.access import allowed
from churnguard.api.state import State
from churnguard.errors import ChurnGuardError, NotFoundError, UserError
from churnguard.retention.accounts import Principal

__all__ = [
    "COOKIE",
    "Forbidden",
    "RateLimited",
    "Unauthenticated",
    "allowed_to",
    "audit",
    "audit_async",
    "audit_entry",
    "check_csrf",
    "current",
    "form_allowed_to",
    "form_signed_in",
    "login",
    "require",
    "source_of",
]

COOKIE = "cg_session"
_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class Unauthenticated(UserError):
    http_status = 401


class Forbidden(UserError):
    http_status = 403


class RateLimited(UserError):
    http_status = 429


class CsrfFailed(UserError):
    http_status = 403


def state_of(request: Request) -> State:
    return request.app.state.churnguard


def source_of(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def current(request: Request) -> Principal:
    """The request's principal (cached on the request); raises Unauthenticated."""
    if hasattr(request.state, "principal"):
        return request.state.principal
    state = state_of(request)
    now = state.clock()
    principal = None
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        principal = state.accounts.token(header[7:].strip(), now=now)
        request.state.via = "token"
    elif COOKIE in request.cookies:
        found = state.accounts.session(
            request.cookies[COOKIE],
            now=now,
            idle=timedelta(minutes=state.settings.session_idle_minutes),
            absolute=timedelta(hours=state.settings.session_hours),
        )
        if found is not None:
            principal, request.state.csrf = found
        request.state.via = "cookie"
    if principal is None:
        raise Unauthenticated("api.unauthenticated")
    request.state.principal = principal
    if request.method in _UNSAFE and request.state.via == "cookie":
        check_csrf(request, request.state.csrf)
    return principal


def check_csrf(request: Request, expected: str, given: str | None = None) -> None:
    given = given or request.headers.get("x-csrf-token") or getattr(request.state, "form_csrf", None)
    if not given or not hmac.compare_digest(given, expected):
        raise CsrfFailed("api.csrf")


def require(request: Request, permission: str) -> Principal:
    principal = current(request)
    if not allowed(principal, permission):
        audit(request, principal, "access.denied", permission, "denied")
        raise Forbidden("api.forbidden")
    return principal


def allowed_to(permission: str) -> Callable[[Request], Principal]:
    """A route's declared dependency: the signed-in person, who must hold ``permission`` (else 401 or 403,
    the refusal audited). ``Annotated[Principal, Depends(allowed_to("orders.read"))]`` in a signature."""

    def signed_in(request: Request) -> Principal:
        return require(request, permission)

    return signed_in


async def form_signed_in(request: Request) -> Principal:
    """A dashboard form post's declared dependency: the signed-in person (anyone, as for logout), once the
    form's ``csrf_token`` field is checked against the session's — before the route does anything else.
    The form is read here; the route reads it again from the request's cache."""
    token = (await request.form()).get("csrf_token")
    request.state.form_csrf = token if isinstance(token, str) else None  # a file field is no token
    return current(request)


def form_allowed_to(permission: str) -> Callable[[Request], Awaitable[Principal]]:
    """``allowed_to`` for a dashboard form post: the form's CSRF token checked first (``form_signed_in``),
    then ``permission`` (else 403, the refusal audited). ``Annotated[Principal,
    Depends(form_allowed_to("orders.update"))]`` in a signature."""

    async def signed_in(request: Request) -> Principal:
        await form_signed_in(request)
        return require(request, permission)

    return signed_in


def audit_entry(request: Request, principal: Principal | None, action: str, obj: str | None, outcome: str) -> dict:
    """An audit entry without its time: for a write that appends it in its own transaction."""
    return {
        "actor": principal.staff_id if principal else "-",
        "role": principal.role if principal else "-",
        "action": action,
        "outcome": outcome,
        "object": obj,
        "source": source_of(request),
    }


def audit(request: Request, principal: Principal | None, action: str, obj: str | None, outcome: str) -> None:
    """Append an entry and return once it is committed (through the process's group-commit writer)."""
    state = state_of(request)
    state.audit.write({"at": state.clock(), **audit_entry(request, principal, action, obj, outcome)})


async def audit_async(
    request: Request, principal: Principal | None, action: str, obj: str | None, outcome: str
) -> None:
    """The same, awaited on the event loop without holding it."""
    state = state_of(request)
    entry = {"at": state.clock(), **audit_entry(request, principal, action, obj, outcome)}
    await asyncio.wrap_future(state.audit.submit(entry))


def login(request: Request, staff_id: str, password: str) -> Principal:
    """Check a login against the rate limits and the password; every attempt is audited."""
    state = state_of(request)
    settings, now, source = state.settings, state.clock(), source_of(request)
    staff_id = staff_id.strip()[:32]
    since = now - timedelta(minutes=settings.login_window_minutes)
    if (
        state.accounts.failed_logins(since=since, actor=staff_id) >= settings.login_failures
        or state.accounts.failed_logins(since=since, source=source) >= settings.login_failures_address
    ):
        state.store.audit(
            actor=staff_id or "-", role="-", action="login", outcome="locked", at=now, object=None, source=source
        )
        raise RateLimited("api.rate_limited", minutes=settings.login_window_minutes)
    principal = state.accounts.verify(staff_id, password)
    if principal is None:
        state.store.audit(
            actor=staff_id or "-", role="-", action="login", outcome="failed", at=now, object=None, source=source
        )
        raise Unauthenticated("api.login_failed")
    state.store.audit(
        actor=principal.staff_id, role=principal.role, action="login", outcome="ok", at=now, object=None, source=source
    )
    return principal


def not_found() -> ChurnGuardError:
    return NotFoundError("api.not_found")
