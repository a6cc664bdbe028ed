"""Combining churn models the way retention teams do: by their flags, or by their scores.

Operators often run more than one churn model (a tariff team's model and a network team's, last
year's champion and this year's) and must turn them into one contact list. Three methods:

- **union** — flag a customer when *any* model flags them. Use it when missing a churner costs more
  than a wasted contact: high-value (post-paid, enterprise) customers, or cheap contact channels (SMS,
  app messages). Recall can only rise over each member's, and the list grows.
- **intersection** — flag only when *all* models agree. Use it when contacts are expensive (outbound
  calls, retention offers with a real discount) or capacity is small: the list shrinks and, when the
  models make different mistakes, precision rises over each member's.
- **weighted** — average the probabilities with weights (normalised to sum to one) and flag on the
  averaged score. Use it when the models are calibrated and you want one ranking, for tiers and
  top-share targeting; weight a model by how much you trust it (for instance its backtest AUC).

``combine`` applies one method to a dict of model scores; ``precision_recall_of`` measures a list of
flags against labels once they arrive. All functions are pure; inputs are never modified.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

__all__ = [
    "METHODS",
    "combine",
    "flags_at",
    "intersection",
    "precision_recall_of",
    "union",
    "weighted_average",
]

METHODS = ("union", "intersection", "weighted")


def _stack_flags(flags: Sequence[np.ndarray]) -> np.ndarray:
    if len(flags) == 0:
        raise ValueError("no flags given; pass one boolean array per model.")
    arrays = [np.asarray(f) for f in flags]
    lengths = {a.shape for a in arrays}
    if len(lengths) != 1 or arrays[0].ndim != 1:
        raise ValueError(f"flags must be 1-D arrays of equal length; got shapes {[a.shape for a in arrays]}.")
    for i, a in enumerate(arrays):
        # Probabilities passed by mistake would all turn True under astype(bool); refuse them.
        if a.dtype != bool and not np.isin(a, (0, 1)).all():
            raise ValueError(f"flags[{i}] holds values other than True/False (or 1/0); use flags_at to make flags.")
    return np.vstack([a.astype(bool) for a in arrays])


def _stack_probabilities(probabilities: Sequence[np.ndarray]) -> np.ndarray:
    if len(probabilities) == 0:
        raise ValueError("no probabilities given; pass one array per model.")
    arrays = [np.asarray(p, dtype=float) for p in probabilities]
    if len({a.shape for a in arrays}) != 1 or arrays[0].ndim != 1:
        raise ValueError(f"probabilities must be 1-D arrays of equal length; got shapes {[a.shape for a in arrays]}.")
    stacked = np.vstack(arrays)
    if not np.isfinite(stacked).all() or (stacked < 0).any() or (stacked > 1).any():
        raise ValueError("probabilities must be finite and between 0 and 1 (scores, not log-odds).")
    return stacked


def union(flags: Sequence[np.ndarray]) -> np.ndarray:
    """Boolean array: True where any model flags the customer.

    ``flags`` are 1-D boolean (or 0/1) arrays of equal length, one per model.
    Raises ``ValueError`` for an empty list, unequal lengths or values other than 0/1.
    """
    return _stack_flags(flags).any(axis=0)


def intersection(flags: Sequence[np.ndarray]) -> np.ndarray:
    """Boolean array: True only where every model flags the customer (same input rules as ``union``)."""
    return _stack_flags(flags).all(axis=0)


def weighted_average(probabilities: Sequence[np.ndarray], *, weights: Sequence[float]) -> np.ndarray:
    """Weighted mean of the models' probabilities, weights normalised to sum to one.

    ``weights`` has one non-negative entry per model, not all zero; ``(2, 1)`` and ``(4, 2)`` give the
    same result. Raises ``ValueError`` when the number of weights differs from the number of models, a
    weight is negative or not finite, all are zero, or the probability arrays are unequal or outside [0, 1].
    """
    stacked = _stack_probabilities(probabilities)
    w = np.asarray(weights, dtype=float)
    if w.ndim != 1 or len(w) != len(stacked):
        raise ValueError(f"got {w.size} weight(s) for {len(stacked)} model(s); give one weight per model.")
    if not np.isfinite(w).all() or (w < 0).any():
        raise ValueError(f"weights must be finite and non-negative; got {w.tolist()}.")
    if w.sum() == 0:
        raise ValueError("weights are all zero; at least one model must have a positive weight.")
    return (w / w.sum()) @ stacked


def flags_at(p: np.ndarray, *, cutoff: float | None = None, top_share: float | None = None) -> np.ndarray:
    """Boolean flags from scores: ``p >= cutoff``, or the top ``top_share`` of customers by score.

    Give exactly one of ``cutoff`` and ``top_share`` (0 < top_share <= 1). The top share takes
    ``ceil(len(p) * top_share)`` customers, as the lift metrics do, plus everyone tied with the last one
    taken: a contact list cannot take part of a customer, and breaking ties by row order would make the
    list depend on how the file was sorted. Raises ``ValueError`` for both or neither, a share outside
    (0, 1], or scores that are missing or infinite.
    """
    if (cutoff is None) == (top_share is None):
        raise ValueError("give exactly one of cutoff and top_share.")
    scores = np.asarray(p, dtype=float)
    if scores.ndim != 1 or not np.isfinite(scores).all():
        raise ValueError("p must be a 1-D array of finite scores.")
    if cutoff is not None:
        if not np.isfinite(cutoff):
            raise ValueError(f"cutoff must be a finite number; got {cutoff}.")
        return scores >= cutoff
    if not 0 < top_share <= 1:
        raise ValueError(f"top_share must be in (0, 1]; got {top_share}.")
    if scores.size == 0:
        return np.zeros(0, dtype=bool)
    n = max(int(np.ceil(len(scores) * top_share)), 1)
    cut = np.sort(scores)[::-1][n - 1]
    return scores >= cut


def combine(
    probabilities: Mapping[str, np.ndarray],
    *,
    method: str,
    cutoffs: Mapping[str, float] | None = None,
    top_share: float | None = None,
    weights: Mapping[str, float] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Flags and a combined score from several models' churn probabilities.

    ``probabilities`` maps model name to its scores for the same customers in the same order.
    ``method``:

    - ``"union"``: each model flags at its own operating point, flags are OR-ed; score is the maximum.
    - ``"intersection"``: as union but AND-ed; score is the minimum.
    - ``"weighted"``: score is the weighted mean (``weights`` by model name, default equal) and is
      flagged once. With ``cutoffs`` the cut-off is the weighted mean of the models' cut-offs (the
      same number when they share one, as with a break-even threshold); with ``top_share`` the top
      share of the weighted score.

    The operating point is exactly one of ``cutoffs`` (one per model, keys equal to the model names)
    or ``top_share`` (each model's own top share for union and intersection, see ``flags_at``).
    Returns ``(flags, score)``: a boolean array and a float array, one entry per customer.
    Raises ``ValueError`` for an unknown method, both or neither operating point, cut-offs or weights
    whose keys differ from the model names, weights with union or intersection, or the errors of
    ``flags_at`` and ``weighted_average``.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}; got {method!r}.")
    if not probabilities:
        raise ValueError("no models given; pass a dict of model name to probabilities.")
    if (cutoffs is None) == (top_share is None):
        raise ValueError("give exactly one of cutoffs and top_share.")
    names = list(probabilities)
    if cutoffs is not None:
        _check_keys(cutoffs, names, "cutoffs")
    if weights is not None:
        if method != "weighted":
            raise ValueError(f"weights apply only to method='weighted', not {method!r}.")
        _check_keys(weights, names, "weights")
    stacked = _stack_probabilities([probabilities[name] for name in names])

    if method == "weighted":
        w = [1.0] * len(names) if weights is None else [weights[name] for name in names]
        score = weighted_average(list(stacked), weights=w)
        if cutoffs is not None:
            # weighted_average has validated w above; normalise it the same way for the cut-offs.
            cut = float(np.dot(np.asarray(w) / np.sum(w), [cutoffs[name] for name in names]))
            return flags_at(score, cutoff=cut), score
        return flags_at(score, top_share=top_share), score

    member_flags = [
        flags_at(row, cutoff=cutoffs[name]) if cutoffs is not None else flags_at(row, top_share=top_share)
        for name, row in zip(names, stacked, strict=True)
    ]
    if method == "union":
        return union(member_flags), stacked.max(axis=0)
    return intersection(member_flags), stacked.min(axis=0)


def _check_keys(given: Mapping[str, float], names: list[str], what: str) -> None:
    missing = [n for n in names if n not in given]
    extra = [k for k in given if k not in names]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"missing for {', '.join(missing)}")
        if extra:
            parts.append(f"unknown model(s) {', '.join(map(str, extra))}")
        raise ValueError(f"{what} must have one entry per model ({', '.join(names)}): {'; '.join(parts)}.")


def precision_recall_of(flags: np.ndarray, y: np.ndarray) -> dict[str, float | int]:
    """How a list of flags did against the churn labels.

    Returns ``precision`` (churners among the flagged), ``recall`` (flagged among the churners),
    ``flagged`` (count, int) and ``flagged_share`` (of all customers). Precision is NaN when nothing is
    flagged and recall NaN when there are no churners: undefined, not zero.
    Raises ``ValueError`` for unequal lengths or values other than 0/1.
    """
    f = _stack_flags([flags])[0]
    labels = np.asarray(y)
    if labels.shape != f.shape:
        raise ValueError(f"flags and y must have equal length; got {f.shape} and {labels.shape}.")
    if not np.isin(labels, (0, 1)).all():
        raise ValueError("y must hold churn labels 0 and 1 only.")
    labels = labels.astype(bool)
    flagged = int(f.sum())
    hits = int((f & labels).sum())
    positives = int(labels.sum())
    return {
        "precision": hits / flagged if flagged else float("nan"),
        "recall": hits / positives if positives else float("nan"),
        "flagged": flagged,
        "flagged_share": flagged / len(f) if len(f) else float("nan"),
    }
