"""Signing in and out: the login form (a double-submit cookie, before any session) and logout."""

# No `from __future__ import annotations`: FastAPI reads the route signatures, whose limits are local.
import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from churnguard.api.auth import COOKIE, audit, check_csrf, form_signed_in, login, state_of
from churnguard.api.pages.common import LOGIN_CSRF, lang_of, render
from churnguard.errors import ChurnGuardError
from churnguard.retention.accounts import Principal

router = APIRouter(include_in_schema=False)


@router.get("/login")
def login_form(request: Request) -> Response:
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html.j2", login_csrf=token, failed="")
    response.set_cookie(
        LOGIN_CSRF,
        token,
        max_age=900,
        httponly=True,
        samesite="strict",
        secure=state_of(request).settings.cookie_secure,
    )
    return response


@router.post("/login")
def login_submit(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
    csrf_token: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    check_csrf(request, request.cookies.get(LOGIN_CSRF, "") or "-", csrf_token or "")
    try:
        principal = login(request, username, password)
    except ChurnGuardError as error:
        token = secrets.token_urlsafe(24)
        response = render(
            request,
            "login.html.j2",
            status=error.http_status,
            login_csrf=token,
            failed=error.message(lang_of(request)),
        )
        response.set_cookie(
            LOGIN_CSRF,
            token,
            max_age=900,
            httponly=True,
            samesite="strict",
            secure=state_of(request).settings.cookie_secure,
        )
        return response
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
    state_of(request).accounts.close_session(request.cookies[COOKIE])
    audit(request, principal, "logout", None, "ok")
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
