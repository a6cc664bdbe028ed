"""Churn metrics on examples small enough to work out by hand, and the champion rule."""

from __future__ import annotations

import numpy as np
import pytest

from churnguard.modeling.crossval import choose_champion
from churnguard.modeling.metrics import METRIC_NAMES, capture_rate, score_all, top_lift

# 20 customers, 5 churners (rate 0.25), scores falling from 0.95 to 0.00.
Y = np.array([1, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0])
P = np.linspace(0.95, 0.0, 20)


def test_top_decile_lift_by_hand() -> None:
    # Top 10 % = 2 customers, both churners: rate 1.0 / 0.25 = 4.
    assert top_lift(Y, P, 0.10) == pytest.approx(4.0)
    # Top 20 % = 4 customers, 3 churners: 0.75 / 0.25 = 3.
    assert top_lift(Y, P, 0.20) == pytest.approx(3.0)
    # Everyone: lift 1.
    assert top_lift(Y, P, 1.0) == pytest.approx(1.0)


def test_capture_rate_by_hand() -> None:
    assert capture_rate(Y, P, 0.10) == pytest.approx(2 / 5)
    assert capture_rate(Y, P, 0.20) == pytest.approx(3 / 5)
    assert capture_rate(Y, P, 0.40) == pytest.approx(4 / 5)
    assert capture_rate(Y, P, 1.0) == pytest.approx(1.0)


def test_top_share_rounds_up() -> None:
    y = np.array([0] * 14 + [1])
    p = np.arange(15) / 15.0  # the churner has the highest score
    # 10 % of 15 rows is 1.5: two rows are taken, one churner of two.
    assert top_lift(y, p, 0.10) == pytest.approx(0.5 / (1 / 15))
    assert capture_rate(y, p, 0.10) == pytest.approx(1.0)


def test_ties_at_the_cut_do_not_depend_on_row_order() -> None:
    y = np.array([1, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    flat = np.full(10, 0.3)
    # All ten tie: the one customer taken carries the group's churn rate (0.1), i.e. lift 1.
    assert top_lift(y, flat, 0.10) == pytest.approx(1.0)
    assert top_lift(y[::-1].copy(), flat, 0.10) == pytest.approx(1.0)
    # Two above the cut (one churner), then a tie of four (one churner) for the remaining two places.
    y = np.array([1, 0, 1, 0, 0, 0, 0, 0, 0, 0])
    p = np.array([0.9, 0.8, 0.5, 0.5, 0.5, 0.5, 0.1, 0.1, 0.1, 0.1])
    assert capture_rate(y, p, 0.4) == pytest.approx((1 + 2 * 0.25) / 2)


def test_score_all_keys_and_values() -> None:
    scores = score_all(Y, P)
    assert tuple(scores) == METRIC_NAMES
    assert scores["top_decile_lift"] == pytest.approx(4.0)
    assert scores["capture_10"] == pytest.approx(0.4)
    assert scores["capture_20"] == pytest.approx(0.6)
    # 5 churners × 15 stayers = 75 pairs; the churners at ranks 1, 2, 4, 8 and 16 win 15+15+14+11+4 = 59.
    assert scores["roc_auc"] == pytest.approx(59 / 75)
    assert scores["brier"] == pytest.approx(np.mean((P - Y) ** 2))


def test_score_all_survives_hard_zeros_and_ones() -> None:
    y = np.array([0, 0, 1, 1])
    scores = score_all(y, np.array([0.0, 0.0, 1.0, 1.0]))
    assert scores["roc_auc"] == 1.0
    assert np.isfinite(scores["log_loss"]) and scores["log_loss"] < 1e-5
    wrong = score_all(y, np.array([1.0, 1.0, 0.0, 0.0]))
    assert wrong["roc_auc"] == 0.0 and np.isfinite(wrong["log_loss"]) and wrong["log_loss"] > 10


def _m(auc: float, lift: float) -> dict[str, float]:
    return {"roc_auc": auc, "top_decile_lift": lift}


def test_champion_is_the_highest_auc() -> None:
    assert choose_champion({"logreg": _m(0.84, 3.0), "tree": _m(0.80, 3.5), "forest": _m(0.83, 3.9)}) == "logreg"


def test_champion_tie_goes_to_the_higher_lift() -> None:
    # forest is within 0.0005 AUC of logreg: a tie, broken by top-decile lift.
    metrics = {"logreg": _m(0.8400, 3.0), "forest": _m(0.8396, 3.2), "tree": _m(0.8390, 3.9)}
    assert choose_champion(metrics) == "forest"


def test_champion_exact_tie_on_both_keeps_the_higher_auc() -> None:
    metrics = {"a": _m(0.8400, 3.0), "b": _m(0.8398, 3.0)}
    assert choose_champion(metrics) == "a"
