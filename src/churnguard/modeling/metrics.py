"""Churn model metrics, the ones retention teams plan with (lift and capture) beside the usual ones."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score, brier_score_loss, log_loss, roc_auc_score

__all__ = [
    "BACKTEST_METRIC_NAMES",
    "METRIC_NAMES",
    "backtest_metrics",
    "capture_rate",
    "reliability_table",
    "score_all",
    "top_lift",
]

METRIC_NAMES = ("roc_auc", "pr_auc", "top_decile_lift", "capture_10", "capture_20", "brier", "log_loss")

# The keys of ``backtest_metrics``, in order: the model metrics, capture at 5 % (the size of a typical
# outbound campaign), and the counts a reader needs to judge how much a month's figures can be trusted.
BACKTEST_METRIC_NAMES = (
    "roc_auc",
    "pr_auc",
    "top_decile_lift",
    "capture_5",
    "capture_10",
    "capture_20",
    "brier",
    "log_loss",
    "base_rate",
    "rows",
    "positives",
)


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


def _labels_and_scores(y: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``y`` as 0/1 integers and ``p`` as finite floats of the same length, checked; inputs are not changed."""
    y_arr, p_arr = np.asarray(y), np.asarray(p, dtype=float)
    if y_arr.ndim != 1 or p_arr.ndim != 1 or len(y_arr) != len(p_arr):
        raise ValueError(f"y and p must be 1-D and of equal length; got shapes {y_arr.shape} and {p_arr.shape}.")
    if len(y_arr) == 0:
        raise ValueError("y and p are empty; there is nothing to measure.")
    if not np.isin(y_arr, (0, 1)).all():
        raise ValueError("y must hold churn labels 0 and 1 only.")
    if not np.isfinite(p_arr).all():
        raise ValueError("p holds missing or infinite scores; score every row before measuring.")
    return y_arr.astype(int), p_arr


def reliability_table(y: np.ndarray, p: np.ndarray, *, bins: int = 10) -> pd.DataFrame:
    """Predicted against observed churn rate in equal-frequency bins of the score.

    Rows are sorted by score and cut into ``bins`` groups of (as nearly as possible) equal size, lowest
    scores first. Customers with the same score always share a bin, so a bin boundary never splits a tie
    and the table does not depend on row order; bins that ties leave empty are dropped, so the table can
    have fewer than ``bins`` rows (one row when every score is the same) but never an empty one.

    Returns one row per bin with columns ``bin`` (1 = lowest scores), ``p_min``, ``p_max``,
    ``mean_predicted``, ``observed_rate`` (share of churners) and ``count``; the counts sum to ``len(y)``.
    Raises ``ValueError`` when ``bins < 1``, the lengths differ, ``y`` is not 0/1 or ``p`` is not finite.
    """
    if bins < 1:
        raise ValueError(f"bins must be at least 1; got {bins}.")
    y_arr, p_arr = _labels_and_scores(y, p)
    n = len(p_arr)
    order = np.argsort(p_arr, kind="stable")
    sorted_p = p_arr[order]
    # Each tie group takes the bin its middle row would have had, so ties never straddle a boundary.
    _, first, counts = np.unique(sorted_p, return_index=True, return_counts=True)
    middle = first + (counts - 1) // 2
    group_bin = middle * bins // n
    bin_of_row = np.empty(n, dtype=int)
    bin_of_row[order] = np.repeat(group_bin, counts)
    # Renumber 1..k so bins emptied by ties leave no gaps.
    _, bin_of_row = np.unique(bin_of_row, return_inverse=True)
    frame = pd.DataFrame({"bin": bin_of_row + 1, "p": p_arr, "y": y_arr})
    table = frame.groupby("bin", sort=True).agg(
        p_min=("p", "min"),
        p_max=("p", "max"),
        mean_predicted=("p", "mean"),
        observed_rate=("y", "mean"),
        count=("y", "size"),
    )
    return table.reset_index()


def backtest_metrics(y: np.ndarray, p: np.ndarray) -> dict[str, float | int]:
    """The metrics of one backtest window, keyed by ``BACKTEST_METRIC_NAMES`` in that order.

    ``score_all``'s metrics plus ``capture_5`` (share of churners in the top 5 % by score), ``base_rate``
    (share of churners), ``rows`` and ``positives`` (integers). Needs both churners and non-churners:
    AUC and lift are undefined otherwise, so a ``ValueError`` says so rather than returning NaN.
    """
    y_arr, p_arr = _labels_and_scores(y, p)
    positives = int(y_arr.sum())
    if positives in (0, len(y_arr)):
        raise ValueError(
            f"backtest window has {positives} churners among {len(y_arr)} rows; "
            "metrics need both churners and non-churners."
        )
    scores = score_all(y_arr, p_arr)
    # score_all measures clipped scores (clipping can merge near-0 or near-1 scores into ties); capture_5
    # uses the same clipped scores so that it agrees with capture_10 and capture_20.
    extra = {
        "capture_5": capture_rate(y_arr, np.clip(p_arr, 1e-7, 1 - 1e-7), 0.05),
        "base_rate": float(y_arr.mean()),
        "rows": len(y_arr),
        "positives": positives,
    }
    merged = {**scores, **extra}
    return {name: merged[name] for name in BACKTEST_METRIC_NAMES}
