"""The monthly cycle: train and register a model, manage the registry, score a month, segment it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.table import Table as RichTable

from churnguard.cli.common import RegistryOpt, WarehouseOpt, _bar, _handles_errors, _month, _notices, _out, _state
from churnguard.cli.root import app, models_app
from churnguard.i18n import t

# The pipeline, the steps and the registry (pandas, scikit-learn, DuckDB) are imported inside the commands:
# see cli/common.py.


@app.command()
@_handles_errors
def train(
    as_of: Annotated[str, typer.Option("--as-of", help="Month the model will score, YYYY-MM.")],
    warehouse: WarehouseOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """Backtest the cycle models over rolling origins, train the champion, register it as a new version."""
    from churnguard import pipeline, training
    from churnguard.modeling.registry import Registry

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
    from churnguard.modeling.registry import Registry

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
    import getpass

    from churnguard.modeling.registry import Registry

    settings, _ = _state().settings(registry=registry)

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
    from churnguard import pipeline

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
    from churnguard import pipeline, segmenting

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
