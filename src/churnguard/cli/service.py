"""The service and who may use it: ``serve``, ``users add|list|disable|enable|role|password`` and ``audit
verify|rechain|list|export``. Every account change made here is audited like one made in the dashboard, with
the operating system's user as the actor and ``cli`` as the source."""

from __future__ import annotations

import getpass
import hashlib
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table as RichTable
from rich.text import Text

from churnguard.cli.campaigns import StoreOpt
from churnguard.cli.common import RegistryOpt, WarehouseOpt, _cli_actor, _handles_errors, _out, _state
from churnguard.cli.root import app
from churnguard.errors import ConfigError, InternalError
from churnguard.i18n import t

# The API (FastAPI), uvicorn and the store (SQLAlchemy, argon2) are imported inside the commands: see
# cli/common.py.
if TYPE_CHECKING:
    from fastapi import FastAPI

# serve's resolved settings, as JSON, for its workers (see worker_app).
SETTINGS_ENV = "CHURNGUARD_SERVE_SETTINGS"

users_app = typer.Typer(
    help="Dashboard and API accounts: add, list, disable, enable, change role, set a password.", no_args_is_help=True
)
audit_app = typer.Typer(
    help="The audit log: list entries, verify the keyed chain, seal old entries, export for a regulator.",
    no_args_is_help=True,
)
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

    from churnguard.api.state import utc_now
    from churnguard.retention import open_ops

    settings, _ = _state().settings(warehouse=warehouse, store=store, registry=registry)
    # Workers build the app themselves (uvicorn's factory mode, in processes it spawns), so they cannot be
    # handed the object: they get the resolved settings whole, as JSON in their inherited environment.
    # Resolving again in a worker would lose --config and the flags, and every setting but the few passed
    # one by one would fall back to its default.
    os.environ[SETTINGS_ENV] = settings.model_dump_json()
    # Migrate once, before the workers start, and record who started the service with which settings (a
    # fingerprint: a change of settings between two starts shows). A server never makes keys: without the
    # keys file it stops here.
    with open_ops(settings) as ops:
        fingerprint = hashlib.sha256(os.environ[SETTINGS_ENV].encode("utf-8")).hexdigest()[:16]
        ops.audit(
            **_cli_actor(),
            action="service.start",
            object=f"{host}:{port}",
            outcome="ok",
            at=utc_now(),
            detail={"settings": fingerprint, "workers": workers},
        )
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


def _entry(action: str, staff_id: str, **detail: object) -> dict:
    """The audit entry of an account change made from the command line."""
    from churnguard.api.state import utc_now

    entry = {"at": utc_now(), **_cli_actor(), "action": action, "object": staff_id, "outcome": "ok"}
    return entry | ({"detail": detail} if detail else {})


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
    keeps their orders. Audited (user.add) with the operating system's user as the actor."""
    from churnguard.retention import open_ops
    from churnguard.retention.accounts import Accounts
    from churnguard.retention.schema import ROLES

    settings, _ = _state().settings(store=store)
    if role not in ROLES:
        raise ConfigError("store.role", role=role, roles=", ".join(ROLES))
    if role == "supervisor" and not region:
        raise ConfigError("users.region_needed")
    password = _password(True, password_stdin, settings.lang)
    with open_ops(settings, create_keys=True) as ops:
        entry = _entry("user.add", staff_id, role=role, region=region or None)
        Accounts(ops).add(
            staff_id, name=name or staff_id, role=role, region=region, password=password, now=entry["at"], audit=entry
        )
    typer.echo(t("users.added", settings.lang, staff=staff_id, role=role))


@users_app.command("list")
@_handles_errors
def users_list(store: StoreOpt = None) -> None:
    """Every account with a login: role, region, active."""
    from churnguard.retention import open_ops
    from churnguard.retention.accounts import Accounts

    settings, _ = _state().settings(store=store)
    with open_ops(settings) as ops:
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
    """Stop an account: no more logins, and its sessions and tokens end now (audited: user.disable)."""
    from churnguard.retention import open_ops
    from churnguard.retention.accounts import Accounts

    settings, _ = _state().settings(store=store)
    with open_ops(settings, create_keys=True) as ops:
        Accounts(ops).disable(staff_id, audit=_entry("user.disable", staff_id))
    typer.echo(t("users.disabled", settings.lang, staff=staff_id))


@users_app.command("enable")
@_handles_errors
def users_enable(staff_id: Annotated[str, typer.Argument(help="Account id.")], store: StoreOpt = None) -> None:
    """Let a disabled account log in again with its password (audited: user.enable)."""
    from churnguard.retention import open_ops
    from churnguard.retention.accounts import Accounts

    settings, _ = _state().settings(store=store)
    with open_ops(settings, create_keys=True) as ops:
        Accounts(ops).enable(staff_id, audit=_entry("user.enable", staff_id))
    typer.echo(t("users.enabled", settings.lang, staff=staff_id))


@users_app.command("role")
@_handles_errors
def users_role(
    staff_id: Annotated[str, typer.Argument(help="Account id.")],
    role: Annotated[str, typer.Option("--role", help="admin, analyst, supervisor or agent (account manager).")],
    region: Annotated[str | None, typer.Option("--region", help="The region (a supervisor needs one).")] = None,
    store: StoreOpt = None,
) -> None:
    """Give an account another role or region, from its next request on (audited: user.role, with the
    role and region before and after)."""
    from churnguard.retention import open_ops
    from churnguard.retention.accounts import Accounts

    settings, _ = _state().settings(store=store)
    with open_ops(settings, create_keys=True) as ops:
        Accounts(ops).set_role(staff_id, role, region=region, audit=_entry("user.role", staff_id))
    typer.echo(t("users.role_set", settings.lang, staff=staff_id, role=role))


@users_app.command("password")
@_handles_errors
def users_password(
    staff_id: Annotated[str, typer.Argument(help="Account id.")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read it from stdin.")] = False,
    store: StoreOpt = None,
) -> None:
    """Set a new password (ends the account's sessions and tokens; audited: user.password)."""
    from churnguard.retention import open_ops
    from churnguard.retention.accounts import Accounts

    settings, _ = _state().settings(store=store)
    password = _password(True, password_stdin, settings.lang)
    with open_ops(settings, create_keys=True) as ops:
        Accounts(ops).set_password(staff_id, password, audit=_entry("user.password", staff_id))
    typer.echo(t("users.password_set", settings.lang, staff=staff_id))


@audit_app.command("verify")
@_handles_errors
def audit_verify(store: StoreOpt = None) -> None:
    """Check the audit log: the keyed chain, the checkpoints outside the database and the database's
    guards; exit code 1 when an entry was changed, removed or inserted, or a guard is gone."""
    from churnguard.retention import open_ops

    settings, _ = _state().settings(store=store)
    with open_ops(settings) as ops:
        check = ops.verify_audit()
    if not check.intact:
        typer.echo(t("audit.broken", settings.lang, count=len(check.problems)), err=True)
        for message in check.messages(settings.lang):
            typer.echo(f"  - {message}", err=True)
        raise typer.Exit(1)
    typer.echo(t("audit.intact", settings.lang, entries=check.entries, checkpoints=check.checkpoints))


@audit_app.command("rechain")
@_handles_errors
def audit_rechain(store: StoreOpt = None) -> None:
    """Seal the entries written before the audit key under it, once, after upgrading (audited:
    audit.rechain). The next audited action does it too; this does it now."""
    from churnguard.api.state import utc_now
    from churnguard.retention import open_ops

    settings, _ = _state().settings(store=store)
    with open_ops(settings, create_keys=True) as ops:
        sealed = ops.rechain_audit({"at": utc_now(), **_cli_actor()})
    if sealed is None:
        typer.echo(t("audit.nothing_to_rechain", settings.lang))
    else:
        typer.echo(t("audit.rechained", settings.lang, count=sealed))


@audit_app.command("list")
@_handles_errors
def audit_list(
    last: Annotated[int, typer.Option("--last", help="Entries to show, newest first.")] = 20,
    store: StoreOpt = None,
) -> None:
    """The newest audit entries: when (UTC), who, role, from where, action, object, outcome, what changed."""
    from churnguard.retention import open_ops

    settings, _ = _state().settings(store=store)
    with open_ops(settings) as ops:
        rows = ops.audit_entries(limit=last, newest_first=True)
    table = RichTable()
    columns = ("entry_id", "at", "actor", "role", "source", "action", "object", "outcome", "detail")
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(Text(str(row.get(c) or "")) for c in columns))  # as text: a detail's [..] is no markup
    _out().print(table)


@audit_app.command("export")
@_handles_errors
def audit_export(
    out: Annotated[Path, typer.Option("--out", help="The CSV file to write (UTF-8); the sidecar goes beside it.")],
    since: Annotated[
        str | None, typer.Option("--from", help="First day, YYYY-MM-DD, in the operator's time zone.")
    ] = None,
    until: Annotated[str | None, typer.Option("--to", help="Last day (included), YYYY-MM-DD.")] = None,
    store: StoreOpt = None,
) -> None:
    """The audit entries of a period as CSV for a regulator, oldest first, with every column the chain
    covers (so each row can be checked with the key), and beside it ``<out>.verification.json``: the
    whole log's verification, its head, the CSV's SHA-256, signed with the audit key. The export is
    audited. Exit code 1 when the log does not verify (the files are written all the same)."""
    from churnguard.api.state import utc_now
    from churnguard.retention import open_ops
    from churnguard.retention.audit_export import export_audit

    settings, _ = _state().settings(store=store)
    first, last = _day(since, "--from"), _day(until, "--to")
    with open_ops(settings) as ops:
        result = export_audit(
            ops, out, since=first, until=last, timezone=settings.timezone, now=utc_now(), who=_cli_actor()
        )
    typer.echo(t("audit.exported", settings.lang, rows=result.rows, file=out, sidecar=result.sidecar))
    if not result.check.intact:
        typer.echo(t("audit.broken", settings.lang, count=len(result.check.problems)), err=True)
        for message in result.check.messages(settings.lang):
            typer.echo(f"  - {message}", err=True)
        raise typer.Exit(1)


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError("option.invalid", option=option, detail=f"'{value}' is not a date like 2026-01-31") from None
