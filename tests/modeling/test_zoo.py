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
