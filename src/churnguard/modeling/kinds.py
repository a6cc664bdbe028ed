"""A churn model that also says which kind of churn: active, passive or latent.

The churn probability comes from the champion. The kinds do not partition it: a line suspended for
arrears is passive churn before it is gone, and latent churn is a line that stays. So each kind's
probability comes from one multiclass LightGBM over none / active / passive / latent. Lines of kind
"none" are most of the base; the kind model sees all the others and a sample of them (weighted back
by the sampling rate), which keeps it small and its probabilities unbiased.
"""

from __future__ import annotations

import lightgbm as lgb
import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, clone

__all__ = ["CHURN_KINDS", "ChurnWithKind"]

CHURN_KINDS = ("active", "passive", "latent")


class ChurnWithKind(ClassifierMixin, BaseEstimator):
    """``churn`` (a fitted or unfitted binary estimator) plus a kind model fitted in :meth:`fit`."""

    def __init__(self, churn: BaseEstimator, *, threads: int = 2, random_state: int = 0) -> None:
        self.churn = churn
        self.threads = threads
        self.random_state = random_state

    def fit(self, X: pd.DataFrame, y: np.ndarray, kind: np.ndarray | None = None) -> ChurnWithKind:
        y = np.asarray(y)
        self.churn_ = clone(self.churn).fit(X, y)
        self.classes_ = self.churn_.classes_
        self.kind_ = None
        self.kind_rates_ = dict.fromkeys(CHURN_KINDS, 0.0)
        if kind is None:
            return self
        kind = np.asarray(kind)
        self.kind_rates_ = {k: float((kind == k).mean()) for k in CHURN_KINDS}
        some = np.isin(kind, CHURN_KINDS)
        if sum((kind == k).sum() >= 20 for k in CHURN_KINDS) == 0:
            return self
        rng = np.random.default_rng(self.random_state)
        none = np.flatnonzero(~some)
        keep = min(len(none), max(10 * int(some.sum()), 1000))
        sampled = rng.choice(none, keep, replace=False) if keep < len(none) else none
        rows = np.sort(np.concatenate([np.flatnonzero(some), sampled]))
        weight = np.where(some[rows], 1.0, len(none) / max(keep, 1))
        self.kind_ = lgb.LGBMClassifier(
            n_estimators=100,
            learning_rate=0.1,
            num_leaves=15,
            min_child_samples=30,
            num_threads=self.threads,
            force_col_wise=True,
            deterministic=True,
            random_state=self.random_state,
            verbose=-1,
        ).fit(X.iloc[rows], kind[rows], sample_weight=weight)
        return self

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        return self.churn_.predict_proba(X)

    def kind_proba(self, X: pd.DataFrame) -> pd.DataFrame:
        """``p_active``, ``p_passive``, ``p_latent`` per line (base rates when kinds were too rare)."""
        out = pd.DataFrame({f"p_{k}": self.kind_rates_[k] for k in CHURN_KINDS}, index=X.index)
        if self.kind_ is not None:
            proba = self.kind_.predict_proba(X)
            for j, k in enumerate(self.kind_.classes_):
                if k in CHURN_KINDS:
                    out[f"p_{k}"] = proba[:, j]
        return out
