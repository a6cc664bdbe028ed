"""Lifecycle stages rule by rule, and month-to-month migration counts including joiners and leavers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from churnguard.segments.lifecycle import GONE, NEW, STAGES, lifecycle_stage, migration_matrix

# A mature, steady line: two years on the books, usage and bill flat, no contract, in good standing.
STEADY = {
    "subscriber_id": "S0",
    "tenure_months": 24.0,
    "events_vs_3m": 1.0,
    "revenue_vs_3m": 1.0,
    "usage_drop_flag": 0,
    "revenue_drop_flag": 0,
    "suspended_arrears_now": 0,
    "usage_events": 300.0,
    "months_to_contract_end": np.nan,
}


def _rows(*changes: dict[str, object]) -> pd.DataFrame:
    return pd.DataFrame([{**STEADY, **change} for change in changes])


@pytest.mark.parametrize(
    ("change", "stage", "rule"),
    [
        ({}, "maturity", "steady"),
        ({"suspended_arrears_now": 1}, "exit", "arrears"),
        ({"suspended_arrears_now": 1, "tenure_months": 1}, "exit", "arrears"),  # exit before acquisition
        ({"usage_events": 0}, "exit", "no_usage"),
        ({"months_to_contract_end": 1, "events_vs_3m": 0.6}, "exit", "contract_end"),
        ({"months_to_contract_end": 0, "revenue_drop_flag": 1}, "exit", "contract_end"),
        ({"months_to_contract_end": 1}, "maturity", "steady"),  # contract ending but not declining
        ({"months_to_contract_end": 2, "events_vs_3m": 0.6}, "decline", "declining"),  # not "tiny" yet
        ({"tenure_months": 0}, "acquisition", "new_line"),
        ({"tenure_months": 2.9, "events_vs_3m": 0.2}, "acquisition", "new_line"),  # trends of a new line ignored
        ({"tenure_months": 3}, "maturity", "steady"),
        ({"events_vs_3m": 0.7}, "decline", "declining"),  # at the threshold
        ({"events_vs_3m": 0.71}, "maturity", "steady"),  # just above it
        ({"revenue_vs_3m": 0.5}, "decline", "declining"),
        ({"usage_drop_flag": 1}, "decline", "declining"),
        ({"revenue_drop_flag": 1, "events_vs_3m": 1.5, "tenure_months": 4}, "decline", "declining"),
        ({"tenure_months": 4, "events_vs_3m": 1.1}, "growth", "rising"),
        ({"tenure_months": 5.5, "events_vs_3m": 2.0}, "growth", "rising"),
        ({"tenure_months": 4, "events_vs_3m": 1.05}, "maturity", "steady"),  # not rising enough
        ({"tenure_months": 6, "events_vs_3m": 1.5}, "maturity", "steady"),  # no longer new
    ],
)
def test_each_rule_of_the_table(change: dict[str, object], stage: str, rule: str) -> None:
    out = lifecycle_stage(_rows(change))
    assert out[["stage", "stage_rule"]].iloc[0].tolist() == [stage, rule]
    assert out["stage_label_zh"].iloc[0] == STAGES[stage][1]


def test_missing_values_never_fire_a_rule() -> None:
    nothing = {name: np.nan for name in STEADY if name != "subscriber_id"}
    frame = _rows(nothing, {"tenure_months": 1, "events_vs_3m": np.nan}, {"usage_events": np.nan})
    assert lifecycle_stage(frame)["stage"].tolist() == ["maturity", "acquisition", "maturity"]


def test_thresholds_are_arguments_and_output_keeps_the_index() -> None:
    frame = _rows({"tenure_months": 8, "events_vs_3m": 1.3}, {"events_vs_3m": 0.8}).set_index(
        pd.Index([7, 3], name="row")
    )
    default = lifecycle_stage(frame)
    assert default["stage"].tolist() == ["maturity", "maturity"]
    assert list(default.columns) == ["stage", "stage_label_en", "stage_label_zh", "stage_rule"]
    assert default.index.equals(frame.index)
    tuned = lifecycle_stage(frame, new_months=12, decline_ratio=0.85)
    assert tuned["stage"].tolist() == ["growth", "decline"]
    with pytest.raises(ValueError, match="acquisition_months <= new_months"):
        lifecycle_stage(frame, new_months=2)


def test_stage_does_not_change_the_input_and_needs_its_columns() -> None:
    frame = _rows({"usage_events": 0}, {})
    before = frame.copy()
    lifecycle_stage(frame)
    pd.testing.assert_frame_equal(frame, before)
    with pytest.raises(ValueError, match="usage_events"):
        lifecycle_stage(frame.drop(columns="usage_events"))


def test_stages_have_english_and_chinese_names() -> None:
    assert list(STAGES) == ["acquisition", "growth", "maturity", "decline", "exit"]
    assert [zh for _, zh in STAGES.values()] == ["获取期", "成长期", "成熟期", "衰退期", "离网期"]


# ---------------------------------------------------------------- migration


def _month(pairs: dict[str, str | None]) -> pd.DataFrame:
    return pd.DataFrame({"subscriber_id": list(pairs), "tier": list(pairs.values())})


def test_migration_counts_and_row_shares_with_new_and_gone() -> None:
    before = _month({"a": "high", "b": "high", "c": "mid", "d": "low", "e": "low", "f": "low"})
    after = _month({"a": "high", "b": "mid", "c": "mid", "d": "mid", "e": "low", "g": "low", "h": "high"})
    m = migration_matrix(before, after, column="tier", order=["high", "mid", "low"])
    assert m.counts.index.tolist() == ["high", "mid", "low", NEW]
    assert m.counts.columns.tolist() == ["high", "mid", "low", GONE]
    assert m.counts.values.tolist() == [
        [1, 1, 0, 0],  # a stayed high, b fell to mid
        [0, 1, 0, 0],  # c stayed mid
        [0, 1, 1, 1],  # d rose, e stayed, f left
        [1, 0, 1, 0],  # h and g joined
    ]
    assert int(m.counts.to_numpy().sum()) == 8  # every subscriber of either month exactly once
    assert m.shares.loc["low"].tolist() == pytest.approx([0, 1 / 3, 1 / 3, 1 / 3])
    assert m.shares.loc["high"].tolist() == pytest.approx([0.5, 0.5, 0, 0])


def test_migration_lists_empty_segments_sorts_unlisted_and_keys_by_index() -> None:
    before = _month({"a": "maturity", "b": None}).set_index("subscriber_id")
    after = _month({"a": "decline", "b": "exit"}).set_index("subscriber_id")
    m = migration_matrix(before, after, column="tier", order=["growth", "maturity"])
    assert m.counts.index.tolist() == ["growth", "maturity", "decline", "exit", "unknown", NEW]
    assert m.counts.loc["maturity", "decline"] == 1
    assert m.counts.loc["unknown", "exit"] == 1  # a missing segment is counted, as unknown
    assert m.counts.loc["growth"].sum() == 0
    assert m.shares.loc["growth"].isna().all()  # no customers: no shares, not zeros


def test_migration_refuses_duplicates_and_clashing_names() -> None:
    twice = _month({"a": "low"})
    twice = pd.concat([twice, twice])
    with pytest.raises(ValueError, match="more than one row for subscriber_id a"):
        migration_matrix(twice, _month({"a": "low"}), column="tier")
    with pytest.raises(ValueError, match="clash"):
        migration_matrix(_month({"a": "new"}), _month({"a": "low"}), column="tier")
    with pytest.raises(ValueError, match="no column 'stage'"):
        migration_matrix(_month({"a": "low"}), _month({"a": "low"}), column="stage")
