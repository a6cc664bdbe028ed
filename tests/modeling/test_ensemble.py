"""Combining models: truth tables, weighted averages, operating points and what each method buys."""

from __future__ import annotations

import math

import numpy as np
import pytest

from churnguard.modeling.ensemble import (
    combine,
    flags_at,
    intersection,
    precision_recall_of,
    union,
    weighted_average,
)

A = np.array([True, True, False, False])
B = np.array([True, False, True, False])


def test_union_truth_table() -> None:
    np.testing.assert_array_equal(union([A, B]), [True, True, True, False])
    np.testing.assert_array_equal(union([A]), A)
    np.testing.assert_array_equal(union([np.array([1, 0, 0, 0]), np.array([0, 0, 1, 0])]), [True, False, True, False])


def test_intersection_truth_table() -> None:
    np.testing.assert_array_equal(intersection([A, B]), [True, False, False, False])
    np.testing.assert_array_equal(intersection([A, B, np.array([False, True, True, True])]), [False] * 4)
    assert intersection([A, B]).dtype == bool


def test_flag_combinations_refuse_bad_input() -> None:
    with pytest.raises(ValueError, match="no flags"):
        union([])
    with pytest.raises(ValueError, match="equal length"):
        intersection([A, B[:3]])
    with pytest.raises(ValueError, match="flags_at"):
        union([A, np.array([0.9, 0.1, 0.4, 0.2])])


def test_weighted_average_by_hand() -> None:
    p1 = np.array([0.2, 0.8, 0.5])
    p2 = np.array([0.6, 0.2, 0.5])
    # Weights 3 : 1 normalise to 0.75 / 0.25.
    np.testing.assert_allclose(weighted_average([p1, p2], weights=[3, 1]), [0.3, 0.65, 0.5])
    np.testing.assert_allclose(weighted_average([p1, p2], weights=[6, 2]), [0.3, 0.65, 0.5])
    np.testing.assert_allclose(weighted_average([p1, p2], weights=[0, 1]), p2)


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ([1.0], "1 weight.*2 model"),
        ([1.0, 1.0, 1.0], "3 weight.*2 model"),
        ([1.0, -0.5], "non-negative"),
        ([1.0, float("nan")], "non-negative"),
        ([0.0, 0.0], "all zero"),
    ],
)
def test_weighted_average_refuses_bad_weights(weights: list[float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        weighted_average([np.array([0.1, 0.2]), np.array([0.3, 0.4])], weights=weights)


def test_weighted_average_refuses_mismatched_or_non_probability_arrays() -> None:
    with pytest.raises(ValueError, match="equal length"):
        weighted_average([np.array([0.1, 0.2]), np.array([0.3])], weights=[1, 1])
    with pytest.raises(ValueError, match="between 0 and 1"):
        weighted_average([np.array([0.1, 2.5])], weights=[1])


def test_flags_at_cutoff_and_top_share() -> None:
    p = np.array([0.9, 0.1, 0.5, 0.7, 0.3])
    np.testing.assert_array_equal(flags_at(p, cutoff=0.5), [True, False, True, True, False])
    # 40 % of 5 = 2 customers: the two highest.
    np.testing.assert_array_equal(flags_at(p, top_share=0.4), [True, False, False, True, False])
    # 10 % of 5 rounds up to one customer.
    np.testing.assert_array_equal(flags_at(p, top_share=0.1), [True, False, False, False, False])


def test_flags_at_keeps_ties_together() -> None:
    p = np.array([0.9, 0.5, 0.5, 0.5, 0.1])
    flags = flags_at(p, top_share=0.4)  # two places, but three tie at 0.5 for the second
    np.testing.assert_array_equal(flags, [True, True, True, True, False])
    np.testing.assert_array_equal(flags_at(p[::-1].copy(), top_share=0.4), flags[::-1])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "exactly one"),
        ({"cutoff": 0.5, "top_share": 0.1}, "exactly one"),
        ({"top_share": 0.0}, "top_share"),
        ({"top_share": 1.5}, "top_share"),
    ],
)
def test_flags_at_refuses_bad_operating_points(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        flags_at(np.array([0.1, 0.2]), **kwargs)


PROBS = {"tariff": np.array([0.9, 0.6, 0.2, 0.1]), "network": np.array([0.7, 0.1, 0.8, 0.2])}


def test_combine_union_and_intersection_at_cutoffs() -> None:
    cutoffs = {"tariff": 0.5, "network": 0.5}
    flags, score = combine(PROBS, method="union", cutoffs=cutoffs)
    np.testing.assert_array_equal(flags, [True, True, True, False])
    np.testing.assert_allclose(score, [0.9, 0.6, 0.8, 0.2])
    flags, score = combine(PROBS, method="intersection", cutoffs=cutoffs)
    np.testing.assert_array_equal(flags, [True, False, False, False])
    np.testing.assert_allclose(score, [0.7, 0.1, 0.2, 0.1])
    # Each model's own cut-off: network is stricter here.
    flags, _ = combine(PROBS, method="union", cutoffs={"tariff": 0.5, "network": 0.75})
    np.testing.assert_array_equal(flags, [True, True, True, False])
    flags, _ = combine(PROBS, method="intersection", cutoffs={"tariff": 0.5, "network": 0.75})
    np.testing.assert_array_equal(flags, [False, False, False, False])


def test_combine_union_at_a_top_share_takes_each_models_top() -> None:
    flags, _ = combine(PROBS, method="union", top_share=0.25)
    # tariff's top customer is row 0, network's row 2.
    np.testing.assert_array_equal(flags, [True, False, True, False])


def test_combine_weighted() -> None:
    flags, score = combine(
        PROBS, method="weighted", weights={"tariff": 3, "network": 1}, cutoffs={"tariff": 0.5, "network": 0.5}
    )
    np.testing.assert_allclose(score, [0.85, 0.475, 0.35, 0.125])
    np.testing.assert_array_equal(flags, [True, False, False, False])
    # Equal weights by default; the top half of the averaged score.
    flags, score = combine(PROBS, method="weighted", top_share=0.5)
    np.testing.assert_allclose(score, [0.8, 0.35, 0.5, 0.15])
    np.testing.assert_array_equal(flags, [True, False, True, False])
    # Different cut-offs blend with the weights: 0.75 * 0.3 + 0.25 * 0.7 = 0.4.
    flags, _ = combine(
        PROBS, method="weighted", weights={"tariff": 3, "network": 1}, cutoffs={"tariff": 0.3, "network": 0.7}
    )
    np.testing.assert_array_equal(flags, [True, True, False, False])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"method": "average", "top_share": 0.5}, "one of union, intersection, weighted"),
        ({"method": "union"}, "exactly one"),
        ({"method": "union", "cutoffs": {"tariff": 0.5}}, "missing for network"),
        ({"method": "union", "cutoffs": {"tariff": 0.5, "network": 0.5, "web": 0.5}}, "unknown model.*web"),
        ({"method": "union", "top_share": 0.5, "weights": {"tariff": 1, "network": 1}}, "only to method='weighted'"),
        ({"method": "weighted", "top_share": 0.5, "weights": {"tariff": 1}}, "missing for network"),
        ({"method": "weighted", "top_share": 0.5, "weights": {"tariff": 1, "network": -1}}, "non-negative"),
    ],
)
def test_combine_refuses_bad_arguments(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        combine(PROBS, **kwargs)


def test_combine_does_not_modify_its_inputs() -> None:
    probs = {k: v.copy() for k, v in PROBS.items()}
    combine(probs, method="weighted", top_share=0.5, weights={"tariff": 2, "network": 1})
    for name, values in PROBS.items():
        np.testing.assert_array_equal(probs[name], values)


def test_precision_recall_by_hand() -> None:
    flags = np.array([True, True, False, True, False])
    y = np.array([1, 0, 1, 1, 0])
    result = precision_recall_of(flags, y)
    assert result == {
        "precision": pytest.approx(2 / 3),
        "recall": pytest.approx(2 / 3),
        "flagged": 3,
        "flagged_share": 0.6,
    }
    empty = precision_recall_of(np.zeros(5, dtype=bool), y)
    assert math.isnan(empty["precision"]) and empty["recall"] == 0.0 and empty["flagged"] == 0
    with pytest.raises(ValueError, match="equal length"):
        precision_recall_of(flags, y[:4])


def test_union_raises_recall_and_intersection_raises_precision() -> None:
    # Two models that see the same risk through independent noise: they make different mistakes.
    rng = np.random.default_rng(2024)
    n = 5_000
    risk = rng.normal(size=n)
    y = (rng.random(n) < 1 / (1 + np.exp(-(2.5 * risk - 2.0)))).astype(int)
    members = {
        name: 1 / (1 + np.exp(-(risk + rng.normal(scale=1.0, size=n)))) for name in ("tariff", "network", "care")
    }
    cutoffs = dict.fromkeys(members, float(np.quantile(members["tariff"], 0.8)))
    member_stats = [precision_recall_of(flags_at(p, cutoff=cutoffs[name]), y) for name, p in members.items()]

    union_flags, _ = combine(members, method="union", cutoffs=cutoffs)
    inter_flags, _ = combine(members, method="intersection", cutoffs=cutoffs)
    union_stats, inter_stats = precision_recall_of(union_flags, y), precision_recall_of(inter_flags, y)

    assert all(union_stats["recall"] >= m["recall"] for m in member_stats)
    assert all(union_stats["flagged"] >= m["flagged"] for m in member_stats)
    # Not a theorem (a subset can be less precise), but it holds when the members' errors are independent.
    assert all(inter_stats["precision"] > m["precision"] for m in member_stats)
    assert all(inter_stats["flagged"] <= m["flagged"] for m in member_stats)
