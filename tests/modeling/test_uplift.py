"""The X-learner: recovers a known heterogeneous effect from a randomised campaign, follows the
scikit-learn contract, and falls back to constants when an arm cannot be modelled."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from churnguard.modeling.uplift import XLearner

# τ(x) = P(leave | control) − P(leave | treated): contact helps "a", drives "b" away, does nothing for "c".
TRUE_EFFECT = {"a": 0.20, "b": -0.15, "c": 0.0}


def _campaign(n: int = 4000, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = pd.DataFrame({"x1": rng.normal(0.0, 1.0, n), "x2": rng.choice(["a", "b", "c"], n)})
    treatment = rng.random(n) >= 0.3  # 30 % control
    effect = X["x2"].map(TRUE_EFFECT).to_numpy()
    p_leave = np.where(treatment, 0.3 - effect, 0.3)
    y = (rng.random(n) < p_leave).astype(int)
    return X, treatment, y


@pytest.fixture(scope="module")
def fitted() -> tuple[XLearner, pd.DataFrame]:
    X, treatment, y = _campaign()
    return XLearner(seed=1).fit(X, treatment, y), X


def test_recovers_the_sign_order_and_size_of_the_effect(fitted: tuple[XLearner, pd.DataFrame]) -> None:
    model, X = fitted
    tau = pd.Series(model.predict(X)).groupby(X["x2"].to_numpy()).mean()
    assert tau["a"] > 0 > tau["b"]
    assert tau["a"] > tau["c"] > tau["b"]
    for group, truth in TRUE_EFFECT.items():
        assert tau[group] == pytest.approx(truth, abs=0.1), group
    assert model.treated_ + model.control_ == len(X)
    assert model.propensity_ == pytest.approx(0.7, abs=0.03)
    assert model.features_ == ["x1", "x2"] and model.categories_ == {"x2": ["a", "b", "c"]}


def test_an_unseen_category_or_a_bad_number_does_not_raise(fitted: tuple[XLearner, pd.DataFrame]) -> None:
    model, _ = fitted
    new = pd.DataFrame({"x2": ["z", "a", None], "x1": ["0.5", "oops", 1.0], "extra": [1, 2, 3]})
    got = model.predict(new)
    assert got.shape == (3,) and np.isfinite(got).all()


def test_follows_the_scikit_learn_contract() -> None:
    model = XLearner(n_estimators=20, num_leaves=3, seed=7)
    params = model.get_params()
    assert params == {
        "n_estimators": 20,
        "learning_rate": 0.05,
        "num_leaves": 3,
        "min_child_samples": 40,
        "colsample_bytree": 0.7,
        "reg_lambda": 5.0,
        "seed": 7,
        "threads": 1,
    }
    copy = clone(model)
    assert copy is not model and copy.get_params() == params
    assert not hasattr(copy, "mu0_")  # __init__ learns nothing
    X, treatment, y = _campaign(n=600, seed=3)
    assert model.fit(X, treatment, y) is model
    assert not hasattr(clone(model), "tau1_")
    model.set_params(n_estimators=30)
    assert model.get_params()["n_estimators"] == 30


def test_small_arms_fall_back_to_the_difference_of_means() -> None:
    # 30 lines: both arms are below 2 × min_child_samples, so every model is a constant and the effect is
    # the plain difference of the arms' leaving rates.
    rng = np.random.default_rng(5)
    X = pd.DataFrame({"x1": rng.normal(size=30), "x2": rng.choice(["a", "b"], 30)})
    treatment = np.arange(30) % 2 == 0
    y = np.r_[np.ones(6), np.zeros(24)][rng.permutation(30)]
    model = XLearner().fit(X, treatment, y)
    expected = y[~treatment].mean() - y[treatment].mean()
    assert model.predict(X) == pytest.approx(np.full(30, expected))


def test_an_arm_with_one_class_falls_back_without_error() -> None:
    X, treatment, y = _campaign(n=2000, seed=4)
    y = np.where(treatment, 0, y)  # nobody treated left
    model = XLearner(n_estimators=30).fit(X, treatment, y)
    got = model.predict(X)
    assert np.isfinite(got).all()
    # The treated arm's outcome is a constant 0, so the effect is about the control arm's leaving rate.
    assert got.mean() == pytest.approx(y[~treatment].mean(), abs=0.1)
