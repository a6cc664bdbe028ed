"""A month's retention campaign: from the scoring run and the warnings to work orders in the store.

``act_month`` takes the month's latest scoring run, leaves out lines gone this month and lines that
already have an open work order, values every line with its best offer (:mod:`.policy`), chooses the
lines to work within the budget and each channel's capacity, holds out a stratified random control
group of the chosen (never contacted, so the campaign's lift can be measured), and writes the
campaign, its members and one work order per treated line: the owner is the line's own account
manager when it has one, else the VIP manager with the fewest open orders (call centre and SMS orders
go to those queues) — an account manager at the workload cap (``manager_workload`` open orders) hands
new orders to the least busy colleague under it, and when all are full the order waits unassigned; the
due date follows the tier's service level.

The policy (``act_policy``): ``expected_value`` values a line as p_churn × P(saved | offer) × CLV − costs
with the save rates of the offer catalogue; ``uplift`` uses the uplift model learnt from earlier
campaigns instead (customers whom contact is predicted to drive away are never chosen); ``auto`` (the
default) takes uplift once a model has been trained, expected value before; ``top_risk`` is the naive
policy kept for comparison. Every member records what it was, or in control would have been, given.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from churnguard.config import Settings
from churnguard.contracts import GONE_STATUSES, sql_list
from churnguard.errors import DataError
from churnguard.i18n import t
from churnguard.retention.policy import (
    CHANNEL_COSTS,
    Effect,
    Offer,
    Selection,
    by_risk,
    candidates,
    choose,
    control_group,
    load_offers,
    offer_catalogue,
)
from churnguard.retention.store import Store
from churnguard.retention.uplift import effect_of, latest_uplift, month_features
from churnguard.segments import SERVICE_LEVELS
from churnguard.warehouse import Warehouse

__all__ = [
    "POLICIES",
    "ActRun",
    "act_month",
    "load_offers",
    "not_to_contact",
    "offer_holds",
    "with_arrears",
    "write_campaign",
]

POLICIES = ("auto", "expected_value", "uplift", "top_risk")


@dataclass
class ActRun:
    campaign_id: str
    month: str
    selection: Selection
    orders: pd.DataFrame  # treated lines with owner, channel, offer, due date, value
    control: pd.DataFrame  # held-out lines
    policy: str = "expected_value"
    uplift_model: str | None = None  # the uplift model's id when the policy used one
    harmful: int = 0  # lines the uplift model expects contact to drive away (never chosen)
    unassigned: int = 0  # VIP orders left without an owner: every account manager at the workload cap
    left_alone: int = 0  # lines not contacted: asked not to be, or an accepted offer still holds


def _scores(wh: Warehouse, month: str) -> pd.DataFrame:
    run = wh.latest_run("score_runs", month)
    if run is None:
        raise DataError("act.no_scores", month=month, file=wh.location)
    scores = wh.sql.execute("SELECT * FROM score_monthly WHERE run_id = ?", [run["run_id"]]).df()
    managers = wh.sql.execute("SELECT subscriber_id, account_manager_id FROM stg_subscribers").df()
    return scores.merge(managers, on="subscriber_id", how="left")


_ARREARS_SQL = f"""
WITH suspended AS (
    SELECT subscriber_id, month FROM feat_monthly WHERE suspended_arrears_now = 1 AND month < ?
), left_next AS (
    SELECT DISTINCT subscriber_id, strftime(timestamp, '%Y-%m') AS month FROM stg_status_changes
    WHERE to_status IN {sql_list(GONE_STATUSES)}
)
SELECT count(*) AS lines, count(l.subscriber_id) AS let_go
FROM suspended s LEFT JOIN left_next l ON l.subscriber_id = s.subscriber_id
    AND l.month = strftime(CAST(s.month || '-01' AS DATE) + INTERVAL 1 MONTH, '%Y-%m')
"""
ARREARS_MIN_LINES = 30  # suspended line-months of history before their let-go rate is trusted


def with_arrears(wh: Warehouse, pool: pd.DataFrame, month: str, *, lang: str = "en") -> pd.DataFrame:
    """Lines suspended for arrears at the end of ``month`` valued as what they are: on their way to
    passive churn. The churn labels count the suspension itself as the churn, so the model never
    learns what becomes of a line already suspended and rates it as safe; its chance of leaving next
    month is instead the share of suspended lines the operator let go the month after, in the months
    before (``month`` itself excluded: its next month is not known), and its reason is arrears (a payment
    plan answers it), said first among its reasons. Without enough history the scores are kept as
    they are."""
    if pool.empty or not (wh.has("feat_monthly") and wh.has("stg_status_changes")):
        return pool
    lines, let_go = wh.sql.execute(_ARREARS_SQL, [month]).fetchone()
    if lines < ARREARS_MIN_LINES:
        return pool
    now = wh.sql.execute(
        "SELECT subscriber_id FROM feat_monthly WHERE month = ? AND suspended_arrears_now = 1", [month]
    ).df()["subscriber_id"]
    on = pool["subscriber_id"].isin(now).to_numpy()
    out = pool.copy()
    out.loc[on, "p_churn"] = np.maximum(out.loc[on, "p_churn"].to_numpy(float), let_go / lines)
    out.loc[on, "reason_1_category"] = "arrears"
    if "reason_1_direction" in out:
        out.loc[on, "reason_1_direction"] = "up"
    if "reason_1" in out:
        for k in (3, 2):  # the model's reasons move down one place
            if f"reason_{k}" in out:
                out.loc[on, f"reason_{k}"] = out.loc[on, f"reason_{k - 1}"]
        out.loc[on, "reason_1"] = t("act.arrears_reason", lang, share=let_go / lines)
    return out


def with_payment_type(wh: Warehouse, pool: pd.DataFrame, month: str) -> pd.DataFrame:
    """``pool`` with ``is_prepaid`` from ``month``'s mart: offers may be for one payment type only (a
    payment plan is for lines that owe), and a prepaid line's payment reasons are answered by the tariff."""
    if pool.empty or "is_prepaid" in pool or not wh.has("feat_monthly"):
        return pool
    paying = wh.sql.execute("SELECT subscriber_id, is_prepaid FROM feat_monthly WHERE month = ?", [month]).df()
    return pool.merge(paying, on="subscriber_id", how="left")


def _warnings(wh: Warehouse, month: str) -> pd.DataFrame:
    if not wh.has("warn_monthly"):
        return pd.DataFrame(columns=["subscriber_id", "rules", "gone"])
    rows = wh.sql.execute(
        "SELECT subscriber_id, list(DISTINCT rule ORDER BY rule) AS rules, bool_or(stage = 'after') AS gone "
        "FROM warn_monthly WHERE month = ? AND party = 'line' GROUP BY subscriber_id",
        [month],
    ).df()
    return rows


def act_month(
    wh: Warehouse,
    store: Store,
    settings: Settings,
    *,
    month: str,
    budget: float,
    capacity: dict[str, int],
    now: datetime,
    offers: Sequence[Offer] | None = None,
    policy: str | None = None,
    effect: Effect | None = None,
    by: str = "system",
) -> ActRun:
    """Plan the month's campaign and write it to the store (campaign, members, work orders).

    ``policy`` defaults to the settings' ``act_policy``; ``effect`` (the fall in P(leave) per line and
    offer) overrides the uplift model, for a benchmark's oracle."""
    policy = policy or settings.act_policy
    if offers is None:
        offers = offer_catalogue(settings.offers_file)
    if policy not in POLICIES:
        raise DataError("option.invalid", option="--policy", detail=f"'{policy}': use one of {', '.join(POLICIES)}")
    scores = _scores(wh, month)
    warned = _warnings(wh, month)
    working = [o for s in ("open", "in_progress") for o in store.orders(status=s)]
    open_now = {o["subscriber_id"] for o in working}
    gone = set(warned.loc[warned["gone"].fillna(False).astype(bool), "subscriber_id"])
    quiet = not_to_contact(store, settings, now) | offer_holds(store, settings, now)
    left_alone = int(scores["subscriber_id"].isin(quiet - open_now - gone).sum())
    pool = scores[~scores["subscriber_id"].isin(open_now | gone | quiet)].reset_index(drop=True)
    pool = with_payment_type(wh, with_arrears(wh, pool, month, lang=settings.lang), month)
    model_id = None
    if effect is None and policy in ("auto", "uplift"):
        found = latest_uplift(settings, month=month)
        if found is None and policy == "uplift":
            raise DataError("act.no_uplift", month=month, registry=settings.registry)
        if found is not None:
            model, card = found
            effect = effect_of(
                model,
                month_features(wh, month),
                months=settings.save_months,
                horizon=card.get("horizon_days", 30),
                caution=model.default_caution if settings.uplift_caution is None else settings.uplift_caution,
                lift_se=card.get("measured_lift_se", 0.0),
            )
            model_id = card["bundle_id"]
    if policy == "auto":
        policy = "uplift" if effect is not None else "expected_value"
    costs = {**CHANNEL_COSTS, **settings.contact_costs}
    cands = candidates(
        pool,
        offers=offers,
        contact_costs=costs,
        effect=effect if policy == "uplift" else None,
        months=settings.save_months,
    )
    harmful = int((cands["uplift"] < 0).sum()) if policy == "uplift" else 0
    extra = pool[["subscriber_id", "risk_tier", "account_manager_id", "reason_1", "reason_2", "reason_3"]]
    extra = extra.assign(monthly_revenue=pool["monthly_margin"] / max(settings.margin_rate, 1e-9))
    cands = cands.merge(extra, on="subscriber_id", how="left").merge(warned, on="subscriber_id", how="left")
    if policy == "top_risk":
        picked = by_risk(cands, budget=budget, capacity=capacity)
    else:
        picked = choose(cands, budget=budget, capacity=capacity)
    chosen = cands[picked.chosen].reset_index(drop=True)
    held = control_group(chosen, share=settings.control_share, seed=settings.seed)
    store.ensure_offers(offers)
    campaign, treated, control = write_campaign(
        store,
        settings,
        chosen,
        held,
        working,
        month=month,
        name=f"{month} retention",
        budget=budget,
        policy=policy,
        now=now,
        by=by,
    )
    unassigned = int(((treated["channel"] == "vip_manager") & treated["owner_id"].isna()).sum())
    return ActRun(campaign, month, picked, treated, control, policy, model_id, harmful, unassigned, left_alone)


def _months_before(now: datetime, months: int) -> datetime:
    return (pd.Timestamp(now) - pd.DateOffset(months=months)).to_pydatetime()


def not_to_contact(store: Store, settings: Settings, now: datetime) -> set[str]:
    """Lines whose customer asked, within ``do_not_contact_months``, not to be contacted again (免打扰):
    no campaign, win-back included, contacts them."""
    if settings.do_not_contact_months <= 0:
        return set()
    return set(store.latest_results(["do_not_contact"], since=_months_before(now, settings.do_not_contact_months)))


def offer_holds(store: Store, settings: Settings, now: datetime) -> set[str]:
    """Lines that accepted an offer within ``save_months``: it still holds, so a new one would only cost."""
    return set(store.latest_results(["accepted"], since=_months_before(now, settings.save_months)))


def write_campaign(
    store: Store,
    settings: Settings,
    chosen: pd.DataFrame,
    held: Sequence[bool],
    working: list[dict],
    *,
    month: str,
    name: str,
    budget: float,
    policy: str,
    now: datetime,
    by: str,
) -> tuple[str, pd.DataFrame, pd.DataFrame]:
    """Write a campaign of the ``chosen`` candidates, the ``held`` ones as its control group: owners and
    due dates for the treated, one work order each, every member, in one transaction. Returns the
    campaign id and the treated and control rows as written."""
    held = np.asarray(held, dtype=bool)
    treated, control = chosen[~held].reset_index(drop=True), chosen[held].reset_index(drop=True)
    owners = assign_owners(store, treated, working, cap=settings.manager_workload)
    treated = treated.assign(owner_id=owners, due_date=[due_date_for(now, t) for t in treated["tier"]])
    control = control.assign(owner_id=control["account_manager_id"].where(control["channel"] == "vip_manager"))
    campaign = store.plan_campaign(
        month,
        name,
        budget=budget,
        control_share=settings.control_share,
        now=now,
        policy=policy,
        orders=[order_row(row) for row in treated.to_dict("records")],
        members=[member_row(row, "treated") for row in treated.to_dict("records")]
        + [member_row(row, "control") for row in control.to_dict("records")],
        by=by,
    )
    return campaign, treated, control


def assign_owners(store: Store, treated: pd.DataFrame, working: list[dict], *, cap: int) -> list[str | None]:
    """The line's own account manager for VIP orders while under the workload cap, else the least busy one
    under it (none: the order waits unassigned); queues own the rest."""
    managers = set(treated["account_manager_id"].dropna())
    known = {s["staff_id"] for s in store.staff()}
    for manager in sorted(managers - known):
        # Account managers named in the subscriber register join the store as agents on first use.
        store.add_staff(manager, manager, "agent")
    agents = [s["staff_id"] for s in store.staff(role="agent")]
    load = Counter({a: 0 for a in agents})
    load.update(o["owner_id"] for o in working if o["owner_id"] in load)
    owners: list[str | None] = []
    for channel, own in zip(treated["channel"], treated["account_manager_id"], strict=True):
        if channel != "vip_manager":
            owners.append(None)
            continue
        owner = own if isinstance(own, str) and load[own] < cap else None
        if owner is None:
            free = [a for a in load if load[a] < cap]
            owner = min(free, key=lambda a: (load[a], a)) if free else None
        if owner is not None:
            load[owner] += 1
        owners.append(owner)
    return owners


def due_date_for(now: datetime, tier: str) -> object:
    hours = SERVICE_LEVELS.get(tier, SERVICE_LEVELS["unknown"]).response_hours
    return (now + timedelta(days=math.ceil(hours / 24))).date()


def order_row(row: dict) -> dict:
    rules = row.get("rules")
    return {
        "subscriber_id": row["subscriber_id"],
        # A queue's order has no owner; pandas holds that as NaN, which PostgreSQL would store as text.
        "owner_id": _text(row.get("owner_id")),
        "channel": row["channel"],
        "due_date": row["due_date"],
        "offer_id": row["offer_id"],
        "reasons": [r for r in (row.get("reason_1"), row.get("reason_2"), row.get("reason_3")) if isinstance(r, str)],
        "evidence": {
            "p_churn": round(float(row["p_churn"]), 4),
            "clv": round(float(row["clv"]), 2),
            "warnings": list(rules) if rules is not None and not isinstance(rules, float) else [],
        },
        "expected_value": float(row["value"]),
    }


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def member_row(row: dict, arm: str) -> dict:
    return {
        "subscriber_id": row["subscriber_id"],
        "arm": arm,
        "tier": row["tier"],
        "risk_tier": row.get("risk_tier"),
        "p_churn": float(row["p_churn"]),
        "expected_value": float(row["value"]),
        "channel": row["channel"],
        "offer_id": row["offer_id"],
        "owner_id": _text(row.get("owner_id")),
        "offer_cost": float(row["offer_cost"]),
        "contact_cost": float(row["contact_cost"]),
        "clv": float(row["clv"]),
        "monthly_revenue": float(row["monthly_revenue"]),
    }
