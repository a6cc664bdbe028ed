"""A month's retention campaign: from the scoring run and the warnings to work orders in the store.

``act_month`` takes the month's latest scoring run, leaves out lines gone this month and lines that
already have an open work order, values every line with its best offer (:mod:`.policy`), chooses the
lines to work within the budget and each channel's capacity, holds out a stratified random control
group of the chosen (never contacted, so the campaign's lift can be measured), and writes the
campaign, its members and one work order per treated line: the owner is the line's own account
manager when it has one, else the VIP manager with the fewest open orders (call centre and SMS orders
go to those queues); the due date follows the tier's service level.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd

from churnguard.config import Settings
from churnguard.errors import DataError
from churnguard.retention.policy import DEFAULT_OFFERS, Offer, Selection, candidates, choose, control_group
from churnguard.retention.store import Store
from churnguard.segments import SERVICE_LEVELS
from churnguard.warehouse import Warehouse

__all__ = ["ActRun", "act_month"]


@dataclass
class ActRun:
    campaign_id: str
    month: str
    selection: Selection
    orders: pd.DataFrame  # treated lines with owner, channel, offer, due date, value
    control: pd.DataFrame  # held-out lines


def _scores(wh: Warehouse, month: str) -> pd.DataFrame:
    if not wh.has("score_runs"):
        raise DataError("act.no_scores", month=month, file=wh.location)
    run = wh.sql.execute(
        "SELECT run_id FROM score_runs WHERE month = ? ORDER BY created_at DESC LIMIT 1", [month]
    ).fetchall()
    if not run:
        raise DataError("act.no_scores", month=month, file=wh.location)
    scores = wh.sql.execute("SELECT * FROM score_monthly WHERE run_id = ?", [run[0][0]]).df()
    managers = wh.sql.execute("SELECT subscriber_id, account_manager_id FROM stg_subscribers").df()
    return scores.merge(managers, on="subscriber_id", how="left")


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
    offers: Sequence[Offer] = DEFAULT_OFFERS,
) -> ActRun:
    """Plan the month's campaign and write it to the store (campaign, members, work orders)."""
    scores = _scores(wh, month)
    warned = _warnings(wh, month)
    working = [o for s in ("open", "in_progress") for o in store.orders(status=s)]
    open_now = {o["subscriber_id"] for o in working}
    gone = set(warned.loc[warned["gone"].fillna(False).astype(bool), "subscriber_id"])
    pool = scores[~scores["subscriber_id"].isin(open_now | gone)].reset_index(drop=True)
    cands = candidates(pool, offers=offers)
    extra = pool[["subscriber_id", "risk_tier", "account_manager_id", "reason_1", "reason_2", "reason_3"]]
    cands = cands.merge(extra, on="subscriber_id", how="left").merge(warned, on="subscriber_id", how="left")
    picked = choose(cands, budget=budget, capacity=capacity)
    chosen = cands[picked.chosen].reset_index(drop=True)
    held = control_group(chosen, share=settings.control_share, seed=settings.seed)
    treated, control = chosen[~held].reset_index(drop=True), chosen[held].reset_index(drop=True)

    store.ensure_offers(offers)
    campaign = store.add_campaign(
        month, f"{month} retention", budget=budget, control_share=settings.control_share, now=now
    )
    treated = treated.assign(
        owner_id=_owners(store, treated, working), due_date=[_due(now, t) for t in treated["tier"]]
    )
    store.add_orders(campaign, [_order(row) for row in treated.to_dict("records")], now=now)
    store.add_members(
        campaign,
        [_member(row, "treated") for row in treated.to_dict("records")]
        + [_member(row, "control") for row in control.to_dict("records")],
    )
    store.audit(actor="system", role="admin", action="campaign.create", object=campaign, outcome="ok", at=now)
    return ActRun(campaign, month, picked, treated, control)


def _owners(store: Store, treated: pd.DataFrame, working: list[dict]) -> list[str | None]:
    """The line's own account manager for VIP orders, else the least busy one; queues own the rest."""
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
        owner = own if isinstance(own, str) else (min(load, key=lambda a: (load[a], a)) if load else None)
        if owner is not None:
            load[owner] += 1
        owners.append(owner)
    return owners


def _due(now: datetime, tier: str) -> object:
    hours = SERVICE_LEVELS.get(tier, SERVICE_LEVELS["unknown"]).response_hours
    return (now + timedelta(days=math.ceil(hours / 24))).date()


def _order(row: dict) -> dict:
    rules = row.get("rules")
    return {
        "subscriber_id": row["subscriber_id"],
        "owner_id": row["owner_id"],
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


def _member(row: dict, arm: str) -> dict:
    return {
        "subscriber_id": row["subscriber_id"],
        "arm": arm,
        "tier": row["tier"],
        "risk_tier": row.get("risk_tier"),
        "p_churn": float(row["p_churn"]),
        "expected_value": float(row["value"]),
    }
