"""Signing in and out: the login form and logout.

The login form comes before any session, so its CSRF token is bound to a cookie of its own: the cookie
holds a random nonce, the form an HMAC of it under the service's key, and a post must bring both, from a
page of this service (its ``Origin``, else its ``Referer``). The cookie alone would not do: another site
on the same host (another port, a sibling subdomain) can plant cookies that this service then receives."""

# No `from __future__ import annotations`: FastAPI reads the route signatures, whose limits are local.
import hashlib
import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from churnguard.api.auth import COOKIE, CsrfFailed, audit, form_signed_in, login, same_origin, state_of
from churnguard.api.pages.common import LOGIN_CSRF, lang_of, render
from churnguard.errors import ChurnGuardError
from churnguard.retention.accounts import Principal

router = APIRouter(include_in_schema=False)


def _bound(request: Request, nonce: str) -> str:
    """The form's token for the cookie's ``nonce``."""
    return hmac.new(state_of(request).login_key, nonce.encode("utf-8"), hashlib.sha256).hexdigest()


def _login_page(request: Request, *, status: int = 200, failed: str = "") -> Response:
    nonce = secrets.token_urlsafe(24)
    response = render(request, "login.html.j2", status=status, login_csrf=_bound(request, nonce), failed=failed)
    response.set_cookie(
        LOGIN_CSRF,
        nonce,
        max_age=900,
        httponly=True,
        samesite="strict",
        secure=state_of(request).settings.cookie_secure,
    )
    # Under the service's "no-referrer" a browser posts this form with "Origin: null"; "same-origin" lets it
    # name this service to the service (and still nothing to anyone else).
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def _check_login_form(request: Request, given: str) -> None:
    """Refuse a login post without the login cookie, whose token is not the cookie's, or that does not
    come from a page of this service."""
    nonce = request.cookies.get(LOGIN_CSRF, "")
    if not nonce or not given or not hmac.compare_digest(given, _bound(request, nonce)) or not same_origin(request):
        raise CsrfFailed("api.csrf")


@router.get("/login")
def login_form(request: Request) -> Response:
    return _login_page(request)


@router.post("/login")
def login_submit(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
    csrf_token: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    _check_login_form(request, csrf_token)
    try:
        principal = login(request, username, password)
    except ChurnGuardError as error:
        return _login_page(request, status=error.http_status, failed=error.message(lang_of(request)))
    state = state_of(request)
    old = request.cookies.get(COOKIE)
    if old:
        state.accounts.close_session(old)  # a new session id at every login (no fixation)
    secret, _ = state.accounts.open_session(
        principal, now=state.clock(), source=request.client.host if request.client else None
    )
    response = RedirectResponse("/queue" if principal.role == "agent" else "/", status_code=303)
    response.set_cookie(
        COOKIE,
        secret,
        max_age=state_of(request).settings.session_hours * 3600,
        httponly=True,
        samesite="strict",
        secure=state_of(request).settings.cookie_secure,
        path="/",
    )
    response.delete_cookie(LOGIN_CSRF)
    return response


@router.post("/logout")
async def logout(request: Request, principal: Annotated[Principal, Depends(form_signed_in)]) -> Response:
    """The session ends, and with it every API token of the account."""
    state_of(request).accounts.sign_out(request.cookies[COOKIE], principal.staff_id)
    audit(request, principal, "logout", None, "ok")
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
