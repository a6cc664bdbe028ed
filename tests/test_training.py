"""Monthly training on a small simulated operator: what the registered version records, which months
it learned from, and ``churnguard train`` / ``churnguard models`` on the command line."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from typer.testing import Result

from churnguard.config import Settings
from churnguard.errors import DataError
from churnguard.features.catalog import MONTHLY
from churnguard.modeling.backtest import BASELINE
from churnguard.modeling.kinds import CHURN_KINDS
from churnguard.modeling.registry import Registry
from churnguard.modeling.zoo import TunedLightGBM
from churnguard.months import shift
from churnguard.training import TrainResult, load_months, train
from churnguard.warehouse import connect

Cli = Callable[..., Result]
NOW = datetime(2025, 7, 1, tzinfo=UTC)
MONTHS = tuple(f"2025-0{m}" for m in range(1, 7))
AS_OF = MONTHS[-1]
MODELS = ["logreg", "lightgbm"]
# Fast settings for the command line (the API tests pass them to Settings directly).
FAST_ENV = {
    "CHURNGUARD_LANG": "en",
    "CHURNGUARD_THREADS": "1",
    "CHURNGUARD_TUNE_SECONDS": "1",
    "CHURNGUARD_CYCLE_MODELS": '["logreg"]',
    "CHURNGUARD_BACKTEST_ORIGINS": "1",
    "CHURNGUARD_TRAIN_WINDOW": "2",
    "CHURNGUARD_WAREHOUSE_MEMORY": "1GB",
}


@dataclass
class Trained:
    result: TrainResult
    settings: Settings
    warehouse: Path
    steps: list[tuple[str, int]]


@pytest.fixture(scope="module")
def trained(
    tmp_path_factory: pytest.TempPathFactory, small_operator: Path, cycle_settings: Callable[..., Settings]
) -> Trained:
    root = tmp_path_factory.mktemp("training")
    warehouse = root / "w.duckdb"
    shutil.copyfile(small_operator, warehouse)
    # A window shorter than the five label months known, so the window's cut is tested too.
    settings = cycle_settings(cycle_models=MODELS, registry=str(root / "reg"), warehouse=str(warehouse), train_window=3)
    steps: list[tuple[str, int]] = []
    with connect(str(warehouse), memory_limit="1GB", threads=1, read_only=True) as wh:
        result = train(wh, settings, as_of=AS_OF, now=NOW, progress=lambda what, n: steps.append((what, n)))
    return Trained(result, settings, warehouse, steps)


def _sql(path: Path, query: str, params: list | None = None) -> list[tuple]:
    with connect(str(path), memory_limit="1GB", threads=1, read_only=True) as wh:
        return wh.sql.execute(query, params or []).fetchall()


# ---------------------------------------------------------------- the registered version


def test_the_first_version_is_registered_as_champion(trained: Trained) -> None:
    card = trained.result.bundle.card
    registry = Registry(trained.settings.registry)
    assert trained.result.promoted
    assert registry.champion == card["bundle_id"]
    version = registry.version(card["bundle_id"])
    assert version["status"] == "champion" and version["as_of"] == AS_OF
    assert version["created_at"] == "2025-07-01T00:00:00+00:00"
    assert version["backtest_mean"] == card["backtest"]["mean"][card["model"]]
    assert registry.data["promotions"] == [
        {"id": card["bundle_id"], "at": "2025-07-01T00:00:00+00:00", "by": "rule", "replaced": None}
    ]
    loaded, _ = registry.load()
    assert loaded.card == card


def test_the_model_learns_only_labels_known_at_as_of(trained: Trained) -> None:
    card = trained.result.bundle.card
    assert card["as_of"] == AS_OF and card["horizon"] == 1 and card["kind"] == "monthly"
    # Labels of month m are known once m + 1 is over: at the end of 2025-06, those up to 2025-05.
    assert card["train_months"] == ["2025-03", "2025-04", "2025-05"]
    assert list(trained.result.train_months) == card["train_months"]
    assert all(m <= shift(AS_OF, -1) for m in card["train_months"])
    labelled = [m for (m,) in _sql(trained.warehouse, "SELECT DISTINCT month FROM lbl_churn ORDER BY 1")]
    assert labelled == list(MONTHS[:-1])  # 2025-06 has no label yet, and nothing trains on it


def test_training_rows_and_kinds_match_a_count_in_sql(trained: Trained) -> None:
    card = trained.result.bundle.card
    rows, positives = _sql(
        trained.warehouse,
        "SELECT count(*), sum(l.leave) FROM lbl_churn l JOIN feat_monthly f USING (subscriber_id, month) "
        "WHERE l.month BETWEEN '2025-03' AND '2025-05'",
    )[0]
    assert (card["training_rows"], card["training_positives"]) == (rows, positives)
    assert 1_500 < rows < 2_000 and positives >= 10
    kinds = dict(
        _sql(
            trained.warehouse,
            "SELECT kind, count(*) FROM lbl_churn WHERE month BETWEEN '2025-03' AND '2025-05' GROUP BY 1",
        )
    )
    model = trained.result.bundle.model
    for k in CHURN_KINDS:
        assert model.kind_rates_[k] == pytest.approx(kinds.get(k, 0) / rows), k


def _tuned_members(model: object) -> list[TunedLightGBM]:
    """The TunedLightGBM estimators inside a trained model's wrappers (kind, sampling, segments)."""
    if isinstance(model, TunedLightGBM):
        return [model]
    inner = [getattr(model, a, None) for a in ("churn_", "estimator_", "all_")]
    inner += list(getattr(model, "parts_", {}).values())
    return [m for x in inner if x is not None for m in _tuned_members(x)]


def test_lightgbm_is_tuned_once_on_the_first_origins_months(trained: Trained) -> None:
    """The search runs once, on months known before every origin is judged; every other fit reuses it."""
    card = trained.result.bundle.card
    tuning = card["tuning"]
    first = card["backtest"]["origins"][0]
    assert tuning["tuned_on"] == first["train"]
    assert len(tuning["search"]) >= 1 and tuning["rounds"] >= 10
    assert tuning["params"] in [c["params"] for c in tuning["search"]]
    assert card["max_negatives"] >= 1_000
    # Every LightGBM fitted for production reuses the settings found (no second search).
    found = _tuned_members(trained.result.bundle.model)
    assert found or card["model"] != "lightgbm"
    for member in found:
        assert member.rounds == tuning["rounds"] and member.tuning_ == []


def test_the_card_says_which_population_it_covers(trained: Trained) -> None:
    population = trained.result.bundle.card["population"]
    assert population["target"] == "leave"
    assert population["decision"] in {"one_model", "own_models"} or population["decision"].startswith("one_model_")
    assert population["why"]
    lines = _sql(
        trained.warehouse,
        "SELECT population, count(*) FROM lbl_churn WHERE month BETWEEN '2025-03' AND '2025-05' GROUP BY 1",
    )
    assert population["training_lines"] == {p: n for p, n in lines}
    # Each population carries the high tier's capture as production draws it; "all" is the overall one.
    backtest = trained.result.bundle.card["backtest"]
    champion = backtest["champion"]
    per = backtest["by_population"][champion]
    assert per["all"]["high_tier_capture"] == pytest.approx(backtest["mean"][champion]["high_tier_capture"], abs=1e-4)
    assert any("high_tier_capture" in m for g, m in per.items() if g != "all")


def test_backtest_in_the_card(trained: Trained) -> None:
    card, backtest = trained.result.bundle.card, trained.result.backtest
    recorded = card["backtest"]
    assert [o["month"] for o in recorded["origins"]] == ["2025-03", "2025-04", "2025-05"]
    for origin in recorded["origins"]:
        assert origin["train"] and all(m <= shift(origin["month"], -1) for m in origin["train"])
        assert len(origin["train"]) <= trained.settings.train_window
    assert set(recorded["metrics"]) == {*MODELS, BASELINE}
    for name, per_origin in recorded["metrics"].items():
        assert len(per_origin) == 3, name
        for metrics in per_origin:
            assert {"roc_auc", "top_decile_lift", "capture_5", "capture_10", "capture_20", "brier"} <= set(metrics)
            assert 0 <= metrics["roc_auc"] <= 1 and 0 <= metrics["brier"] <= 1
    assert card["model"] == recorded["champion"] == backtest.champion
    assert card["model"] in MODELS
    assert card["backtest"]["mean"][card["model"]]["roc_auc"] > 0.5
    # Every model was fitted at every origin, and reported as it went.
    assert trained.steps == [(f"{o} {m}", 1) for o in ("2025-03", "2025-04", "2025-05") for m in MODELS]
    combination = trained.result.combination
    assert combination["method"] == "weighted" and combination["models"] == MODELS
    assert [o["month"] for o in combination["origins"]] == ["2025-03", "2025-04", "2025-05"]
    assert 0 <= combination["mean"]["precision"] <= 1 and 0 <= combination["mean"]["recall"] <= 1


def test_score_quantiles_are_the_model_s_scores_of_its_latest_training_month(trained: Trained) -> None:
    bundle = trained.result.bundle
    q = np.asarray(bundle.card["score_quantiles"])
    assert len(q) == 1001 and (np.diff(q) >= 0).all() and q[0] >= 0 and q[-1] <= 1
    with connect(str(trained.warehouse), memory_limit="1GB", threads=1, read_only=True) as wh:
        latest = load_months(wh, ["2025-05"])["2025-05"]
    p = bundle.model.predict_proba(latest[bundle.schema.feature_names])[:, 1]
    np.testing.assert_allclose(q, np.round(np.quantile(p, np.linspace(0, 1, 1001)), 6), atol=1e-6)


def test_the_model_takes_the_catalog_features(trained: Trained) -> None:
    names = trained.result.bundle.schema.feature_names
    assert names == [n for n in MONTHLY if n in set(names)]  # catalog order
    assert len(names) == len(MONTHLY)
    assert not {"subscriber_id", "month", "churn", "kind", "enterprise_id"} & set(names)
    assert set(trained.result.bundle.card["baseline"]) == set(names)


def test_training_without_known_labels_is_a_data_error(
    trained: Trained, tmp_path: Path, cycle_settings: Callable[..., Settings]
) -> None:
    settings = cycle_settings(registry=str(tmp_path / "reg"), cycle_models=["logreg"])
    with (
        connect(str(trained.warehouse), memory_limit="1GB", threads=1, read_only=True) as wh,
        pytest.raises(DataError) as info,
    ):
        train(wh, settings, as_of="2025-01", now=NOW)
    assert info.value.key == "train.no_labels"
    message = str(info.value)
    assert "2025-01" in message and "2025-01, 2025-02, 2025-03, 2025-04, 2025-05" in message
    assert not (tmp_path / "reg").exists()


def test_training_on_labels_of_another_horizon_is_refused(
    trained: Trained, tmp_path: Path, cycle_settings: Callable[..., Settings]
) -> None:
    settings = cycle_settings(registry=str(tmp_path / "reg"), cycle_models=["logreg"], churn_horizon=2)
    with (
        connect(str(trained.warehouse), memory_limit="1GB", threads=1, read_only=True) as wh,
        pytest.raises(DataError) as info,
    ):
        train(wh, settings, as_of="2025-06", now=NOW)
    assert info.value.key == "train.horizon"
    assert "horizon 1" in str(info.value) and "horizon 2" in str(info.value)
    assert not (tmp_path / "reg").exists()


# ---------------------------------------------------------------- the command line


def _ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def _user_error(result: Result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert re.search(r"^Error: .+\nHint: ", result.stderr, re.MULTILINE), result.stderr
    assert "Error:" not in result.stdout
    for word in words:
        assert word in result.stderr, (word, result.stderr)


def test_cli_train_then_list_the_models(cli: Cli, trained: Trained, tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(trained.warehouse, warehouse)
    empty = _ok(cli("models", "list", "--registry", "reg", env=FAST_ENV))
    assert empty.stdout == "No models registered in reg yet.\n"

    result = _ok(cli("train", "--as-of", AS_OF, "--warehouse", warehouse, "--registry", "reg", env=FAST_ENV))
    registry = Registry(tmp_path / "reg")
    model_id = registry.champion
    assert model_id is not None
    assert (
        f"Champion of the backtest: logreg. Trained on 2025-04, 2025-05 "
        f"({registry.load()[0].card['training_rows']:,} lines); registered as {model_id}." in result.stdout
    )
    assert "It is now the champion model." in result.stdout
    assert "Backtest as of 2025-06: mean over 1 origin(s) 2025-05" in result.stdout

    listed = _ok(cli("models", "list", "--registry", "reg", env=FAST_ENV)).stdout
    row = next(line for line in listed.splitlines() if model_id in line)
    assert "champion" in row and AS_OF in row and "logreg" in row

    # The same model again, with a margin it cannot beat: a challenger beside the champion.
    again = _ok(
        cli(
            "train",
            "--as-of",
            AS_OF,
            "--warehouse",
            warehouse,
            "--registry",
            "reg",
            env=FAST_ENV | {"CHURNGUARD_PROMOTE_MARGIN": "0.05"},
        )
    )
    assert f"It stays a challenger: the champion {model_id} is not beaten by the promotion rule." in again.stdout
    statuses = {v["id"]: v["status"] for v in registry.data["versions"]}
    assert sorted(statuses.values()) == ["challenger", "champion"] and statuses[model_id] == "champion"
    challenger = next(i for i, s in statuses.items() if s == "challenger")

    promoted = _ok(cli("models", "promote", challenger, "--registry", "reg", env=FAST_ENV))
    assert f"{challenger} is now the champion." in promoted.stdout
    assert registry.champion == challenger
    assert registry.data["promotions"][-1]["replaced"] == model_id
    assert registry.data["promotions"][-1]["by"] not in ("", "rule")


def test_cli_promote_unknown_id(cli: Cli, tmp_path: Path) -> None:
    result = cli("models", "promote", "BADID", "--registry", "reg", env=FAST_ENV)
    _user_error(result, "No model BADID in the registry reg.", "churnguard models list")
    assert not (tmp_path / "reg" / "registry.json").exists()


@pytest.mark.parametrize("month", ["2025-13", "2025-6", "June"])
def test_cli_train_refuses_a_bad_month(cli: Cli, month: str, tmp_path: Path) -> None:
    result = cli("train", "--as-of", month, "--warehouse", tmp_path / "none.duckdb", "--registry", "reg", env=FAST_ENV)
    _user_error(result, "--as-of", f"'{month}' is not a month like 2025-03")
    assert not (tmp_path / "none.duckdb").exists() and not (tmp_path / "reg").exists()


def test_the_card_keeps_the_champion_s_calibration_at_the_latest_origin(trained: Trained) -> None:
    card, backtest = trained.result.bundle.card, trained.result.backtest
    table = card["reliability"]
    assert sum(row["count"] for row in table) == len(backtest.labels[-1])
    observed = sum(row["observed_rate"] * row["count"] for row in table)
    assert abs(observed - backtest.labels[-1].sum()) < 1e-6
