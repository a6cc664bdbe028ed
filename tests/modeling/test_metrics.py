"""Churn metrics on examples small enough to work out by hand, and the champion rule."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from churnguard.modeling.crossval import choose_champion
from churnguard.modeling.metrics import (
    BACKTEST_METRIC_NAMES,
    METRIC_NAMES,
    backtest_metrics,
    capture_rate,
    reliability_table,
    score_all,
    top_lift,
)

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


def test_reliability_table_by_hand() -> None:
    # Ascending scores: bins of four rows, lowest first. P falls, so bin 1 holds the last four rows.
    table = reliability_table(Y, P, bins=5)
    assert list(table.columns) == ["bin", "p_min", "p_max", "mean_predicted", "observed_rate", "count"]
    assert table["bin"].tolist() == [1, 2, 3, 4, 5]
    assert table["count"].tolist() == [4, 4, 4, 4, 4]
    # Rows 16-19, 12-15, 8-11, 4-7, 0-3 hold 0, 1, 0, 1 and 3 churners.
    assert table["observed_rate"].tolist() == pytest.approx([0.0, 0.25, 0.0, 0.25, 0.75])
    assert table["mean_predicted"].tolist() == pytest.approx(
        [P[16:20].mean(), P[12:16].mean(), P[8:12].mean(), P[4:8].mean(), P[0:4].mean()]
    )
    assert table["p_min"].iloc[0] == pytest.approx(0.0) and table["p_max"].iloc[-1] == pytest.approx(0.95)


def test_reliability_table_counts_sum_to_rows_and_rates_match() -> None:
    rng = np.random.default_rng(5)
    p = rng.random(1_003)
    y = (rng.random(1_003) < p).astype(int)
    table = reliability_table(y, p)
    assert len(table) == 10 and table["count"].sum() == 1_003
    assert table["count"].min() >= 100 and table["count"].max() <= 101
    assert (table["observed_rate"] * table["count"]).sum() == pytest.approx(y.sum())
    assert (table["p_max"].iloc[:-1].to_numpy() < table["p_min"].iloc[1:].to_numpy()).all()


def test_reliability_table_keeps_ties_in_one_bin_and_never_leaves_one_empty() -> None:
    # Six of ten customers share the score 0.2: they cannot be split, so fewer bins come back.
    p = np.array([0.1, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.5, 0.7, 0.9])
    y = np.array([0, 1, 0, 0, 0, 1, 0, 1, 1, 0])
    table = reliability_table(y, p, bins=5)
    assert (table["count"] > 0).all() and table["count"].sum() == 10
    tie = table[(table["p_min"] <= 0.2) & (table["p_max"] >= 0.2)]
    assert len(tie) == 1 and tie["count"].iloc[0] >= 6
    assert table["bin"].tolist() == list(range(1, len(table) + 1))
    # Row order does not matter.
    order = np.arange(10)[::-1]
    pd.testing.assert_frame_equal(reliability_table(y[order], p[order], bins=5), table)
    assert table["count"].tolist() == [1, 6, 1, 2]
    # All equal: a single bin.
    flat = reliability_table(y, np.full(10, 0.3), bins=4)
    assert flat["count"].tolist() == [10] and flat["observed_rate"].iloc[0] == pytest.approx(0.4)


def test_reliability_table_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="equal length"):
        reliability_table(Y, P[:5])
    with pytest.raises(ValueError, match="finite"):
        reliability_table(np.array([0, 1]), np.array([0.1, np.nan]))


def test_backtest_metrics_keys_and_values() -> None:
    result = backtest_metrics(Y, P)
    assert tuple(result) == BACKTEST_METRIC_NAMES
    # The first entries agree with score_all.
    for name, value in score_all(Y, P).items():
        assert result[name] == pytest.approx(value)
    # Top 5 % of 20 = 1 customer, a churner: one of five.
    assert result["capture_5"] == pytest.approx(1 / 5)
    assert result["capture_10"] == pytest.approx(2 / 5)
    assert result["capture_20"] == pytest.approx(3 / 5)
    assert result["top_decile_lift"] == pytest.approx(4.0)
    assert result["base_rate"] == pytest.approx(0.25)
    assert result["rows"] == 20 and result["positives"] == 5
    assert isinstance(result["rows"], int) and isinstance(result["positives"], int)


def test_backtest_metrics_capture_5_on_a_tie_and_one_class() -> None:
    # 40 rows: 5 % = 2; the top score is shared by four customers of whom two churn.
    y = np.array([1, 1, 0, 0] + [0] * 34 + [1, 1])
    p = np.array([0.9] * 4 + [0.5] * 36)
    assert backtest_metrics(y, p)["capture_5"] == pytest.approx((2 * 0.5) / 4)
    with pytest.raises(ValueError, match="both churners and non-churners"):
        backtest_metrics(np.zeros(4, dtype=int), np.array([0.1, 0.2, 0.3, 0.4]))
