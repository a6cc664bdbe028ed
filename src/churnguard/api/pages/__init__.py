"""The dashboard: server-rendered pages over the same access rules as the API, one router per resource.
Forms carry a CSRF token; the login form, which comes before any session, uses a double-submit cookie."""

from fastapi import APIRouter

from churnguard.api.pages import audit, campaigns, customers, model, orders, overview, reports, session, staff, users
from churnguard.api.pages.common import error_page, lang_of, render

__all__ = ["ROUTERS", "build_pages", "error_page", "lang_of", "render"]

# Each resource's router, in the order the dashboard's menu lists them.
ROUTERS = (session, overview, customers, orders, staff, campaigns, model, reports, audit, users)


def build_pages() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    for module in ROUTERS:
        router.include_router(module.router)
    return router
