"""Training on every leaver and a share of the stayers, with probabilities for the whole base.

A month of a large operator holds a few leavers per hundred lines: a six-month window of 200,000 lines
is 1.2 million rows, of which 98 % say the same thing. :class:`NegativeSampled` fits its estimator on
every positive row and a random sample of at most ``max_negatives`` negative rows, then corrects the
log-odds by the sampling rate (prior correction: sampling negatives at rate r multiplies the odds by
1/r), so ``predict_proba`` is again the probability in the whole base and the training time stops
growing with the base once it passes the cap. Ranking is unchanged by the correction; what sampling
costs in accuracy is measured in ``benchmarks/train_scale.py``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, clone

__all__ = ["NegativeSampled", "unwrapped"]


class NegativeSampled(ClassifierMixin, BaseEstimator):
    """``estimator`` fitted on all positives and at most ``max_negatives`` negatives (``None``: all)."""

    def __init__(self, estimator: BaseEstimator, *, max_negatives: int | None = 150_000, random_state: int = 0):
        self.estimator = estimator
        self.max_negatives = max_negatives
        self.random_state = random_state

    def fit(self, X: pd.DataFrame, y: np.ndarray) -> NegativeSampled:
        y = np.asarray(y)
        negatives = np.flatnonzero(y == 0)
        self.rate_ = 1.0
        rows = np.arange(len(y))
        if self.max_negatives is not None and len(negatives) > self.max_negatives:
            rng = np.random.default_rng(self.random_state)
            kept = rng.choice(negatives, self.max_negatives, replace=False)
            rows = np.sort(np.concatenate([np.flatnonzero(y != 0), kept]))
            self.rate_ = self.max_negatives / len(negatives)
        self.offset_ = float(np.log(self.rate_))
        self.training_rows_ = len(rows)
        self.estimator_ = clone(self.estimator).fit(X.iloc[rows] if len(rows) < len(y) else X, y[rows])
        self.classes_ = self.estimator_.classes_
        self.n_features_in_ = X.shape[1]
        return self

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        p = self.estimator_.predict_proba(X)[:, 1]
        if self.offset_ == 0.0:
            return np.column_stack([1 - p, p])
        z = np.log(np.clip(p, 1e-15, 1 - 1e-15)) - np.log1p(-np.clip(p, 1e-15, 1 - 1e-15)) + self.offset_
        q = 1.0 / (1.0 + np.exp(-z))
        return np.column_stack([1 - q, q])

    def contributions(self, X: pd.DataFrame) -> np.ndarray:
        """The estimator's own log-odds contributions; the correction moves only the base value (last
        column). Raises AttributeError when the estimator has none (explain then uses occlusion)."""
        values = np.array(self.estimator_.contributions(X), dtype=float)
        values[:, -1] += self.offset_
        return values


def unwrapped(model: object) -> object:
    """The estimator inside the wrappers of a trained churn model (kind model, sampling)."""
    seen = model
    for attribute in ("churn_", "estimator_"):
        seen = getattr(seen, attribute, seen)
    return seen
