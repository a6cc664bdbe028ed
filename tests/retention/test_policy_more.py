"""Targeting beyond the optimiser: the naive by-risk policy, candidates valued by an uplift effect, and
offers read from a TOML file with every problem named at once."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from churnguard.errors import ConfigError
from churnguard.retention.policy import CHANNEL_COSTS, Offer, by_risk, candidates, choose, offers_from_toml


def _ranked() -> pd.DataFrame:
    rows = [
        # p_churn, offer_cost, contact_cost, channel, value
        (0.50, 30.0, 8.0, "call_centre", 10.0),  # 0
        (0.95, 60.0, 40.0, "vip_manager", 50.0),  # 1: the riskiest, first in
        (0.90, 60.0, 40.0, "vip_manager", 80.0),  # 2: the one VIP slot is taken
        (0.80, 150.0, 8.0, "call_centre", 100.0),  # 3: does not fit what is left of the budget
        (0.70, 10.0, 0.1, "sms", -5.0),  # 4: fits, taken though it is worth nothing
        (0.60, 20.0, 8.0, "call_centre", 20.0),  # 5
        (0.40, 5.0, 8.0, "call_centre", 30.0),  # 6: fits the budget, but the call centre is full
        (0.30, 10.0, 0.1, "sms", 1.0),  # 7
    ]
    return pd.DataFrame(rows, columns=["p_churn", "offer_cost", "contact_cost", "channel", "value"])


def test_by_risk_takes_the_riskiest_that_still_fit() -> None:
    cands = _ranked()
    picked = by_risk(cands, budget=200.0, capacity={"vip_manager": 1, "call_centre": 2})
    assert np.flatnonzero(picked.chosen).tolist() == [0, 1, 4, 5, 7]
    assert picked.spend == pytest.approx(100 + 10.1 + 28 + 38 + 10.1)
    assert picked.value == pytest.approx(50 - 5 + 20 + 10 + 1)
    assert picked.bound == picked.value
    assert picked.per_channel == {"vip_manager": 1, "call_centre": 2, "sms": 2}


def test_by_risk_without_capacity_is_limited_by_budget_only() -> None:
    picked = by_risk(_ranked(), budget=1000.0)
    assert picked.chosen.all()
    assert by_risk(_ranked(), budget=5.0).chosen.sum() == 0  # nothing costs less than 10.1


@pytest.mark.parametrize("seed", range(5))
def test_by_risk_never_overspends_and_skips_only_what_did_not_fit(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 40
    cands = pd.DataFrame(
        {
            "p_churn": rng.permutation(n) / n,
            "offer_cost": rng.choice([5.0, 20.0, 60.0, 150.0], n),
            "contact_cost": rng.choice([0.1, 8.0, 40.0], n),
            "channel": rng.choice(["vip_manager", "call_centre", "sms"], n),
            "value": rng.normal(20, 50, n),
        }
    )
    budget, capacity = 600.0, {"vip_manager": 3, "call_centre": 5}
    picked = by_risk(cands, budget=budget, capacity=capacity)
    cost = (cands["offer_cost"] + cands["contact_cost"]).to_numpy()
    channel = cands["channel"].to_numpy()
    assert cost[picked.chosen].sum() <= budget + 1e-9
    for name, limit in capacity.items():
        assert (channel[picked.chosen] == name).sum() <= limit
    # Walking down the risk order, every line left out either did not fit the budget left or found its
    # channel full at that point.
    left, used = budget, dict.fromkeys(capacity, 0)
    for i in np.argsort(-cands["p_churn"].to_numpy()):
        if picked.chosen[i]:
            left -= cost[i]
            used[channel[i]] = used.get(channel[i], 0) + 1
        else:
            assert cost[i] > left + 1e-9 or used.get(channel[i], 0) >= capacity.get(channel[i], np.inf), i
    assert picked.spend == pytest.approx(budget - left)


def _scores() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "subscriber_id": ["A", "B", "C"],
            "p_churn": [0.9, 0.9, 0.01],
            "clv": [1000.0, 1000.0, 500.0],
            "tier": ["mid", "mid", "low"],
            "reason_1_category": ["price", "price", "network"],
        }
    )


# Predicted fall in P(leave): the gift works best on A, nothing helps B (contact drives B away), C responds
# to a network ticket although its churn risk is tiny.
_EFFECTS = {
    "A": {"loyalty_gift": 0.20},
    "B": {},
    "C": {"network_ticket": 0.30},
}


def _effect(lines: pd.DataFrame, offer: Offer) -> np.ndarray:
    default = {"A": 0.05, "B": -0.10, "C": 0.0}
    return np.array([_EFFECTS[s].get(offer.offer_id, default[s]) for s in lines["subscriber_id"]])


def test_candidates_value_lines_by_the_effect_when_given() -> None:
    plain = candidates(_scores()).set_index("subscriber_id")
    assert plain.loc["A", "offer_id"] == "price_rightsizing"  # 0.9 × 0.3 × 1000 − 20 − 8 = 242
    by_effect = candidates(_scores(), effect=_effect).set_index("subscriber_id")
    a, b, c = by_effect.loc["A"], by_effect.loc["B"], by_effect.loc["C"]
    assert a["offer_id"] == "loyalty_gift" and a["uplift"] == pytest.approx(0.20)
    assert a["value"] == pytest.approx(0.20 * 1000 - 10 - CHANNEL_COSTS["call_centre"])
    assert c["offer_id"] == "network_ticket" and c["channel"] == "sms"
    assert c["value"] == pytest.approx(0.30 * 500 - 30 - CHANNEL_COSTS["sms"])
    assert b["uplift"] == pytest.approx(-0.10) and b["value"] < 0
    assert b["value"] == pytest.approx(max(-0.1 * 1000 - 20 - 8, -0.1 * 1000 - 10 - 8))


def test_a_line_that_contact_drives_away_is_never_chosen() -> None:
    cands = candidates(_scores(), effect=_effect)
    picked = choose(cands, budget=1e6)
    assert sorted(cands.loc[picked.chosen, "subscriber_id"]) == ["A", "C"]
    assert picked.value == pytest.approx(182.0 + 119.9)


def test_offers_from_toml_reads_a_valid_file() -> None:
    data = {
        "offer": [
            {"id": "p1", "name": "Price cut", "reason": "price", "cost": 10, "save_rate": 0.3, "tiers": ["high"]},
            {"id": "g1", "name": "Gift", "reason": "any", "cost": "2.5", "save_rate": 0},
        ]
    }
    got = offers_from_toml(data, file="offers.toml")
    assert got == (
        Offer("p1", "Price cut", "price", 10.0, 0.3, ("high",)),
        Offer("g1", "Gift", "any", 2.5, 0.0, ()),
    )
    # The parsed offers drive candidates like the defaults do.
    scores = _scores().iloc[[0]].assign(tier="high")
    found = candidates(scores, offers=got)
    assert found["offer_id"].tolist() == ["p1"]
    assert found["value"].iloc[0] == pytest.approx(0.9 * 0.3 * 1000 - 10 - CHANNEL_COSTS["vip_manager"])


def test_offers_from_toml_names_every_problem_in_one_error() -> None:
    data = {
        "offer": [
            {"id": "x", "name": "Weather", "reason": "weather", "cost": 1, "save_rate": 0.1},
            {"id": "y", "name": "Too good", "reason": "price", "cost": 1, "save_rate": 1.5},
            {"id": "x", "name": "Again", "reason": "price", "cost": 1, "save_rate": 0.1},
            {"id": "z", "name": "No cost", "reason": "price", "save_rate": 0.1},
        ]
    }
    with pytest.raises(ConfigError) as caught:
        offers_from_toml(data, file="offers.toml")
    error = caught.value
    message = str(error)
    assert message.startswith("Offers file offers.toml: ")
    assert "offer 1 (x): reason 'weather' is not one of" in message and "any" in message
    assert "offer 2 (y): cost must be ≥ 0 and save_rate within 0..1" in message
    assert "offer 3: id 'x' appears twice" in message
    assert "offer 4: KeyError" in message and "'cost'" in message
    assert message.count("; ") == 3
    assert error.exit_code == 2 and "save_rate" in error.hint()


def test_offers_from_toml_without_offers() -> None:
    for data in ({}, {"offer": []}, {"offer": "price"}):
        with pytest.raises(ConfigError, match=r"Offers file o\.toml: no \[\[offer\]\] tables"):
            offers_from_toml(data, file="o.toml")


def test_an_offer_s_tiers_must_be_a_list() -> None:
    entry = {"id": "x", "name": "x", "reason": "price", "cost": 1.0, "save_rate": 0.2, "tiers": "high"}
    with pytest.raises(ConfigError, match="tiers must be a list"):
        offers_from_toml({"offer": [entry]}, file="offers.toml")
    (offer,) = offers_from_toml({"offer": [{**entry, "tiers": ["high"]}]}, file="offers.toml")
    assert offer.tiers == ("high",)
