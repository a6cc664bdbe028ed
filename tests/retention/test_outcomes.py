"""Campaign outcomes: Wilson and Newcombe intervals against published figures, and the lift, savings,
costs and ROI of a hand-built campaign, overall, per channel and per account manager."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import brentq

from churnguard.retention.outcomes import Z95, breakdown, lift_interval, result, scorecards, wilson


def _wilson_by_root(k: int, n: int) -> tuple[float, float]:
    """The Wilson interval as its definition states it: the p for which |p̂ − p| = z·sqrt(p(1 − p)/n)."""
    p = k / n

    def gap(q: float) -> float:
        return (p - q) ** 2 - Z95 * Z95 * q * (1 - q) / n

    low = 0.0 if k == 0 else brentq(gap, 1e-15, p - 1e-15, xtol=1e-14)
    high = 1.0 if k == n else brentq(gap, p + 1e-15, 1 - 1e-15, xtol=1e-14)
    return low, high


# Newcombe (1998a), "Two-sided confidence intervals for the single proportion", Table I, method 3.
@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718)],
)
def test_wilson_matches_newcombes_published_intervals(k: int, n: int, low: float, high: float) -> None:
    got = wilson(k, n)
    assert got == pytest.approx((low, high), abs=5e-5)
    assert got == pytest.approx(_wilson_by_root(k, n), abs=1e-9)


def test_wilson_at_the_edges() -> None:
    low, high = wilson(0, 10)
    assert low == pytest.approx(0.0, abs=1e-12)
    assert high == pytest.approx(0.2775, abs=5e-5)
    assert wilson(10, 10)[1] == pytest.approx(1.0, abs=1e-12)
    assert all(math.isnan(v) for v in wilson(0, 0))
    assert all(math.isnan(v) for v in lift_interval(1, 0, 1, 5))
    assert all(math.isnan(v) for v in lift_interval(1, 5, 0, 0))


# Newcombe (1998b), "Interval estimation for the difference between independent proportions",
# Table II, method 10 (hybrid score). Example (a) is 56/70 − 48/80: a difference of 0.2000 with
# 95 % limits 0.0524 and 0.3339 (recomputed here from the Wilson limits of each arm as well).
@pytest.mark.parametrize(
    ("k1", "n1", "k0", "n0", "d", "low", "high"),
    [
        (56, 70, 48, 80, 0.2000, 0.0524, 0.3339),
        (9, 10, 3, 10, 0.6000, 0.1705, 0.8090),
        (5, 56, 0, 29, 0.0893, -0.0381, 0.1926),
    ],
)
def test_lift_interval_matches_newcombes_method_10(
    k1: int, n1: int, k0: int, n0: int, d: float, low: float, high: float
) -> None:
    got = lift_interval(k1, n1, k0, n0)
    assert got == pytest.approx((d, low, high), abs=5e-4)
    (l1, u1), (l0, u0) = _wilson_by_root(k1, n1), _wilson_by_root(k0, n0)
    p1, p0 = k1 / n1, k0 / n0
    expected_low = p1 - p0 - math.hypot(p1 - l1, u0 - p0)
    expected_high = p1 - p0 + math.hypot(u1 - p1, p0 - l0)
    assert got[1] == pytest.approx(expected_low, abs=1e-9)
    assert got[2] == pytest.approx(expected_high, abs=1e-9)


def _members() -> pd.DataFrame:
    """Eleven treated lines (t10's follow-up not known yet) and six control lines (c5 not known)."""
    treated = pd.DataFrame(
        {
            "subscriber_id": [f"t{i}" for i in range(11)],
            "arm": "treated",
            "channel": ["sms"] * 5 + ["call_centre"] * 6,
            "offer_id": ["gift"] * 11,
            "tier": ["low"] * 11,
            "owner_id": ["AM1"] * 5 + ["AM2"] * 6,
            "clv": [100.0 * (i + 1) for i in range(10)] + [9999.0],
            "offer_cost": 20.0,
            "contact_cost": 8.0,
            "monthly_revenue": [50.0] * 10 + [1000.0],
            "attempted": [True] * 8 + [False] * 3,
            "reached": [True] * 6 + [False] * 5,
            "accepted": [True] * 3 + [False] * 8,
            "left_30": [True, True] + [False] * 8 + [None],
            "left_60": [True, True, True] + [False] * 7 + [None],
            "left_90": [None] * 11,
        }
    )
    control = pd.DataFrame(
        {
            "subscriber_id": [f"c{i}" for i in range(6)],
            "arm": "control",
            "channel": ["sms", "call_centre", "call_centre", "sms", "call_centre", None],
            "offer_id": ["gift"] * 6,
            "tier": ["low"] * 6,
            "owner_id": ["AM1", "AM2", "AM2", "AM1", "AM2", "AM9"],
            "clv": 5000.0,
            "offer_cost": 500.0,  # what it would have cost: never counted
            "contact_cost": 40.0,
            "monthly_revenue": 300.0,
            "attempted": [True] * 6,  # even if a control row says so, its costs are not the campaign's
            "reached": [True] * 6,
            "accepted": [True] * 6,
            "left_30": [True, True, True, False, False, None],
            "left_60": [True, True, True, True, False, None],
            "left_90": [None] * 6,
        }
    )
    members = pd.concat([treated, control], ignore_index=True)
    for column in ("left_30", "left_60", "left_90"):
        members[column] = pd.array(members[column].tolist(), dtype="boolean")
    return members


COST = 8 * 8.0 + 3 * 20.0  # eight treated contacts attempted, three offers accepted


def test_result_at_30_days() -> None:
    got = result(_members(), horizon=30)
    assert (got["horizon_days"], got["known"], got["treated"], got["control"]) == (30, 15, 10, 5)
    assert got["retention_treated"] == pytest.approx(0.8)
    assert got["retention_control"] == pytest.approx(0.4)
    assert got["lift"] == pytest.approx(0.4)
    d, low, high = lift_interval(8, 10, 2, 5)
    assert d == pytest.approx(0.4)
    assert (got["lift_low"], got["lift_high"]) == pytest.approx((low, high))
    assert low < 0.4 < high
    # The lift is measured on the ten lines followed and applies to all eleven treated, t10 included.
    assert got["saved"] == pytest.approx(4.4)
    assert (got["saved_low"], got["saved_high"]) == pytest.approx((11 * low, 11 * high))
    clv = sum(100.0 * (i + 1) for i in range(10)) + 9999.0
    assert got["value_saved"] == pytest.approx(0.4 * clv)
    assert (got["value_saved_low"], got["value_saved_high"]) == pytest.approx((low * clv, high * clv))
    assert got["revenue_saved"] == pytest.approx(0.4 * 1500.0 * 30 / 30)
    assert (got["contacted"], got["reached"], got["accepted"]) == (8, 6, 3)
    assert got["cost"] == pytest.approx(COST)
    assert got["net_value"] == pytest.approx(0.4 * clv - COST)
    assert got["roi"] == pytest.approx((0.4 * clv - COST) / COST)


def test_result_at_60_days_counts_revenue_over_two_months() -> None:
    got = result(_members(), horizon=60)
    assert got["retention_treated"] == pytest.approx(0.7)
    assert got["retention_control"] == pytest.approx(0.2)
    assert got["lift"] == pytest.approx(0.5)
    assert got["saved"] == pytest.approx(5.5)
    assert got["revenue_saved"] == pytest.approx(0.5 * 1500.0 * 2)
    assert got["cost"] == pytest.approx(COST)  # costs do not depend on the horizon


def test_result_when_no_follow_up_is_known_yet() -> None:
    got = result(_members(), horizon=90)
    assert (got["known"], got["treated"], got["control"]) == (0, 0, 0)
    for key in ("retention_treated", "retention_control", "lift", "value_saved", "net_value", "roi"):
        assert math.isnan(got[key]), key
    assert got["cost"] == pytest.approx(COST)  # the money was spent all the same
    assert got["contacted"] == 8


def test_result_without_costs_has_no_roi() -> None:
    members = _members().assign(offer_cost=0.0, contact_cost=0.0)
    got = result(members, horizon=30)
    assert got["cost"] == 0.0 and math.isnan(got["roi"])
    assert got["net_value"] == pytest.approx(0.4 * (5500.0 + 9999.0))


def test_breakdown_compares_each_channel_with_its_own_control() -> None:
    got = breakdown(_members(), "channel", horizon=30).set_index("channel")
    assert list(got.index) == ["-", "call_centre", "sms"]
    sms, call = got.loc["sms"], got.loc["call_centre"]
    # sms: treated t0..t4 (two left) against c0 (left) and c3 (stayed).
    assert (sms["treated"], sms["control"]) == (5, 2)
    assert sms["retention_treated"] == pytest.approx(0.6) and sms["retention_control"] == pytest.approx(0.5)
    assert sms["lift"] == pytest.approx(0.1) and sms["saved"] == pytest.approx(0.5)
    assert sms["cost"] == pytest.approx(5 * 8.0 + 3 * 20.0)
    # call centre: t5..t9 all stayed against c1, c2 (left) and c4; t10 is not known yet.
    assert (call["treated"], call["control"], call["known"]) == (5, 3, 8)
    assert call["lift"] == pytest.approx(1.0 - 1 / 3)
    assert call["value_saved"] == pytest.approx((2 / 3) * (sum(100.0 * (i + 1) for i in range(5, 10)) + 9999.0))
    assert call["cost"] == pytest.approx(3 * 8.0)
    assert sms["cost"] + call["cost"] == pytest.approx(COST)
    # A line without a channel is grouped as "-"; its only member is not known yet.
    assert got.loc["-", "known"] == 0 and math.isnan(got.loc["-", "lift"])


def test_scorecards_per_account_manager() -> None:
    members = _members()
    on_time = pd.Series([True, True, False, True, False, True, True, True, True, False], index=range(10))
    got = scorecards(members, horizon=30, on_time=on_time).set_index("owner_id")
    assert list(got.index) == ["AM1", "AM2"]  # AM9 owns only a control line: no card
    am1, am2 = got.loc["AM1"], got.loc["AM2"]
    assert (am1["orders"], am1["contacted"], am1["reached"], am1["accepted"]) == (5, 5, 5, 3)
    assert am1["reach_rate"] == pytest.approx(1.0) and am1["accept_rate"] == pytest.approx(0.6)
    assert am1["on_time"] == pytest.approx(3 / 5)
    assert am1["lift"] == pytest.approx(0.6 - 0.5)
    # AM2: t5..t10, three attempted, one reached, none accepted; t10 has no on-time flag (counts as late).
    assert (am2["orders"], am2["contacted"], am2["reached"], am2["accepted"]) == (6, 3, 1, 0)
    assert am2["reach_rate"] == pytest.approx(1 / 3) and am2["accept_rate"] == pytest.approx(0.0)
    assert am2["on_time"] == pytest.approx(4 / 6)
    assert am2["retention_treated"] == pytest.approx(1.0)
    assert am2["cost"] == pytest.approx(3 * 8.0)
    assert "on_time" not in scorecards(members, horizon=30).columns


def test_scorecards_rates_are_missing_when_nothing_was_contacted() -> None:
    members = _members()
    members.loc[members["owner_id"] == "AM2", "attempted"] = False
    members.loc[members["owner_id"] == "AM2", "reached"] = False
    got = scorecards(members, horizon=30).set_index("owner_id")
    assert got.loc["AM2", "contacted"] == 0
    assert np.isnan(got.loc["AM2", "reach_rate"]) and np.isnan(got.loc["AM2", "accept_rate"])
    assert got.loc["AM1", "reach_rate"] == pytest.approx(1.0)
