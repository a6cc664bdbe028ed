"""The REST API, one router module per resource, under /api/v1; what they share is in ``common``."""

from fastapi import APIRouter

from churnguard.api.routes import audit, campaigns, model, orders, reports, segments, session, subscribers, warnings
from churnguard.api.routes.common import ERRORS, ContactIn, ErrorBody, save_contact

__all__ = ["ERRORS", "ROUTERS", "ContactIn", "ErrorBody", "build_api", "save_contact"]

ROUTERS = (session, subscribers, warnings, orders, campaigns, segments, model, reports, audit)


def build_api() -> APIRouter:
    router = APIRouter()
    for module in ROUTERS:
        router.include_router(module.router)
    return router
