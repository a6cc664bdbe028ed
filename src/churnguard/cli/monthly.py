"""The monthly run from the command line: churnguard run, and the operator demo."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table as RichTable

from churnguard.cli.common import StepBars, WarehouseOpt, _handles_errors, _month, _out, _state
from churnguard.cli.root import app
from churnguard.i18n import t

StoreOpt = Annotated[str | None, typer.Option("--store", help="Operational store: SQLite path or URL.")]


@app.command("run")
@_handles_errors
def run_command(
    month: Annotated[str, typer.Option("--month", help="Month to run, YYYY-MM.")],
    delivery: Annotated[
        Path | None, typer.Option("--from", help="Folder of the month's delivery to ingest first (new batches only).")
    ] = None,
    reports: Annotated[Path, typer.Option("--reports", help="Folder for the month's report.")] = Path("reports"),
    warehouse: WarehouseOpt = None,
    store: StoreOpt = None,
) -> None:
    """The whole month in order, each step recorded: run it again after a stop and it goes on.

    ingest → mart → train (when due) → score → segments → warnings → uplift → act → winback → report."""
    from churnguard.run import run_month  # the whole pipeline: only when a month runs (see cli/common.py)

    settings, _ = _state().settings(warehouse=warehouse, store=store)
    lang = settings.lang
    _month(month, "--month")
    with StepBars(f"[{month}]") as bars:
        result = run_month(
            settings,
            month=month,
            delivery=delivery,
            reports=reports,
            now=datetime.now(),
            progress=bars.step,
            detail=bars.detail,
        )
    table = RichTable(title=t("run.title", lang, month=month))
    for column in ("step", "status", "detail"):
        table.add_column(column)
    for s in result.steps:
        detail = ", ".join(f"{k}={v}" for k, v in s["detail"].items() if not isinstance(v, list))
        table.add_row(s["step"], s["status"], detail[:90])
    _out().print(table)
    typer.echo(t("run.done", lang, month=month, report=str(result.report), campaign=result.campaign or "-"))
