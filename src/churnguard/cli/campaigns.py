"""What campaigns achieved: outcomes (lift, ROI, scorecards), simulate-outcomes, uplift; the monthly report."""

from __future__ import annotations

import io
import json
import math
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table as RichTable

from churnguard.cli.common import RegistryOpt, WarehouseOpt, _handles_errors, _month, _notices, _out, _state
from churnguard.cli.root import app
from churnguard.errors import ConfigError, DataError
from churnguard.i18n import t
from churnguard.months import shift

# pandas, the pipeline, the store (SQLAlchemy) and the reports (Jinja, openpyxl) are imported inside the
# commands: see cli/common.py.
if TYPE_CHECKING:
    import pandas as pd

    from churnguard.config import Settings

StoreOpt = Annotated[str | None, typer.Option("--store", help="Operational store: SQLite path or URL.")]
CampaignOpt = Annotated[str, typer.Option("--campaign", help="Campaign id (C…), as act printed it.")]


def _pct(value: float) -> str:
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.1%}"


def _money(value: float) -> str:
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:,.0f}"


def _lift(row: pd.Series) -> str:
    if math.isnan(row["lift"]):
        return "-"
    return f"{row['lift']:+.2%} [{row['lift_low']:+.2%}, {row['lift_high']:+.2%}]"


def _saved(row: pd.Series) -> str:
    if math.isnan(row["saved"]):
        return "-"
    return f"{row['saved']:+,.1f} [{row['saved_low']:+,.1f}, {row['saved_high']:+,.1f}]"


def _plain(value: object) -> object:
    """JSON has no NaN: a number that is not known is null."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@app.command("simulate-outcomes")
@_handles_errors
def simulate_outcomes(
    campaign: CampaignOpt,
    delivery: Annotated[
        Path, typer.Option("--from", help="The simulated operator's folder (what 'simulate --out' wrote).")
    ],
    store: StoreOpt = None,
) -> None:
    """Play a campaign forward on a simulated operator: contacts, outcomes, follow-up.

    Every open order is worked (contact, reached, accepted or declined) and each member's follow-up at
    30/60/90 days is recorded from the hidden truth."""
    from churnguard.retention import open_ops
    from churnguard.retention.followup import simulate_followup

    settings, _ = _state().settings(store=store)
    now = datetime.now()
    with open_ops(settings, create_keys=True) as ops:
        played = simulate_followup(ops, delivery, campaign, seed=settings.seed, now=now)
    horizons = ", ".join(f"{d} d" for d in played.horizons) or "-"
    typer.echo(
        t(
            "outcomes.simulated",
            settings.lang,
            campaign=campaign,
            month=played.month,
            orders=played.orders,
            reached=played.reached,
            accepted=played.accepted,
            members=len(played.members),
            horizons=horizons,
        )
    )


def _campaign_list(ops: object, lang: str) -> None:
    table = RichTable(title=t("outcomes.list", lang))
    for column in ("campaign", "month", "policy", "budget", "control share", "created"):
        table.add_column(column)
    for c in ops.campaigns():
        table.add_row(
            c["campaign_id"],
            c["month"],
            str(c["policy"] or "-"),
            f"{float(c['budget']):,.0f}",
            f"{c['control_share']:.0%}",
            str(c["created_at"])[:16],
        )
    _out().print(table)


@app.command()
@_handles_errors
def outcomes(
    campaign: Annotated[str | None, typer.Option("--campaign", help="Campaign id (C…), as act printed it.")] = None,
    listing: Annotated[bool, typer.Option("--list", help="List the campaigns in the store and stop.")] = False,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the figures to this JSON file.")] = None,
    warehouse: WarehouseOpt = None,
    store: StoreOpt = None,
) -> None:
    """A campaign's result against its control group: lift, customers saved, ROI, scorecards.

    Retention at 30/60/90 days, customers saved with a 95 % interval, value and revenue saved, cost and
    ROI, by channel, offer and tier, and account managers' scorecards. Follow-up not recorded yet is read
    from the warehouse's status changes."""
    from churnguard import pipeline
    from churnguard.data.ingest import write_bytes
    from churnguard.retention import open_ops
    from churnguard.retention.followup import campaign_report, observe_followup

    settings, _ = _state().settings(warehouse=warehouse, store=store)
    lang = settings.lang
    with open_ops(settings, create_keys=True) as ops:
        if listing or campaign is None:
            _campaign_list(ops, lang)
            return
        info = ops.campaign(campaign)
        if info["policy"] == "winback":
            raise DataError("outcomes.winback", campaign=campaign, month=info["month"])
        if pipeline.warehouse_exists(settings):
            with pipeline.open_warehouse(settings, read_only=True) as wh:
                observe_followup(wh, ops, campaign, now=datetime.now())
        report = campaign_report(ops, campaign)
    members = report.members
    treated = members[members["arm"] == "treated"] if len(members) else members
    typer.echo(
        t(
            "outcomes.title",
            lang,
            campaign=campaign,
            month=info["month"],
            policy=info["policy"] or "-",
            treated=len(treated),
            control=len(members) - len(treated),
            contacted=int(treated["attempted"].sum()) if len(treated) else 0,
            reached=int(treated["reached"].sum()) if len(treated) else 0,
            accepted=int(treated["accepted"].sum()) if len(treated) else 0,
        )
    )
    if members.empty:
        typer.echo(t("outcomes.no_members", lang, campaign=campaign, month=info["month"]))
        return
    if report.horizon is None:
        after = shift(info["month"], 1)
        typer.echo(t("outcomes.none_known", lang, campaign=campaign, month=info["month"]))
        typer.echo(t("outcomes.none_known.hint", lang, next=after))
        return
    c = lambda key: t(f"outcomes.col.{key}", lang)  # noqa: E731
    table = RichTable()
    for key in ("horizon", "treated", "control", "retention_treated", "retention_control", "lift", "saved"):
        table.add_column(c(key), justify="right")
    for key in ("value_saved", "revenue_saved", "cost", "roi"):
        table.add_column(c(key), justify="right")
    for _, r in report.results.iterrows():
        table.add_row(
            str(int(r["horizon_days"])),
            f"{int(r['treated']):,}",
            f"{int(r['control']):,}",
            _pct(r["retention_treated"]),
            _pct(r["retention_control"]),
            _lift(r),
            _saved(r),
            _money(r["value_saved"]),
            _money(r["revenue_saved"]),
            _money(r["cost"]),
            _pct(r["roi"]),
        )
    _out().print(table)
    for by, frame in report.by.items():
        part = RichTable(title=t("outcomes.by", lang, by=by, horizon=report.horizon))
        for key in ("group", "treated", "control", "retention_treated", "retention_control", "lift", "cost"):
            part.add_column(c(key), justify="right")
        for _, r in frame.iterrows():
            part.add_row(
                str(r[by]),
                f"{int(r['treated']):,}",
                f"{int(r['control']):,}",
                _pct(r["retention_treated"]),
                _pct(r["retention_control"]),
                _lift(r),
                _money(r["cost"]),
            )
        _out().print(part)
    cards = RichTable(title=t("outcomes.cards", lang, horizon=report.horizon))
    keys = ["owner", "orders", "reach_rate", "accept_rate", *(["on_time"] if "on_time" in report.scorecards else [])]
    for key in (*keys, "retention_treated", "lift"):
        cards.add_column(c(key), justify="right")
    for _, r in report.scorecards.iterrows():
        cards.add_row(
            str(r["owner_id"]),
            f"{int(r['orders']):,}",
            _pct(r["reach_rate"]),
            _pct(r["accept_rate"]),
            *([_pct(r["on_time"])] if "on_time" in report.scorecards else []),
            _pct(r["retention_treated"]),
            _lift(r),
        )
    _out().print(cards)
    if json_out is not None:
        figures = {
            "campaign": {k: None if v is None else str(v) for k, v in info.items()},
            "results": report.results.to_dict("records"),
            "by": {k: v.to_dict("records") for k, v in report.by.items()},
            "scorecards": report.scorecards.to_dict("records"),
        }
        text = json.dumps(_plain(figures), indent=2, default=str, ensure_ascii=False, allow_nan=False)
        write_bytes(text.encode("utf-8"), json_out)


@app.command()
@_handles_errors
def uplift(
    month: Annotated[str, typer.Option("--month", help="Month whose campaigns the model will plan, YYYY-MM.")],
    warehouse: WarehouseOpt = None,
    store: StoreOpt = None,
) -> None:
    """Learn uplift from earlier campaigns' treated and control members.

    The 30-day follow-up known by the month trains the uplift model (setting uplift_learner): by default
    through the answers contacted customers gave (who accepts, who asks not to be called), scaled by
    the control groups, with the offer catalogue's promise as the prior; two_model recalibrates the
    churn score on each arm. act then targets by predicted uplift and leaves alone the lines that
    contact would drive away."""
    from churnguard import pipeline
    from churnguard.retention import open_ops
    from churnguard.retention.uplift import fit_uplift

    settings, _ = _state().settings(warehouse=warehouse, store=store)
    _month(month, "--month")
    with pipeline.open_warehouse(settings, read_only=True) as wh, open_ops(settings, create_keys=True) as ops:
        card = fit_uplift(wh, ops, settings, month=month, now=datetime.now())
    low, high = card["measured_lift_ci"]
    typer.echo(
        t(
            "uplift.done",
            settings.lang,
            model=card["bundle_id"],
            month=month,
            campaigns=len(card["campaigns"]),
            treated=card["treated"],
            control=card["control"],
            lift=card["measured_lift"],
            low=low,
            high=high,
            predicted=card["mean_predicted_uplift_treated"],
            harmful=card["share_predicted_harmful"],
        )
    )
    if "kappa" in card:
        parts = {k: card[k] for k in ("kappa", "kappa_se", "eta", "eta_se")}
        typer.echo(t("uplift.answers", settings.lang, **parts))


@app.command()
@_handles_errors
def report(
    month: Annotated[str, typer.Option("--month", help="Month to report, YYYY-MM (its data must be loaded).")],
    fmt: Annotated[str, typer.Option("--format", help="html (one self-contained file) or xlsx.")] = "html",
    kind: Annotated[
        str, typer.Option("--kind", help="monthly (the churn report) or model (the churn model's report).")
    ] = "monthly",
    out: Annotated[
        Path | None, typer.Option("--out", help="File to write (default: churn-report-MONTH.FORMAT).")
    ] = None,
    warehouse: WarehouseOpt = None,
    store: StoreOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """The monthly churn report (or the model report) as one HTML file or an Excel workbook.

    Base movement (new, churned by kind, closing base), churn rate against its target by region, plan,
    customer type, tier and stage with a six-month trend; high-value retention; why they left and model
    health; warnings and win-back; campaigns and scorecards; complaints and surveys. --kind model: the
    churn model on the month's realised churn (ROC, gains and lift, calibration), what it leans on, its
    versions and realised accuracy, and feature drift (from the model registry: --registry)."""
    from churnguard import pipeline
    from churnguard.data.ingest import write_bytes
    from churnguard.reports import monthly_report
    from churnguard.reports.render import excel_workbook, html_document
    from churnguard.retention import open_ops

    settings, _ = _state().settings(warehouse=warehouse, store=store, registry=registry)
    lang = settings.lang
    _month(month, "--month")
    if fmt not in ("html", "xlsx"):
        raise ConfigError("option.invalid", option="--format", detail=f"'{fmt}': use html or xlsx")
    if kind not in ("monthly", "model"):
        raise ConfigError("option.invalid", option="--kind", detail=f"'{kind}': use monthly or model")
    if kind == "model":
        _model_report(settings, month, fmt, out or Path(f"model-report-{month}.{fmt}"))
        return
    target = out or Path(f"churn-report-{month}.{fmt}")
    ops = open_ops(settings, create_keys=True) if "://" in settings.store or Path(settings.store).exists() else None
    try:
        with pipeline.open_warehouse(settings, read_only=True) as wh:
            built = monthly_report(wh, ops, settings, month=month)
    finally:
        if ops is not None:
            ops.close()
    if ops is None:
        built.notes.append("no_store")
    if fmt == "html":
        text = html_document(built, lang=lang, warehouse=settings.warehouse, now=datetime.now())
        write_bytes(text.encode("utf-8"), target)
    else:
        buffer = io.BytesIO()
        excel_workbook(built, lang=lang).save(buffer)
        write_bytes(buffer.getvalue(), target)
    s = built.summary
    typer.echo(
        t(
            "report.done",
            lang,
            month=month,
            file=str(target),
            opening=s["opening"],
            new=s["new"],
            churned=s["churned"],
            closing=s["closing"],
            rate=s["churn_rate"],
            target=s["churn_target"],
        )
    )


def _model_report(settings: Settings, month: str, fmt: str, target: Path) -> None:
    from churnguard import pipeline
    from churnguard.data.ingest import write_bytes
    from churnguard.features.snapshot import Notice
    from churnguard.reports.model import model_report
    from churnguard.reports.model_render import model_html, model_workbook

    with pipeline.open_warehouse(settings, read_only=True) as wh:
        built = model_report(wh, settings, month=month)
    # What the registry could not give is a note in the report; say it here too, with the folder read.
    missing = [n for n in built.notes if n in ("no_registry", "not_registered", "no_bundle")]
    _notices(
        [Notice(f"report.{n}", {"dir": settings.registry, "model": built.model_id}) for n in missing], settings.lang
    )
    if fmt == "html":
        data = model_html(built, lang=settings.lang, warehouse=settings.warehouse, now=datetime.now()).encode()
    else:
        buffer = io.BytesIO()
        model_workbook(built, lang=settings.lang).save(buffer)
        data = buffer.getvalue()
    write_bytes(data, target)
    s = built.summary
    typer.echo(
        t(
            "report.model_done",
            settings.lang,
            month=month,
            file=str(target),
            model=built.model_id,
            auc=s.get("roc_auc", float("nan")),
            lift=s.get("top_decile_lift", float("nan")),
        )
    )
