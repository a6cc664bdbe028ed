"""One simulated month: network, competitors, each line's churn drivers, events, bills and payments.

The churn hazard is a logistic function of named drivers (the ground truth keeps each driver's
share), and churn comes in three kinds: active (cancel / port out), passive (arrears suspension
ending in cancellation; prepaid lines that stop recharging) and latent (usage collapses while the
line stays open). Coefficients were set so monthly churn lands near 2.5 % (1.5–3.5 % by month).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from churnguard.data.sim.population import COUNTIES, DEVICES, World

__all__ = ["DRIVERS", "MonthResult", "State", "device_rows", "step"]

# Log-odds weights of the active-churn drivers (the truth reports each driver's contribution).
DRIVERS: dict[str, float] = {
    "competitor_offer": 1.3,
    "price_shock": 1.3,
    "network": 0.7,
    "contract_end": 1.2,
    "device_age": 0.45,
    "complaint": 0.9,
    "social": 2.5,
    "short_tenure": 0.7,
    "prepaid": 0.6,
    "loyalty": -0.45,
}
_BASE_LOGIT = -5.45
# What a leaving customer tells the shop, by the driver that weighed most.
_STATED = {
    "competitor_offer": "better offer elsewhere",
    "price_shock": "price too high",
    "network": "poor network",
    "contract_end": "contract ended",
    "device_age": "changing phone",
    "complaint": "unresolved complaint",
    "social": "family and friends moved",
    "short_tenure": "not satisfied with the new service",
    "prepaid": "no longer needed",
}
_COMPETITORS = ("competitor_a", "competitor_b")


@dataclass
class State:
    """Every line ever opened (rows never removed, so indices stay valid) and its changing state."""

    lines: pd.DataFrame
    status: np.ndarray  # active | suspended_arrears | cancelled | ported_out
    unpaid: np.ndarray  # consecutive unpaid months (postpaid)
    latent: np.ndarray  # usage collapsed while the line stays open
    churn_month: np.ndarray  # month number of churn, -1 while a customer
    promo_left: np.ndarray  # months of discount left; a discount ending is a price shock
    open_complaints: np.ndarray
    contacts: np.ndarray  # (n, k) indices of each line's frequent contacts
    # Every phone each line came to use (line index, since, device_model): the delivery's device history.
    devices: list[pd.DataFrame] = field(default_factory=list)


@dataclass
class MonthResult:
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    truth: pd.DataFrame | None = None


def _network(rng: np.random.Generator, world: World, month: str) -> pd.DataFrame:
    cells = world.cells
    n = len(cells)
    outage = np.where(rng.random(n) < 0.06, rng.lognormal(np.log(6.0), 0.9, n), 0.0)
    drop = np.clip(cells["base_drop"].to_numpy() * rng.lognormal(0, 0.2, n) * (1 + outage / 12), 0, 0.5)
    mbps = cells["base_mbps"].to_numpy() * rng.lognormal(0, 0.15, n) / (1 + outage / 24)
    return pd.DataFrame(
        {
            "cell_id": cells["cell_id"],
            "county": cells["county"],
            "month": month,
            "dropped_call_rate": drop.round(5),
            "throughput_mbps": mbps.round(1),
            "outage_hours": np.minimum(outage, 744).round(1),
        }
    )


def _promotions(rng: np.random.Generator) -> dict[str, tuple[float, str]]:
    """A competitor's offer strength (0 none, 1 strong) per county this month."""
    out = {}
    for county, _, urban in COUNTIES:
        draw = rng.random()
        strength = 1.0 if draw < (0.12 if urban else 0.05) else 0.4 if draw < (0.35 if urban else 0.15) else 0.0
        out[county] = (strength, _COMPETITORS[int(rng.integers(0, 2))])
    return out


_SCENARIOS = 24


class _Hazard:
    """Each open line's churn probabilities given the month's draws (competitor offers, network).

    ``leave`` is the probability that the line leaves this month (cancel, port out, a silent prepaid
    line, or an arrears suspension the operator ends), the event the operator's ``churn`` label counts;
    ``any`` adds the onset of latent churn.
    """

    def __init__(
        self, sensitivity: np.ndarray, known: dict[str, np.ndarray], status: np.ndarray, state: State, open_: np.ndarray
    ):
        self.sensitivity, self.known = sensitivity, known
        self.prepaid = known["prepaid"] > 0
        self.active = status == "active"
        self.can_leave = self.active & ~state.latent[open_]  # a collapsed line no longer churns actively
        # A third unpaid month in suspension ends the line: a debt repeats with probability 0.7 (see step).
        self.p_arrears = np.where((status == "suspended_arrears") & (state.unpaid[open_] >= 3), 0.7, 0.0)

    def drivers(self, promo: np.ndarray, drop: np.ndarray, outage: np.ndarray) -> dict[str, np.ndarray]:
        network = np.clip((drop - 0.006) / 0.01, 0, 3) + np.minimum(outage, 48) / 24
        drawn = {"competitor_offer": promo * self.sensitivity, "network": network}
        return {k: drawn[k] if k in drawn else self.known[k] for k in DRIVERS}

    def probabilities(
        self, drivers: dict[str, np.ndarray], promo: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Active churn, a prepaid line going silent, and latent churn (usage collapses)."""
        p_active = 1 / (1 + np.exp(-(_BASE_LOGIT + sum(DRIVERS[k] * v for k, v in drivers.items()))))
        p_silent = np.where(self.prepaid, 0.006 + 0.02 * drivers["competitor_offer"], 0.0)
        p_latent = np.where(self.can_leave, 0.002 + 0.006 * promo, 0.0)
        return p_active, p_silent, p_latent

    def leave(self, p_active: np.ndarray, p_silent: np.ndarray) -> np.ndarray:
        return 1 - (1 - p_active * self.can_leave) * (1 - p_silent * self.active) * (1 - self.p_arrears)

    def any(self, p_active: np.ndarray, p_silent: np.ndarray, p_latent: np.ndarray) -> np.ndarray:
        return 1 - (1 - self.leave(p_active, p_silent)) * (1 - p_latent)

    def expected_leave(
        self, rng: np.random.Generator, world: World, month: str, cell: np.ndarray, county: np.ndarray
    ) -> np.ndarray:
        """``leave`` averaged over fresh draws of the month's network and competitor offers: the line's
        probability as it stood at the start of the month, before anything of the month happened."""
        total = np.zeros(len(cell))
        # Offers are drawn per county: look each line's county up once, not per line and draw.
        names, where = np.unique(county, return_inverse=True)
        for _ in range(_SCENARIOS):
            net = _network(rng, world, month)
            promos = _promotions(rng)
            promo = np.array([promos[c][0] for c in names])[where]
            drivers = self.drivers(
                promo, net["dropped_call_rate"].to_numpy()[cell], net["outage_hours"].to_numpy()[cell]
            )
            p_active, p_silent, _ = self.probabilities(drivers, promo)
            total += self.leave(p_active, p_silent)
        return total / _SCENARIOS


def step(
    rng: np.random.Generator, world: World, state: State, *, month_no: int, month_start: pd.Timestamp
) -> MonthResult:
    """Advance one month: returns the month's operator tables and the ground truth of every open line."""
    month = month_start.strftime("%Y-%m")
    lines = state.lines
    open_ = np.flatnonzero(np.isin(state.status, ("active", "suspended_arrears")))
    net = _network(rng, world, month)
    promos = _promotions(rng)
    sub = lines.iloc[open_]
    prepaid = (sub["payment_type"] == "prepaid").to_numpy()
    cell = sub["home_cell"].to_numpy()
    county = sub["county"].to_numpy()
    promo = np.array([promos[c][0] for c in county])
    rival = np.array([promos[c][1] for c in county])
    tenure_m = ((month_start - sub["activation_date"]).dt.days.to_numpy() / 30.4).clip(0)
    to_end = (sub["contract_end_date"] - month_start).dt.days.to_numpy()
    device_m = (month_start - sub["device_purchase_date"]).dt.days.to_numpy() / 30.4
    churned_recently = (state.churn_month >= month_no - 2) & (state.churn_month >= 0)
    price_shock = (state.promo_left[open_] == 1).astype(float)  # discount ends with this bill
    known = {  # drivers fixed before the month's network and competitor draws
        "price_shock": price_shock * (0.5 + sub["price_sensitivity"].to_numpy()),
        "contract_end": ((to_end >= -15) & (to_end < 45)).astype(float),
        "device_age": np.clip((device_m - 24) / 12, 0, 2),
        "complaint": np.minimum(state.open_complaints[open_], 2).astype(float),
        "social": churned_recently[state.contacts[open_]].mean(axis=1),
        "short_tenure": (tenure_m < 6).astype(float),
        "prepaid": prepaid.astype(float),
        "loyalty": sub["loyalty"].to_numpy(),
    }
    active_now = state.status[open_] == "active"
    hazard = _Hazard(sub["price_sensitivity"].to_numpy(), known, state.status[open_], state, open_)
    drivers = hazard.drivers(promo, net["dropped_call_rate"].to_numpy()[cell], net["outage_hours"].to_numpy()[cell])
    contrib = {k: DRIVERS[k] * v for k, v in drivers.items()}
    p_active, p_silent, p_latent = hazard.probabilities(drivers, promo)
    # A child stream, so the truth's extra draws leave the operator's data as they were.
    p_leave_expected = hazard.expected_leave(rng.spawn(1)[0], world, month, cell, county)
    p_unpaid = np.where(prepaid, 0.0, (1 - sub["pay_reliability"].to_numpy()) * 0.25)

    u = rng.random((4, len(open_)))
    churn_active = active_now & ~state.latent[open_] & (u[0] < p_active)
    unpaid_now = ~prepaid & ~churn_active & (u[1] < np.where(state.unpaid[open_] > 0, 0.7, p_unpaid))
    silent = active_now & ~churn_active & (u[2] < p_silent)
    becomes_latent = active_now & ~churn_active & ~silent & (u[3] < p_latent)

    unpaid = np.where(unpaid_now, state.unpaid[open_] + 1, 0)
    suspend = (unpaid == 2) & (state.status[open_] == "active")
    passive_cancel = ((unpaid >= 4) & (state.status[open_] == "suspended_arrears")) | silent
    reactivate = (state.status[open_] == "suspended_arrears") & (unpaid == 0)

    events = []
    ts = month_start + pd.to_timedelta(rng.integers(0, 27 * 86400, len(open_)), unit="s")
    port = churn_active & (promo > 0) & (rng.random(len(open_)) < 0.7)

    def add(mask: np.ndarray, before: np.ndarray | str, after: str, reason: np.ndarray | str) -> None:
        if mask.any():
            events.append(
                pd.DataFrame(
                    {
                        "subscriber_id": sub["subscriber_id"].to_numpy()[mask],
                        "timestamp": ts[mask],
                        "from_status": before if isinstance(before, str) else before[mask],
                        "to_status": after,
                        "reason": reason if isinstance(reason, str) else reason[mask],
                    }
                )
            )

    top = np.array(list(contrib))[np.argmax(np.column_stack([contrib[k] for k in contrib][:-1]), axis=1)]
    add(churn_active & port, "active", "ported_out", np.char.add("port out to ", rival))
    add(churn_active & ~port, "active", "cancelled", np.vectorize(_STATED.get)(top))
    add(suspend, "active", "suspended_arrears", "two bills unpaid")
    add(reactivate, "suspended_arrears", "active", "arrears paid")
    add(passive_cancel & ~silent, "suspended_arrears", "cancelled", "arrears not paid")
    add(silent, state.status[open_], "cancelled", "no recharge, line silent")

    status = state.status[open_].copy()
    status[suspend] = "suspended_arrears"
    status[reactivate] = "active"
    status[passive_cancel] = "cancelled"
    status[churn_active] = np.where(port[churn_active], "ported_out", "cancelled")
    state.status[open_] = status
    state.unpaid[open_] = unpaid
    state.latent[open_] |= becomes_latent
    gone = churn_active | passive_cancel
    state.churn_month[open_[gone]] = month_no
    state.promo_left[open_] = np.maximum(state.promo_left[open_] - 1, 0)
    _life_events(rng, world, state, open_[status == "active"], month_start)

    kind = np.where(churn_active, "active", np.where(passive_cancel, "passive", np.where(becomes_latent, "latent", "")))
    p_leave, p_any = hazard.leave(p_active, p_silent), hazard.any(p_active, p_silent, p_latent)
    truth = pd.DataFrame(
        {
            "subscriber_id": sub["subscriber_id"].to_numpy(),
            "month": month,
            "p_churn": p_any.round(5),
            "p_leave": p_leave.round(5),
            "p_leave_expected": p_leave_expected.round(5),
            "churned": kind != "",
            "churn_kind": kind,
            "top_driver": top,
            **{f"driver_{k}": np.round(v, 4) for k, v in contrib.items()},
        }
    )

    # Complaints follow bad network and price shocks; unresolved ones stay open and push churn up.
    p_complaint = 0.008 + 0.03 * np.minimum(drivers["network"], 2) + 0.05 * price_shock
    complains = rng.random(len(open_)) < p_complaint
    n_c = int(complains.sum())
    cause = np.where(
        drivers["network"][complains] > 0.5,
        "network",
        np.where(
            price_shock[complains] > 0,
            "billing",
            np.array(["service_attitude", "price", "broadband", "other"])[rng.integers(0, 4, n_c)],
        ),
    )
    resolved = rng.random(n_c) < 0.8
    complaints = pd.DataFrame(
        {
            "subscriber_id": sub["subscriber_id"].to_numpy()[complains],
            "timestamp": (month_start + pd.to_timedelta(rng.integers(0, 28 * 86400, n_c), unit="s")),
            "channel": np.array(["hotline", "app", "store", "regulator"])[
                rng.choice(4, n_c, p=[0.55, 0.3, 0.12, 0.03])
            ],
            "category": cause,
            "resolved": resolved,
            "hours_to_resolve": np.where(resolved, rng.lognormal(np.log(20), 0.8, n_c).round(1), np.nan),
        }
    )
    state.open_complaints[open_] = np.maximum(state.open_complaints[open_] - 1, 0)
    state.open_complaints[open_[complains][~resolved]] += 2

    tables = {"network_quality": net, "status_changes": pd.concat(events) if events else None, "complaints": complaints}
    billed = np.isin(status, ("active", "suspended_arrears")) | gone
    tables.update(
        _bills_and_payments(rng, world, sub[billed], state, open_[billed], unpaid[billed] > 0, month, month_start)
    )
    tables["surveys"] = _surveys(rng, sub, drivers, month_start)
    return MonthResult(tables={k: v for k, v in tables.items() if v is not None}, truth=truth)


def device_rows(lines: pd.DataFrame, idx: np.ndarray) -> pd.DataFrame:
    """The device history rows of lines ``idx`` as their phones stand now."""
    return pd.DataFrame(
        {
            "index": idx,
            "since": lines["device_purchase_date"].to_numpy()[idx],
            "device_model": lines["device_model"].to_numpy()[idx],
        }
    )


def _life_events(
    rng: np.random.Generator, world: World, state: State, idx: np.ndarray, month_start: pd.Timestamp
) -> None:
    """What happens to staying customers: new phones, plan changes, moves to another county."""
    lines = state.lines
    n = len(idx)
    device_months = (month_start - lines["device_purchase_date"].iloc[idx]).dt.days.to_numpy() / 30.4
    new_phone = idx[rng.random(n) < np.where(device_months > 24, 0.05, 0.012)]
    lines.loc[new_phone, "device_purchase_date"] = month_start + pd.Timedelta(days=int(rng.integers(0, 28)))
    lines.loc[new_phone, "device_model"] = rng.choice(np.array(DEVICES), len(new_phone))
    state.devices.append(device_rows(lines, new_phone))
    # Plan changes stay within the payment type: one step up (more often) or down the price ladder.
    plans = world.plans
    movers = idx[rng.random(n) < 0.01]
    for prepaid in (True, False):
        chosen = plans[(plans["prepaid"] == prepaid) & (plans["plan_id"] != "E99")].sort_values("monthly_fee")
        ladder = chosen["plan_id"].to_numpy()
        rung = {plan: k for k, plan in enumerate(ladder)}
        rows = movers[np.isin(lines["plan_id"].to_numpy()[movers], ladder)]
        if len(rows):
            pos = np.array([rung[p] for p in lines["plan_id"].to_numpy()[rows]])
            step = np.where(rng.random(len(rows)) < 0.65, 1, -1)  # upgrades are more common
            lines.loc[rows, "plan_id"] = ladder[np.clip(pos + step, 0, len(ladder) - 1)]
    moved = idx[rng.random(n) < 0.003]
    if len(moved):
        counties = np.array([c[0] for c in COUNTIES])
        new_county = counties[rng.integers(0, len(counties), len(moved))]
        cell_county = world.cells["county"].to_numpy()
        for county in np.unique(new_county):
            rows = moved[new_county == county]
            pool = np.flatnonzero(cell_county == county)
            if len(pool):
                lines.loc[rows, "county"] = county
                lines.loc[rows, "home_cell"] = pool[rng.integers(0, len(pool), len(rows))]


def _bills_and_payments(
    rng: np.random.Generator,
    world: World,
    sub: pd.DataFrame,
    state: State,
    idx: np.ndarray,
    unpaid: np.ndarray,
    month: str,
    month_start: pd.Timestamp,
) -> dict[str, pd.DataFrame]:
    plans = world.plans.set_index("plan_id")
    fee = plans.loc[sub["plan_id"], "monthly_fee"].to_numpy()
    broadband = plans.loc[sub["plan_id"], "broadband"].to_numpy()
    iptv = plans.loc[sub["plan_id"], "iptv"].to_numpy()
    use = sub["usage_level"].to_numpy() * np.where(state.latent[idx], 0.1, 1.0)
    n = len(sub)
    parts = {
        "voice": fee * 0.3 + np.maximum(use - 1.3, 0) * 12,
        "data": fee * np.where(broadband, 0.35, 0.55) + np.maximum(use - 1.2, 0) * 20,
        "sms": fee * 0.05 + rng.poisson(0.5, n) * 0.1,
        "broadband": np.where(broadband, fee * 0.25, 0.0),
        "iptv": np.where(iptv, 20.0, 0.0),
        "value_added": np.where(rng.random(n) < 0.15, rng.choice([3.0, 5.0, 10.0, 15.0], n), 0.0),
    }
    discount_rate = np.where(state.promo_left[idx] > 0, 0.2, 0.0)
    frames = []
    for service, amount in parts.items():
        keep = amount > 0
        frames.append(
            pd.DataFrame(
                {
                    "subscriber_id": sub["subscriber_id"].to_numpy()[keep],
                    "month": month,
                    "service": service,
                    "amount": amount[keep].round(2),
                    "discount": (amount[keep] * discount_rate[keep]).round(2),
                }
            )
        )
    bills = pd.concat(frames, ignore_index=True)
    total = sum(parts.values()) * (1 - discount_rate)
    prepaid = (sub["payment_type"] == "prepaid").to_numpy()
    pays = ~unpaid
    times = month_start + pd.to_timedelta(rng.integers(0, 28 * 86400, n), unit="s")
    channel = np.where(
        prepaid,
        np.array(["app", "card", "store"])[rng.integers(0, 3, n)],
        np.where(sub["autopay"].to_numpy(), "auto_debit", np.array(["app", "bank", "store"])[rng.integers(0, 3, n)]),
    )
    payments = pd.DataFrame(
        {
            "subscriber_id": sub["subscriber_id"].to_numpy()[pays],
            "timestamp": times[pays],
            "amount": np.round(np.where(prepaid, np.ceil(total / 10) * 10, total)[pays], 2),
            "channel": channel[pays],
        }
    )
    return {"bills": bills, "payments": payments}


def _surveys(
    rng: np.random.Generator, sub: pd.DataFrame, drivers: dict[str, np.ndarray], month_start: pd.Timestamp
) -> pd.DataFrame:
    asked = rng.random(len(sub)) < 0.01
    n = int(asked.sum())
    dims = np.array(["overall", "network", "price", "service", "billing"])[rng.integers(0, 5, n)]
    mood = (
        4.2
        - 0.8 * drivers["network"][asked]
        - 0.6 * drivers["price_shock"][asked]
        - 0.7 * drivers["complaint"][asked]
        + 0.3 * drivers["loyalty"][asked]
    )
    score = np.clip(np.round(mood + rng.normal(0, 0.8, n)), 1, 5).astype(int)
    anonymous = rng.random(n) < 0.2
    return pd.DataFrame(
        {
            "respondent": np.where(anonymous, None, sub["subscriber_id"].to_numpy()[asked]),
            "city": sub["city"].to_numpy()[asked],
            "date": (month_start + pd.to_timedelta(rng.integers(0, 28, n), unit="D")).normalize(),
            "dimension": dims,
            "score": score,
        }
    )
