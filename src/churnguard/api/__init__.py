"""The REST API and the web dashboard: ``create_app(settings)``."""

from __future__ import annotations

from fastapi import FastAPI

from churnguard.api.app import create_app
from churnguard.config import load_settings

__all__ = ["app_from_environment", "create_app"]


def app_from_environment() -> FastAPI:
    """The app from the settings the environment and ``churnguard.toml`` give (uvicorn's factory)."""
    settings, _ = load_settings()
    return create_app(settings)
