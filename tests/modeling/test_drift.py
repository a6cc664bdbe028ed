"""Population stability, drift tables, delayed-label performance, alerts and the retraining rule."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from churnguard.modeling.drift import (
    PSI_EPSILON,
    PSI_SHIFT,
    PSI_WATCH,
    alerts,
    drift_table,
    psi,
    psi_categorical,
    psi_status,
    realised_performance,
    retrain_recommended,
)


def test_psi_of_two_samples_of_one_distribution_is_near_zero() -> None:
    rng = np.random.default_rng(7)
    assert psi(rng.normal(size=20_000), rng.normal(size=20_000)) < 0.01


def test_psi_of_a_one_standard_deviation_shift_is_a_shift() -> None:
    rng = np.random.default_rng(7)
    value = psi(rng.normal(size=20_000), rng.normal(loc=1.0, size=20_000))
    assert value > PSI_SHIFT
    assert psi_status(value) == "shift"


def test_psi_by_hand() -> None:
    reference = np.arange(1, 11, dtype=float)  # median edge 5: bins (-inf, 5] and (5, inf), 50 % each
    current = np.array([1, 1, 1, 1, 1, 1, 1, 1, 6, 7], dtype=float)  # 80 % and 20 %
    expected = (0.8 - 0.5) * math.log(0.8 / 0.5) + (0.2 - 0.5) * math.log(0.2 / 0.5)
    assert psi(reference, current, bins=2) == pytest.approx(expected)
    # Two blanks in the current sample: 60 % / 20 % / 20 % missing against 50 % / 50 % / 0 (→ epsilon).
    with_blanks = np.array([1, 1, 1, 1, 1, 1, 6, 7, np.nan, np.nan])
    expected = (
        (0.6 - 0.5) * math.log(0.6 / 0.5)
        + (0.2 - 0.5) * math.log(0.2 / 0.5)
        + (0.2 - PSI_EPSILON) * math.log(0.2 / PSI_EPSILON)
    )
    assert psi(reference, with_blanks, bins=2) == pytest.approx(expected)


def test_psi_is_zero_for_the_same_values_in_any_order() -> None:
    x = np.array([0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0])
    assert psi(x, x) == pytest.approx(0.0)
    assert psi(x, x[::-1].copy()) == pytest.approx(0.0)
    assert psi(x, x + 10) > PSI_SHIFT


def test_psi_is_finite_when_bins_are_empty() -> None:
    reference = np.arange(100, dtype=float)
    # Every current value is above the reference's maximum: nine bins empty, the open top bin full.
    far_above = np.full(50, 1_000.0)
    value = psi(reference, far_above)
    assert np.isfinite(value) and value > PSI_SHIFT
    # Top bin goes from 10 % to 100 %; nine bins from 10 % to epsilon.
    expected = 0.9 * math.log(1.0 / 0.1) + 9 * (PSI_EPSILON - 0.1) * math.log(PSI_EPSILON / 0.1)
    assert value == pytest.approx(expected)


def test_psi_is_finite_with_missing_values_on_both_sides() -> None:
    rng = np.random.default_rng(3)
    reference = rng.normal(size=1_000)
    reference[::10] = np.nan
    current = rng.normal(size=1_000)
    current[::4] = np.nan
    value = psi(reference, current)
    assert np.isfinite(value)
    # Missing share 10 % → 25 % alone contributes 0.15 * ln 2.5 ≈ 0.137.
    assert value > 0.1
    # Same missing share on both sides: stable.
    assert psi(reference, reference.copy()) == pytest.approx(0.0)


def test_psi_merges_tied_edges_of_a_point_mass() -> None:
    # Half zeros: the quantile edges 0.1 .. 0.5 are all 0 and merge into one bin.
    reference = np.concatenate([np.zeros(500), np.arange(1, 501, dtype=float)])
    current = reference.copy()
    current[:250] = 1.0  # a quarter of the customers move from 0 to 1
    assert np.isfinite(psi(reference, current))
    assert psi(reference, current) > PSI_WATCH


def test_psi_does_not_modify_its_inputs() -> None:
    reference = pd.Series([1.0, np.nan, 3.0, 4.0])
    current = np.array([2.0, 2.0, np.nan, 9.0])
    before_ref, before_cur = reference.copy(), current.copy()
    psi(reference, current, bins=3)
    pd.testing.assert_series_equal(reference, before_ref)
    np.testing.assert_array_equal(current, before_cur)


def test_psi_refuses_empty_and_text_input() -> None:
    with pytest.raises(ValueError, match="empty"):
        psi(np.array([]), np.array([1.0]))
    with pytest.raises(ValueError, match="psi_categorical"):
        psi(np.array(["a", "b"]), np.array(["a"]))
    with pytest.raises(ValueError, match="bins"):
        psi(np.array([1.0]), np.array([1.0]), bins=0)


def test_psi_categorical_with_a_new_category_by_hand() -> None:
    reference = ["a"] * 50 + ["b"] * 50
    current = ["a"] * 40 + ["b"] * 40 + ["c"] * 20
    expected = 2 * (0.4 - 0.5) * math.log(0.4 / 0.5) + (0.2 - PSI_EPSILON) * math.log(0.2 / PSI_EPSILON)
    assert psi_categorical(reference, current) == pytest.approx(expected)
    assert psi_categorical(reference, list(reversed(reference))) == pytest.approx(0.0)


def test_psi_categorical_counts_missing_as_a_category() -> None:
    reference = pd.Series(["a", "b", "a", "b"])
    current = pd.Series(["a", None, "a", None])
    # a: 50 % → 50 %; b: 50 % → 0 (epsilon); missing: 0 (epsilon) → 50 %.
    expected = (PSI_EPSILON - 0.5) * math.log(PSI_EPSILON / 0.5) + (0.5 - PSI_EPSILON) * math.log(0.5 / PSI_EPSILON)
    assert psi_categorical(reference, current) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("value", "status"),
    [(0.0, "stable"), (PSI_WATCH - 1e-9, "stable"), (PSI_WATCH, "watch"), (0.2, "watch"), (PSI_SHIFT, "shift")],
)
def test_psi_status_thresholds(value: float, status: str) -> None:
    assert psi_status(value) == status


def _frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(11)
    n = 1_000
    reference = pd.DataFrame(
        {
            "tenure": rng.normal(30, 10, n),
            "plan": ["a"] * 500 + ["b"] * 500,  # → 60/40: PSI 0.041, stable
            "device": ["x"] * 500 + ["y"] * 500,  # → 70/30: PSI 0.169, watch
            "region": ["n"] * 500 + ["s"] * 500,  # → 90/10: PSI 0.879, shift
        }
    )
    current = pd.DataFrame(
        {
            "tenure": rng.normal(30, 10, n),
            "plan": ["a"] * 600 + ["b"] * 400,
            "device": ["x"] * 700 + ["y"] * 300,
            "region": ["n"] * 900 + ["s"] * 100,
            "only_current": np.ones(n),
        }
    )
    return reference, current


def test_drift_table_statuses_and_order() -> None:
    reference, current = _frames()
    table = drift_table(reference, current)
    assert list(table.columns) == ["feature", "psi", "status"]
    assert table["feature"].tolist() == ["region", "device", "plan", "tenure"]
    assert table["status"].tolist() == ["shift", "watch", "stable", "stable"]
    assert table["psi"].is_monotonic_decreasing
    by_feature = table.set_index("feature")["psi"]
    assert by_feature["device"] == pytest.approx(0.2 * math.log(0.7 / 0.5) + 0.2 * math.log(0.5 / 0.3))
    assert list(table.index) == [0, 1, 2, 3]


def test_drift_table_on_chosen_columns_and_missing_ones() -> None:
    reference, current = _frames()
    assert drift_table(reference, current, columns=["plan"])["feature"].tolist() == ["plan"]
    with pytest.raises(ValueError, match="only_current"):
        drift_table(reference, current, columns=["plan", "only_current"])


def test_drift_table_refuses_a_numeric_column_that_turned_to_text() -> None:
    reference = pd.DataFrame({"charges": [1.0, 2.0, 3.0]})
    current = pd.DataFrame({"charges": ["1", "2", " "]})
    with pytest.raises(ValueError, match="charges"):
        drift_table(reference, current)


def test_drift_table_does_not_modify_its_inputs() -> None:
    reference, current = _frames()
    ref_before, cur_before = reference.copy(), current.copy()
    drift_table(reference, current)
    pd.testing.assert_frame_equal(reference, ref_before)
    pd.testing.assert_frame_equal(current, cur_before)


def test_realised_performance_by_hand() -> None:
    y = np.array([1, 0, 1, 0, 0, 0, 0, 0, 0, 1])
    p = np.linspace(0.9, 0.0, 10)
    result = realised_performance(y, p)
    assert set(result) == {"auc", "top_decile_lift", "capture_10", "rows", "positives"}
    # 3 churners × 7 stayers = 21 pairs; churners at ranks 1, 3 and 10 beat 7, 6 and 0 stayers.
    assert result["auc"] == pytest.approx(13 / 21)
    assert result["top_decile_lift"] == pytest.approx(1.0 / 0.3)
    assert result["capture_10"] == pytest.approx(1 / 3)
    assert result["rows"] == 10 and result["positives"] == 3


def test_realised_performance_of_a_month_without_churners_is_nan_not_an_error() -> None:
    result = realised_performance(np.zeros(5, dtype=int), np.linspace(0, 1, 5))
    assert math.isnan(result["auc"]) and math.isnan(result["top_decile_lift"])
    assert result["positives"] == 0 and result["rows"] == 5


def _drift(shifted: int, watched: int = 0) -> pd.DataFrame:
    rows = [{"feature": f"s{i}", "psi": 0.5, "status": "shift"} for i in range(shifted)]
    rows += [{"feature": f"w{i}", "psi": 0.15, "status": "watch"} for i in range(watched)]
    rows += [{"feature": "calm", "psi": 0.01, "status": "stable"}]
    return pd.DataFrame(rows)


def test_no_alerts_when_all_is_quiet() -> None:
    found = alerts(_drift(0, watched=5), score_psi=0.05, realised_auc=0.80, trained_auc=0.82)
    assert found == []
    assert retrain_recommended(found) is False


def test_feature_drift_severity_follows_max_shifted() -> None:
    found = alerts(_drift(3), score_psi=None, realised_auc=None, trained_auc=None)
    assert [(a["kind"], a["severity"]) for a in found] == [("feature_drift", "warning")]
    assert "s0, s1, s2" in found[0]["detail"]
    found = alerts(_drift(4), score_psi=None, realised_auc=None, trained_auc=None)
    assert [(a["kind"], a["severity"]) for a in found] == [("feature_drift", "critical")]
    found = alerts(_drift(2), score_psi=None, realised_auc=None, trained_auc=None, max_shifted=1)
    assert found[0]["severity"] == "critical"


def test_score_drift_and_performance_drop_alerts() -> None:
    found = alerts(_drift(0), score_psi=0.12, realised_auc=0.79, trained_auc=0.82)
    assert [(a["kind"], a["severity"]) for a in found] == [("score_drift", "warning"), ("performance_drop", "warning")]
    found = alerts(_drift(0), score_psi=0.30, realised_auc=0.77, trained_auc=0.82)
    assert [(a["kind"], a["severity"]) for a in found] == [
        ("score_drift", "critical"),
        ("performance_drop", "critical"),
    ]
    assert "0.770" in found[1]["detail"] and "0.820" in found[1]["detail"]
    # A smaller allowed drop turns the same figures critical; missing labels skip the check.
    found = alerts(_drift(0), score_psi=None, realised_auc=0.80, trained_auc=0.82, auc_drop=0.02)
    assert [(a["kind"], a["severity"]) for a in found] == [("performance_drop", "critical")]
    assert alerts(_drift(0), score_psi=float("nan"), realised_auc=float("nan"), trained_auc=0.82) == []


def test_retrain_rule() -> None:
    perf = alerts(_drift(0), score_psi=None, realised_auc=0.75, trained_auc=0.82)
    assert retrain_recommended(perf) is True
    # Score shift alone, or many shifted features alone, do not call for retraining ...
    assert retrain_recommended(alerts(_drift(0), score_psi=0.4, realised_auc=None, trained_auc=None)) is False
    assert retrain_recommended(alerts(_drift(5), score_psi=0.05, realised_auc=None, trained_auc=None)) is False
    # ... both together do; a warning-level feature drift with a shifted score does not.
    assert retrain_recommended(alerts(_drift(5), score_psi=0.4, realised_auc=None, trained_auc=None)) is True
    assert retrain_recommended(alerts(_drift(2), score_psi=0.4, realised_auc=None, trained_auc=None)) is False
    # Warnings never count.
    assert retrain_recommended(alerts(_drift(2), score_psi=0.2, realised_auc=0.79, trained_auc=0.82)) is False
