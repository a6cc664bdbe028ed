"""The workflows, each a function shared by the CLI, the API and schedulers.

Snapshot mode: ``load_training`` → ``evaluate`` / ``fit`` → ``predict``. The monthly operator cycle
joins here as its own steps.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from churnguard.config import Settings
from churnguard.data.ingest import FIRST_DATA_ROW, Table, check_output, read_table, write_table
from churnguard.data.load import IngestResult, write_report
from churnguard.data.load import ingest as load_delivery
from churnguard.data.mapping import load_mapping
from churnguard.errors import DataError
from churnguard.explain import baseline_of, contributions, reasons
from churnguard.features.labels import churn_labels
from churnguard.features.monthly import monthly_features
from churnguard.features.snapshot import Notice, Schema, infer_schema, leakage_scan, prepare
from churnguard.i18n import t
from churnguard.keys import keyring_of
from churnguard.modeling.crossval import CHAMPION_RULE, Evaluation, cross_validate
from churnguard.modeling.registry import Bundle, Registry, load_bundle, save_bundle
from churnguard.modeling.risk import risk_cutoffs, risk_tiers
from churnguard.modeling.zoo import make_model
from churnguard.monitoring import Monitoring, monitor
from churnguard.months import shift
from churnguard.scoring import ScoreOptions, score_frame
from churnguard.warehouse import SparkEngine, Warehouse, connect

__all__ = [
    "Delivery",
    "IngestResult",
    "MartRun",
    "Prediction",
    "ScoreRun",
    "Training",
    "build_mart",
    "data_months",
    "evaluate",
    "fit",
    "ingest",
    "load_training",
    "open_warehouse",
    "predict",
    "risk_cutoffs",
    "risk_tiers",
    "score_month",
    "warehouse_exists",
]

Progress = Callable[[str, int], None]
_QUANTILES = np.linspace(0, 1, 1001)


@dataclass
class Training:
    """A labelled customer table made ready for models."""

    table: Table
    schema: Schema
    labels: np.ndarray
    matrix: pd.DataFrame
    notices: list[Notice] = field(default_factory=list)


@dataclass
class Prediction:
    scores: pd.DataFrame
    notices: list[Notice]
    path: Path | None
    bundle: Bundle


def load_training(
    path: str | Path,
    settings: Settings,
    *,
    target: str | None = None,
    positive: str | None = None,
    id_column: str | None = None,
    drop: list[str] | None = None,
    encoding: str | None = None,
) -> Training:
    """Read a labelled table, infer its schema, map the target, build the matrix, scan for leaks."""
    table = read_table(path, encoding=encoding, na_values=settings.na_values)
    schema, labels = infer_schema(
        table.frame,
        file=table.source,
        target=target,
        positive=positive,
        id_column=id_column,
        drop=drop or [],
        max_categories=settings.max_categories,
    )
    matrix, notices = prepare(table.frame, schema, file=table.source)
    for column, auc in leakage_scan(matrix, labels, threshold=settings.leakage_auc):
        notices.append(Notice("warn.leakage", {"column": column, "auc": auc}))
    return Training(table=table, schema=schema, labels=labels, matrix=matrix, notices=notices)


def evaluate(
    training: Training,
    settings: Settings,
    *,
    models: list[str] | None = None,
    progress: Progress | None = None,
) -> Evaluation:
    """Cross-validate the zoo (``models`` or the configured ones) and pick the champion."""
    return cross_validate(
        training.matrix,
        training.labels,
        models or settings.models,
        folds=settings.cv_folds,
        seed=settings.seed,
        threads=settings.threads,
        tune_seconds=settings.tune_seconds,
        file=training.table.source,
        progress=progress,
    )


def _tuning_of(model: object) -> list[dict] | None:
    """The gradient-boosting search of the final model (itself or a blend member), for the card."""
    members = [model] + [m for _, m in getattr(model, "members_", [])]
    return next((m.tuning_ for m in members if hasattr(m, "tuning_")), None)


def fit(
    training: Training,
    settings: Settings,
    model_dir: str | Path,
    *,
    now: datetime,
    models: list[str] | None = None,
    evaluation: Evaluation | None = None,
    progress: Progress | None = None,
) -> tuple[Bundle, Evaluation]:
    """Cross-validate, train the champion on all rows and save it with its model card."""
    evaluation = evaluation or evaluate(training, settings, models=models, progress=progress)
    champion = evaluation.champion
    model = make_model(champion, seed=settings.seed, threads=settings.threads, tune_seconds=settings.tune_seconds)
    model.fit(training.matrix, training.labels)
    oof = evaluation.oof[champion]
    card = {
        "created_at": now.isoformat(timespec="seconds"),
        "model": champion,
        "champion_rule": CHAMPION_RULE,
        "training_file": training.table.source,
        "training_rows": evaluation.rows,
        "training_positives": evaluation.positives,
        "target": {
            "column": training.schema.target.column,
            "positive": training.schema.target.positive,
            "negative": training.schema.target.negative,
        }
        if training.schema.target
        else None,
        "cv": {"folds": evaluation.folds, "seed": evaluation.seed, "metrics": evaluation.metrics},
        "score_quantiles": [round(float(v), 6) for v in np.quantile(oof, _QUANTILES)],
        "baseline": baseline_of(training.matrix),
        "tuning": _tuning_of(model),
    }
    bundle = save_bundle(model_dir, model=model, schema=training.schema, card=card)
    return bundle, evaluation


def predict(
    model_dir: str | Path,
    path: str | Path,
    settings: Settings,
    *,
    out: str | Path | None = None,
    encoding: str | None = None,
    as_of: str | None = None,
) -> Prediction:
    """Score a customer table with a saved bundle: probability, risk tier, reasons and an action.

    ``as_of`` (ISO date) is the day date columns are counted back from; by default the training
    table's latest date (recorded in the bundle), so a customer scores the same alone or in a batch.
    """
    if out:
        check_output(out)
        if Path(out).resolve() == Path(path).resolve():
            raise DataError("file.overwrite_input", file=str(out))
    bundle, notices = load_bundle(model_dir)
    table = read_table(path, encoding=encoding, na_values=settings.na_values)
    schema = bundle.schema
    matrix, more = prepare(table.frame, schema, file=table.source, strict=True, as_of=as_of)
    notices += more
    known = {c.name for c in schema.columns}
    extra = [c for c in table.frame.columns if c not in known]
    if extra:
        notices.append(Notice("warn.extra_columns", {"columns": ", ".join(map(str, extra))}))
    p = bundle.model.predict_proba(matrix)[:, 1]
    high, medium = risk_cutoffs(
        bundle.card["score_quantiles"],
        high_share=settings.high_risk_share,
        medium_share=settings.medium_risk_share,
    )
    tiers = risk_tiers(p, high=high, medium=medium)
    id_name = schema.id_column if schema.id_column in table.frame.columns else "row"
    if schema.id_column and id_name == "row":
        notices.append(Notice("warn.no_id", {"column": schema.id_column}))
    ids = table.frame[id_name] if id_name != "row" else pd.Series(table.frame.index + FIRST_DATA_ROW)
    scores = pd.DataFrame(
        {
            id_name: ids.to_numpy(),
            "churn_probability": np.round(p, 4),
            "risk_tier": tiers,
            "risk_tier_label": [t(f"tier.{tier}", settings.lang) for tier in tiers],
        }
    )
    contrib = contributions(bundle.model, matrix, bundle.card["baseline"])
    why = reasons(contrib, matrix, schema, top=settings.top_reasons, lang=settings.lang)
    scores = pd.concat([scores, why.reset_index(drop=True)], axis=1)
    written = write_table(scores, out) if out else None
    return Prediction(scores=scores, notices=notices, path=written, bundle=bundle)


def warehouse_exists(settings: Settings) -> bool:
    """Whether the settings' warehouse is there to open (a URL is taken to be)."""
    return "://" in settings.warehouse or Path(settings.warehouse).exists()


def open_warehouse(settings: Settings, *, read_only: bool = False) -> Warehouse:
    """The warehouse named by the settings, with their memory cap and threads."""
    return connect(
        settings.warehouse, memory_limit=settings.warehouse_memory, threads=settings.threads, read_only=read_only
    )


@dataclass
class Delivery:
    result: IngestResult
    report: Path | None


def ingest(
    folder: str | Path,
    settings: Settings,
    *,
    mapping: str | Path | None = None,
    quarantine: bool = False,
    report: str | Path | None = None,
    now: datetime,
    progress: Callable[[str, int, int], None] | None = None,
) -> Delivery:
    """Validate and load a delivery folder; every problem goes to a CSV report (default beside the warehouse)."""
    rules = load_mapping(mapping)
    with open_warehouse(settings) as wh:
        result = load_delivery(
            wh,
            folder,
            keyring=keyring_of(settings, create=True),
            mapping=rules,
            quarantine=quarantine,
            progress=progress,
        )
        where = Path(wh.location).parent if wh.location != ":memory:" else Path.cwd()
    path = None
    if result.problems.num_rows:
        path = Path(report) if report else where / "ingest-reports" / f"ingest-{now:%Y%m%dT%H%M%S}.csv"
        write_report(result.problems, path, settings.lang)
    return Delivery(result=result, report=path)


@dataclass
class MartRun:
    engine: str
    months: list[str]
    feature_rows: dict[str, int] = field(default_factory=dict)
    label_rows: dict[str, int] = field(default_factory=dict)
    label_rates: dict[str, dict[str, float]] = field(default_factory=dict)
    pending_labels: list[str] = field(default_factory=list)


def data_months(wh: Warehouse) -> list[str]:
    """The months the warehouse has bills for, oldest first."""
    return [r[0] for r in wh.sql.execute("SELECT DISTINCT month FROM stg_bills ORDER BY 1").fetchall()]


def build_mart(
    wh: Warehouse,
    settings: Settings,
    *,
    first: str,
    last: str | None = None,
    engine: str = "duckdb",
    work: Path | None = None,
    now: datetime,
    progress: Callable[[str, int, int], None] | None = None,
) -> MartRun:
    """Write ``feat_monthly`` and ``lbl_churn`` for the months ``first`` … ``last``.

    Earlier months with data that the trends need (up to three) are built first when absent. Labels of a
    month are written once the months of its horizon are in the mart; the others are listed as pending.
    """
    last = last or first
    available = data_months(wh)
    if first not in available or last not in available or first > last:
        raise DataError("mart.months", first=first, last=last, available=", ".join(available) or "-")
    if wh.mart_outdated():  # built by an earlier version: its months cannot take today's columns
        wh.sql.execute("DROP TABLE IF EXISTS lbl_churn")
        wh.sql.execute("DROP TABLE IF EXISTS feat_monthly")
    built = set(wh.months("feat_monthly")) if engine == "duckdb" else set()
    wanted = [m for m in available if shift(first, -3) <= m <= last]
    todo = [m for m in wanted if m >= first or m not in built]
    spark = (
        SparkEngine(wh, work or Path(wh.location).with_suffix(".spark"), master=settings.spark_master)
        if (engine == "spark")
        else None
    )
    run = MartRun(engine=engine, months=todo)
    try:
        tables = spark.tables if spark else wh.staged()
        # The months that can be labelled are known before any is built: those built, and those to build.
        have = set(wh.months("feat_monthly")) | set(todo)
        earlier = [shift(first, -k) for k in range(settings.churn_horizon, 0, -1)]
        to_label = [m for m in earlier if m in have] + todo
        steps = len(todo) + len(to_label)
        for i, month in enumerate(todo):
            history = spark.history("feat_monthly") if spark else wh.table("feat_monthly")
            if history is not None:
                history = history.filter(history.month.isin([shift(month, -k) for k in (1, 2, 3)]))
            expr = monthly_features(tables, month, history=history)
            if spark:
                run.feature_rows[month] = wh.append_arrow("feat_monthly", spark.run("feat_monthly", expr, month), month)
            else:
                run.feature_rows[month] = wh.replace_month("feat_monthly", expr, month)
            if progress:
                progress(f"features {month}", i + 1, steps)
        for i, month in enumerate(to_label):
            if not all(shift(month, k) in have for k in range(1, settings.churn_horizon + 1)):
                run.pending_labels.append(month)
                continue
            bases = spark.history("feat_monthly") if spark else wh.table("feat_monthly")
            expr = churn_labels(
                tables,
                month,
                bases=bases,
                horizon=settings.churn_horizon,
                arrears_days=settings.arrears_days,
                latent_drop=settings.latent_drop,
            )
            if spark:
                run.label_rows[month] = wh.append_arrow("lbl_churn", spark.run("lbl_churn", expr, month), month)
            else:
                run.label_rows[month] = wh.replace_month("lbl_churn", expr, month)
            if progress:
                progress(f"labels {month}", len(todo) + i + 1, steps)
    finally:
        if spark:
            spark.close()
    for month in run.label_rows:
        row = wh.sql.execute(
            "SELECT avg(leave), avg(churn), avg(churn_active), avg(churn_passive), avg(churn_latent) "
            "FROM lbl_churn WHERE month = ?",
            [month],
        ).fetchall()[0]
        names = ("leave", "churn", "active", "passive", "latent")
        run.label_rates[month] = {k: float(v or 0.0) for k, v in zip(names, row, strict=True)}
    _record_mart(wh, run, now)
    return run


def _record_mart(wh: Warehouse, run: MartRun, now: datetime) -> None:
    """One row per mart run, with the loaded batches it read, so its numbers trace back to deliveries."""
    con = wh.sql
    con.execute(
        "CREATE TABLE IF NOT EXISTS mart_runs (finished_at TIMESTAMP, engine VARCHAR, months VARCHAR, "
        "feature_rows BIGINT, label_rows BIGINT, pending_labels VARCHAR)"
    )
    con.execute("ALTER TABLE mart_runs ADD COLUMN IF NOT EXISTS batches VARCHAR")
    batches = con.execute(
        "SELECT string_agg(batch_id, ',' ORDER BY batch_id) FROM ingest_batches WHERE status = 'loaded'"
    ).fetchall()[0][0]
    con.execute(
        "INSERT INTO mart_runs VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            now.replace(tzinfo=None),
            run.engine,
            ",".join(run.months),
            sum(run.feature_rows.values()),
            sum(run.label_rows.values()),
            ",".join(run.pending_labels),
            batches or "",
        ],
    )


@dataclass
class ScoreRun:
    run_id: str
    month: str
    model_id: str
    scores: pd.DataFrame
    notices: list[Notice]
    monitoring: Monitoring | None = None


def score_month(
    wh: Warehouse, settings: Settings, *, month: str, now: datetime, model_id: str | None = None
) -> ScoreRun:
    """Score every line still on the books at the end of ``month`` with the champion (or ``model_id``)."""
    registry = Registry(settings.registry)
    bundle, notices = registry.load(model_id)
    wh.check_mart()
    months = wh.months("feat_monthly")
    if month not in months:
        raise DataError("score.no_month", file=wh.location, month=month, months=", ".join(months) or "-")
    # The lines open at the month's end: the population the labels and the model cover (house rule 11).
    frame = wh.sql.execute(
        "SELECT * FROM feat_monthly WHERE month = ? AND population <> 'gone' ORDER BY subscriber_id", [month]
    ).df()
    options = ScoreOptions(
        high_share=settings.high_risk_share,
        medium_share=settings.medium_risk_share,
        top_reasons=settings.top_reasons,
        lang=settings.lang,
        margin_rate=settings.margin_rate,
        discount_rate=settings.discount_rate,
        clv_months=settings.clv_months,
        individual_bands=tuple(settings.individual_tier_bands),
        enterprise_bands=tuple(settings.enterprise_tier_bands),
    )
    scores = score_frame(bundle, frame, month=month, options=options)
    run_id = uuid.uuid4().hex[:12]
    scores.insert(0, "run_id", run_id)
    model = bundle.card["bundle_id"]
    tiers = scores["risk_tier"].value_counts()
    run = pd.DataFrame(
        {
            "run_id": [run_id],
            "month": [month],
            "model_id": [model],
            "created_at": [now.replace(tzinfo=None)],
            "rows": [len(scores)],
            "high": [int(tiers.get("high", 0))],
            "medium": [int(tiers.get("medium", 0))],
            "low": [int(tiers.get("low", 0))],
            "mean_p_churn": [float(scores["p_churn"].mean()) if len(scores) else 0.0],
        }
    )
    wh.append({"score_runs": run, "score_monthly": scores})
    registry.record_scoring(month=month, model_id=model, run_id=run_id, now=now.isoformat(timespec="seconds"))
    watched = monitor(wh, bundle, run_id=run_id, month=month, scores=scores, now=now, seed=settings.seed)
    return ScoreRun(run_id, month, model, scores, notices, watched)
