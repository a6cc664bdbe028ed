"""Per-segment models: one model per value of a 0/1 column (silent or suspended lines vs the active
base, prepaid vs postpaid, individual vs enterprise), used where the backtest shows they beat one
model for all.

Prepaid and postpaid lines leave for different reasons (a prepaid line simply stops recharging), so
one model per side can rank better than a model that must learn both. Whether it does is measured,
not assumed: :func:`compare_segmented` refits the champion's kind per segment at every backtest origin.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.metrics import roc_auc_score

from churnguard.modeling.backtest import Backtest

__all__ = ["POPULATION_COLUMN", "SEGMENT_COLUMNS", "SegmentedModel", "compare_segmented"]

# Silent and suspended lines (outside the seed's label population) against the usual active base: a
# model of their own or one model for all open lines, whichever the backtest finds better.
POPULATION_COLUMN = "inactive_now"
SEGMENT_COLUMNS = (POPULATION_COLUMN, "is_prepaid", "is_enterprise")
_MIN_CHURNERS = 30  # a side with fewer churners keeps the model for all


class SegmentedModel(ClassifierMixin, BaseEstimator):
    """``estimator`` fitted separately on the rows where ``column`` is 1 and where it is not."""

    def __init__(self, estimator: BaseEstimator, *, column: str) -> None:
        self.estimator = estimator
        self.column = column

    def _side(self, X: pd.DataFrame) -> np.ndarray:
        return X[self.column].fillna(0).to_numpy(float) > 0.5

    def fit(self, X: pd.DataFrame, y: np.ndarray) -> SegmentedModel:
        y = np.asarray(y)
        side = self._side(X)
        self.parts_ = {}
        for value in (True, False):
            rows = side == value
            if y[rows].sum() >= _MIN_CHURNERS and (1 - y[rows]).sum() >= _MIN_CHURNERS:
                self.parts_[value] = clone(self.estimator).fit(X[rows], y[rows])
        # The model for all rows only stands in for a side too small for its own: fitting it when both
        # sides have one would double the cost of every per-segment backtest for nothing.
        self.all_ = clone(self.estimator).fit(X, y) if len(self.parts_) < 2 else None
        self.classes_ = (self.all_ if self.all_ is not None else next(iter(self.parts_.values()))).classes_
        return self

    def _model(self, value: bool) -> BaseEstimator:
        return self.parts_.get(value, self.all_)

    def _route(self, X: pd.DataFrame, method: Callable[[BaseEstimator, pd.DataFrame], np.ndarray]) -> np.ndarray:
        side = self._side(X)
        out = None
        for value in (True, False):
            rows = side == value
            if not rows.any():
                continue
            part = method(self._model(value), X[rows])
            if out is None:
                out = np.zeros((len(X), part.shape[1]))
            out[rows] = part
        return out if out is not None else method(self._model(False), X)

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        return self._route(X, lambda m, x: m.predict_proba(x))

    def contributions(self, X: pd.DataFrame) -> np.ndarray:
        """Each line's contributions from the model of its side (TreeSHAP when the members have it)."""
        return self._route(X, lambda m, x: np.asarray(m.contributions(x)))


def compare_segmented(
    backtest: Backtest,
    frames: dict[str, pd.DataFrame],
    *,
    champion: str,
    features: list[str],
    make: Callable[[str], BaseEstimator],
    columns: tuple[str, ...] = SEGMENT_COLUMNS,
    target: str = "churn",
) -> dict[str, dict[str, float]]:
    """Mean backtest ROC AUC of the champion's kind fitted per segment of each column, beside the
    champion's own mean: ``{column: {"roc_auc": …, "champion_roc_auc": …, "gain": …}}``."""
    out = {}
    base = float(np.mean([m["roc_auc"] for m in backtest.metrics[champion]]))
    for column in columns:
        if column not in features:
            continue
        aucs = []
        for i, origin in enumerate(backtest.origins):
            train = pd.concat([frames[m] for m in origin.train], ignore_index=True)
            valid = frames[origin.month]
            model = SegmentedModel(make(champion), column=column).fit(train[features], train[target].to_numpy(int))
            aucs.append(roc_auc_score(backtest.labels[i], model.predict_proba(valid[features])[:, 1]))
        mean = float(np.mean(aucs))
        out[column] = {"roc_auc": mean, "champion_roc_auc": base, "gain": mean - base}
    return out
