"""Training on every positive and a sample of the negatives, with probabilities for the whole base."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression

from churnguard.modeling.sampling import NegativeSampled, unwrapped
from churnguard.modeling.zoo import TunedLightGBM


def _rare(n: int = 40_000, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = pd.DataFrame({"a": rng.normal(size=n), "b": rng.normal(size=n)})
    logit = -4.0 + 1.2 * X["a"] - 0.6 * X["b"]
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    return X, y


def test_sampled_probabilities_are_the_whole_bases() -> None:
    """Fitted on a tenth of the negatives, the corrected model's probabilities match the base rate and
    the plain model's, and it ranks the lines the same way."""
    X, y = _rare()
    plain = LogisticRegression().fit(X, y)
    sampled = NegativeSampled(LogisticRegression(), max_negatives=3_800, random_state=1).fit(X, y)
    assert sampled.rate_ == pytest.approx(3_800 / (y == 0).sum())
    assert sampled.training_rows_ == 3_800 + y.sum()
    p, q = plain.predict_proba(X)[:, 1], sampled.predict_proba(X)[:, 1]
    assert q.mean() == pytest.approx(y.mean(), rel=0.08)
    assert np.corrcoef(p, q)[0, 1] > 0.99
    # Without the correction the sampled model would overstate every line's probability about tenfold.
    raw = sampled.estimator_.predict_proba(X)[:, 1]
    assert raw.mean() > 5 * y.mean()


def test_below_the_cap_nothing_is_sampled() -> None:
    X, y = _rare(5_000)
    sampled = NegativeSampled(LogisticRegression(), max_negatives=10_000).fit(X, y)
    assert sampled.rate_ == 1.0 and sampled.offset_ == 0.0
    np.testing.assert_allclose(sampled.predict_proba(X), LogisticRegression().fit(X, y).predict_proba(X))


def test_contributions_move_only_the_base_value() -> None:
    X, y = _rare(20_000)
    model = TunedLightGBM(grid=({"num_leaves": 4},), rounds=30, threads=1)
    sampled = NegativeSampled(model, max_negatives=4_000).fit(X, y)
    inner = sampled.estimator_.contributions(X.iloc[:50])
    outer = sampled.contributions(X.iloc[:50])
    np.testing.assert_allclose(outer[:, :-1], inner[:, :-1])
    np.testing.assert_allclose(outer[:, -1], inner[:, -1] + np.log(sampled.rate_))
    # Contributions still add up to the corrected log-odds.
    q = sampled.predict_proba(X.iloc[:50])[:, 1]
    np.testing.assert_allclose(outer.sum(axis=1), np.log(q / (1 - q)), atol=1e-6)
    assert unwrapped(sampled) is sampled.estimator_


def test_fixed_rounds_search_nothing() -> None:
    X, y = _rare(8_000)
    model = TunedLightGBM(grid=({"num_leaves": 8, "min_child_samples": 40},), rounds=25, threads=1).fit(X, y)
    assert model.tuning_ == [] and model.best_rounds_ == 25
    assert model.model_.booster_.num_trees() == 25
    searched = TunedLightGBM(threads=1, time_budget=1e-3).fit(X, y)
    assert len(searched.tuning_) == 1 and searched.best_rounds_ >= 10
