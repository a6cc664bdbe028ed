"""Early warning and retention: warn (rules over the month), act (a campaign's work orders) and winback
(the follow-up of lines gone)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table as RichTable

from churnguard.cli.common import WarehouseOpt, _cli_actor, _handles_errors, _month, _out, _state
from churnguard.cli.root import app, orders_app
from churnguard.errors import ConfigError
from churnguard.i18n import t

# pandas, the pipeline, the rules and the store (SQLAlchemy) are imported inside the commands: see
# cli/common.py.
if TYPE_CHECKING:
    import pandas as pd

    from churnguard.config import Settings


@app.command()
@_handles_errors
def warn(
    month: Annotated[str, typer.Option("--month", help="Month to check, YYYY-MM (its mart must be built).")],
    warehouse: WarehouseOpt = None,
    shown: Annotated[int, typer.Option("--show", help="Warnings to list, most severe first.")] = 10,
) -> None:
    """Run the early-warning rules on a month: fee drops of big customers, usage collapse, arrears,
    contract end, complaints, competitor contact, unusual usage; open and follow win-back files."""
    from churnguard import pipeline
    from churnguard import warnings as early_warning

    settings, _ = _state().settings(warehouse=warehouse)
    lang = settings.lang
    _month(month, "--month")
    with pipeline.open_warehouse(settings) as wh:
        run = early_warning.warn_month(wh, settings, month=month, now=datetime.now())
    w = run.warnings
    files = run.winback
    opened = int((files["status"] == "open").sum()) if len(files) else 0
    typer.echo(t("warn.done", lang, rows=len(w), month=month, run=run.run_id, winback=opened))
    table = RichTable(title=t("warn.by_rule", lang))
    table.add_column(t("warn.col.rule", lang))
    for stage in early_warning.STAGES:
        table.add_column(t(f"warn.stage.{stage}", lang), justify="right")
    counts = w.groupby(["rule", "stage"]).size()
    for rule in [*early_warning.RULES, "churned"]:
        if rule in counts.index.get_level_values(0):
            table.add_row(rule, *[f"{int(counts.get((rule, s), 0)):,}" for s in early_warning.STAGES])
    _out().print(table)
    order = {"high": 0, "medium": 1, "low": 2}
    top = w.assign(_o=w["severity"].map(order)).sort_values(["_o", "stage"]).head(shown)
    listing = RichTable(title=t("warn.top", lang))
    for column in ("party", "who", "tier", "rule", "stage", "severity", "evidence"):
        listing.add_column(column)
    for row in top.itertuples():
        who = row.subscriber_id if row.party == "line" else row.enterprise_id
        listing.add_row(row.party, str(who), str(row.tier), row.rule, row.stage, row.severity, row.evidence)
    _out().print(listing)
    _print_hit_rates(run.hit_rates, lang)


def _print_hit_rates(rates: pd.DataFrame, lang: str) -> None:
    """The rules' hit rates, month by month (``warn_hit_rates``), and the rules to review."""
    import pandas as pd

    from churnguard import warnings as early_warning

    grid, pending = early_warning.hit_rate_grid(rates)
    if grid.empty:
        return
    measured = rates.loc[rates["measured"], "month"]
    latest = measured.max() if len(measured) else "-"
    months = [c for c in grid.columns if c not in ("rule", "lines", "review")]
    table = RichTable(title=t("warn.hits", lang))
    table.add_column(t("warn.col.rule", lang))
    for month in months:
        table.add_column(month, justify="right")
    table.add_column(t("warn.hits.lines", lang, month=latest), justify="right")
    table.add_column(t("warn.hits.review", lang))
    for row in grid.to_dict("records"):
        name = t("warn.hits.base", lang) if row["rule"] == "base" else row["rule"]
        lines = "–" if row["lines"] is None or pd.isna(row["lines"]) else f"{int(row['lines']):,}"
        table.add_row(name, *[row[m] for m in months], lines, "⚑" if row["review"] else "")
    _out().print(table)
    if pending:
        typer.echo(t("warn.hits.pending", lang, months=", ".join(pending)))
    flagged = list(grid.loc[grid["review"], "rule"])
    if flagged:
        typer.echo(t("warn.hits.flagged", lang, rules=", ".join(flagged)))


def _capacity(values: list[str], default: dict[str, int]) -> dict[str, int]:
    out = dict(default)
    for value in values:
        name, _, number = value.partition("=")
        if not name or not number.isdigit():
            raise ConfigError("act.capacity", value=value)
        out[name.strip()] = int(number)
    return out


@app.command()
@_handles_errors
def act(
    month: Annotated[str, typer.Option("--month", help="Month whose scores the campaign works from, YYYY-MM.")],
    budget: Annotated[float | None, typer.Option("--budget", help="Money for offers and contacts (CNY).")] = None,
    capacity: Annotated[
        list[str] | None,
        typer.Option("--capacity", help="Contacts a channel can make, CHANNEL=N (vip_manager, call_centre, sms)."),
    ] = None,
    policy: Annotated[
        str | None,
        typer.Option(
            "--policy",
            help="auto (uplift once a model is trained, else expected_value), expected_value, uplift or top_risk.",
        ),
    ] = None,
    offers: Annotated[
        Path | None, typer.Option("--offers", help="TOML file of offers replacing the built-in catalogue.")
    ] = None,
    warehouse: WarehouseOpt = None,
    store: Annotated[str | None, typer.Option("--store", help="Operational store: SQLite path or URL.")] = None,
) -> None:
    """Plan the month's retention campaign and write its work orders to the store.

    Every scored line is valued with its best offer (by expected value, or by predicted uplift once a model
    is trained), the lines to work are chosen within the budget and channel capacities, and a control
    group is held out."""
    from churnguard import pipeline
    from churnguard.retention import open_ops
    from churnguard.retention.orders import act_month

    settings, _ = _state().settings(
        warehouse=warehouse, store=store, act_policy=policy, offers_file=str(offers) if offers else None
    )
    lang = settings.lang
    _month(month, "--month")
    limits = _capacity(capacity or [], settings.act_capacity)
    money = settings.act_budget if budget is None else budget
    with pipeline.open_warehouse(settings, read_only=True) as wh, open_ops(settings, create_keys=True) as ops:
        run = act_month(wh, ops, settings, month=month, budget=money, capacity=limits, now=datetime.now())
    model = f" (uplift model {run.uplift_model})" if run.uplift_model else ""
    typer.echo(t("act.policy", lang, policy=run.policy, model=model))
    if run.harmful:
        typer.echo(t("act.harmful", lang, count=run.harmful))
    if run.left_alone:
        typer.echo(t("act.left_alone", lang, count=run.left_alone, months=settings.save_months))
    if run.unassigned:
        typer.echo(t("act.unassigned", lang, count=run.unassigned, cap=settings.manager_workload), err=True)
    s = run.selection
    typer.echo(
        t(
            "act.done",
            lang,
            campaign=run.campaign_id,
            month=month,
            orders=len(run.orders),
            control=len(run.control),
            value=s.value,
            bound=s.bound,
            gap=s.gap,
            spend=s.spend,
            budget=money,
        )
    )
    table = RichTable(title="work orders by channel")
    for column in ("channel", "orders", "owners", "expected value"):
        table.add_column(column)
    for channel, part in run.orders.groupby("channel"):
        table.add_row(str(channel), f"{len(part):,}", f"{part['owner_id'].nunique():,}", f"{part['value'].sum():,.0f}")
    _out().print(table)


@app.command()
@_handles_errors
def winback(
    month: Annotated[str, typer.Option("--month", help="Month whose win-back files to follow up, YYYY-MM.")],
    budget: Annotated[
        float | None, typer.Option("--budget", help="Money for come-back offers and contacts (CNY).")
    ] = None,
    capacity: Annotated[
        list[str] | None,
        typer.Option("--capacity", help="Contacts a channel can make, CHANNEL=N (vip_manager, call_centre, sms)."),
    ] = None,
    offers: Annotated[
        Path | None,
        typer.Option("--offers", help="TOML file of offers; its first with reason 'winback' is the come-back offer."),
    ] = None,
    warehouse: WarehouseOpt = None,
    store: Annotated[str | None, typer.Option("--store", help="Operational store: SQLite path or URL.")] = None,
) -> None:
    """Follow up the lines gone: close the win-back orders whose customer came back or whose file closed,
    and plan work orders for the month's new win-back files within the budget, a control group held out.

    Run after `churnguard warn --month` (which keeps the files); lists every win-back campaign's
    return rate, treated against control."""
    from churnguard import pipeline
    from churnguard.retention import open_ops
    from churnguard.retention.orders import load_offers
    from churnguard.retention.winback import winback_month, winback_results

    settings, _ = _state().settings(warehouse=warehouse, store=store, offers_file=str(offers) if offers else None)
    lang = settings.lang
    _month(month, "--month")
    limits = _capacity(capacity or [], settings.act_capacity)
    catalog = load_offers(settings.offers_file) if settings.offers_file else ()
    with pipeline.open_warehouse(settings, read_only=True) as wh, open_ops(settings, create_keys=True) as ops:
        run = winback_month(
            wh, ops, settings, month=month, now=datetime.now(), budget=budget, capacity=limits, offers=catalog
        )
        results = winback_results(wh, ops)
    typer.echo(t("winback.closed", lang, returned=run.returned, cancelled=run.cancelled))
    if run.campaign_id is None:
        typer.echo(t("winback.none", lang, month=month, files=run.files))
    else:
        s = run.selection
        typer.echo(
            t(
                "winback.done",
                lang,
                campaign=run.campaign_id,
                month=month,
                files=run.files,
                orders=len(run.orders),
                control=len(run.control),
                value=s.value,
                spend=s.spend,
            )
        )
    if len(results):
        table = RichTable(title=t("winback.results", lang))
        for column in ("campaign", "month", "treated", "control", "back (treated)", "back (control)", "lift [95 % CI]"):
            table.add_column(column)
        for r in results.itertuples():
            table.add_row(
                r.campaign_id,
                r.month,
                f"{r.treated:,}",
                f"{r.control:,}",
                f"{r.returned_treated:.1%}",
                f"{r.returned_control:.1%}",
                f"{r.lift:+.1%} [{r.lift_low:+.1%}, {r.lift_high:+.1%}]",
            )
        _out().print(table)


StoreOpt = Annotated[str | None, typer.Option("--store", help="Operational store: SQLite path or URL.")]
_CLOSING = {
    "accepted": "done",
    "declined": "done",
    "no_answer": "in_progress",
    "follow_up": "in_progress",
    "do_not_contact": "done",
}


def _settings(store: str | None) -> Settings:
    """The settings, with the store named by --store (else by the settings, which validate and record where
    it came from)."""
    return _state().settings(store=store)[0]


@orders_app.command("list")
@_handles_errors
def orders_list(
    campaign: Annotated[str | None, typer.Option("--campaign", help="Only this campaign's orders.")] = None,
    owner: Annotated[str | None, typer.Option("--owner", help="Only this account manager's orders.")] = None,
    status: Annotated[str | None, typer.Option("--status", help="open, in_progress, done or cancelled.")] = None,
    store: StoreOpt = None,
) -> None:
    """List work orders, earliest due first."""
    from churnguard.retention import open_ops

    with open_ops(_settings(store)) as ops:
        found = ops.orders(campaign_id=campaign, owner_id=owner, status=status)
    table = RichTable(title=f"{len(found):,} work orders")
    for column in ("order", "subscriber", "channel", "owner", "status", "due", "offer", "value", "version"):
        table.add_column(column)
    for o in found:
        table.add_row(
            o["order_id"],
            o["subscriber_id"],
            o["channel"],
            str(o["owner_id"] or "-"),
            o["status"],
            str(o["due_date"]),
            str(o["offer_id"] or "-"),
            f"{o['expected_value'] or 0:,.0f}",
            str(o["version"]),
        )
    _out().print(table)


@orders_app.command("contact")
@_handles_errors
def orders_contact(
    order: Annotated[str, typer.Argument(help="Work order id.")],
    reached: Annotated[bool, typer.Option("--reached/--not-reached", help="Whether the customer was reached.")],
    staff: Annotated[str | None, typer.Option("--staff", help="Who made the contact.")] = None,
    channel: Annotated[str, typer.Option("--channel", help="phone, visit, sms, app …")] = "phone",
    note: Annotated[str | None, typer.Option("--note", help="What was said.")] = None,
    store: StoreOpt = None,
) -> None:
    """Record a contact attempt on a work order."""
    from churnguard.retention import open_ops

    now = datetime.now(UTC).replace(tzinfo=None)
    who = _cli_actor()
    with open_ops(_settings(store), create_keys=True) as ops:
        ops.record_contact(order, staff_id=staff, channel=channel, reached=reached, at=now, note=note)
        current = ops.order(order)
        if current["status"] == "open":
            audit = who | {"action": "order.update", "object": order, "outcome": "ok"}
            ops.update_order(order, version=current["version"], now=now, status="in_progress", audit=audit)
        detail = {"staff": staff, "channel": channel, "reached": reached}
        ops.audit(**who, action="order.contact", object=order, outcome="ok", at=now, detail=detail)
    typer.echo(f"{order}: contact recorded ({'reached' if reached else 'not reached'}).")


@orders_app.command("outcome")
@_handles_errors
def orders_outcome(
    order: Annotated[str, typer.Argument(help="Work order id.")],
    result: Annotated[
        str,
        typer.Option(
            "--result",
            help="accepted, declined, no_answer, follow_up or do_not_contact (asked not to be contacted again).",
        ),
    ],
    reason: Annotated[str | None, typer.Option("--reason", help="The reason the customer gave.")] = None,
    follow_up: Annotated[str | None, typer.Option("--follow-up", help="Date to follow up, YYYY-MM-DD.")] = None,
    staff: Annotated[str | None, typer.Option("--staff", help="Who recorded it.")] = None,
    store: StoreOpt = None,
) -> None:
    """Record the outcome of a work order; accepted or declined closes it, the others keep it open."""
    from churnguard.retention import open_ops

    now = datetime.now(UTC).replace(tzinfo=None)
    when = None
    if follow_up is not None:
        try:
            when = date.fromisoformat(follow_up)
        except ValueError:
            raise ConfigError(
                "option.invalid", option="--follow-up", detail=f"'{follow_up}' is not a date like 2026-01-31"
            ) from None
    with open_ops(_settings(store), create_keys=True) as ops:
        before = ops.order(order)["status"]
        ops.record_outcome(
            order, result=result, at=now, reason_given=reason, follow_up_on=when, status=_CLOSING.get(result)
        )
        detail = {"staff": staff, "result": result, "status": [before, _CLOSING.get(result, before)]}
        ops.audit(**_cli_actor(), action="order.outcome", object=order, outcome="ok", at=now, detail=detail)
    typer.echo(f"{order}: {result} recorded; the order is {_CLOSING[result].replace('_', ' ')}.")
