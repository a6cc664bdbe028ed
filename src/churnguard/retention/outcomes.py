"""What a campaign achieved, measured against its control group: pure arithmetic over members.

``members`` holds one row per campaign member: arm (treated / control), what the line was or would have
been given (channel, offer_id, tier, owner_id, offer_cost, contact_cost, clv, monthly_revenue), what
happened on its work order (attempted, reached, accepted; False for control) and the follow-up
``left_30`` / ``left_60`` / ``left_90`` (True = the line left within that many days; NA = not known yet).

Retention is 1 − share left. The lift is retention(treated) − retention(control), with Newcombe's
hybrid score interval (Wilson intervals of each arm combined), which keeps its coverage at the small
counts a campaign's control group has. The lift is measured on the members whose follow-up is known
and applied to all treated lines: customers saved = lift × treated lines; value saved = lift × the
treated lines' CLV; revenue saved = lift × their monthly revenue × the months followed; cost = contact
costs of the orders attempted + offer costs of the offers accepted; ROI = (value saved − cost) / cost.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["HORIZONS", "VERDICTS", "Z95", "breakdown", "lift_interval", "result", "scorecards", "verdict", "wilson"]

HORIZONS = (30, 60, 90)
Z95 = 1.959963984540054


def wilson(k: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a proportion k / n; (nan, nan) when n is 0."""
    if n <= 0:
        return (math.nan, math.nan)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (centre - half, centre + half)


def lift_interval(k1: float, n1: float, k0: float, n0: float, z: float = Z95) -> tuple[float, float, float]:
    """Difference of proportions k1/n1 − k0/n0 with Newcombe's hybrid score interval (method 10)."""
    if n1 <= 0 or n0 <= 0:
        return (math.nan, math.nan, math.nan)
    p1, p0 = k1 / n1, k0 / n0
    l1, u1 = wilson(k1, n1, z)
    l0, u0 = wilson(k0, n0, z)
    d = p1 - p0
    low = d - math.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2)
    return (d, low, high)


def _costs(treated: pd.DataFrame) -> float:
    attempted = treated["attempted"].fillna(False).astype(bool)
    accepted = treated["accepted"].fillna(False).astype(bool)
    contact = (treated["contact_cost"].fillna(0) * attempted).sum()
    return float(contact + (treated["offer_cost"].fillna(0) * accepted).sum())


def result(members: pd.DataFrame, *, horizon: int) -> dict[str, float]:
    """The campaign's figures at ``horizon`` days (30, 60 or 90); members whose follow-up at that horizon
    is not known are left out (``known`` counts those that are)."""
    column = f"left_{horizon}"
    known = members[members[column].notna()]
    treated, control = known[known["arm"] == "treated"], known[known["arm"] == "control"]
    n1, n0 = len(treated), len(control)
    k1 = float(n1 - treated[column].astype(bool).sum())
    k0 = float(n0 - control[column].astype(bool).sum())
    lift, low, high = lift_interval(k1, n1, k0, n0)
    # The lift is measured on the lines followed so far and applies to every treated line; the cost is
    # what the whole campaign spent.
    all_treated = members[members["arm"] == "treated"]
    cost = _costs(all_treated)
    # Campaigns planned before members kept their CLV have none: their value is not known, not zero.
    clv = float(all_treated["clv"].sum(min_count=1)) if len(all_treated) else 0.0
    revenue = float(all_treated["monthly_revenue"].fillna(0).sum()) * horizon / 30
    n_all = len(all_treated)
    value = lift * clv if n1 and n0 else math.nan
    attempted = all_treated["attempted"].fillna(False).astype(bool)
    return {
        "horizon_days": horizon,
        "known": len(known),
        "treated": n1,
        "control": n0,
        "retention_treated": k1 / n1 if n1 else math.nan,
        "retention_control": k0 / n0 if n0 else math.nan,
        "lift": lift,
        "lift_low": low,
        "lift_high": high,
        "saved": lift * n_all,
        "saved_low": low * n_all,
        "saved_high": high * n_all,
        "value_saved": value,
        "value_saved_low": low * clv,
        "value_saved_high": high * clv,
        "revenue_saved": lift * revenue,
        "contacted": int(attempted.sum()),
        "reached": int(all_treated["reached"].fillna(False).astype(bool).sum()),
        "accepted": int(all_treated["accepted"].fillna(False).astype(bool).sum()),
        "cost": cost,
        "net_value": value - cost,
        "roi": (value - cost) / cost if cost > 0 else math.nan,
    }


VERDICTS = ("no_control", "not_significant", "significant_gain", "significant_loss")


def verdict(row: dict) -> str:
    """What a result says, in one word: no figure without a control group; a lift whose 95 % interval
    spans zero is not (yet) significant — then no money figure is the headline — else a gain or a loss."""
    low, high = row.get("lift_low", math.nan), row.get("lift_high", math.nan)
    if not row.get("control") or low != low or high != high:
        return "no_control"
    if low > 0:
        return "significant_gain"
    if high < 0:
        return "significant_loss"
    return "not_significant"


def breakdown(members: pd.DataFrame, by: str, *, horizon: int) -> pd.DataFrame:
    """:func:`result` per value of ``by`` (channel, offer_id, tier or owner_id): each group's treated lines
    against the control lines that would have had the same channel, offer, tier or owner."""
    rows = []
    for key, part in members.groupby(members[by].fillna("-"), sort=True):
        rows.append({by: key, **result(part, horizon=horizon)})
    return pd.DataFrame(rows)


def scorecards(members: pd.DataFrame, *, horizon: int, on_time: pd.Series | None = None) -> pd.DataFrame:
    """One row per owner of treated orders (account managers; queues show as "-"): orders, contacted,
    reached and accepted with their rates, orders done by their due date (``on_time``: a boolean per
    member, when given), retention of the owner's treated lines and lift against the control lines of
    the same owner."""
    treated = members[members["arm"] == "treated"]
    cards = breakdown(members, "owner_id", horizon=horizon).set_index("owner_id")
    orders = treated.groupby(treated["owner_id"].fillna("-")).size()
    cards = cards.loc[cards.index.intersection(orders.index)]
    cards.insert(0, "orders", orders.reindex(cards.index).astype(int))
    cards["reach_rate"] = cards["reached"] / cards["contacted"].replace(0, np.nan)
    cards["accept_rate"] = cards["accepted"] / cards["reached"].replace(0, np.nan)
    if on_time is not None:
        done = on_time.reindex(treated.index).fillna(False).astype(bool)
        cards["on_time"] = done.groupby(treated["owner_id"].fillna("-")).mean().reindex(cards.index)
    columns: Sequence[str] = (
        "orders",
        "contacted",
        "reached",
        "reach_rate",
        "accepted",
        "accept_rate",
        *(("on_time",) if on_time is not None else ()),
        "retention_treated",
        "retention_control",
        "lift",
        "lift_low",
        "lift_high",
        "saved",
        "cost",
    )
    return cards[list(columns)].reset_index()
