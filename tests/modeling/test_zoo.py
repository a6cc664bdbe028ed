"""Every zoo member fits the Telco matrix, gives probabilities and follows the scikit-learn contract."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, clone
from sklearn.exceptions import NotFittedError
from sklearn.metrics import roc_auc_score
from sklearn.utils.validation import check_is_fitted

from churnguard.config import MODEL_NAMES
from churnguard.modeling.zoo import (
    BLEND_MEMBERS,
    LIGHTGBM_GRID,
    BlendClassifier,
    TunedLightGBM,
    logit,
    make_model,
)

ROWS = 600


@pytest.fixture(scope="module")
def data(telco_matrix: tuple[pd.DataFrame, np.ndarray]) -> tuple[pd.DataFrame, np.ndarray]:
    matrix, labels = telco_matrix
    return matrix.iloc[:ROWS], labels[:ROWS]


def _quick(name: str) -> BaseEstimator:
    # One thread: the suite runs two workers on two cores, and oversubscribed OpenMP crawls.
    return make_model(name, seed=0, threads=1, tune_seconds=2)


def _estimators(estimator: BaseEstimator) -> Iterator[BaseEstimator]:
    yield estimator
    for value in estimator.get_params(deep=True).values():
        if isinstance(value, BaseEstimator):
            yield value
    if isinstance(estimator, BlendClassifier):
        for _, member in estimator.members:
            yield from _estimators(member)


def _learned(estimator: BaseEstimator) -> list[str]:
    return [k for k in vars(estimator) if k.endswith("_") and not k.startswith("__")]


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_fits_and_predicts_probabilities(name: str, data: tuple[pd.DataFrame, np.ndarray]) -> None:
    X, y = data
    model = _quick(name)
    assert model.fit(X, y) is model
    assert list(model.classes_) == [0, 1]
    proba = model.predict_proba(X)
    assert proba.shape == (ROWS, 2)
    assert np.all((proba >= 0) & (proba <= 1))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-9)
    assert roc_auc_score(y, proba[:, 1]) > 0.75
    assert proba[:, 1].std() > 0.05  # not a constant guess


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_unfitted_holds_parameters_only(name: str) -> None:
    model = _quick(name)
    for estimator in _estimators(model):
        assert _learned(estimator) == [], type(estimator).__name__
    with pytest.raises(NotFittedError):
        check_is_fitted(model)


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_clone_gives_equal_parameters(name: str) -> None:
    model = _quick(name)
    copy = clone(model)
    assert copy is not model
    assert type(copy) is type(model)
    assert set(copy.get_params(deep=False)) == set(model.get_params(deep=False))
    scalars = (int, float, str, bool, type(None))
    assert {k: v for k, v in copy.get_params(deep=True).items() if isinstance(v, scalars)} == {
        k: v for k, v in model.get_params(deep=True).items() if isinstance(v, scalars)
    }


@pytest.mark.parametrize("name", ["logreg", "tree", "forest", "naive_bayes"])
def test_same_seed_same_probabilities(name: str, data: tuple[pd.DataFrame, np.ndarray]) -> None:
    X, y = data
    first = _quick(name).fit(X, y).predict_proba(X)
    second = clone(_quick(name)).fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(first, second)


def test_clone_of_fitted_model_is_unfitted(data: tuple[pd.DataFrame, np.ndarray]) -> None:
    X, y = data
    fitted = _quick("forest").fit(X, y)
    assert "estimator_" in _learned(fitted) and "calibrator_" in _learned(fitted)
    assert _learned(clone(fitted)) == []


def test_unknown_model_name() -> None:
    with pytest.raises(ValueError, match="unknown model 'xgboost'"):
        make_model("xgboost")


def test_unseen_and_missing_categories_are_scored(data: tuple[pd.DataFrame, np.ndarray]) -> None:
    X, y = data
    model = _quick("logreg").fit(X, y)
    new = X.iloc[:5].copy()
    new["contract"] = pd.Categorical([None] * 5, categories=X["contract"].cat.categories)
    new["tenure"] = np.nan
    proba = model.predict_proba(new)[:, 1]
    assert np.all((proba > 0) & (proba < 1))


def test_blend_is_platt_scaled_mean_log_odds(data: tuple[pd.DataFrame, np.ndarray]) -> None:
    X, y = data
    blend = _quick("blend").fit(X, y)
    assert [name for name, _ in blend.members_] == list(BLEND_MEMBERS)
    mean_logit = np.mean([logit(m.predict_proba(X)[:, 1]) for _, m in blend.members_], axis=0)
    p = blend.predict_proba(X)[:, 1]
    order = np.argsort(mean_logit, kind="stable")
    assert np.all(np.diff(p[order]) >= -1e-12)  # Platt scaling keeps the members' ranking
    np.testing.assert_allclose(p, blend.calibrator_.predict_proba(mean_logit[:, None])[:, 1])
    assert blend.predict(X).tolist() == (p >= 0.5).astype(int).tolist()


@pytest.fixture(scope="module")
def lightgbm(data: tuple[pd.DataFrame, np.ndarray]) -> TunedLightGBM:
    X, y = data
    return TunedLightGBM(grid=LIGHTGBM_GRID[:2], time_budget=1e9, threads=1).fit(X, y)


def test_lightgbm_tunes_every_candidate_within_budget(lightgbm: TunedLightGBM) -> None:
    assert [r["params"] for r in lightgbm.tuning_] == list(LIGHTGBM_GRID[:2])
    assert lightgbm.best_params_ == max(lightgbm.tuning_, key=lambda r: r["auc"])["params"]
    assert lightgbm.best_rounds_ >= 10
    assert lightgbm.model_.n_estimators == lightgbm.best_rounds_


def test_lightgbm_budget_stops_after_the_first_candidate(data: tuple[pd.DataFrame, np.ndarray]) -> None:
    X, y = data
    model = TunedLightGBM(time_budget=1e-9, threads=1).fit(X, y)
    assert len(model.tuning_) == 1
    assert model.best_params_ == LIGHTGBM_GRID[0]


def test_lightgbm_contributions_sum_to_raw_log_odds(
    lightgbm: TunedLightGBM, data: tuple[pd.DataFrame, np.ndarray]
) -> None:
    X, _ = data
    contrib = lightgbm.contributions(X)
    assert contrib.shape == (ROWS, X.shape[1] + 1)  # last column: the base value
    raw = lightgbm.model_.predict(X, raw_score=True)
    np.testing.assert_allclose(contrib.sum(axis=1), raw, atol=1e-9)
    # And the raw score is the log-odds of the probability.
    p = lightgbm.predict_proba(X)[:, 1]
    np.testing.assert_allclose(raw, np.log(p / (1 - p)), atol=1e-6)
    assert np.ptp(contrib[:, -1]) == 0.0  # one base value for everyone


# ---------------------------------------------------------------- high-cardinality categories


def _wide_table(rows: int = 2400, levels: int = 60, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    """A 60-level area whose levels carry most of the churn signal, a weak number and a 3-level plan."""
    rng = np.random.default_rng(seed)
    level = rng.integers(0, levels, rows)
    effect = rng.normal(0.0, 1.5, levels)
    x = rng.normal(size=rows)
    y = (rng.random(rows) < 1 / (1 + np.exp(1.0 - effect[level] - 0.5 * x))).astype(int)
    names = [f"A{i:03d}" for i in range(levels)]
    X = pd.DataFrame(
        {
            "x": x,
            "area": pd.Categorical(np.array(names)[level], categories=names),
            "plan": pd.Categorical(rng.choice(["a", "b", "c"], rows)),
        }
    )
    return X, y


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_a_wide_category_keeps_its_signal(name: str) -> None:
    X, y = _wide_table()
    train, test = slice(0, 1800), slice(1800, None)
    with_area = _quick(name).fit(X.iloc[train], y[train]).predict_proba(X.iloc[test])[:, 1]
    narrow = X[["x", "plan"]]
    without = _quick(name).fit(narrow.iloc[train], y[train]).predict_proba(narrow.iloc[test])[:, 1]
    auc_with, auc_without = roc_auc_score(y[test], with_area), roc_auc_score(y[test], without)
    assert auc_with > 0.75
    assert auc_with > auc_without + 0.15


def test_wide_categories_are_target_encoded_narrow_ones_one_hot() -> None:
    X, y = _wide_table()
    columns = _quick("logreg").fit(X, y)[0]
    assert [(name, list(cols)) for name, _, cols in columns.transformers_ if name != "remainder"] == [
        ("num", ["x"]),
        ("cat", ["plan"]),
        ("wide", ["area"]),
    ]
    assert columns.transform(X).shape == (len(X), 1 + 3 + 1)  # x, 3 plans, 1 churn rate


def test_training_rows_are_encoded_without_their_own_label() -> None:
    # A 400-level column of pure noise: an in-sample churn rate per level would look predictive.
    rng = np.random.default_rng(3)
    rows = 2000
    X = pd.DataFrame({"noise": pd.Categorical(rng.integers(0, 400, rows).astype(str))})
    y = rng.integers(0, 2, rows)
    columns = _quick("logreg")[0]
    honest = columns.fit_transform(X, y)[:, 0]
    in_sample = columns.transform(X)[:, 0]  # the same encoder, applied to the rows it was fitted on
    assert abs(roc_auc_score(y, honest) - 0.5) < 0.05
    assert roc_auc_score(y, in_sample) > 0.7  # what leakage would look like


def test_validation_encoding_ignores_validation_targets() -> None:
    X, y = _wide_table()
    train, valid = np.arange(1800), np.arange(1800, len(y))
    shuffled = y.copy()
    shuffled[valid] = np.random.default_rng(1).permutation(y[valid])
    assert (shuffled[valid] != y[valid]).any()
    encoded = [
        _quick(name).fit(X.iloc[train], labels[train])[0].transform(X.iloc[valid])
        for labels in (y, shuffled)
        for name in ("logreg", "tree")
    ]
    np.testing.assert_array_equal(encoded[0], encoded[2])
    np.testing.assert_array_equal(encoded[1], encoded[3])


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_unseen_and_missing_wide_levels_are_scored(name: str) -> None:
    X, y = _wide_table()
    model = _quick(name).fit(X, y)
    new = X.iloc[:6].copy()
    # Levels the model never saw (a new handset) arrive as missing from prepare, or as new categories.
    new["area"] = pd.Categorical(["A999", None, "A000", None, "A998", "A001"])
    proba = model.predict_proba(new)[:, 1]
    assert np.all((proba > 0) & (proba < 1))
