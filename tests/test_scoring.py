"""Scoring a month of a small simulated operator: which lines are scored, what each score row holds,
the run record, the reasons (exact for LightGBM), and ``churnguard score`` on the command line."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import Result

from churnguard.config import Settings
from churnguard.contracts import GONE_STATUSES, sql_list
from churnguard.errors import BundleError, DataError
from churnguard.explain import _categories_by_line
from churnguard.features.catalog import CATEGORIES
from churnguard.modeling.registry import Registry
from churnguard.modeling.sampling import unwrapped
from churnguard.modeling.zoo import logit
from churnguard.pipeline import ScoreRun, score_month
from churnguard.scoring import ScoreOptions, score_frame
from churnguard.training import TrainResult, train
from churnguard.warehouse import connect

Cli = Callable[..., Result]
NOW = datetime(2025, 7, 1, tzinfo=UTC)
MONTHS = tuple(f"2025-0{m}" for m in range(1, 7))
MONTH = MONTHS[-1]
KIND_COLUMNS = ["p_active", "p_passive", "p_latent"]


@dataclass
class Scored:
    settings: Settings
    warehouse: Path
    trained: TrainResult
    run: ScoreRun  # MONTH scored with the champion
    earlier: ScoreRun  # the month before, scored with the same model named by its id


@pytest.fixture(scope="module")
def scored(
    tmp_path_factory: pytest.TempPathFactory, small_operator: Path, cycle_settings: Callable[..., Settings]
) -> Scored:
    root = tmp_path_factory.mktemp("scoring")
    warehouse = root / "w.duckdb"
    shutil.copyfile(small_operator, warehouse)
    # LightGBM alone (its reasons are exact TreeSHAP values) and one backtest origin, to stay quick. One
    # model for all lines: whether a per-segment one wins depends on how much of the 1 s tuning budget
    # a busy machine leaves, and these tests read the single model's trees.
    settings = cycle_settings(
        cycle_models=["lightgbm"],
        backtest_origins=1,
        segment_models=False,
        registry=str(root / "reg"),
        warehouse=str(warehouse),
    )
    with connect(str(warehouse), memory_limit="1GB", threads=1) as wh:
        trained = train(wh, settings, as_of=MONTH, now=NOW)
        run = score_month(wh, settings, month=MONTH, now=NOW)
        earlier = score_month(wh, settings, month=MONTHS[-2], now=NOW, model_id=trained.bundle.card["bundle_id"])
    return Scored(settings, warehouse, trained, run, earlier)


def _sql(path: Path, query: str, params: list | None = None) -> pd.DataFrame:
    with connect(str(path), memory_limit="1GB", threads=1, read_only=True) as wh:
        return wh.sql.execute(query, params or []).df()


# Lines on the books at the end of a month: in the month's mart, and whose latest status change up to
# the end of the month (if any) is not a cancellation or a port-out.
ON_THE_BOOKS = f"""
WITH latest AS (
    SELECT subscriber_id, arg_max(CAST(to_status AS VARCHAR), timestamp) AS status
    FROM stg_status_changes WHERE strftime(timestamp, '%Y-%m') <= ? GROUP BY subscriber_id
)
SELECT f.subscriber_id FROM feat_monthly f LEFT JOIN latest USING (subscriber_id)
WHERE f.month = ? AND coalesce(latest.status, 'active') NOT IN {sql_list(GONE_STATUSES)}
ORDER BY 1
"""


# ---------------------------------------------------------------- which lines, and the run record


def test_one_row_per_line_on_the_books(scored: Scored) -> None:
    for run in (scored.run, scored.earlier):
        expected = _sql(scored.warehouse, ON_THE_BOOKS, [run.month, run.month])["subscriber_id"].tolist()
        in_mart = _sql(scored.warehouse, "SELECT count(*) AS n FROM feat_monthly WHERE month = ?", [run.month])
        assert len(expected) < int(in_mart["n"].iloc[0])  # some lines of the month left during it
        assert sorted(run.scores["subscriber_id"]) == expected, run.month
        assert run.scores["subscriber_id"].is_unique and (run.scores["month"] == run.month).all()


def test_the_run_is_recorded_with_its_rows(scored: Scored) -> None:
    runs = _sql(scored.warehouse, "SELECT * FROM score_runs ORDER BY month")
    assert list(runs["month"]) == [MONTHS[-2], MONTH]
    model_id = scored.trained.bundle.card["bundle_id"]
    for run in (scored.run, scored.earlier):
        row = runs[runs["run_id"] == run.run_id].iloc[0]
        s = run.scores
        assert (row["month"], row["model_id"], run.model_id) == (run.month, model_id, model_id)
        assert row["rows"] == len(s) > 0
        tiers = s["risk_tier"].value_counts()
        assert (row["high"], row["medium"], row["low"]) == (tiers.get("high", 0), tiers.get("medium", 0), tiers["low"])
        assert row["high"] + row["medium"] + row["low"] == row["rows"]
        assert row["mean_p_churn"] == pytest.approx(s["p_churn"].mean())
        assert row["created_at"] == NOW.replace(tzinfo=None)
        stored = _sql(
            scored.warehouse,
            "SELECT subscriber_id, p_churn FROM score_monthly WHERE run_id = ? ORDER BY subscriber_id",
            [run.run_id],
        )
        assert len(stored) == row["rows"]
        expected = s.sort_values("subscriber_id")
        assert stored["subscriber_id"].tolist() == expected["subscriber_id"].tolist()
        np.testing.assert_allclose(stored["p_churn"], expected["p_churn"])


def test_the_registry_history_says_which_model_scored_which_month(scored: Scored) -> None:
    model_id = scored.trained.bundle.card["bundle_id"]
    assert Registry(scored.settings.registry).data["scored"] == [
        {"month": MONTH, "model": model_id, "run_id": scored.run.run_id, "at": "2025-07-01T00:00:00+00:00"},
        {"month": MONTHS[-2], "model": model_id, "run_id": scored.earlier.run_id, "at": "2025-07-01T00:00:00+00:00"},
    ]


# ---------------------------------------------------------------- what a score row holds


def test_probabilities_are_probabilities(scored: Scored) -> None:
    s = scored.run.scores
    for column in ["p_churn", *KIND_COLUMNS]:
        assert s[column].notna().all() and s[column].between(0, 1).all(), column
    assert (s[KIND_COLUMNS].sum(axis=1) <= 1 + 1e-9).all()
    assert s["p_churn"].nunique() > len(s) // 4  # a real ranking, not a constant


def test_rank_and_tiers_follow_the_probability(scored: Scored) -> None:
    s = scored.run.scores
    assert s.loc[s["risk_rank"] == 1, "p_churn"].min() == s["p_churn"].max()
    by_rank = s.sort_values("risk_rank")
    assert (np.diff(by_rank["p_churn"].to_numpy()) <= 0).all()
    assert s["risk_rank"].min() == 1 and s["risk_rank"].max() <= len(s)
    assert set(s["risk_tier"]) <= {"high", "medium", "low"} and (s["risk_tier"] == "high").any()
    p = {tier: s.loc[s["risk_tier"] == tier, "p_churn"] for tier in ("high", "medium", "low")}
    assert p["high"].min() > p["low"].max()
    if len(p["medium"]):
        assert p["high"].min() > p["medium"].max() and p["medium"].min() > p["low"].max()


def test_money_at_risk(scored: Scored) -> None:
    s = scored.run.scores.set_index("subscriber_id")
    bills = _sql(scored.warehouse, "SELECT subscriber_id, net_bill FROM feat_monthly WHERE month = ?", [MONTH])
    bill = bills.set_index("subscriber_id")["net_bill"].reindex(s.index)
    margin = bill.fillna(0).clip(lower=0) * scored.settings.margin_rate
    np.testing.assert_allclose(s["monthly_margin"], margin)
    assert (s["monthly_margin"] > 0).mean() > 0.9
    np.testing.assert_allclose(s["revenue_at_risk"], s["p_churn"] * s["monthly_margin"])
    np.testing.assert_allclose(s["value_at_risk"], s["p_churn"] * s["clv"])
    assert (s["clv"] >= 0).all() and (s["clv"] >= s["monthly_margin"] - 1e-9).all()


def test_lightgbm_reasons_add_up_to_the_log_odds(scored: Scored) -> None:
    bundle, s = scored.trained.bundle, scored.run.scores
    assert bundle.card["model"] == "lightgbm"
    features = bundle.schema.feature_names
    frame = _sql(scored.warehouse, "SELECT * FROM feat_monthly WHERE month = ?", [MONTH]).set_index("subscriber_id")
    X = frame.loc[s["subscriber_id"], features].astype("float64").reset_index(drop=True)
    contrib = np.asarray(bundle.model.churn_.contributions(X))
    assert contrib.shape == (len(X), len(features) + 1)  # the last column is the base value
    sampled = bundle.model.churn_
    raw = unwrapped(bundle.model).model_.predict(X, raw_score=True)
    # Trained on a sample of the stayers: the correction moves the base value by the log of the rate.
    np.testing.assert_allclose(contrib.sum(axis=1), raw + sampled.offset_, atol=1e-6)
    np.testing.assert_allclose(contrib.sum(axis=1), logit(s["p_churn"].to_numpy()), atol=1e-6)
    # The first reason is the business reason whose features raised the log-odds most together.
    values = contrib[:, :-1]
    codes = _categories_by_line(np.asarray(features), X)
    keys = list(CATEGORIES)
    grouped = np.column_stack([np.where(codes == c, values, 0.0).sum(axis=1) for c in range(len(keys))])
    best = grouped.argmax(axis=1)
    raised = grouped.max(axis=1) >= 0.01
    assert raised.mean() > 0.5
    shown = s.loc[raised, "reason_1_category"].to_numpy()
    assert (shown == np.array([CATEGORIES[keys[b]][0] for b in best[raised]], dtype=object)).all()
    np.testing.assert_allclose(
        s.loc[raised, "reason_1_contribution"].astype(float), grouped[raised, best[raised]], atol=5e-5
    )
    assert (s.loc[raised, "reason_1_direction"] == "up").all()
    assert s.loc[~raised, "reason_1_category"].isna().all()
    # No reason lowers the risk or shows a missing value.
    directions = s[[f"reason_{k}_direction" for k in (1, 2, 3)]].stack().dropna()
    assert set(directions) == {"up"}
    assert not s[[f"reason_{k}" for k in (1, 2, 3)]].stack().dropna().str.contains("missing").any()
    assert s["recommended_action"].notna().all()


# ---------------------------------------------------------------- refusals


def test_a_month_absent_from_the_mart_is_a_data_error(scored: Scored) -> None:
    with connect(str(scored.warehouse), memory_limit="1GB", threads=1) as wh:
        with pytest.raises(DataError) as info:
            score_month(wh, scored.settings, month="2025-09", now=NOW)
        runs = wh.sql.execute("SELECT count(*) FROM score_runs").fetchall()[0][0]
    assert info.value.key == "score.no_month" and info.value.exit_code == 2
    message = str(info.value)
    assert "has no month 2025-09" in message and ", ".join(MONTHS) in message
    assert "churnguard mart --month 2025-09" in info.value.hint()
    assert runs == 2  # nothing written


def test_a_bundle_needing_a_missing_feature_is_refused(scored: Scored) -> None:
    bundle = scored.trained.bundle
    frame = _sql(scored.warehouse, "SELECT * FROM feat_monthly WHERE month = ? LIMIT 20", [MONTH])
    missing = bundle.schema.feature_names[5]
    with pytest.raises(BundleError) as info:
        score_frame(bundle, frame.drop(columns=[missing]), month=MONTH, options=ScoreOptions())
    assert info.value.key == "registry.features"
    message = str(info.value)
    assert missing in message and bundle.card["bundle_id"] in message and MONTH in message
    # With the column back, the same rows score.
    assert len(score_frame(bundle, frame, month=MONTH, options=ScoreOptions())) == 20


def test_scoring_an_unknown_model_is_refused(scored: Scored) -> None:
    with (
        connect(str(scored.warehouse), memory_limit="1GB", threads=1, read_only=True) as wh,
        pytest.raises(BundleError) as info,
    ):
        score_month(wh, scored.settings, month=MONTH, now=NOW, model_id="0123456789ab")
    assert info.value.key == "registry.unknown" and "0123456789ab" in str(info.value)


# ---------------------------------------------------------------- the command line


def test_cli_score(cli: Cli, scored: Scored, tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(scored.warehouse, warehouse)
    shutil.copytree(scored.settings.registry, tmp_path / "reg")
    model_id = scored.trained.bundle.card["bundle_id"]
    env = {"CHURNGUARD_LANG": "en", "CHURNGUARD_THREADS": "1"}

    result = cli("score", "--month", MONTH, "--warehouse", warehouse, "--registry", "reg", env=env)
    assert result.exit_code == 0, result.output
    found = re.search(rf"Scored (\d+) lines of {MONTH} with {model_id} \(run ([0-9a-f]{{12}})\)", result.stdout)
    assert found, result.stdout
    rows, run_id = int(found.group(1)), found.group(2)
    assert rows == len(scored.run.scores)
    assert "Highest risk" in result.stdout
    run = _sql(warehouse, "SELECT month, model_id, rows FROM score_runs WHERE run_id = ?", [run_id])
    assert run.to_dict("records") == [{"month": MONTH, "model_id": model_id, "rows": rows}]
    assert Registry(tmp_path / "reg").data["scored"][-1]["run_id"] == run_id

    listed = cli("models", "list", "--registry", "reg", env=env)
    assert listed.exit_code == 0, listed.output
    assert model_id in listed.stdout and "champion" in listed.stdout and run_id in listed.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--month", "2025-13"), ["--month", "'2025-13' is not a month like 2025-03"]),
        (("--month", "2025-09"), ["has no month 2025-09", "churnguard mart --month 2025-09"]),
        (("--month", MONTH, "--model", "BADID"), ["No model BADID in the registry", "churnguard models list"]),
    ],
)
def test_cli_score_refusals(cli: Cli, scored: Scored, tmp_path: Path, args: tuple[str, ...], words: list[str]) -> None:
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(scored.warehouse, warehouse)
    result = cli("score", *args, "--warehouse", warehouse, "--registry", scored.settings.registry)
    assert result.exit_code == 2, result.output
    assert re.search(r"^Error: .+\nHint: ", result.stderr, re.MULTILINE), result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)
    assert _sql(warehouse, "SELECT count(*) AS n FROM score_runs")["n"].iloc[0] == 2


def test_a_mart_of_an_earlier_version_is_refused_with_how_to_rebuild_it(
    cli: Cli, scored: Scored, tmp_path: Path
) -> None:
    """A mart built before lines had a population: score and warn say so and how to rebuild; the mart
    command given in the hint replaces it, and the month scores again."""
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(scored.warehouse, warehouse)
    with connect(str(warehouse), memory_limit="1GB", threads=1) as wh:
        wh.sql.execute("ALTER TABLE feat_monthly DROP COLUMN population")
        wh.sql.execute("ALTER TABLE lbl_churn DROP COLUMN leave")
        first, last = wh.months("feat_monthly")[0], wh.months("feat_monthly")[-1]
    env = {"CHURNGUARD_LANG": "en", "CHURNGUARD_THREADS": "1"}
    registry = ("--registry", scored.settings.registry)
    for command in (("score", "--month", MONTH, *registry), ("warn", "--month", MONTH)):
        result = cli(*command, "--warehouse", warehouse, env=env)
        assert result.exit_code == 2, result.output
        assert "built by an earlier version" in result.stderr, result.stderr
        assert f"churnguard mart --months {first}..{last}" in result.stderr, result.stderr
    rebuilt = cli("mart", "--months", f"{first}..{last}", "--warehouse", warehouse, env=env)
    assert rebuilt.exit_code == 0, rebuilt.output
    again = cli("score", "--month", MONTH, "--warehouse", warehouse, "--registry", scored.settings.registry, env=env)
    assert again.exit_code == 0, again.output
    assert f"Scored {len(scored.run.scores)} lines of {MONTH}" in again.stdout


# ---------------------------------------------------------------- segments of the scored month


def test_segments_of_a_scored_month_use_its_scores_and_keep_cluster_ids(
    scored: Scored, tmp_path: Path, cycle_settings: Callable[..., Settings]
) -> None:
    from churnguard.segmenting import segment_month

    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(scored.warehouse, warehouse)
    settings = cycle_settings(registry=scored.settings.registry, clusters=4)
    with connect(str(warehouse), memory_limit="1GB", threads=1) as wh:
        first = segment_month(wh, settings, month=MONTHS[-2])
        second = segment_month(wh, settings, month=MONTH)
        again = segment_month(wh, settings, month=MONTH)  # a month written again replaces its rows
    lines = _sql(warehouse, "SELECT count(*) AS n FROM feat_monthly WHERE month = ?", [MONTH])["n"][0]
    assert len(second.segments) == lines
    assert _sql(warehouse, "SELECT count(*) AS n FROM seg_monthly WHERE month = ?", [MONTH])["n"][0] == lines
    assert second.clv_basis == f"score run {scored.run.run_id}"
    scored_p = scored.run.scores.set_index("subscriber_id")["p_churn"]
    seg = second.segments.set_index("subscriber_id")
    common = scored_p.index.intersection(seg.index)
    assert np.allclose(seg.loc[common, "p_churn"], scored_p.loc[common])
    # Lines gone by the month's end have no future: CLV is their margin this month only.
    gone = seg.index.difference(scored_p.index)
    assert (seg.loc[gone, "expected_lifetime_months"] == 1).all()
    assert set(seg["tier"]) <= {"high", "mid", "low", "diamond", "emerald", "platinum", "gem", "gold", "crystal"}
    # Migration from the earlier month: every line of both months is counted once per dimension.
    moved = second.migration[second.migration["dimension"] == "tier"]
    assert moved["lines"].sum() == len(set(first.segments["subscriber_id"]) | set(second.segments["subscriber_id"]))
    # Re-segmenting the same month keeps the same clusters (aligned to the earlier month's ids).
    assert (again.segments["cluster"].to_numpy() == second.segments["cluster"].to_numpy()).all()
    assert set(second.clusters["cluster"]) == set(first.clusters["cluster"])


def test_cli_segments_in_english_and_chinese(cli: Cli, scored: Scored, tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(scored.warehouse, warehouse)
    lines = _sql(warehouse, "SELECT count(*) AS n FROM feat_monthly WHERE month = ?", [MONTH])["n"][0]
    result = cli("segments", "--month", MONTH, "--warehouse", warehouse, env={"CHURNGUARD_LANG": "en"})
    assert result.exit_code == 0, result.output
    assert f"Segmented {lines:,} lines of {MONTH}" in result.stdout
    assert (
        "Value tiers" in result.stdout and "Lifecycle stages" in result.stdout and "Behaviour clusters" in result.stdout
    )
    zh = cli("segments", "--month", MONTH, "--warehouse", warehouse, env={"CHURNGUARD_LANG": "zh"})
    assert zh.exit_code == 0, zh.output
    assert "价值分层" in zh.stdout and "生命周期阶段" in zh.stdout
    bad = cli("segments", "--month", "2031-01", "--warehouse", warehouse)
    assert bad.exit_code == 2 and "2031-01" in bad.stderr
