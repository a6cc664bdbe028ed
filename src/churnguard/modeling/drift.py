"""Model monitoring: population drift (PSI), realised performance on late labels, alerts, retraining.

A churn model is trained on last year's customers and scores this month's. Two things can go wrong:
the customers change (new tariffs, a competitor's offer, a data feed that breaks) and the model's
accuracy falls. Churn labels arrive only after the horizon has passed, so the first is watched at
once, through the population stability index of every feature and of the score, and the second
months later, when the labels of a scored month are known (delayed-label monitoring).

Population stability index, for shares ``e_i`` (reference) and ``a_i`` (current) over the same bins::

    PSI = sum_i (a_i - e_i) * ln(a_i / e_i)

It is zero when the shares agree and grows with the difference in both directions. Conventional
reading (``PSI_WATCH``, ``PSI_SHIFT``): below 0.1 stable, 0.1 to 0.25 watch, 0.25 and above shift.

Retraining rule (``retrain_recommended``): retrain when realised AUC has fallen by at least
``auc_drop`` from the AUC measured at training, or when the score distribution *and* more than
``max_shifted`` features have shifted together. Either alone is not enough: a shifted score with stable
features is usually a real change in risk (a price rise) that the model is right to report, and
shifted features with a stable score are usually ones the model barely uses. Warnings never trigger it.

All functions are pure: arrays and frames in, values out; inputs are never modified.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from churnguard.modeling.metrics import capture_rate, top_lift

__all__ = [
    "PSI_EPSILON",
    "PSI_SHIFT",
    "PSI_WATCH",
    "alerts",
    "drift_table",
    "psi",
    "psi_categorical",
    "psi_status",
    "realised_performance",
    "retrain_recommended",
]

PSI_WATCH = 0.10
PSI_SHIFT = 0.25

# Bin shares below this are raised to it before the logarithm, so an empty bin on either side adds a
# large but finite term: a bin that goes from 10 % to empty adds about 0.1 * ln(0.1 / 1e-4) = 0.69,
# a shift on its own, instead of infinity. Shares are not renormalised afterwards (the change in total
# mass is at most bins × 1e-4, far below the thresholds).
PSI_EPSILON = 1e-4


class _Missing:
    """Stand-in category for missing values, distinct from any value a column can hold."""

    def __repr__(self) -> str:
        return "<missing>"


_MISSING = _Missing()


def _psi_from_shares(expected: np.ndarray, actual: np.ndarray) -> float:
    e = np.maximum(expected, PSI_EPSILON)
    a = np.maximum(actual, PSI_EPSILON)
    return float(np.sum((a - e) * np.log(a / e)))


def _as_floats(values: Any, name: str) -> np.ndarray:
    """A float copy with missing values (None, NaN, pd.NA) as NaN."""
    series = pd.Series(values)
    if series.empty:
        raise ValueError(f"{name} is empty; PSI needs at least one value on each side.")
    if pd.api.types.is_bool_dtype(series) or not (pd.api.types.is_numeric_dtype(series) or series.isna().all()):
        raise ValueError(f"{name} is not numeric (dtype {series.dtype}); use psi_categorical for categories.")
    return series.to_numpy(dtype=float, na_value=np.nan)


def psi_status(value: float) -> str:
    """'stable' below ``PSI_WATCH``, 'watch' below ``PSI_SHIFT``, 'shift' from ``PSI_SHIFT`` up."""
    if value >= PSI_SHIFT:
        return "shift"
    if value >= PSI_WATCH:
        return "watch"
    return "stable"


def psi(expected: np.ndarray | pd.Series, actual: np.ndarray | pd.Series, *, bins: int = 10) -> float:
    """Population stability index of one numeric feature between a reference and a current sample.

    Bin edges are the reference's quantiles at 1/bins, 2/bins, …; equal edges are merged (a column
    that is half zeros gets one bin for the zeros, not five), so there may be fewer than ``bins`` bins.
    Bins are closed on the right and the outer ones are open-ended, so every current value falls in a
    bin, even far outside the reference's range. Edges are values of the reference itself and the top
    edge is below its maximum, so no reference bin is empty. Missing values form their own bin, so a
    feed that starts delivering blanks shows up as drift. Empty bins count as ``PSI_EPSILON``.

    Raises ``ValueError`` when either sample is empty or not numeric, or ``bins < 1``.
    """
    if bins < 1:
        raise ValueError(f"bins must be at least 1; got {bins}.")
    ref, cur = _as_floats(expected, "expected"), _as_floats(actual, "actual")
    ref_known = ref[~np.isnan(ref)]
    finite = ref_known[np.isfinite(ref_known)]
    if finite.size:
        # inverted_cdf returns sample values, never interpolations that could fall between them and
        # leave a bin empty; edges at the maximum would leave the open top bin empty, so they go.
        edges = np.unique(np.quantile(finite, np.arange(1, bins) / bins, method="inverted_cdf"))
        edges = edges[edges < finite.max()]
    else:
        edges = np.array([])

    def shares(sample: np.ndarray) -> np.ndarray:
        missing = np.isnan(sample)
        # side="left": bin i holds edges[i-1] < x <= edges[i]; bin 0 and the last are open-ended.
        index = np.searchsorted(edges, sample[~missing], side="left")
        counts = np.bincount(index, minlength=len(edges) + 1)
        return np.append(counts, missing.sum()) / len(sample)

    return _psi_from_shares(shares(ref), shares(cur))


def psi_categorical(expected: np.ndarray | pd.Series, actual: np.ndarray | pd.Series) -> float:
    """Population stability index of one categorical column (strings, codes, booleans).

    Every value seen on either side is a bin, missing values one more, so a category that appears only
    in the current sample (a new tariff) counts with its share against ``PSI_EPSILON``. Values are
    compared as they are: ``"1"`` and ``1`` are different categories.
    Raises ``ValueError`` when either sample is empty.
    """

    def shares(values: np.ndarray | pd.Series, name: str) -> pd.Series:
        series = pd.Series(values, dtype=object)
        if series.empty:
            raise ValueError(f"{name} is empty; PSI needs at least one value on each side.")
        return series.where(series.notna(), _MISSING).value_counts(normalize=True, sort=False)

    ref, cur = shares(expected, "expected"), shares(actual, "actual")
    categories = ref.index.union(cur.index, sort=False)
    return _psi_from_shares(
        ref.reindex(categories, fill_value=0.0).to_numpy(dtype=float),
        cur.reindex(categories, fill_value=0.0).to_numpy(dtype=float),
    )


def drift_table(
    reference: pd.DataFrame,
    current: pd.DataFrame,
    *,
    columns: Sequence[str] | None = None,
    bins: int = 10,
) -> pd.DataFrame:
    """PSI of each feature between a reference frame (the training data) and a current one.

    ``columns`` defaults to the reference's columns that the current frame also has. A column that is
    numeric (not boolean) in the reference is compared with ``psi`` and ``bins``; any other with
    ``psi_categorical``. Returns columns ``feature``, ``psi``, ``status`` (see ``psi_status``), one row
    per feature, largest PSI first (ties by feature name), on a fresh 0..n-1 index.
    Raises ``ValueError`` naming the columns that are missing from either frame, or a column that is
    numeric in the reference but not in the current frame.
    """
    if columns is None:
        columns = [c for c in reference.columns if c in current.columns]
    else:
        columns = list(columns)
        absent = [c for c in columns if c not in reference.columns or c not in current.columns]
        if absent:
            raise ValueError(f"columns missing from the reference or current frame: {', '.join(map(str, absent))}.")
    rows = []
    for column in columns:
        ref, cur = reference[column], current[column]
        numeric = pd.api.types.is_numeric_dtype(ref) and not pd.api.types.is_bool_dtype(ref)
        if numeric:
            if not (pd.api.types.is_numeric_dtype(cur) or cur.isna().all()) or pd.api.types.is_bool_dtype(cur):
                raise ValueError(
                    f"column {column!r} is numeric in the reference but {cur.dtype} in the current frame; "
                    "fix the feed or cast it before comparing."
                )
            value = psi(ref, cur, bins=bins)
        else:
            value = psi_categorical(ref, cur)
        rows.append({"feature": column, "psi": value, "status": psi_status(value)})
    table = pd.DataFrame(rows, columns=["feature", "psi", "status"])
    table = table.sort_values(["psi", "feature"], ascending=[False, True], kind="stable")
    return table.reset_index(drop=True)


def realised_performance(y: np.ndarray, p: np.ndarray) -> dict[str, float | int]:
    """How a scored month turned out once its churn labels are known (delayed-label monitoring).

    ``y`` are the labels that arrived after the horizon, ``p`` the scores issued for the same rows.
    Returns ``auc``, ``top_decile_lift``, ``capture_10`` (floats), ``rows`` and ``positives`` (ints).
    A month with no churners, or only churners, has no AUC or lift: those come back as NaN rather than
    an error, so a monitoring run over many months does not stop at a quiet one.
    Raises ``ValueError`` when the lengths differ, ``y`` is not 0/1 or ``p`` is not finite.
    """
    y_arr, p_arr = np.asarray(y), np.asarray(p, dtype=float)
    if y_arr.ndim != 1 or len(y_arr) != len(p_arr) or len(y_arr) == 0:
        raise ValueError(f"y and p must be non-empty 1-D arrays of equal length; got {y_arr.shape} and {p_arr.shape}.")
    if not np.isin(y_arr, (0, 1)).all() or not np.isfinite(p_arr).all():
        raise ValueError("y must hold labels 0 and 1 and p finite scores.")
    y_arr = y_arr.astype(int)
    positives = int(y_arr.sum())
    if positives in (0, len(y_arr)):
        auc = lift = capture = float("nan")
    else:
        auc = float(roc_auc_score(y_arr, p_arr))
        lift, capture = top_lift(y_arr, p_arr, 0.10), capture_rate(y_arr, p_arr, 0.10)
    return {"auc": auc, "top_decile_lift": lift, "capture_10": capture, "rows": len(y_arr), "positives": positives}


def _known(value: float | None) -> bool:
    return value is not None and not np.isnan(value)


def alerts(
    drift: pd.DataFrame,
    *,
    score_psi: float | None,
    realised_auc: float | None,
    trained_auc: float | None,
    max_shifted: int = 3,
    auc_drop: float = 0.05,
) -> list[dict[str, str]]:
    """Monitoring alerts from a ``drift_table``, the score's PSI and realised against trained AUC.

    Each alert is ``{"kind", "detail", "severity"}`` with kind ``feature_drift``, ``score_drift`` or
    ``performance_drop`` and severity ``warning`` or ``critical``:

    - feature_drift: some features have status 'shift'; critical when more than ``max_shifted`` have.
      'watch' features raise nothing (with dozens of features a few always wander).
    - score_drift: ``score_psi`` at or above ``PSI_SHIFT`` is critical, at or above ``PSI_WATCH`` a warning.
    - performance_drop: ``trained_auc - realised_auc`` of at least ``auc_drop`` is critical, of at
      least half of it a warning.

    ``None`` (or NaN) skips a check: the score PSI may not be computed yet, and realised AUC exists only
    once labels arrive. Alerts come in the order above.
    """
    found: list[dict[str, str]] = []
    shifted = drift.loc[drift["status"] == "shift", "feature"].astype(str).tolist()
    if shifted:
        found.append(
            {
                "kind": "feature_drift",
                "detail": f"{len(shifted)} feature(s) shifted (PSI >= {PSI_SHIFT}): {', '.join(shifted)}",
                "severity": "critical" if len(shifted) > max_shifted else "warning",
            }
        )
    if _known(score_psi) and score_psi >= PSI_WATCH:
        found.append(
            {
                "kind": "score_drift",
                "detail": f"score distribution PSI {score_psi:.3f} (watch >= {PSI_WATCH}, shift >= {PSI_SHIFT})",
                "severity": "critical" if score_psi >= PSI_SHIFT else "warning",
            }
        )
    if _known(realised_auc) and _known(trained_auc):
        drop = trained_auc - realised_auc
        # A hair of tolerance so that a drop of exactly auc_drop is not lost to floating point.
        if drop >= auc_drop / 2 - 1e-12:
            found.append(
                {
                    "kind": "performance_drop",
                    "detail": (
                        f"realised AUC {realised_auc:.3f} against {trained_auc:.3f} at training (drop {drop:.3f})"
                    ),
                    "severity": "critical" if drop >= auc_drop - 1e-12 else "warning",
                }
            )
    return found


def retrain_recommended(alerts: Sequence[dict[str, str]]) -> bool:
    """True when the alerts call for retraining (the rule in the module docstring).

    A critical performance_drop alone is enough; otherwise both a critical score_drift and a critical
    feature_drift are needed. Warnings never count.
    """
    critical = {a["kind"] for a in alerts if a.get("severity") == "critical"}
    return "performance_drop" in critical or {"score_drift", "feature_drift"} <= critical
