"""The snapshot workflow as functions: load_training → evaluate / fit → predict, and the risk tiers."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from churnguard import pipeline
from churnguard.config import Settings
from churnguard.modeling.registry import CARD_FILE

SettingsFactory = Callable[..., Settings]


def test_load_training(telco_csv: Path, make_settings: SettingsFactory) -> None:
    training = pipeline.load_training(telco_csv, make_settings())
    assert training.table.encoding == "utf-8"
    assert training.schema.target is not None and training.schema.target.column == "churn"
    assert training.schema.id_column == "customer_id"
    assert training.matrix.shape == (900, 19)
    assert "customer_id" not in training.matrix.columns and "churn" not in training.matrix.columns
    assert int(training.labels.sum()) == 239  # stratified: the Telco churn rate of 26.5 %
    assert training.notices == []


def test_load_training_warns_about_leaks(telco: pd.DataFrame, tmp_path: Path, make_settings: SettingsFactory) -> None:
    path = tmp_path / "leaky.csv"
    telco.assign(churn_copy=telco["churn"]).to_csv(path, index=False)
    training = pipeline.load_training(path, make_settings(), target="churn")
    leaks = [n for n in training.notices if n.key == "warn.leakage"]
    assert [n.params["column"] for n in leaks] == ["churn_copy"]
    assert leaks[0].params["auc"] == pytest.approx(1.0)


def test_load_training_with_extra_na_values(
    telco: pd.DataFrame, tmp_path: Path, make_settings: SettingsFactory
) -> None:
    path = tmp_path / "dash.csv"
    telco.assign(total_charges=telco["total_charges"].astype(object).where(telco.index >= 5, "-")).to_csv(
        path, index=False
    )
    training = pipeline.load_training(path, make_settings(na_values=["-"]))
    assert training.matrix["total_charges"].iloc[:5].isna().all()


def test_evaluate_uses_the_settings(telco_csv: Path, make_settings: SettingsFactory) -> None:
    settings = make_settings(models=["tree"], cv_folds=4, seed=3)
    training = pipeline.load_training(telco_csv, settings)
    evaluation = pipeline.evaluate(training, settings)
    assert (evaluation.folds, evaluation.seed, list(evaluation.metrics)) == (4, 3, ["tree"])
    assert list(pipeline.evaluate(training, settings, models=["logreg"]).metrics) == ["logreg"]


def test_risk_cutoffs_from_training_quantiles() -> None:
    quantiles = list(np.linspace(0, 1, 1001))  # uniform training scores
    high, medium = pipeline.risk_cutoffs(quantiles, high_share=0.10, medium_share=0.20)
    assert (high, medium) == (pytest.approx(0.9, abs=0.002), pytest.approx(0.7, abs=0.002))
    high, medium = pipeline.risk_cutoffs(quantiles, high_share=0.5, medium_share=0.9)
    assert (high, medium) == (pytest.approx(0.5, abs=0.002), pytest.approx(0.0))
    # A tree scores few distinct values: the cut goes where the tier share comes closest.
    tied = [0.1] * 600 + [0.5] * 300 + [0.9] * 101
    assert pipeline.risk_cutoffs(tied, high_share=0.10, medium_share=0.20) == (0.9, 0.5)
    tiers = pipeline.risk_tiers(np.array([0.95, 0.9, 0.8, 0.7, 0.1]), high=0.9, medium=0.7)
    assert tiers.tolist() == ["high", "high", "medium", "medium", "low"]


def test_fit_writes_a_model_card(telco_bundle: Path) -> None:
    card = json.loads((telco_bundle / CARD_FILE).read_text(encoding="utf-8"))
    assert card["created_at"] == "2024-06-30T12:00:00+00:00"  # time is an argument, not the clock
    assert card["model"] == "logreg"
    assert card["training_file"].endswith("telco.csv")
    assert (card["training_rows"], card["training_positives"]) == (900, 239)
    assert card["target"] == {"column": "churn", "positive": "Yes", "negative": "No"}
    assert card["cv"]["folds"] == 3 and list(card["cv"]["metrics"]) == ["logreg"]
    quantiles = card["score_quantiles"]
    assert len(quantiles) == 1001 and quantiles == sorted(quantiles)
    assert 0 <= quantiles[0] < quantiles[-1] <= 1
    assert card["baseline"]["contract"] == "Month-to-month"


def test_fit_reuses_a_given_evaluation(telco_csv: Path, tmp_path: Path, make_settings: SettingsFactory) -> None:
    settings = make_settings(models=["logreg", "tree"])
    training = pipeline.load_training(telco_csv, settings)
    evaluation = pipeline.evaluate(training, settings)
    evaluation.champion = "tree"  # whatever was chosen is what gets trained
    now = datetime(2025, 1, 31, tzinfo=UTC)
    bundle, returned = pipeline.fit(training, settings, tmp_path / "m", now=now, evaluation=evaluation)
    assert returned is evaluation
    assert bundle.card["model"] == "tree"
    assert type(bundle.model[-1]).__name__ == "DecisionTreeClassifier"
    assert bundle.card["created_at"] == "2025-01-31T00:00:00+00:00"


def test_predict_on_the_training_file(
    telco_bundle: Path, telco_csv: Path, tmp_path: Path, make_settings: SettingsFactory
) -> None:
    result = pipeline.predict(telco_bundle, telco_csv, make_settings(), out=tmp_path / "scores.parquet")
    scores = result.scores
    assert len(scores) == 900
    assert scores.columns[:3].tolist() == ["customer_id", "churn_probability", "risk_tier"]
    assert scores["customer_id"].tolist() == pd.read_csv(telco_csv, dtype=str)["customer_id"].tolist()
    assert scores["churn_probability"].between(0, 1).all()
    shares = scores["risk_tier"].value_counts(normalize=True)
    assert 0.05 <= shares["high"] <= 0.15 and 0.12 <= shares["medium"] <= 0.28
    assert result.notices == []
    assert result.path == tmp_path / "scores.parquet"
    assert pd.read_parquet(result.path).shape == scores.shape
    # The riskiest customers are mostly churners.
    truth = pd.read_csv(telco_csv)["churn"].eq("Yes")
    assert truth[scores["risk_tier"].eq("high").to_numpy()].mean() > 0.55


def test_predict_settings_change_tiers_and_reasons(
    telco_bundle: Path, telco_csv: Path, make_settings: SettingsFactory
) -> None:
    settings = make_settings(high_risk_share=0.3, top_reasons=1, lang="zh")
    scores = pipeline.predict(telco_bundle, telco_csv, settings).scores
    assert 0.24 <= (scores["risk_tier"] == "high").mean() <= 0.36
    assert "reason_1" in scores.columns and "reason_2" not in scores.columns
    assert scores["reason_1"].str.contains("：|无推高离网风险的因素").all()


def test_predict_without_id_extra_columns_and_target(
    telco: pd.DataFrame, telco_bundle: Path, tmp_path: Path, make_settings: SettingsFactory
) -> None:
    path = tmp_path / "new.csv"
    telco.drop(columns=["customer_id", "churn"]).head(20).assign(region="north").to_csv(path, index=False)
    result = pipeline.predict(telco_bundle, path, make_settings())
    assert result.path is None
    assert result.scores["row"].tolist() == list(range(2, 22))  # file rows, header is row 1
    assert [(n.key, n.params) for n in result.notices] == [
        ("warn.extra_columns", {"columns": "region"}),
        ("warn.no_id", {"column": "customer_id"}),
    ]
