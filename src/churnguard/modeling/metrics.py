"""Churn model metrics, the ones retention teams plan with (lift and capture) beside the usual ones."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import average_precision_score, brier_score_loss, log_loss, roc_auc_score

__all__ = ["METRIC_NAMES", "capture_rate", "score_all", "top_lift"]

METRIC_NAMES = ("roc_auc", "pr_auc", "top_decile_lift", "capture_10", "capture_20", "brier", "log_loss")


def _top(y: np.ndarray, p: np.ndarray, share: float) -> np.ndarray:
    n = max(int(np.ceil(len(y) * share)), 1)
    # Stable sort on -p keeps ties in input order, so the figure is reproducible.
    return y[np.argsort(-p, kind="stable")[:n]]


def top_lift(y: np.ndarray, p: np.ndarray, share: float = 0.10) -> float:
    """Churn rate among the top ``share`` by score divided by the overall churn rate."""
    y = np.asarray(y)
    return float(_top(y, np.asarray(p), share).mean() / y.mean())


def capture_rate(y: np.ndarray, p: np.ndarray, share: float) -> float:
    """Share of all churners found in the top ``share`` by score."""
    y = np.asarray(y)
    return float(_top(y, np.asarray(p), share).sum() / y.sum())


def score_all(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    y, p = np.asarray(y), np.clip(np.asarray(p, dtype=float), 1e-7, 1 - 1e-7)
    return {
        "roc_auc": float(roc_auc_score(y, p)),
        "pr_auc": float(average_precision_score(y, p)),
        "top_decile_lift": top_lift(y, p, 0.10),
        "capture_10": capture_rate(y, p, 0.10),
        "capture_20": capture_rate(y, p, 0.20),
        "brier": float(brier_score_loss(y, p)),
        "log_loss": float(log_loss(y, p)),
    }
