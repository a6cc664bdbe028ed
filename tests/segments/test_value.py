"""RFM groups, value tiers and CLV on rows small enough to work out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from churnguard.segments.value import (
    DEFAULT_ENTERPRISE_BANDS,
    DEFAULT_INDIVIDUAL_BANDS,
    ENTERPRISE_TIERS,
    RFM_GROUPS,
    SERVICE_LEVELS,
    TIERS,
    clv,
    rfm_groups,
    value_tiers,
)

# ---------------------------------------------------------------- RFM groups


@pytest.mark.parametrize(
    ("r", "f", "m", "group"),
    [
        (5, 5, 5, "champions"),
        (4, 4, 4, "champions"),
        (1, 5, 5, "cant_lose"),
        (2, 4, 4, "cant_lose"),
        (3, 5, 5, "loyal"),  # R 3 is not enough for champions
        (5, 4, 1, "loyal"),  # frequent but a small bill
        (5, 1, 5, "promising"),
        (4, 2, 3, "promising"),
        (4, 3, 3, "potential"),
        (3, 1, 1, "potential"),
        (2, 3, 1, "at_risk"),
        (1, 1, 3, "at_risk"),
        (2, 4, 3, "at_risk"),  # not cant_lose: M below 4
        (2, 2, 2, "hibernating"),
        (1, 2, 2, "lost"),
        (1, 1, 1, "lost"),
    ],
)
def test_rfm_rule_table(r: int, f: int, m: int, group: str) -> None:
    frame = pd.DataFrame({"rfm_recency_score": [r], "rfm_frequency_score": [f], "rfm_monetary_score": [m]})
    assert rfm_groups(frame).tolist() == [group]


def test_rfm_groups_cover_every_score_combination_and_have_both_labels() -> None:
    grid = np.array(np.meshgrid(*[np.arange(1, 6)] * 3)).reshape(3, -1).T
    frame = pd.DataFrame(grid, columns=["rfm_recency_score", "rfm_frequency_score", "rfm_monetary_score"])
    groups = rfm_groups(frame)
    assert len(groups) == 125
    assert set(groups) == set(RFM_GROUPS) - {"unknown"}  # every named group is reachable, none left out
    assert all(en and zh and en != zh for en, zh in RFM_GROUPS.values())


def test_rfm_missing_score_is_unknown_and_index_kept() -> None:
    frame = pd.DataFrame(
        {
            "rfm_recency_score": pd.array([5, pd.NA, 1], dtype="Int64"),
            "rfm_frequency_score": [5.0, 5.0, np.nan],
            "rfm_monetary_score": [5, 5, 1],
        },
        index=["a", "b", "c"],
    )
    groups = rfm_groups(frame)
    assert groups.name == "rfm_group"
    assert groups.to_dict() == {"a": "champions", "b": "unknown", "c": "unknown"}


def test_rfm_needs_its_columns() -> None:
    with pytest.raises(ValueError, match="rfm_monetary_score"):
        rfm_groups(pd.DataFrame({"rfm_recency_score": [1], "rfm_frequency_score": [1]}))


# ---------------------------------------------------------------- value tiers


def test_individual_tiers_at_and_around_the_band_edges() -> None:
    low_max, mid_max = DEFAULT_INDIVIDUAL_BANDS
    bills = [0.0, low_max - 0.01, low_max, low_max + 0.01, mid_max, mid_max + 0.01, 10_000.0, -5.0, np.nan]
    frame = pd.DataFrame({"net_bill": bills, "is_enterprise": 0, "enterprise_bill": np.nan})
    tiers = value_tiers(frame)
    assert list(tiers.columns) == ["tier", "tier_label_en", "tier_label_zh"]
    assert tiers["tier"].tolist() == ["low", "low", "low", "mid", "mid", "high", "high", "low", "unknown"]
    assert tiers["tier_label_zh"].tolist()[:6] == ["低价值", "低价值", "低价值", "中价值", "中价值", "高价值"]


def test_custom_individual_bands() -> None:
    frame = pd.DataFrame({"net_bill": [20.0, 20.5, 80.0, 80.5]})  # no enterprise columns: all individuals
    assert value_tiers(frame, individual_bands=(20.0, 80.0))["tier"].tolist() == ["low", "mid", "mid", "high"]


def test_the_six_enterprise_tiers_by_enterprise_spend() -> None:
    bands = DEFAULT_ENTERPRISE_BANDS
    spends = [bands[0] + 1, bands[0], bands[1], bands[2], bands[3], bands[4], bands[4] - 0.01, 0.0]
    frame = pd.DataFrame(
        {"net_bill": 99.0, "is_enterprise": 1, "enterprise_bill": spends},
        index=pd.RangeIndex(10, 18),
    )
    tiers = value_tiers(frame)
    assert tiers.index.equals(frame.index)
    assert tiers["tier"].tolist() == ["diamond", "diamond", "emerald", "platinum", "gem", "gold", "crystal", "crystal"]
    assert tiers["tier_label_zh"].tolist()[:7] == ["钻石", "钻石", "翡翠", "白金", "宝石", "黄金", "水晶"]
    assert set(tiers["tier"]) == set(ENTERPRISE_TIERS)


def test_enterprise_lines_use_the_enterprise_bill_and_individuals_their_own() -> None:
    frame = pd.DataFrame(
        {
            "net_bill": [500.0, 500.0, 10.0, 10.0],
            "is_enterprise": [0, 1, 1, np.nan],  # a missing flag is an individual
            "enterprise_bill": [np.nan, 1_000.0, 150_000.0, 150_000.0],
        }
    )
    assert value_tiers(frame)["tier"].tolist() == ["high", "crystal", "emerald", "low"]
    # Enterprise lines whose enterprise bill is missing are unknown, not guessed.
    frame.loc[1, "enterprise_bill"] = np.nan
    assert value_tiers(frame)["tier"].tolist()[1] == "unknown"


def test_custom_enterprise_bands_and_bad_bands() -> None:
    frame = pd.DataFrame({"net_bill": 1.0, "is_enterprise": 1, "enterprise_bill": [50.0, 40.0, 9.0]})
    tiers = value_tiers(frame, enterprise_bands=(50.0, 40.0, 30.0, 20.0, 10.0))["tier"].tolist()
    assert tiers == ["diamond", "emerald", "crystal"]
    with pytest.raises(ValueError, match="highest first"):
        value_tiers(frame, enterprise_bands=(10.0, 20.0, 30.0, 40.0, 50.0))
    with pytest.raises(ValueError, match="low_max < mid_max"):
        value_tiers(frame, individual_bands=(100.0, 50.0))


def test_tiers_do_not_change_the_input_and_every_tier_has_labels_and_service() -> None:
    frame = pd.DataFrame({"net_bill": [np.nan, 60.0], "is_enterprise": [1, 0], "enterprise_bill": [np.nan, 1.0]})
    before = frame.copy()
    value_tiers(frame)
    pd.testing.assert_frame_equal(frame, before)
    assert set(SERVICE_LEVELS) == set(TIERS)
    assert SERVICE_LEVELS["diamond"].response_hours < SERVICE_LEVELS["crystal"].response_hours
    assert SERVICE_LEVELS["high"].response_hours < SERVICE_LEVELS["low"].response_hours


# ---------------------------------------------------------------- CLV


def _monthly_discount(annual: float) -> float:
    return (1 + annual) ** (1 / 12) - 1


def _clv_by_loop(margin: float, p: float, annual: float, horizon: int) -> tuple[float, float]:
    d = _monthly_discount(annual)
    value = lifetime = 0.0
    alive = 1.0
    for t in range(horizon):
        value += margin * alive / (1 + d) ** t
        lifetime += alive
        alive *= 1 - p
    return value, lifetime


def test_clv_without_churn_is_the_discounted_margin_sum() -> None:
    d = _monthly_discount(0.12)
    expected = sum(50.0 / (1 + d) ** t for t in range(24))
    out = clv([50.0], [0.0], discount_rate_annual=0.12, horizon_months=24)
    assert list(out.columns) == ["clv", "expected_lifetime_months"]
    assert out["clv"].iloc[0] == pytest.approx(expected, rel=1e-12)
    assert out["expected_lifetime_months"].iloc[0] == pytest.approx(24.0)
    # No discount and no churn: exactly margin × horizon (the q = 1 limit of the closed form).
    flat = clv([50.0], [0.0], discount_rate_annual=0.0, horizon_months=24)
    assert flat["clv"].iloc[0] == pytest.approx(1200.0, rel=1e-12)


def test_clv_with_certain_churn_is_one_month() -> None:
    out = clv([80.0, -3.0], [1.0, 1.0], discount_rate_annual=0.08, horizon_months=36)
    assert out["clv"].tolist() == pytest.approx([80.0, -3.0])
    assert out["expected_lifetime_months"].tolist() == pytest.approx([1.0, 1.0])


@pytest.mark.parametrize(("p", "annual", "horizon"), [(0.03, 0.08, 36), (0.2, 0.1, 12), (1e-9, 0.05, 60), (0.5, 0, 1)])
def test_clv_mid_cases_match_an_explicit_loop(p: float, annual: float, horizon: int) -> None:
    value, lifetime = _clv_by_loop(120.0, p, annual, horizon)
    out = clv([120.0], [p], discount_rate_annual=annual, horizon_months=horizon)
    assert out["clv"].iloc[0] == pytest.approx(value, rel=1e-10)
    assert out["expected_lifetime_months"].iloc[0] == pytest.approx(lifetime, rel=1e-10)


def test_clv_vectorised_keeps_the_series_index_and_missing_values() -> None:
    margin = pd.Series([100.0, np.nan, 100.0], index=["s1", "s2", "s3"])
    p = np.array([0.1, 0.1, np.nan])
    out = clv(margin, p, discount_rate_annual=0.08, horizon_months=12)
    assert out.index.tolist() == ["s1", "s2", "s3"]
    assert out.loc["s1", "clv"] == pytest.approx(_clv_by_loop(100.0, 0.1, 0.08, 12)[0])
    assert np.isnan(out.loc["s2", "clv"]) and not np.isnan(out.loc["s2", "expected_lifetime_months"])
    assert np.isnan(out.loc["s3", "clv"]) and np.isnan(out.loc["s3", "expected_lifetime_months"])
    # Higher churn, lower value: the ordering a retention team relies on.
    ranked = clv([100.0] * 3, [0.01, 0.1, 0.5], discount_rate_annual=0.08, horizon_months=24)["clv"]
    assert ranked.is_monotonic_decreasing


def test_clv_from_a_survival_curve_equals_the_hazard_when_the_curve_is_geometric() -> None:
    horizon, p = 18, 0.07
    curve = (1 - p) ** np.arange(horizon)
    from_hazard = clv([60.0, 90.0], [p, p], discount_rate_annual=0.1, horizon_months=horizon)
    shared = clv([60.0, 90.0], None, survival=curve, discount_rate_annual=0.1, horizon_months=horizon)
    per_row = clv([60.0, 90.0], None, survival=np.vstack([curve, curve]), discount_rate_annual=0.1, horizon_months=18)
    pd.testing.assert_frame_equal(shared, from_hazard, rtol=1e-10)
    pd.testing.assert_frame_equal(per_row, from_hazard, rtol=1e-10)


def test_clv_refuses_bad_arguments() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        clv([1.0], [1.5], discount_rate_annual=0.1, horizon_months=12)
    with pytest.raises(ValueError, match="horizon_months"):
        clv([1.0], [0.1], discount_rate_annual=0.1, horizon_months=0)
    with pytest.raises(ValueError, match="exactly one"):
        clv([1.0], [0.1], discount_rate_annual=0.1, horizon_months=3, survival=np.ones(3))
    with pytest.raises(ValueError, match="shape"):
        clv([1.0], None, discount_rate_annual=0.1, horizon_months=3, survival=np.ones(4))
