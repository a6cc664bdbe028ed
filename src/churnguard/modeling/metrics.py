"""Churn model metrics, the ones retention teams plan with (lift and capture) beside the usual ones."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import average_precision_score, brier_score_loss, log_loss, roc_auc_score

__all__ = ["METRIC_NAMES", "capture_rate", "score_all", "top_lift"]

METRIC_NAMES = ("roc_auc", "pr_auc", "top_decile_lift", "capture_10", "capture_20", "brier", "log_loss")


def _churners_in_top(y: np.ndarray, p: np.ndarray, share: float) -> tuple[float, int]:
    """Expected churners among the top ``share`` by score, and how many customers that is.

    Customers tied at the cut-off are taken in proportion (their group's churn rate), so the figure
    does not depend on the order of the rows in the file.
    """
    n = max(int(np.ceil(len(y) * share)), 1)
    cut = np.sort(p)[::-1][n - 1]
    above, tied = p > cut, p == cut
    taken_from_tie = n - int(above.sum())
    return float(y[above].sum() + taken_from_tie * y[tied].mean()), n


def top_lift(y: np.ndarray, p: np.ndarray, share: float = 0.10) -> float:
    """Churn rate among the top ``share`` by score divided by the overall churn rate."""
    y = np.asarray(y)
    churners, n = _churners_in_top(y, np.asarray(p), share)
    return float(churners / n / y.mean())


def capture_rate(y: np.ndarray, p: np.ndarray, share: float) -> float:
    """Share of all churners found in the top ``share`` by score."""
    y = np.asarray(y)
    churners, _ = _churners_in_top(y, np.asarray(p), share)
    return float(churners / y.sum())


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
