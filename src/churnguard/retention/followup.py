"""A campaign's follow-up: what happened to its members, and its result against the control group.

Follow-up comes two ways. On a real operator it is *observed*: ``observe_followup`` reads, from the
warehouse's status changes, whether each member left within 30 / 60 / 90 days of the campaign (known
once the months after it are loaded). On a simulated operator ``simulate_followup`` *plays the month
forward*: each treated work order is worked (contact, reached, accepted or declined, the reason given)
and each member's fate follows from the simulator's hidden truth and response types
(:mod:`churnguard.data.sim.response`). Played follow-up takes precedence over observed, since the
simulated months were drawn without the campaign.

``campaign_report`` gathers members, orders and follow-up into the campaign's figures.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from churnguard.contracts import GONE_STATUSES, sql_list
from churnguard.data.sim.response import HORIZONS, play, read_responses, read_truth
from churnguard.errors import DataError
from churnguard.months import Month, shift
from churnguard.retention.outcomes import breakdown, lift_interval, result, scorecards, verdict
from churnguard.retention.store import Store
from churnguard.warehouse import Warehouse

__all__ = [
    "CampaignReport",
    "Played",
    "campaign_report",
    "campaign_status",
    "headline",
    "headlines",
    "member_table",
    "observe_followup",
    "simulate_followup",
]

_CONTACT_CHANNEL = {"vip_manager": "visit", "call_centre": "phone", "sms": "sms"}


@dataclass
class Played:
    campaign_id: str
    month: str
    members: pd.DataFrame  # per member: the play, with the truth's counterfactual (left0_*, saved, harmed)
    orders: int
    reached: int
    accepted: int
    horizons: tuple[int, ...]  # follow-up horizons the simulation covered


def _seed(seed: int, month: str) -> int:
    # A line meets the same luck in a month whichever campaign (policy) chose it, and new luck next month.
    return zlib.crc32(f"{seed}:{month}".encode())


def simulate_followup(store: Store, delivery: str | Path, campaign_id: str, *, seed: int, now: datetime) -> Played:
    """Play the campaign forward on the simulated operator in ``delivery`` (what ``simulate --out`` wrote):
    record each treated order's contact and outcome (orders already answered are left as they are) and
    every member's follow-up (source "simulated")."""
    campaign = store.campaign(campaign_id)
    month = campaign["month"]
    truth = read_truth(delivery, month)
    if not truth:
        raise DataError("outcomes.no_truth", dir=str(delivery), month=shift(month, 1))
    members = pd.DataFrame(store.members(campaign_id))
    if members.empty:
        return Played(campaign_id, month, members, 0, 0, 0, ())
    reasons = {o["offer_id"]: o["reason_category"] for o in store.offers()}
    members["offer_reason"] = members["offer_id"].map(reasons).fillna("any")
    orders = pd.DataFrame(store.orders(campaign_id=campaign_id))
    attempts, answered = store.campaign_activity(campaign_id)
    done = {r["order_id"] for r in answered}
    recorded = _recorded(orders, attempts, answered)
    played = play(members, truth, read_responses(delivery), seed=_seed(seed, month), recorded=recorded)
    played = played.merge(members[["subscriber_id", "channel", "owner_id"]], on="subscriber_id", how="left")

    work = []
    if len(orders):
        todo = orders[~orders["order_id"].isin(done)].merge(
            played[["subscriber_id", "reached", "result", "reason_given"]], on="subscriber_id", how="inner"
        )
        for row in todo.itertuples():
            work.append(
                {
                    "order_id": row.order_id,
                    "staff_id": row.owner_id if isinstance(row.owner_id, str) else None,
                    "channel": _CONTACT_CHANNEL.get(row.channel, "phone"),
                    "reached": bool(row.reached),
                    "result": row.result,
                    "reason_given": row.reason_given if isinstance(row.reason_given, str) else None,
                    "status": "done",
                }
            )
        store.record_results(work, at=now)
    horizons = tuple(d for d in HORIZONS if played[f"left_{d}"].notna().any())
    rows = [
        {"subscriber_id": r["subscriber_id"], **{f"left_{d}": r[f"left_{d}"] for d in HORIZONS}}
        for r in played.to_dict("records")
    ]
    store.record_member_outcomes(campaign_id, rows, source="simulated", now=now)
    store.audit(actor="simulator", role="admin", action="campaign.simulate", object=campaign_id, outcome="ok", at=now)
    treated = played[played["arm"] == "treated"]
    return Played(
        campaign_id,
        month,
        played,
        len(work),
        int(treated["reached"].fillna(False).astype(bool).sum()),
        int((treated["result"] == "accepted").sum()),
        horizons,
    )


def _recorded(orders: pd.DataFrame, attempts: list[dict], answered: list[dict]) -> dict[str, tuple[bool, str]]:
    """What the team recorded per line (reached, latest result), for orders already answered."""
    if orders.empty or not answered:
        return {}
    line = orders.set_index("order_id")["subscriber_id"]
    reached = {a["order_id"] for a in attempts if a["reached"]}
    latest = {r["order_id"]: r["result"] for r in sorted(answered, key=lambda r: r["at"])}
    return {line[o]: (o in reached or result == "accepted", result) for o, result in latest.items() if o in line}


def observe_followup(wh: Warehouse, store: Store, campaign_id: str, *, now: datetime) -> tuple[int, tuple[int, ...]]:
    """Members' follow-up from the warehouse: left (cancelled or ported out) within 30 / 60 / 90 days of
    the campaign's month, known once bills of month M+1 / M+2 / M+3 are loaded. Members with simulated
    follow-up keep it. Returns (members written, horizons known)."""
    campaign = store.campaign(campaign_id)
    month = Month.parse(campaign["month"])
    members = pd.DataFrame(store.members(campaign_id))
    simulated = {r["subscriber_id"] for r in store.member_outcomes(campaign_id) if r["source"] == "simulated"}
    if members.empty:
        return 0, ()
    members = members[~members["subscriber_id"].isin(simulated)]
    loaded = set(wh.months("stg_bills"))
    known = tuple(d for k, d in enumerate(HORIZONS, start=1) if str(month + k) in loaded)
    if members.empty or not known:
        return 0, known
    start = (month + 1).start
    left = wh.sql.execute(
        "SELECT subscriber_id, min(timestamp) AS left_at FROM stg_status_changes "
        f"WHERE to_status IN {sql_list(GONE_STATUSES)} AND timestamp >= ? GROUP BY subscriber_id",
        [start],
    ).df()
    left_at = members["subscriber_id"].map(left.set_index("subscriber_id")["left_at"]) if len(left) else None
    rows = []
    for i, sid in enumerate(members["subscriber_id"]):
        row: dict = {"subscriber_id": sid}
        for k, d in enumerate(HORIZONS, start=1):
            end = (month + k).end
            when = None if left_at is None else left_at.iloc[i]
            row[f"left_{d}"] = (pd.notna(when) and when < end) if d in known else None
        rows.append(row)
    store.record_member_outcomes(campaign_id, rows, source="warehouse", now=now)
    return len(rows), known


@dataclass
class CampaignReport:
    campaign: dict
    members: pd.DataFrame
    results: pd.DataFrame  # one row per horizon known
    by: dict[str, pd.DataFrame]  # horizon of the breakdowns: the longest known
    scorecards: pd.DataFrame
    horizon: int | None


def campaign_report(store: Store, campaign_id: str) -> CampaignReport:
    """The campaign's figures at each horizon known; breakdowns by channel, offer and tier and the account
    managers' scorecards at the longest horizon known."""
    campaign = store.campaign(campaign_id)
    members = member_table(store, campaign_id)
    if members.empty:
        return CampaignReport(campaign, members, pd.DataFrame(), {}, pd.DataFrame(), None)
    known = [d for d in HORIZONS if members[f"left_{d}"].notna().any()]
    results = pd.DataFrame([result(members, horizon=d) for d in known])
    if not known:
        return CampaignReport(campaign, members, results, {}, pd.DataFrame(), None)
    h = known[-1]
    by = {column: breakdown(members, column, horizon=h) for column in ("channel", "offer_id", "tier")}
    on_time = None
    if "due_date" in members and "updated_at" in members:
        closed = members["status"].eq("done")
        on_time = closed & (pd.to_datetime(members["updated_at"]).dt.date <= members["due_date"])
    cards = scorecards(members, horizon=h, on_time=on_time)
    return CampaignReport(campaign, members, results, by, cards, h)


def campaign_status(members: pd.DataFrame) -> str:
    """planned (no order worked yet), running (orders open or in progress), worked (every order closed,
    outcomes still to come) or measured (a horizon's outcomes are known)."""
    if members.empty:
        return "planned"
    if any(members[f"left_{d}"].notna().any() for d in HORIZONS if f"left_{d}" in members):
        return "measured"
    treated = members[members["arm"] == "treated"]
    statuses = treated["status"].dropna() if "status" in treated else pd.Series(dtype=object)
    if len(statuses) and statuses.isin(("done", "cancelled")).all():
        return "worked"
    return "running" if bool(treated["attempted"].any()) else "planned"


def headline(report: CampaignReport) -> dict:
    """The campaign in one line: status, who was in it and reached, and at the longest horizon known the
    lift with its interval and the verdict; ROI only when the lift is significantly above zero."""
    members = report.members
    treated = members[members["arm"] == "treated"] if len(members) else members
    counts = {
        "status": campaign_status(members),
        "treated": len(treated),
        "control": int((members["arm"] == "control").sum()) if len(members) else 0,
        "contacted": int(treated["attempted"].sum()) if len(treated) else 0,
        "reached": int(treated["reached"].sum()) if len(treated) else 0,
        "accepted": int(treated["accepted"].sum()) if len(treated) else 0,
    }
    last = report.results.iloc[-1].to_dict() if report.horizon is not None and len(report.results) else None
    return _headline(counts, report.horizon, last)


def headlines(store: Store, campaign_ids: Iterable[str]) -> dict[str, dict]:
    """:func:`headline` of each campaign of ``campaign_ids`` without building its report: from one
    aggregate query over every campaign (``Store.campaign_tallies``), for a list of campaigns. The same
    figures as ``headline(campaign_report(store, campaign_id))``."""
    tallies: dict[str, dict[str, dict]] = {}
    for row in store.campaign_tallies():
        tallies.setdefault(row["campaign_id"], {})[row["arm"]] = row
    return {c: _headline_of_tallies(tallies.get(c, {})) for c in campaign_ids}


def _headline_of_tallies(arms: dict[str, dict]) -> dict:
    """A headline from a campaign's tallies per arm (``Store.campaign_tallies``): ``campaign_status`` and
    ``result`` at the longest horizon known, done on counts instead of member rows."""
    none = {"rows": 0, "attempted": 0, "reached": 0, "accepted": 0, "with_order": 0, "closed": 0}
    treated, control = arms.get("treated", none), arms.get("control", none)
    known = [d for d in HORIZONS if any(arm[f"known_{d}"] for arm in arms.values())]
    if not arms:
        status = "planned"
    elif known:
        status = "measured"
    elif treated["with_order"] and treated["closed"] == treated["with_order"]:
        status = "worked"
    else:
        status = "running" if treated["attempted"] else "planned"
    counts = {
        "status": status,
        "treated": int(treated["rows"]),
        "control": int(control["rows"]),
        "contacted": int(treated["attempted"]),
        "reached": int(treated["reached"]),
        "accepted": int(treated["accepted"]),
    }
    if not known:
        return _headline(counts, None, None)
    h = known[-1]
    n1, n0 = int(treated.get(f"known_{h}", 0)), int(control.get(f"known_{h}", 0))
    k1, k0 = float(n1 - treated.get(f"left_{h}", 0)), float(n0 - control.get(f"left_{h}", 0))
    lift, low, high = lift_interval(k1, n1, k0, n0)
    cost = float(treated.get("cost") or 0.0)
    clv = math.nan if treated.get("clv") is None else float(treated["clv"])
    value = lift * clv if n1 and n0 else math.nan
    roi = (value - cost) / cost if cost > 0 else math.nan
    return _headline(counts, h, {"control": n0, "lift": lift, "lift_low": low, "lift_high": high, "roi": roi})


def _headline(counts: dict, horizon: int | None, last: dict | None) -> dict:
    """The headline from its counts and the result at ``horizon`` (``last``: lift, its interval, control
    lines followed and ROI), which says the verdict; ROI only on a significant gain."""
    out = counts | {"horizon_days": horizon, "lift": None, "lift_low": None, "lift_high": None}
    out |= {"verdict": None, "roi": None}
    if horizon is not None and last is not None:
        said = verdict(last)
        out |= {k: last.get(k) for k in ("lift", "lift_low", "lift_high")} | {"verdict": said}
        out["roi"] = last.get("roi") if said == "significant_gain" else None
    return out


def member_table(store: Store, campaign_id: str) -> pd.DataFrame:
    """The campaign's members with their follow-up and what happened on their work orders (attempted,
    reached, accepted, the latest result recorded, and each order's status and due date)."""
    members = pd.DataFrame(store.members(campaign_id))
    if members.empty:
        return members
    followed = pd.DataFrame(store.member_outcomes(campaign_id))
    for h in ("left_30", "left_60", "left_90"):
        members[h] = pd.array([pd.NA] * len(members), dtype="boolean")
    if len(followed):
        followed = followed.set_index("subscriber_id")
        for h in ("left_30", "left_60", "left_90"):
            members[h] = pd.array(members["subscriber_id"].map(followed[h]).tolist(), dtype="boolean")
    orders = pd.DataFrame(store.orders(campaign_id=campaign_id))
    attempts, results = store.campaign_activity(campaign_id)
    members["attempted"] = members["reached"] = members["accepted"] = False
    members["result"] = None
    if len(orders):
        by_order = orders.set_index("order_id")["subscriber_id"]
        tried = pd.DataFrame(attempts)
        if len(tried):
            tried["subscriber_id"] = tried["order_id"].map(by_order)
            members["attempted"] = members["subscriber_id"].isin(tried["subscriber_id"])
            members["reached"] = members["subscriber_id"].isin(tried.loc[tried["reached"], "subscriber_id"])
        said = pd.DataFrame(results)
        if len(said):
            said["subscriber_id"] = said["order_id"].map(by_order)
            members["accepted"] = members["subscriber_id"].isin(said.loc[said["result"] == "accepted", "subscriber_id"])
            latest = said.sort_values("at", kind="stable").groupby("subscriber_id")["result"].last()
            members["result"] = members["subscriber_id"].map(latest).astype(object)
            members["result"] = members["result"].where(members["result"].notna(), None)
        members = members.merge(
            orders[["subscriber_id", "order_id", "status", "due_date", "updated_at"]], on="subscriber_id", how="left"
        )
    return members
