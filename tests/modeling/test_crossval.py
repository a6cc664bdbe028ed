"""Stratified cross-validation of the zoo: out-of-fold metrics, progress, the blend and the champion."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import StratifiedKFold

from churnguard.errors import DataError
from churnguard.modeling import crossval, zoo
from churnguard.modeling.crossval import CHAMPION_RULE, Evaluation, cross_validate
from churnguard.modeling.metrics import METRIC_NAMES, score_all

Data = tuple[pd.DataFrame, np.ndarray]


@pytest.fixture(scope="module")
def evaluation(telco_matrix: Data) -> Evaluation:
    X, y = telco_matrix
    return cross_validate(X, y, ["logreg", "tree", "logreg"], folds=3, seed=0, threads=1, file="telco.csv")


def test_rows_positives_and_models(evaluation: Evaluation, telco_matrix: Data) -> None:
    _, y = telco_matrix
    assert (evaluation.rows, evaluation.positives, evaluation.folds, evaluation.seed) == (
        len(y),
        int(y.sum()),
        3,
        0,
    )
    assert list(evaluation.metrics) == ["logreg", "tree"]  # the duplicate is evaluated once
    assert list(evaluation.oof) == ["logreg", "tree"]
    for metrics in evaluation.metrics.values():
        assert list(metrics) == [*METRIC_NAMES, "fit_seconds"]
        assert metrics["fit_seconds"] >= 0


def test_out_of_fold_scores_match_the_metrics(evaluation: Evaluation, telco_matrix: Data) -> None:
    _, y = telco_matrix
    for name, oof in evaluation.oof.items():
        assert oof.shape == y.shape
        assert np.all((oof >= 0) & (oof <= 1))
        expected = score_all(y, oof)
        assert {k: evaluation.metrics[name][k] for k in METRIC_NAMES} == pytest.approx(expected)


def test_telco_auc_is_realistic(evaluation: Evaluation) -> None:
    assert evaluation.metrics["logreg"]["roc_auc"] > 0.78
    assert evaluation.metrics["tree"]["roc_auc"] > 0.72
    assert evaluation.metrics["logreg"]["top_decile_lift"] > 2.0
    assert evaluation.metrics["logreg"]["roc_auc"] < 0.95  # honest out-of-fold scores, not training fit


def test_champion_and_dict(evaluation: Evaluation) -> None:
    assert evaluation.champion == crossval.choose_champion(evaluation.metrics)
    data = evaluation.to_dict()
    assert data["champion"] == evaluation.champion
    assert data["champion_rule"] == CHAMPION_RULE
    assert (data["rows"], data["positives"], data["folds"], data["seed"]) == (
        evaluation.rows,
        evaluation.positives,
        3,
        0,
    )
    assert data["models"] is evaluation.metrics
    assert "oof" not in data


def test_same_seed_same_folds(evaluation: Evaluation, telco_matrix: Data) -> None:
    X, y = telco_matrix
    again = cross_validate(X, y, ["logreg"], folds=3, seed=0, threads=1)
    np.testing.assert_array_equal(again.oof["logreg"], evaluation.oof["logreg"])
    other = cross_validate(X, y, ["logreg"], folds=3, seed=1, threads=1)
    assert not np.array_equal(other.oof["logreg"], evaluation.oof["logreg"])


def test_progress_reports_every_fold(telco_matrix: Data) -> None:
    X, y = telco_matrix
    calls: list[tuple[str, int]] = []
    cross_validate(X, y, ["tree", "logreg"], folds=3, threads=1, progress=lambda m, f: calls.append((m, f)))
    assert calls == [("tree", 0), ("tree", 1), ("tree", 2), ("logreg", 0), ("logreg", 1), ("logreg", 2)]


def test_blend_reuses_members_and_ranks_like_their_mean(telco_matrix: Data, monkeypatch: pytest.MonkeyPatch) -> None:
    # Cheap members stand in for logreg/lightgbm; the assembling logic is the same.
    monkeypatch.setattr(crossval, "BLEND_MEMBERS", ("logreg", "tree"))
    monkeypatch.setattr(zoo, "BLEND_MEMBERS", ("logreg", "tree"))
    X, y = telco_matrix
    result = cross_validate(X, y, ["blend", "logreg", "tree"], folds=3, threads=1)
    assert list(result.metrics) == ["blend", "logreg", "tree"]
    plain = (zoo.logit(result.oof["logreg"]) + zoo.logit(result.oof["tree"])) / 2
    # Platt scaling is monotone within a fold, so the blend ranks customers as the mean log-odds do.
    folds = StratifiedKFold(3, shuffle=True, random_state=0).split(X, y)
    for _, test in folds:
        order = np.argsort(plain[test], kind="stable")
        assert np.all(np.diff(result.oof["blend"][test][order]) >= -1e-12)
    assert result.metrics["blend"]["roc_auc"] == pytest.approx(score_all(y, result.oof["blend"])["roc_auc"])
    # Calibrated: mean predicted probability close to the churn rate.
    assert abs(result.oof["blend"].mean() - y.mean()) < 0.02


def test_too_few_churners_for_the_folds() -> None:
    X = pd.DataFrame({"x": np.arange(40.0)})
    y = np.array([1, 1, 1, 1] + [0] * 36)
    with pytest.raises(DataError) as info:
        cross_validate(X, y, ["logreg"], folds=5, file="small.csv")
    error = info.value
    assert error.key == "rows.too_few"
    assert str(error) == "File small.csv: 40 rows with 4 churners is too few for 5-fold cross-validation."
    assert "--cv 3" in error.hint()
    assert "two rows per fold" in error.hint()
    assert cross_validate(X, y, ["logreg"], folds=2).rows == 40  # two churners per fold are enough


def _with_area(telco_matrix: Data) -> Data:
    """Telco with a 40-level area whose levels shift churn: a column the models target-encode."""
    X, y = telco_matrix
    rng = np.random.default_rng(5)
    area = rng.integers(0, 40, len(y))
    names = [f"A{i:02d}" for i in range(40)]
    return X.assign(area=pd.Categorical(np.array(names)[area], categories=names)), y


def test_a_folds_scores_do_not_use_its_own_targets(telco_matrix: Data, monkeypatch: pytest.MonkeyPatch) -> None:
    X, y = _with_area(telco_matrix)
    splits = crossval._splits(X, y, 3, 0)
    monkeypatch.setattr(crossval, "_splits", lambda *args: splits)  # the same folds for both label sets
    test = splits[0][1]
    shuffled = y.copy()
    shuffled[test] = np.random.default_rng(2).permutation(y[test])
    assert (shuffled[test] != y[test]).any()
    models = ["logreg", "tree", "naive_bayes"]
    first = cross_validate(X, y, models, folds=3, threads=1)
    second = cross_validate(X, shuffled, models, folds=3, threads=1)
    for name in models:
        np.testing.assert_array_equal(first.oof[name][test], second.oof[name][test])
        assert not np.array_equal(first.oof[name][splits[1][1]], second.oof[name][splits[1][1]])


def test_parallel_folds_give_the_same_scores(telco_matrix: Data) -> None:
    X, y = _with_area(telco_matrix)
    calls: list[tuple[str, int]] = []
    models = ["logreg", "tree", "naive_bayes"]
    one = cross_validate(X, y, models, folds=3, threads=1)
    two = cross_validate(X, y, models, folds=3, threads=2, progress=lambda m, f: calls.append((m, f)))
    for name in models:
        np.testing.assert_array_equal(one.oof[name], two.oof[name])
    assert calls == [(m, f) for m in models for f in range(3)]
