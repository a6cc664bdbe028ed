"""The service and who may use it: ``serve``, ``users add|list|disable|password`` and ``audit``."""

from __future__ import annotations

import getpass
import os
import sys
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table as RichTable

from churnguard.cli.campaigns import StoreOpt
from churnguard.cli.common import RegistryOpt, WarehouseOpt, _handles_errors, _out, _state
from churnguard.cli.root import app
from churnguard.errors import ConfigError, InternalError
from churnguard.i18n import t

# The API (FastAPI), uvicorn and the store (SQLAlchemy, argon2) are imported inside the commands: see
# cli/common.py.
if TYPE_CHECKING:
    from fastapi import FastAPI

# serve's resolved settings, as JSON, for its workers (see worker_app).
SETTINGS_ENV = "CHURNGUARD_SERVE_SETTINGS"

users_app = typer.Typer(help="Dashboard and API accounts: add, list, disable, set a password.", no_args_is_help=True)
audit_app = typer.Typer(help="The audit log: list entries, check the hash chain.", no_args_is_help=True)
app.add_typer(users_app, name="users")
app.add_typer(audit_app, name="audit")


@app.command()
@_handles_errors
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on (127.0.0.1: this machine only).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option("--workers", help="Worker processes (each holds the snapshot).")] = 1,
    warehouse: WarehouseOpt = None,
    store: StoreOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """Serve the dashboard and the REST API (OpenAPI at /api/docs) over the warehouse and the store."""
    import uvicorn

    from churnguard.retention import open_store

    settings, _ = _state().settings(warehouse=warehouse, store=store, registry=registry)
    # Workers build the app themselves (uvicorn's factory mode, in processes it spawns), so they cannot be
    # handed the object: they get the resolved settings whole, as JSON in their inherited environment.
    # Resolving again in a worker would lose --config and the flags, and every setting but the few passed
    # one by one would fall back to its default.
    os.environ[SETTINGS_ENV] = settings.model_dump_json()
    open_store(settings.store).close()  # migrate once, before the workers start
    typer.echo(t("serve.start", settings.lang, url=f"http://{host}:{port}/", store=settings.store))
    uvicorn.run(
        "churnguard.cli.service:worker_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
        proxy_headers=False,
        # Each worker reads the snapshot at start (tens of seconds at a million lines), busy but alive.
        timeout_worker_healthcheck=120,
    )


def worker_app() -> FastAPI:
    """uvicorn's factory for ``serve``'s workers: the app over exactly the settings ``serve`` resolved."""
    from churnguard.api import create_app
    from churnguard.config import Settings

    handed = os.environ.get(SETTINGS_ENV)
    if handed is None:
        detail = f"{SETTINGS_ENV} is not set: worker_app serves the workers of 'churnguard serve'"
        raise InternalError("internal", detail=detail)
    # The JSON names every field, and given values beat CHURNGUARD_* variables and the defaults.
    return create_app(Settings.model_validate_json(handed))


def _password(prompt: bool, from_stdin: bool, lang: str) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not prompt or not sys.stdin.isatty():
        raise ConfigError("users.no_password")
    first = getpass.getpass(t("users.password_prompt", lang))
    if first != getpass.getpass(t("users.password_again", lang)):
        raise ConfigError("users.password_mismatch")
    return first


@users_app.command("add")
@_handles_errors
def users_add(
    staff_id: Annotated[str, typer.Argument(help="Account id (letters, digits, - and _).")],
    role: Annotated[str, typer.Option("--role", help="admin, analyst, supervisor or agent (account manager).")],
    name: Annotated[str | None, typer.Option("--name", help="Name shown in the dashboard.")] = None,
    region: Annotated[
        str | None, typer.Option("--region", help="A supervisor's region: a city or county as the data names it.")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from the first line of stdin.")
    ] = False,
    store: StoreOpt = None,
) -> None:
    """Add a login (asks for the password twice). An account manager already known from work orders
    keeps their orders."""
    from churnguard.api.state import utc_now
    from churnguard.retention import open_store
    from churnguard.retention.accounts import Accounts
    from churnguard.retention.schema import ROLES

    settings, _ = _state().settings(store=store)
    if role not in ROLES:
        raise ConfigError("store.role", role=role, roles=", ".join(ROLES))
    if role == "supervisor" and not region:
        raise ConfigError("users.region_needed")
    password = _password(True, password_stdin, settings.lang)
    with open_store(settings.store) as ops:
        Accounts(ops).add(staff_id, name=name or staff_id, role=role, region=region, password=password, now=utc_now())
    typer.echo(t("users.added", settings.lang, staff=staff_id, role=role))


@users_app.command("list")
@_handles_errors
def users_list(store: StoreOpt = None) -> None:
    """Every account with a login: role, region, active."""
    from churnguard.retention import open_store
    from churnguard.retention.accounts import Accounts

    settings, _ = _state().settings(store=store)
    with open_store(settings.store) as ops:
        rows = Accounts(ops).list()
    table = RichTable()
    for column in ("staff_id", "name", "role", "region", "active", "created_at"):
        table.add_column(column)
    for row in rows:
        table.add_row(*(str(row.get(c) or "") for c in ("staff_id", "name", "role", "region", "active", "created_at")))
    _out().print(table)


@users_app.command("disable")
@_handles_errors
def users_disable(staff_id: Annotated[str, typer.Argument(help="Account id.")], store: StoreOpt = None) -> None:
    """Stop an account: no more logins, and its sessions and tokens end now."""
    from churnguard.retention import open_store
    from churnguard.retention.accounts import Accounts

    settings, _ = _state().settings(store=store)
    with open_store(settings.store) as ops:
        Accounts(ops).disable(staff_id)
    typer.echo(t("users.disabled", settings.lang, staff=staff_id))


@users_app.command("password")
@_handles_errors
def users_password(
    staff_id: Annotated[str, typer.Argument(help="Account id.")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read it from stdin.")] = False,
    store: StoreOpt = None,
) -> None:
    """Set a new password (ends the account's sessions and tokens)."""
    from churnguard.retention import open_store
    from churnguard.retention.accounts import Accounts

    settings, _ = _state().settings(store=store)
    password = _password(True, password_stdin, settings.lang)
    with open_store(settings.store) as ops:
        Accounts(ops).set_password(staff_id, password)
    typer.echo(t("users.password_set", settings.lang, staff=staff_id))


@audit_app.command("verify")
@_handles_errors
def audit_verify(store: StoreOpt = None) -> None:
    """Check the audit log's hash chain; exit code 1 when an entry was changed, removed or inserted."""
    from churnguard.retention import open_store

    settings, _ = _state().settings(store=store)
    with open_store(settings.store) as ops:
        broken, count = ops.verify_audit(), len(ops.audit_entries())
    if broken is not None:
        typer.echo(t("audit.broken", settings.lang, entry=broken), err=True)
        raise typer.Exit(1)
    typer.echo(t("audit.intact", settings.lang, entries=count))


@audit_app.command("list")
@_handles_errors
def audit_list(
    last: Annotated[int, typer.Option("--last", help="Entries to show, newest first.")] = 20,
    store: StoreOpt = None,
) -> None:
    """The newest audit entries: when (UTC), who, role, from where, action, object, outcome."""
    from churnguard.retention import open_store

    settings, _ = _state().settings(store=store)
    with open_store(settings.store) as ops:
        rows = ops.audit_entries(limit=last, newest_first=True)
    table = RichTable()
    columns = ("entry_id", "at", "actor", "role", "source", "action", "object", "outcome")
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(str(row.get(c) or "") for c in columns))
    _out().print(table)
