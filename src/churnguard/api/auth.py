"""Who is asking: bearer tokens for the API, session cookies for the browser, login with rate limits,
CSRF checks on every state-changing browser request, and the audit entries that go with them."""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import Awaitable, Callable
from datetime import timedelta
from urllib.parse import urlsplit

from fastapi import Request

from churnguard.api.access import allowed
from churnguard.api.state import State
from churnguard.errors import ChurnGuardError, NotFoundError, UserError
from churnguard.retention.accounts import LoginLimits, Principal

__all__ = [
    "COOKIE",
    "CsrfFailed",
    "Forbidden",
    "RateLimited",
    "Unauthenticated",
    "allowed_to",
    "audit",
    "audit_async",
    "audit_entry",
    "bearer_of",
    "check_csrf",
    "current",
    "form_allowed_to",
    "form_signed_in",
    "login",
    "require",
    "same_origin",
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
    bearer = bearer_of(request)
    if bearer is not None:
        principal = state.accounts.token(bearer, now=now)
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
    """Check a login against the rate limits and the password; every attempt is audited. The limits are
    charged before the password is checked (``Accounts.login``), so parallel attempts check at most
    ``login_failures`` passwords of an account. A name that is no account is audited as
    ``UNKNOWN_ACCOUNT``, never as typed (it may be a password typed into the wrong field)."""
    state = state_of(request)
    settings, now, source = state.settings, state.clock(), source_of(request)
    staff_id = staff_id.strip()[:32]
    limits = LoginLimits(
        per_account=settings.login_failures,
        per_address=settings.login_failures_address,
        window=timedelta(minutes=settings.login_window_minutes),
    )
    outcome, principal = state.accounts.login(staff_id, password, source=source, now=now, limits=limits)
    if principal is None:
        actor = state.accounts.actor_of(staff_id)
        state.store.audit(actor=actor, role="-", action="login", outcome=outcome, at=now, object=None, source=source)
        if outcome == "locked":
            raise RateLimited("api.rate_limited", minutes=settings.login_window_minutes)
        raise Unauthenticated("api.login_failed")
    state.store.audit(
        actor=principal.staff_id, role=principal.role, action="login", outcome="ok", at=now, object=None, source=source
    )
    return principal


def bearer_of(request: Request) -> str | None:
    """The bearer token the request carries, if any."""
    header = request.headers.get("authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else None


def same_origin(request: Request) -> bool:
    """Whether a browser's request comes from a page of this service: its ``Origin`` (else its ``Referer``)
    names the host the request was sent to, over HTTPS or the request's own scheme (behind a TLS proxy the
    service itself may be reached over plain HTTP). ``Origin: null`` (a sandboxed or privacy-hidden
    origin) and a request naming neither are not."""
    claimed = request.headers.get("origin") or request.headers.get("referer")
    if not claimed or claimed == "null":
        return False
    parts = urlsplit(claimed)
    host = request.headers.get("host", "").lower()
    return bool(host) and parts.netloc.lower() == host and parts.scheme in {"https", request.url.scheme}


def not_found() -> ChurnGuardError:
    return NotFoundError("api.not_found")
