"""Win-back: following up the lines gone, through the operational store.

The warnings keep a win-back file for every line gone (``warn_winback``: open until the customer's
party opens a line again, ``returned``, or ``warn_winback_months`` pass, ``closed``). ``winback_month``
turns the month's files into work:

- the win-back orders of earlier months are followed to their end: a file that turned ``returned``
  closes its order as done (outcome accepted, "came back"), a file ``closed`` by time cancels it;
- the files opened this month are valued — P(return | contacted) × what the customer is worth back −
  come-back offer − contact cost, P from ``winback_return_rate`` — and chosen within the win-back
  budget and the channels' capacity, a random control group held out (never contacted, so the
  return lift can be measured), one work order per treated file, owned as retention orders are.

What a customer is worth back: their own monthly margin (net bill × ``margin_rate``) for as long as a
staying line of their tier is expected to stay (the tier's median of CLV ÷ monthly margin this month);
the line's own CLV says nothing now, its churn score being 1.

``winback_results`` measures every win-back campaign: the share of treated and of control files that
came back within the months the files stay open, and the lift with its 95 % interval.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

from churnguard.config import Settings
from churnguard.errors import DataError
from churnguard.retention.orders import not_to_contact, write_campaign
from churnguard.retention.outcomes import lift_interval
from churnguard.retention.policy import CHANNEL_COSTS, Offer, Selection, channel_of, choose, control_group
from churnguard.retention.store import Store
from churnguard.warehouse import Warehouse

__all__ = ["COMEBACK", "POLICY", "WinbackRun", "winback_month", "winback_results"]

POLICY = "winback"
COMEBACK = Offer("winback_comeback", "Come-back offer", "winback", 50.0, 0.08)
_CAME_BACK = "came back: opened a line again"


@dataclass
class WinbackRun:
    month: str
    campaign_id: str | None  # None when no file was worth a contact
    orders: pd.DataFrame  # treated files with owner, channel, offer, due date, value
    control: pd.DataFrame
    selection: Selection | None
    returned: int  # earlier win-back orders closed because the customer came back
    cancelled: int  # earlier win-back orders cancelled because the file closed
    files: int  # files opened this month


def _files(wh: Warehouse, month: str) -> pd.DataFrame:
    if not wh.has("warn_winback"):
        raise DataError("winback.no_files", month=month, file=wh.location)
    files = wh.sql.execute("SELECT * FROM warn_winback WHERE month = ?", [month]).df()
    if files.empty and not wh.sql.execute("SELECT 1 FROM warn_runs WHERE month = ? LIMIT 1", [month]).fetchone():
        raise DataError("winback.no_files", month=month, file=wh.location)
    return files


def _follow_up(store: Store, files: pd.DataFrame, now: datetime) -> tuple[int, int]:
    """Close the earlier win-back orders whose file has ended; returns (returned, cancelled)."""
    campaigns = {c["campaign_id"] for c in store.campaigns() if c["policy"] == POLICY}
    status = files.set_index("subscriber_id")["status"]
    returned = cancelled = 0
    for state in ("open", "in_progress"):
        for order in store.orders(status=state):
            if order["campaign_id"] not in campaigns:
                continue
            now_status = status.get(order["subscriber_id"], "closed")  # no longer followed: closed
            if now_status == "returned":
                store.record_outcome(
                    order["order_id"], result="accepted", at=now, reason_given=_CAME_BACK, status="done"
                )
                returned += 1
            elif now_status == "closed":
                store.update_order(order["order_id"], version=order["version"], now=now, status="cancelled")
                cancelled += 1
    return returned, cancelled


def _candidates(wh: Warehouse, settings: Settings, fresh: pd.DataFrame, offer: Offer) -> pd.DataFrame:
    month = str(fresh["month"].iloc[0])
    if not wh.has("seg_monthly") or month not in wh.months("seg_monthly"):
        raise DataError("winback.no_segments", month=month, file=wh.location)
    lines = wh.sql.execute(
        "SELECT g.subscriber_id, g.tier, g.clv, f.net_bill, s.account_manager_id "
        "FROM seg_monthly g JOIN feat_monthly f USING (month, subscriber_id) "
        "LEFT JOIN stg_subscribers s USING (subscriber_id) WHERE g.month = ?",
        [month],
    ).df()
    margin = lines["net_bill"].clip(lower=0) * settings.margin_rate
    staying = ~lines["subscriber_id"].isin(fresh["subscriber_id"]) & (margin > 0)
    months_worth = (lines.loc[staying, "clv"] / margin[staying]).groupby(lines.loc[staying, "tier"]).median()
    gone = lines[lines["subscriber_id"].isin(fresh["subscriber_id"])].copy()
    gone_margin = margin[gone.index]
    worth = gone_margin * gone["tier"].map(months_worth).fillna(months_worth.median() if len(months_worth) else 0.0)
    gone["channel"] = channel_of(gone["tier"]).to_numpy()
    costs = {**CHANNEL_COSTS, **settings.contact_costs}
    gone["contact_cost"] = gone["channel"].map(costs).astype(float)
    rate = settings.winback_return_rate
    return gone.assign(
        clv=worth.fillna(0.0).to_numpy(),
        p_churn=1.0,
        risk_tier="gone",
        offer_id=offer.offer_id,
        offer_cost=offer.cost,
        save_rate=rate,
        uplift=rate,
        value=rate * worth.fillna(0.0).to_numpy() - offer.cost - gone["contact_cost"].to_numpy(),
        monthly_revenue=gone["net_bill"].to_numpy(),
        reason_1="gone",
        rules=[["churned"]] * len(gone),
    ).reset_index(drop=True)


def winback_month(
    wh: Warehouse,
    store: Store,
    settings: Settings,
    *,
    month: str,
    now: datetime,
    budget: float | None = None,
    capacity: dict[str, int] | None = None,
    offers: Sequence[Offer] = (),
    by: str = "system",
) -> WinbackRun:
    """Follow up the month's win-back files: close the earlier orders whose file ended, and plan the
    win-back campaign of the files opened this month. ``offers`` may bring a come-back offer of its own
    (the first with reason "winback"); else :data:`COMEBACK`."""
    offer = next((o for o in offers if o.reason == "winback"), COMEBACK)
    files = _files(wh, month)
    returned, cancelled = _follow_up(store, files, now)
    working = [o for s in ("open", "in_progress") for o in store.orders(status=s)]
    busy = {o["subscriber_id"] for o in working} | not_to_contact(store, settings, now)
    fresh = files[(files["status"] == "open") & (files["months_since"] == 0) & ~files["subscriber_id"].isin(busy)]
    empty = pd.DataFrame()
    if fresh.empty:
        return WinbackRun(month, None, empty, empty, None, returned, cancelled, 0)
    budget = float(settings.winback_budget if budget is None else budget)
    cands = _candidates(wh, settings, fresh, offer)
    picked = choose(
        cands,
        budget=budget,
        capacity=settings.act_capacity if capacity is None else capacity,
    )
    chosen = cands[picked.chosen].reset_index(drop=True)
    if chosen.empty:
        return WinbackRun(month, None, empty, empty, picked, returned, cancelled, len(fresh))
    held = control_group(chosen, share=settings.control_share, seed=settings.seed, by=("tier",))
    store.ensure_offers([offer])
    campaign, treated, control = write_campaign(
        store,
        settings,
        chosen,
        held,
        working,
        month=month,
        name=f"{month} win-back",
        budget=budget,
        policy=POLICY,
        now=now,
        by=by,
    )
    return WinbackRun(month, campaign, treated, control, picked, returned, cancelled, len(fresh))


def winback_results(wh: Warehouse, store: Store) -> pd.DataFrame:
    """Per win-back campaign: treated and control files, the share of each that came back (any later
    month's file of the line ``returned``), and the lift with its 95 % interval."""
    rows = []
    back = set()
    if wh.has("warn_winback"):
        back = set(
            wh.sql.execute("SELECT DISTINCT subscriber_id FROM warn_winback WHERE status = 'returned'").df()[
                "subscriber_id"
            ]
        )
    for campaign in store.campaigns():
        if campaign["policy"] != POLICY:
            continue
        members = pd.DataFrame(store.members(campaign["campaign_id"]))
        if members.empty:
            continue
        came = members["subscriber_id"].isin(back)
        treated = members["arm"] == "treated"
        k1, n1 = float(came[treated].sum()), float(treated.sum())
        k0, n0 = float(came[~treated].sum()), float((~treated).sum())
        lift, low, high = lift_interval(k1, n1, k0, n0)
        rows.append(
            {
                "campaign_id": campaign["campaign_id"],
                "month": campaign["month"],
                "treated": int(n1),
                "control": int(n0),
                "returned_treated": k1 / n1 if n1 else np.nan,
                "returned_control": k0 / n0 if n0 else np.nan,
                "lift": lift,
                "lift_low": low,
                "lift_high": high,
            }
        )
    return pd.DataFrame(rows)
