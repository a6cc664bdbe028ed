"""``create_app(settings)``: the REST API and the dashboard in one FastAPI app.

Outermost first: a body-size limit, security headers on every response, then the routes. Errors are
answered in one place: ChurnGuard errors with their status and hint, validation errors with the names
of the fields at fault but never their values (so personal data cannot come back in an error body).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from churnguard.api.auth import COOKIE, Unauthenticated
from churnguard.api.pages import build_pages, error_page, lang_of
from churnguard.api.routes import build_api
from churnguard.api.state import State, utc_now
from churnguard.api.warning_page import build_warning_page
from churnguard.api.words import word
from churnguard.config import Settings
from churnguard.errors import ChurnGuardError
from churnguard.i18n import t

__all__ = ["create_app"]

log = logging.getLogger("churnguard.api")
STATIC = Path(__file__).parent / "static"
_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        b"font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"strict-transport-security", b"max-age=31536000"),
]


class SecurityHeaders:
    """Adds the security headers, and ``Cache-Control: no-store`` on everything but static files."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                have = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in _HEADERS if name not in have]
                if not static:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, sending)


class BodyLimit:
    """Refuses a body over ``limit`` bytes with 413, whether it says its length or streams (chunked, with
    no Content-Length). A streamed body is read here, up to the limit, before the app sees any of it, then
    handed on as it came: a limit enforced while the app reads would surface inside the app's own body
    parsing, which answers any failure there as a malformed body (400, then 422)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await self._refuse(scope, receive, send)
            return
        messages: list[Message] = []
        seen = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":  # the client went away: the app hears it too
                break
            seen += len(message.get("body", b""))
            if seen > self.limit:
                await self._refuse(scope, receive, send)
                return
            if not message.get("more_body", False):
                break
        pending = iter(messages)

        async def replaying() -> Message:
            return next(pending, None) or await receive()

        await self.app(scope, replaying, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = {"error": t("api.too_large", "en", limit=self.limit), "hint": "", "fields": []}
        await JSONResponse(body, status_code=413)(scope, receive, send)


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(scope: Scope) -> str:
    """The ``Allow`` header's value for the request's path: every method some route answers there, and
    OPTIONS; empty when no route has the path. Each method is tried against the routes (included routers
    answer for their own), static files aside. Starlette's own 405 names only the methods of the first
    route whose path matches, so a work order's GET hid its PATCH."""
    routes = [r for r in scope["app"].router.routes if not isinstance(r, Mount)]
    allowed = [m for m in _METHODS if any(r.matches({**scope, "method": m})[0] == Match.FULL for r in routes)]
    return ", ".join([*allowed, "OPTIONS"]) if allowed else ""


class Options:
    """Answers OPTIONS on a route's path with 204 and the methods it allows (``Allow``); elsewhere it
    changes nothing (an unknown path stays 404)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "OPTIONS":
            allow = allowed_methods(scope)
            if allow:
                await Response(status_code=204, headers={"Allow": allow})(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/")


def _openapi(app: FastAPI) -> dict:
    """The OpenAPI document with how to authenticate: a bearer token (POST /api/v1/token) or the
    dashboard's session cookie; every operation but the token's issue needs one of them. Page sizes state
    the operator's ``page_size_max``."""
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        schema.setdefault("components", {})["securitySchemes"] = {
            "bearer": {"type": "http", "scheme": "bearer", "description": "A token from POST /api/v1/token."},
            "session": {"type": "apiKey", "in": "cookie", "name": COOKIE, "description": "The dashboard's session."},
        }
        limit = app.state.churnguard.settings.page_size_max
        for path, operations in schema.get("paths", {}).items():
            for method, operation in operations.items():
                if (path, method) != ("/api/v1/token", "post"):
                    operation["security"] = [{"bearer": []}, {"session": []}]
                for parameter in operation.get("parameters", []):
                    if parameter["name"] == "page_size":  # the operator's own cap, checked per request
                        parameter["schema"]["maximum"] = limit
        app.openapi_schema = schema
    return app.openapi_schema


def create_app(
    settings: Settings,
    *,
    clock: Callable[[], datetime] = utc_now,
    refresh_seconds: float = 60.0,
    reports: bool = True,
) -> FastAPI:
    """The service over ``settings.warehouse`` (read) and ``settings.store`` (read and write)."""
    state = State(settings, clock=clock, refresh_seconds=refresh_seconds, reports=reports)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        state.start_refresh()  # start reading the snapshot now, not at the first request
        yield
        state.close()

    app = FastAPI(
        lifespan=lifespan,
        title="ChurnGuard",
        version="1",
        description="Churn scores, reasons, warnings, work orders and campaign results for the retention team. "
        "Log in with POST /api/v1/token and send the token as `Authorization: Bearer …`.",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.churnguard = state
    app.openapi = lambda: _openapi(app)
    app.include_router(build_api())
    app.include_router(build_pages())
    app.include_router(build_warning_page())
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict:
        return {"ok": True}

    @app.exception_handler(ChurnGuardError)
    async def churnguard_error(request: Request, error: ChurnGuardError) -> Response:
        if _wants_html(request):
            if isinstance(error, Unauthenticated) and request.url.path != "/login":
                return RedirectResponse("/login", status_code=303)
            return error_page(request, error.http_status, error.message(lang_of(request)), error.hint(lang_of(request)))
        return JSONResponse(
            {"error": error.message(), "hint": error.hint(), "fields": []}, status_code=error.http_status
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        # Only where the problem is: never the value, which may be someone's phone number.
        fields = sorted(
            {
                "body" if e.get("type") == "json_invalid" else ".".join(str(p) for p in e.get("loc", ())[1:]) or "body"
                for e in error.errors()
            }
        )
        message = t("api.invalid", lang_of(request), fields=", ".join(fields))
        if _wants_html(request):
            return error_page(request, 422, message, "")
        return JSONResponse({"error": message, "hint": "", "fields": fields}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if error.status_code == 400:
            # A body that cannot even be decoded (FastAPI says 400): the same answer as any invalid body.
            return await invalid(request, RequestValidationError([{"loc": ("body",), "type": "undecodable"}]))
        key = {404: "error.404", 405: "error.405"}.get(error.status_code, "error.other")
        text = word(key, lang_of(request))
        headers = dict(getattr(error, "headers", None) or {})
        if error.status_code == 405:
            headers["Allow"] = allowed_methods(request.scope) or headers.get("Allow", "")
        if _wants_html(request):
            page = error_page(request, error.status_code, text, "")
            page.headers.update(headers)
            return page
        return JSONResponse({"error": text, "hint": "", "fields": []}, status_code=error.status_code, headers=headers)

    @app.exception_handler(Exception)
    async def crashed(request: Request, error: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        message = word("error.500", lang_of(request))
        if _wants_html(request):
            with contextlib.suppress(Exception):  # the error page must not fail in its turn
                return error_page(request, 500, message, word("error.500.hint", lang_of(request)))
        return JSONResponse({"error": message, "hint": "", "fields": []}, status_code=500)

    app.add_middleware(Options)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, limit=settings.body_bytes_max)
    return app
