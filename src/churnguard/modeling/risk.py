"""Risk tiers: the score cut-offs that put a set share of customers in the high and medium tiers."""

from __future__ import annotations

import numpy as np

__all__ = ["risk_cutoffs", "risk_tiers"]


def _cut(q: np.ndarray, share: float) -> float:
    """The score at or above which ``share`` of training customers lie, as near as ties allow.

    Models with few distinct scores (a tree) put many customers on one value; the cut is the
    distinct score whose share at-or-above is closest to the one asked for.
    """
    candidates = np.unique(q)
    at_or_above = np.array([(q >= c).mean() for c in candidates])
    return float(candidates[np.argmin(np.abs(at_or_above - share) + 1e-9 * candidates)])


def risk_cutoffs(quantiles: list[float], *, high_share: float, medium_share: float) -> tuple[float, float]:
    """Probabilities from which a customer is high / medium risk, from training score quantiles."""
    q = np.asarray(quantiles)
    high = _cut(q, high_share)
    medium = min(_cut(q, high_share + medium_share), high) if medium_share > 0 else high
    return high, medium


def risk_tiers(p: np.ndarray, *, high: float, medium: float) -> np.ndarray:
    return np.where(p >= high, "high", np.where(p >= medium, "medium", "low"))
