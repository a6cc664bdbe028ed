"""The keys file: ``keys init``, ``keys show`` (fingerprints only, never a key) and ``keys rotate`` (a new
field key, every encrypted value re-encrypted under it). Key operations are audited."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from churnguard.cli.campaigns import StoreOpt
from churnguard.cli.common import WarehouseOpt, _cli_actor, _handles_errors, _state
from churnguard.cli.root import app
from churnguard.i18n import t

keys_app = typer.Typer(
    help="The keys file (pseudonyms, field encryption, the audit chain): create, show, rotate.", no_args_is_help=True
)
app.add_typer(keys_app, name="keys")

KeyFileOpt = Annotated[
    str | None, typer.Option("--key-file", help="The keys file (default: the setting key_file).", show_default=False)
]


def _audit(settings: object, action: str, detail: dict) -> None:
    from churnguard.api.state import utc_now
    from churnguard.retention import open_ops

    with open_ops(settings) as ops:  # type: ignore[arg-type]
        ops.audit(
            **_cli_actor(),
            action=action,
            object=str(Path(settings.key_file).name),
            outcome="ok",  # type: ignore[attr-defined]
            at=utc_now(),
            detail=detail,
        )


@keys_app.command("init")
@_handles_errors
def keys_init(key_file: KeyFileOpt = None, store: StoreOpt = None) -> None:
    """Make the keys file (owner-only) where the setting key_file points; refused when one is there."""
    from churnguard.errors import ConfigError
    from churnguard.keys import open_keyring

    settings, _ = _state().settings(key_file=key_file, store=store)
    path = Path(settings.key_file)
    if path.exists():
        raise ConfigError("keys.exists", file=str(path))
    ring = open_keyring(path, create=True)
    _audit(settings, "keys.init", {"fingerprint": ring.fingerprint})
    typer.echo(t("keys.created", settings.lang, file=str(path), fingerprint=ring.fingerprint))


@keys_app.command("show")
@_handles_errors
def keys_show(key_file: KeyFileOpt = None) -> None:
    """Where the keys file is, its fingerprint and its field keys' numbers: never a key itself."""
    from churnguard.keys import keyring_of

    settings, _ = _state().settings(key_file=key_file)
    ring = keyring_of(settings)
    typer.echo(
        t(
            "keys.shown",
            settings.lang,
            file=settings.key_file,
            fingerprint=ring.fingerprint,
            current=ring.current,
            keys=", ".join(map(str, sorted(ring.field_keys))),
        )
    )


@keys_app.command("rotate")
@_handles_errors
def keys_rotate(key_file: KeyFileOpt = None, warehouse: WarehouseOpt = None, store: StoreOpt = None) -> None:
    """A new field key; every encrypted value of the warehouse re-encrypted under it, then the old key
    retired. Safe to stop: run it again to finish. Pseudonyms never change (they are the warehouse's keys)."""
    from churnguard.data.rekey import rotate_field_keys
    from churnguard.keys import keyring_of
    from churnguard.pipeline import open_warehouse

    settings, _ = _state().settings(key_file=key_file, warehouse=warehouse, store=store)
    ring = keyring_of(settings)
    with open_warehouse(settings) as wh:
        rotation = rotate_field_keys(wh, ring, Path(settings.key_file))
    _audit(settings, "keys.rotate", {"key": rotation.key, "values": rotation.values})
    typer.echo(t("keys.rotated", settings.lang, key=rotation.key, values=f"{rotation.values:,}"))
