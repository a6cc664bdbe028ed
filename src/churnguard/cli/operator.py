"""The operator's data: simulate a delivery, ingest it, build the monthly mart, look into the warehouse."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table as RichTable

from churnguard.cli.common import SeedOpt, WarehouseOpt, _bar, _err, _handles_errors, _out, _state
from churnguard.cli.root import app, warehouse_app
from churnguard.errors import ConfigError, DataError
from churnguard.i18n import t
from churnguard.months import is_month

# The pipeline, DuckDB and the simulator are imported inside the commands: see cli/common.py.
if TYPE_CHECKING:
    from churnguard import pipeline


@app.command()
@_handles_errors
def simulate(
    out: Annotated[Path, typer.Option("--out", help="Folder for the operator's tables (one folder per table).")],
    subscribers: Annotated[int, typer.Option("--subscribers", help="Lines at the start.")] = 10_000,
    months: Annotated[int, typer.Option("--months", help="Months to simulate.")] = 12,
    start: Annotated[str, typer.Option("--start", help="First month, YYYY-MM.")] = "2025-01",
    seed: SeedOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="parquet or csv.")] = "parquet",
) -> None:
    """Simulate an operator: subscribers, plans, bills, CDRs, payments, status changes, complaints,
    surveys and network quality, with the ground truth apart in OUT/_truth/."""
    from churnguard.data.sim.run import simulate as run_simulation

    settings, _ = _state().settings(seed=seed)
    lang = settings.lang
    bar = _bar()
    task = bar.add_task(t("cli.simulating", lang), total=months)
    done: set[str] = set()

    def step(month: str, lines_done: int, lines_total: int) -> None:
        if lines_done == lines_total and month not in done:
            done.add(month)
            bar.update(task, advance=1, description=f"{t('cli.simulating', lang)} {month}")

    with bar:
        summary = run_simulation(
            out, subscribers=subscribers, months=months, start=start, seed=settings.seed, fmt=fmt, progress=step
        )
    table = RichTable(title=t("cli.sim_title", lang, lines=summary.subscribers, months=len(summary.months)))
    table.add_column(t("cli.col.table", lang))
    table.add_column(t("cli.col.rows", lang), justify="right")
    for name, rows in summary.rows.items():
        table.add_row(name, f"{rows:,}")
    _out().print(table)
    rates = ", ".join(f"{m} {r:.2%}" for m, r in summary.monthly_churn_rate.items())
    typer.echo(t("cli.sim_churn", lang, rates=rates))
    typer.echo(t("cli.wrote", lang, what=t("cli.what.operator", lang), path=out))


@app.command()
@_handles_errors
def ingest(
    folder: Annotated[Path, typer.Argument(help="Delivery folder: one sub-folder (or file) per table.")],
    warehouse: WarehouseOpt = None,
    quarantine: Annotated[
        bool,
        typer.Option("--quarantine", help="Load the good rows; set bad ones aside in quarantine_* tables."),
    ] = False,
    mapping: Annotated[
        Path | None, typer.Option("--mapping", help="TOML file mapping an extract's columns and values.")
    ] = None,
    report: Annotated[
        Path | None, typer.Option("--report", help="CSV file for the problems (default: beside the warehouse).")
    ] = None,
) -> None:
    """Validate a delivery of operator tables and load it into the warehouse, batch by batch, all or nothing."""
    from churnguard import pipeline

    settings, _ = _state().settings(warehouse=warehouse)
    lang = settings.lang
    bar = _bar()
    tasks: dict[str, Any] = {}

    def step(table: str, done: int, total: int) -> None:
        if table not in tasks:
            tasks[table] = bar.add_task(f"{t('ingest.loading', lang)} {table}", total=total)
        bar.update(tasks[table], completed=done)

    with bar:
        delivery = pipeline.ingest(
            folder, settings, mapping=mapping, quarantine=quarantine, report=report, now=datetime.now(), progress=step
        )
    result = delivery.result
    _ingest_summary(result, settings.warehouse, lang)
    if result.ignored:
        typer.echo(t("ingest.ignored", lang, files=", ".join(result.ignored)), err=True)
    if delivery.report is not None:
        _problem_table(result.problems, lang)
        typer.echo(t("ingest.report", lang, path=delivery.report), err=True)
    quarantined = sum(b.rows_quarantined for b in result.batches)
    if quarantined:
        typer.echo(t("ingest.quarantined", lang, rows=f"{quarantined:,}"))
    if result.rejected:
        problems = sum(b.problems.num_rows for b in result.rejected if b.problems is not None)
        raise DataError("ingest.rejected", batches=len(result.rejected), problems=problems, report=delivery.report)


def _ingest_summary(result: pipeline.IngestResult, warehouse: str, lang: str) -> None:
    table = RichTable(title=t("ingest.title", lang, warehouse=warehouse))
    columns = ("rows_in", "rows_loaded", "quarantined", "problems")
    table.add_column(t("cli.col.table", lang))
    for key in ("loaded_batches", "unchanged", "rejected", *columns):
        table.add_column(t("ingest.col." + key, lang), justify="right")
    for name in dict.fromkeys(b.batch.table for b in result.batches):
        mine = [b for b in result.batches if b.batch.table == name]
        counts = [sum(b.status == s for b in mine) for s in ("loaded", "unchanged", "rejected")]
        rows = [
            sum(b.rows_in for b in mine),
            sum(b.rows_loaded for b in mine),
            sum(b.rows_quarantined for b in mine),
            sum(0 if b.problems is None else b.problems.num_rows for b in mine),
        ]
        table.add_row(name, *(f"{n:,}" for n in (*counts, *rows)))
    _out().print(table)


def _problem_table(problems: Any, lang: str, shown: int = 20) -> None:
    from churnguard.data.load import masked_problems

    rows = masked_problems(problems.slice(0, shown), lang)
    table = RichTable(title=t("ingest.problems_title", lang, shown=len(rows), total=problems.num_rows))
    for key in ("ingest.col.file", "ingest.col.line", "cli.col.column", "ingest.col.rule", "cli.col.value"):
        table.add_column(t(key, lang), overflow="fold")
    table.add_column(t("ingest.col.explanation", lang), overflow="fold", ratio=1)
    for row in rows:
        table.add_row(
            row["file"], str(row["line"]), row["column"], row["rule"], str(row["value"]), str(row["explanation"])
        )
    _err().print(table)


class Engine(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


@app.command()
@_handles_errors
def mart(
    month: Annotated[str | None, typer.Option("--month", help="Month to build, YYYY-MM.")] = None,
    months: Annotated[
        str | None, typer.Option("--months", help="A range A..B of months to build instead of one (YYYY-MM..YYYY-MM).")
    ] = None,
    engine: Annotated[
        Engine, typer.Option("--engine", help="Where the features run: duckdb or spark.")
    ] = Engine.duckdb,
    warehouse: WarehouseOpt = None,
) -> None:
    """Build the monthly mart: feat_monthly (features per line and month) and lbl_churn (churn labels)."""
    from churnguard import pipeline

    settings, _ = _state().settings(warehouse=warehouse)
    lang = settings.lang
    if not month and not months:
        raise ConfigError("option.invalid", option="--month", detail="give --month YYYY-MM or --months A..B")
    first = last = month or ""
    if months:
        parts = months.split("..")
        if len(parts) != 2 or not all(is_month(p) for p in parts):
            raise ConfigError("option.invalid", option="--months", detail=f"'{months}': write it as 2025-01..2025-06")
        first, last = parts
    if month and not is_month(month):
        raise ConfigError("option.invalid", option="--month", detail=f"'{month}' is not a month like 2025-03")
    bar = _bar()
    task = bar.add_task(t("mart.building", lang), total=None)

    def step(what: str, done: int, total: int) -> None:
        bar.update(task, completed=done, total=total, description=f"{t('mart.building', lang)}: {what}")

    with pipeline.open_warehouse(settings) as wh, bar:
        run = pipeline.build_mart(
            wh, settings, first=first, last=last, engine=engine.value, now=datetime.now(), progress=step
        )
    table = RichTable(title=t("mart.title", lang, engine=run.engine))
    for key in (
        "mart.col.month",
        "mart.col.lines",
        "mart.col.labelled",
        "mart.col.leave",
        "mart.col.churn",
        "mart.col.active",
        "mart.col.passive",
        "mart.col.latent",
    ):
        table.add_column(t(key, lang), justify="left" if key == "mart.col.month" else "right")
    for m in run.months:
        rates = run.label_rates.get(m)
        kinds = ("leave", "churn", "active", "passive", "latent")
        cells = [f"{rates[k]:.2%}" for k in kinds] if rates else ["-"] * len(kinds)
        table.add_row(m, f"{run.feature_rows[m]:,}", f"{run.label_rows.get(m, 0):,}", *cells)
    _out().print(table)
    if run.pending_labels:
        typer.echo(t("mart.pending", lang, months=", ".join(run.pending_labels)))


@warehouse_app.command("info")
@_handles_errors
def warehouse_info(
    warehouse: WarehouseOpt = None,
    batches: Annotated[int, typer.Option("--batches", help="How many of the latest ingest batches to list.")] = 20,
) -> None:
    """List the warehouse's tables with their rows and months covered, and the latest ingest batches."""
    from churnguard import pipeline

    settings, _ = _state().settings(warehouse=warehouse)
    lang = settings.lang
    with pipeline.open_warehouse(settings, read_only=True) as wh:
        tables = wh.info()
        has_batches = any(info.name == "ingest_batches" for info in tables)
        latest = (
            wh.sql.execute(
                "SELECT table_name, source, status, rows_in, rows_loaded, rows_quarantined, "
                "strftime(finished_at, '%Y-%m-%d %H:%M:%S'), user_name, batch_id "
                "FROM ingest_batches ORDER BY finished_at DESC LIMIT ?",
                [batches],
            ).fetchall()
            if has_batches
            else []
        )
        total = wh.sql.execute("SELECT count(*) FROM ingest_batches").fetchall()[0][0] if has_batches else 0
    table = RichTable(title=t("warehouse.title", lang, warehouse=settings.warehouse))
    for key in ("cli.col.table", "warehouse.col.kind", "cli.col.rows", "warehouse.col.first", "warehouse.col.last"):
        table.add_column(t(key, lang), justify="right" if key == "cli.col.rows" else "left")
    for info in tables:
        table.add_row(info.name, info.kind, f"{info.rows:,}", info.first or "", info.last or "")
    _out().print(table)
    if latest:
        log = RichTable(title=t("warehouse.batches_title", lang, shown=len(latest), total=total))
        for key in (
            "cli.col.table",
            "ingest.col.file",
            "warehouse.col.status",
            "ingest.col.rows_in",
            "ingest.col.rows_loaded",
            "ingest.col.quarantined",
            "warehouse.col.when",
            "warehouse.col.who",
        ):
            log.add_column(t(key, lang))
        log.add_column("batch_id")
        for row in latest:
            log.add_row(*(f"{v:,}" if isinstance(v, int) else str(v) for v in row))
        _out().print(log)
