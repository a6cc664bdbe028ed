"""Targeting: the best offer per line, a selection that is optimal (checked by brute force) and never
over budget or capacity, and control groups drawn per stratum."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from churnguard.errors import ConfigError
from churnguard.retention.policy import (
    CHANNEL_COSTS,
    Offer,
    candidates,
    choose,
    control_group,
    main_reason,
    offers_from_toml,
    reason_key,
)


def test_each_line_gets_its_best_eligible_offer() -> None:
    scores = pd.DataFrame(
        {
            "subscriber_id": ["A", "B", "C", "D"],
            "p_churn": [0.5, 0.5, 0.5, 0.001],
            "clv": [2000.0, 2000.0, 2000.0, 100.0],
            "tier": ["mid", "high", "low", "low"],
            "reason_1_category": ["price", "资费", "device", "price"],
        }
    )
    found = candidates(scores).set_index("subscriber_id")
    # A (mid): right-sizing 0.5*0.3*2000-20-8 = 272 beats the gift (150-10-8); the discount is for high tiers.
    assert found.loc["A", "offer_id"] == "price_rightsizing"
    assert found.loc["A", "value"] == pytest.approx(0.5 * 0.3 * 2000 - 20 - CHANNEL_COSTS["call_centre"])
    # B (high, reason given in Chinese): the discount, 400 - 60 - 40 = 300 > 300 - 20 - 40.
    assert found.loc["B", "offer_id"] == "price_discount" and found.loc["B", "channel"] == "vip_manager"
    # C (low) may not have the device subsidy: the general gift is what is left.
    assert found.loc["C", "offer_id"] == "loyalty_gift" and found.loc["C", "channel"] == "sms"
    # D is scored but worth nothing to contact: its value is negative, kept so the choice can say so.
    assert found.loc["D", "value"] < 0
    assert reason_key("Price") == "other" and reason_key("price") == "price"


def test_the_offer_answers_the_first_reason_that_raises_the_risk() -> None:
    """A reason that lowers the risk (a new phone) is no grievance: the offer answers the first one that
    raises it, and a line whose reasons all lower it gets only the general offer."""
    scores = pd.DataFrame(
        {
            "subscriber_id": ["A", "B", "C"],
            "p_churn": [0.5, 0.5, 0.5],
            "clv": [2000.0, 2000.0, 2000.0],
            "tier": ["mid", "mid", "mid"],
            "reason_1_category": ["device", "network", "device"],
            "reason_1_direction": ["down", "up", "down"],
            "reason_2_category": ["price", "device", "contract"],
            "reason_2_direction": ["up", "up", "down"],
            "reason_3_category": ["network", None, None],
            "reason_3_direction": ["up", None, None],
        }
    )
    assert main_reason(scores).tolist() == ["price", "network", "other"]
    found = candidates(scores).set_index("subscriber_id")
    assert found.loc["A", "offer_id"] == "price_rightsizing"
    assert found.loc["B", "offer_id"] == "network_ticket"
    assert found.loc["C", "offer_id"] == "loyalty_gift"
    # Scores without directions (an older run, or a hand-made table) keep their first reason.
    assert main_reason(scores[["reason_1_category"]]).tolist() == ["device", "network", "device"]


def test_a_payment_plan_is_for_lines_that_owe() -> None:
    """A prepaid line owes nothing: its payment reason is answered by the tariff, never a payment plan."""
    scores = pd.DataFrame(
        {
            "subscriber_id": ["pre", "post"],
            "p_churn": [0.5, 0.5],
            "clv": [2000.0, 2000.0],
            "tier": ["mid", "mid"],
            "reason_1_category": ["arrears", "arrears"],
            "reason_1_direction": ["up", "up"],
            "is_prepaid": [1, 0],
        }
    )
    assert main_reason(scores).tolist() == ["price", "arrears"]
    found = candidates(scores).set_index("subscriber_id")
    assert found.loc["pre", "offer_id"] == "price_rightsizing"
    assert found.loc["post", "offer_id"] == "payment_plan"
    # An offer for one payment type reaches no other, whatever reason it answers.
    for_postpaid = [Offer("gift", "Gift", "any", 1.0, 0.5, payment=("postpaid",))]
    assert candidates(scores, offers=for_postpaid)["subscriber_id"].tolist() == ["post"]
    # Scores that do not say how a line pays leave every line eligible.
    assert len(candidates(scores.drop(columns="is_prepaid"), offers=for_postpaid)) == 2


def test_offers_file_payment_types_are_checked() -> None:
    entry = {"id": "x", "name": "X", "reason": "arrears", "cost": 5.0, "save_rate": 0.2}
    assert offers_from_toml({"offer": [{**entry, "payment": ["postpaid"]}]}, file="o.toml")[0].payment == ("postpaid",)
    with pytest.raises(ConfigError, match="prepaid and postpaid only"):
        offers_from_toml({"offer": [{**entry, "payment": ["contract"]}]}, file="o.toml")
    with pytest.raises(ConfigError, match="payment must be a list"):
        offers_from_toml({"offer": [{**entry, "payment": "postpaid"}]}, file="o.toml")


def _random_candidates(seed: int, n: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "value": rng.normal(50, 60, n).round(2),
            "offer_cost": rng.choice([5.0, 20.0, 60.0, 150.0], n),
            "contact_cost": rng.choice([0.1, 8.0, 40.0], n),
            "channel": rng.choice(["vip_manager", "call_centre", "sms"], n),
        }
    )


@pytest.mark.parametrize("seed", range(6))
def test_the_choice_is_optimal_and_within_budget_and_capacity(seed: int) -> None:
    cands = _random_candidates(seed, 12)
    budget, capacity = 250.0, {"vip_manager": 2, "call_centre": 3}
    picked = choose(cands, budget=budget, capacity=capacity)
    cost = (cands["offer_cost"] + cands["contact_cost"]).to_numpy()
    value = cands["value"].to_numpy()
    channel = cands["channel"].to_numpy()
    assert cost[picked.chosen].sum() <= budget + 1e-9
    for name, limit in capacity.items():
        assert (channel[picked.chosen] == name).sum() <= limit
    assert (value[picked.chosen] > 0).all()
    best = 0.0
    for k in range(len(cands) + 1):
        for subset in itertools.combinations(range(len(cands)), k):
            rows = list(subset)
            if cost[rows].sum() > budget or any((channel[rows] == c).sum() > lim for c, lim in capacity.items()):
                continue
            best = max(best, value[rows].sum())
    assert picked.value == pytest.approx(best, abs=1e-6)
    assert picked.bound >= picked.value - 1e-6 and picked.gap <= 1e-5


def test_nothing_worth_doing_chooses_nothing() -> None:
    cands = _random_candidates(0, 5).assign(value=-1.0)
    picked = choose(cands, budget=1000.0)
    assert not picked.chosen.any() and picked.value == 0.0


def test_control_groups_are_drawn_per_stratum_and_repeatable() -> None:
    frame = pd.DataFrame({"tier": ["high"] * 40 + ["low"] * 160, "risk_tier": (["high", "low"] * 100)})
    control = control_group(frame, share=0.1, seed=7)
    assert control.sum() == 20
    per_stratum = frame[control].groupby(["tier", "risk_tier"]).size()
    assert per_stratum.to_dict() == {("high", "high"): 2, ("high", "low"): 2, ("low", "high"): 8, ("low", "low"): 8}
    assert (control == control_group(frame, share=0.1, seed=7)).all()
    assert not (control == control_group(frame, share=0.1, seed=8)).all()
    tiny = pd.DataFrame({"tier": ["gold"], "risk_tier": ["high"]})
    assert not control_group(tiny, share=0.5, seed=1).any()  # a lone line is never all held out


def test_only_the_best_of_a_channel_and_cost_compete_when_capacity_binds() -> None:
    values = np.arange(1.0, 15.0)
    cands = pd.DataFrame({"value": values, "offer_cost": 10.0, "contact_cost": 8.0, "channel": "call_centre"})
    cands = pd.concat([cands, pd.DataFrame([{"value": 5.0, "offer_cost": 1.0, "contact_cost": 0.1, "channel": "sms"}])])
    picked = choose(cands.reset_index(drop=True), budget=1000.0, capacity={"call_centre": 3})
    assert sorted(cands["value"].to_numpy()[picked.chosen]) == [5.0, 12.0, 13.0, 14.0]
    assert picked.per_channel == {"call_centre": 3, "sms": 1} and picked.gap == pytest.approx(0.0, abs=1e-9)
