"""The root app and its command groups, the global options, and ``config show``, which prints what
they resolve to."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table as RichTable

from churnguard import __version__
from churnguard.cli.common import _CURRENT, _handles_errors, _out, _State, _state
from churnguard.i18n import t

app = typer.Typer(
    help="ChurnGuard: find who will leave, why, and what to do — telecom churn management.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
datasets_app = typer.Typer(
    help="Real telecom churn sample data sets (needs churnguard\\[samples]).", no_args_is_help=True
)
config_app = typer.Typer(help="Show settings and where each comes from.", no_args_is_help=True)
warehouse_app = typer.Typer(help="Look into the warehouse: tables, rows, months, batches.", no_args_is_help=True)
models_app = typer.Typer(help="The monthly model registry: versions, champion, promotions.", no_args_is_help=True)
app.add_typer(datasets_app, name="datasets")
app.add_typer(config_app, name="config")
app.add_typer(warehouse_app, name="warehouse")
orders_app = typer.Typer(help="Retention work orders: list them, record contacts and outcomes.", no_args_is_help=True)
app.add_typer(models_app, name="models")
app.add_typer(orders_app, name="orders")


class Lang(StrEnum):
    en = "en"
    zh = "zh"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"churnguard {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Show tracebacks and details.")] = False,
    lang: Annotated[
        Lang | None, typer.Option("--lang", case_sensitive=False, help="Language (default: CHURNGUARD_LANG or locale).")
    ] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Settings file (default ./churnguard.toml).")] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    ctx.obj = _State(verbose, lang.value if lang else None, config)
    _CURRENT.set(ctx.obj)


@config_app.command("show")
@_handles_errors
def config_show() -> None:
    """Print every setting, its value, its source and what it does."""
    from churnguard.config import DESCRIPTIONS_ZH, Settings

    settings, sources = _state().settings()
    table = RichTable()
    lang = settings.lang
    for key in ("cli.col.setting", "cli.col.value", "cli.col.source", "cli.col.description"):
        table.add_column(t(key, lang), overflow="fold")
    for name, info in Settings.model_fields.items():
        table.add_row(
            name,
            json.dumps(getattr(settings, name), ensure_ascii=False),
            sources[name],
            DESCRIPTIONS_ZH[name] if lang == "zh" else info.description or "",
        )
    _out().print(table)
