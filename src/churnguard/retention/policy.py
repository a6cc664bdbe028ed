"""Who to contact, with what offer, through which channel: pure functions over a scoring run.

Expected net value of contacting a line with an offer:

    value = P(leave within the months an offer holds) × P(saved | offer) × CLV − offer cost − contact cost

With an uplift model, ``p_churn × P(saved | offer)`` gives way to the model's predicted fall in the
chance of leaving (``effect``), which is negative for customers whom contact drives away: they are never
chosen. ``by_risk`` is the naive policy kept for comparison: the riskiest lines first, whatever they are
worth.

``candidates`` gives each line its best eligible offer (matched to its main reason) and its channel
(VIP account managers for the high tier and every group customer, the call centre for mid value,
SMS/app for the rest). ``choose`` picks the set with the largest total value under the money budget
and each channel's capacity, a 0/1 programme: HiGHS (through scipy) solves its LP relaxation, which
bounds every possible selection, and the selection is reported with its gap to that bound (exact
below a few thousand candidates, a few candidates' value at most above). ``control_group`` holds
out a random share of each (tier, risk) stratum, never to be contacted.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_matrix

from churnguard.errors import ConfigError
from churnguard.explain import prepaid_lines, prepaid_reads_as_price
from churnguard.features.catalog import CATEGORIES

__all__ = [
    "CHANNEL_COSTS",
    "DEFAULT_OFFERS",
    "GROUP_TIERS",
    "Effect",
    "Offer",
    "Selection",
    "by_risk",
    "candidates",
    "channel_of",
    "choose",
    "control_group",
    "load_offers",
    "main_reason",
    "offer_catalogue",
    "offers_from_toml",
    "reason_key",
]

GROUP_TIERS = ("diamond", "emerald", "platinum", "gem", "gold", "crystal")
# Cost of one contact by channel (CNY): an account manager's call, a call-centre call, a message.
CHANNEL_COSTS: dict[str, float] = {"vip_manager": 40.0, "call_centre": 8.0, "sms": 0.1}


@dataclass(frozen=True)
class Offer:
    offer_id: str
    name: str
    reason: str  # the reason category it answers; "any" for a general one
    cost: float
    save_rate: float  # P(saved | offer) until an uplift model exists
    tiers: tuple[str, ...] = ()  # eligible tiers; empty = every tier
    payment: tuple[str, ...] = ()  # eligible payment types (prepaid, postpaid); empty = both


DEFAULT_OFFERS: tuple[Offer, ...] = (
    Offer("price_rightsizing", "Plan right-sizing", "price", 20.0, 0.30),
    Offer("price_discount", "Six-month 20 % discount", "price", 60.0, 0.40, ("high", *GROUP_TIERS)),
    Offer("network_ticket", "Network ticket and compensation", "network", 30.0, 0.35),
    Offer("device_subsidy", "Device subsidy", "device", 150.0, 0.45, ("high", "mid", *GROUP_TIERS)),
    Offer("contract_renewal", "Renewal bundle", "contract", 50.0, 0.40),
    Offer("priority_care", "Priority care", "service", 15.0, 0.30),
    Offer("payment_plan", "Payment plan", "arrears", 5.0, 0.25, payment=("postpaid",)),
    Offer("loyalty_gift", "Loyalty gift", "any", 10.0, 0.15),
)


def reason_key(label: object) -> str:
    """The category key of a reason label as scores carry it (English or Chinese), or "other"."""
    for key, (en, zh, _) in CATEGORIES.items():
        if label in (key, en, zh):
            return key
    return "other"


def main_reason(scores: pd.DataFrame) -> np.ndarray:
    """Each line's main reason: the category of its first reason that raises the risk (``reason_k`` are
    ordered by the size of their effect, and one that lowers the risk is nothing an offer answers);
    "other" when none does; a prepaid line's payment reason reads as price (see
    :func:`~churnguard.explain.prepaid_reads_as_price`). Scores without directions give their first reason."""
    if "reason_1_direction" not in scores:
        out = scores["reason_1_category"].map(reason_key).to_numpy(object)
    else:
        out = np.full(len(scores), "other", dtype=object)
        found = np.zeros(len(scores), dtype=bool)
        for k in range(1, 4):
            if f"reason_{k}_direction" not in scores:
                break
            up = ~found & (scores[f"reason_{k}_direction"] == "up").to_numpy()
            out[up] = scores.loc[up, f"reason_{k}_category"].map(reason_key).to_numpy(object)
            found |= up
    return prepaid_reads_as_price(out, scores)


def channel_of(tier: pd.Series) -> pd.Series:
    """VIP account manager for the high tier and group customers, call centre for mid, SMS for the rest."""
    vip = tier.isin(["high", *GROUP_TIERS])
    return pd.Series(np.where(vip, "vip_manager", np.where(tier == "mid", "call_centre", "sms")), index=tier.index)


# The fall in P(leave) that contacting each line with an offer brings: (lines, offer) -> one number per line.
Effect = Callable[[pd.DataFrame, "Offer"], np.ndarray]


def candidates(
    scores: pd.DataFrame,
    *,
    offers: Sequence[Offer] = DEFAULT_OFFERS,
    contact_costs: Mapping[str, float] = CHANNEL_COSTS,
    effect: Effect | None = None,
    months: int = 1,
) -> pd.DataFrame:
    """Each line's best eligible offer and its expected net value.

    ``scores`` needs subscriber_id, p_churn, clv, tier and reason_1_category (and the other reasons with
    their directions where known, and is_prepaid: see :func:`main_reason`). An offer is eligible when
    it answers the line's main reason (or any reason), the line's tier is among its tiers and, where
    scores say how the line pays (is_prepaid), its payment type among the offer's. The gain
    of an offer is P(leave within ``months``) × save_rate, with P = 1 − (1 − p_churn)^months from the
    monthly hazard (an accepted offer keeps the customer for that long), or, with ``effect``, what it
    says. Returns subscriber_id,
    tier, reason, channel, offer_id, offer_cost, contact_cost, save_rate, uplift (the gain), value
    (lines with no eligible offer are left out).
    """
    lines = scores[["subscriber_id", "p_churn", "clv", "tier"]].copy()
    lines["reason"] = main_reason(scores)
    lines["channel"] = channel_of(lines["tier"]).to_numpy()
    lines["contact_cost"] = lines["channel"].map(contact_costs).astype(float)
    prepaid = prepaid_lines(scores)
    paying = None if prepaid is None else np.where(prepaid, "prepaid", "postpaid")
    best = None
    for offer in offers:
        eligible = (lines["reason"] == offer.reason) | (offer.reason == "any")
        if offer.tiers:
            eligible &= lines["tier"].isin(offer.tiers)
        if offer.payment and paying is not None:
            eligible &= np.isin(paying, offer.payment)
        if effect is None:
            gain = (1 - (1 - lines["p_churn"]) ** months) * offer.save_rate
        else:
            gain = pd.Series(effect(lines, offer), lines.index)
        value = gain * lines["clv"] - offer.cost - lines["contact_cost"]
        value = value.where(eligible, -np.inf)
        option = pd.DataFrame(
            {
                "offer_id": offer.offer_id,
                "offer_cost": offer.cost,
                "save_rate": offer.save_rate,
                "uplift": gain,
                "value": value,
            }
        )
        best = option if best is None else option.where(option["value"] > best["value"], best)
    if best is None:
        return lines.iloc[0:0]
    out = pd.concat([lines, best], axis=1)
    return out[np.isfinite(out["value"])].reset_index(drop=True)


@dataclass
class Selection:
    chosen: np.ndarray  # bool per candidate row
    value: float  # total expected net value of the chosen
    bound: float  # no selection can exceed this (LP relaxation)
    spend: float
    per_channel: dict[str, int]

    @property
    def gap(self) -> float:
        """How far from optimal the selection can be, as a share of the bound."""
        return 0.0 if self.bound <= 0 else max(self.bound - self.value, 0.0) / self.bound


def choose(
    cands: pd.DataFrame, *, budget: float, capacity: Mapping[str, int] | None = None, time_limit: float = 60.0
) -> Selection:
    """The candidates to contact: the largest total value with offer plus contact costs within ``budget``
    and at most ``capacity[channel]`` contacts per channel (a channel not named is unlimited). Only
    candidates of positive value are ever chosen.

    The LP relaxation (HiGHS simplex) has a vertex optimum with at most one fractional variable per
    constraint; dropping those and filling what budget and capacity remain greedily gives a feasible
    selection within a few candidates' value of the LP bound. When that gap is not negligible and the
    problem is small enough, the exact 0/1 programme (``milp``) closes it.
    """
    capacity = dict(capacity or {})
    chosen = np.zeros(len(cands), dtype=bool)
    live = np.flatnonzero(cands["value"].to_numpy() > 0)
    cost_all = (cands["offer_cost"] + cands["contact_cost"]).to_numpy()
    live = live[
        _worth_keeping(
            cands["value"].to_numpy()[live], cost_all[live], cands["channel"].to_numpy()[live], budget, capacity
        )
    ]
    if not len(live):
        return Selection(chosen, 0.0, 0.0, 0.0, {})
    value = cands["value"].to_numpy()[live]
    cost = cost_all[live]
    channel = cands["channel"].to_numpy()[live]
    rows, upper = [cost], [float(budget)]
    for name, limit in capacity.items():
        rows.append((channel == name).astype(float))
        upper.append(float(limit))
    A, b = csr_matrix(np.vstack(rows)), np.array(upper)
    lp = linprog(-value, A_ub=A, b_ub=b, bounds=(0, 1), method="highs-ds")
    bound = -float(lp.fun) if lp.status == 0 else float(value.sum())
    picked = (lp.x > 1 - 1e-9) if lp.status == 0 else np.zeros(len(live), dtype=bool)
    picked = _fill(picked, value, A, b)
    if bound - value[picked].sum() > 1e-6 * max(bound, 1.0) and len(live) <= _EXACT_UP_TO:
        exact = milp(
            -value,
            constraints=LinearConstraint(A, -np.inf, b),
            integrality=np.ones(len(live)),
            bounds=Bounds(0, 1),
            options={"time_limit": time_limit, "mip_rel_gap": 1e-6},
        )
        if exact.x is not None and value[exact.x > 0.5].sum() >= value[picked].sum():
            picked = exact.x > 0.5
            if np.isfinite(exact.mip_dual_bound):
                bound = min(bound, -float(exact.mip_dual_bound))
    chosen[live[picked]] = True
    per_channel = pd.Series(channel[picked]).value_counts().to_dict()
    return Selection(chosen, float(value[picked].sum()), bound, float(cost[picked].sum()), per_channel)


def by_risk(cands: pd.DataFrame, *, budget: float, capacity: Mapping[str, int] | None = None) -> Selection:
    """The naive policy: the riskiest lines first (each with its best offer), while budget and channel
    capacity last, whatever their value."""
    capacity = dict(capacity or {})
    chosen = np.zeros(len(cands), dtype=bool)
    cost = (cands["offer_cost"] + cands["contact_cost"]).to_numpy()
    channel = cands["channel"].to_numpy()
    left, used = float(budget), dict.fromkeys(capacity, 0)
    for i in np.argsort(-cands["p_churn"].to_numpy(), kind="stable"):
        if cost[i] > left + 1e-9 or used.get(channel[i], -1) >= capacity.get(channel[i], np.inf):
            continue
        chosen[i] = True
        left -= cost[i]
        if channel[i] in used:
            used[channel[i]] += 1
    value = float(cands["value"].to_numpy()[chosen].sum())
    per_channel = pd.Series(channel[chosen]).value_counts().to_dict()
    return Selection(chosen, value, value, float(cost[chosen].sum()), per_channel)


def _worth_keeping(
    value: np.ndarray, cost: np.ndarray, channel: np.ndarray, budget: float, capacity: Mapping[str, int]
) -> np.ndarray:
    """Positions that an optimal selection may need. Candidates of the same channel and cost differ only
    in value, so a selection never needs more of them than budget and capacity allow, and it can always
    take the most valuable ones (swapping in a better one keeps every limit): the rest are dropped."""
    frame = pd.DataFrame({"value": value, "cost": np.round(cost, 6), "channel": channel})
    frame = frame.sort_values("value", ascending=False, kind="stable")
    rank = frame.groupby(["channel", "cost"], sort=False).cumcount().to_numpy()
    room = np.floor(budget / np.maximum(frame["cost"].to_numpy(), 1e-9))
    limit = frame["channel"].map(lambda c: capacity.get(c, np.inf)).to_numpy(float)
    keep = rank < np.minimum(room, limit)
    return np.sort(frame.index.to_numpy()[keep])


_EXACT_UP_TO = 5000  # candidates for which the exact 0/1 programme is tried (seconds, not minutes)


def _fill(picked: np.ndarray, value: np.ndarray, A: csr_matrix, b: np.ndarray) -> np.ndarray:
    """Add the best remaining candidates, by value per unit of budget, while everything still fits."""
    picked = picked.copy()
    used = A @ picked.astype(float)
    dense = A.toarray()
    order = np.argsort(-(value / np.maximum(dense[0], 1e-9)))
    for i in order:
        if picked[i]:
            continue
        if np.all(used + dense[:, i] <= b + 1e-9):
            picked[i] = True
            used += dense[:, i]
    return picked


def control_group(
    frame: pd.DataFrame, *, share: float, seed: int, by: Sequence[str] = ("tier", "risk_tier")
) -> np.ndarray:
    """A random ``share`` of each stratum (rounded, at least one row when the share is above zero and
    the stratum has two or more), held out as the control group: True = control."""
    rng = np.random.default_rng(seed)
    control = np.zeros(len(frame), dtype=bool)
    if share <= 0 or frame.empty:
        return control
    keys = [c for c in by if c in frame]
    groups = frame.groupby(keys, sort=True, dropna=False).indices if keys else {(): np.arange(len(frame))}
    for _, rows in sorted(groups.items(), key=lambda kv: str(kv[0])):
        k = round(share * len(rows))
        if k == 0 and len(rows) >= 2:
            k = 1
        control[rng.choice(rows, size=min(k, len(rows) - 1), replace=False)] = True
    return control


def offers_from_toml(data: Mapping[str, object], *, file: str) -> tuple[Offer, ...]:
    """The offers of a parsed TOML file (``[[offer]]`` tables); every problem named in one error."""
    entries = data.get("offer")
    if not isinstance(entries, list) or not entries:
        raise ConfigError("offers.file", file=file, detail="no [[offer]] tables")
    reasons = {*CATEGORIES, "any", "winback"}  # winback: the come-back offer of `churnguard winback`
    problems, out, seen = [], [], set()
    for n, entry in enumerate(entries, start=1):
        where = f"offer {n}"
        texts = [
            (key, example)
            for key, example in (("tiers", "high"), ("payment", "postpaid"))
            if isinstance(entry.get(key), str)
        ]
        for key, example in texts:
            problems.append(f'{where}: {key} must be a list, e.g. {key} = ["{example}"], not a single text')
        if texts:
            continue
        try:
            offer = Offer(
                str(entry["id"]),
                str(entry["name"]),
                str(entry["reason"]),
                float(entry["cost"]),
                float(entry["save_rate"]),
                tuple(str(t) for t in entry.get("tiers", ())),
                tuple(str(t) for t in entry.get("payment", ())),
            )
        except (KeyError, TypeError, ValueError) as exc:
            problems.append(f"{where}: {exc.__class__.__name__} {exc}")
            continue
        if offer.reason not in reasons:
            allowed = ", ".join(sorted(reasons))
            problems.append(f"{where} ({offer.offer_id}): reason '{offer.reason}' is not one of {allowed}")
        if not set(offer.payment) <= {"prepaid", "postpaid"}:
            problems.append(f"{where} ({offer.offer_id}): payment may hold prepaid and postpaid only")
        if not 0 <= offer.save_rate <= 1 or offer.cost < 0:
            problems.append(f"{where} ({offer.offer_id}): cost must be ≥ 0 and save_rate within 0..1")
        if offer.offer_id in seen:
            problems.append(f"{where}: id '{offer.offer_id}' appears twice")
        seen.add(offer.offer_id)
        out.append(offer)
    if problems:
        raise ConfigError("offers.file", file=file, detail="; ".join(problems))
    return tuple(out)


def load_offers(path: str | Path) -> tuple[Offer, ...]:
    """The offer catalogue of a TOML file (see :func:`~churnguard.retention.policy.offers_from_toml`)."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError("file.missing", file=str(path), cwd=str(Path.cwd())) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError("offers.file", file=str(path), detail=str(exc)) from exc
    return offers_from_toml(data, file=str(path))


def offer_catalogue(path: str | Path | None) -> tuple[Offer, ...]:
    """The offers of ``path`` (setting ``offers_file``), else the built-in catalogue."""
    return load_offers(path) if path else DEFAULT_OFFERS
