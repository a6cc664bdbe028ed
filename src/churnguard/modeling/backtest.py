"""Rolling-origin backtests on the monthly mart: train as of a month, validate on that month.

An origin is a month ``v`` scored as an analyst would have scored it at its end. The label of month
``m`` reads months ``m + 1 … m + h`` (``h`` = horizon), so at the end of ``v`` the labels known are
those of months ``m ≤ v − h``; the model of origin ``v`` trains on the ``window`` latest of them and
is judged on ``v``'s own labels, which arrived later. Nothing a model trains on was unknown at its
origin (``tests/modeling/test_backtest.py``).

Every origin also scores a naive baseline, the month's usage drop (``-events_mom``): a model that does
not beat it is not worth its keep.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from churnguard.modeling.crossval import choose_champion
from churnguard.modeling.metrics import backtest_metrics
from churnguard.months import shift

__all__ = ["BASELINE", "Backtest", "Origin", "final_window", "origins", "population_metrics", "run_backtest"]

BASELINE = "usage_drop"


@dataclass(frozen=True)
class Origin:
    month: str  # the month scored, and whose labels judge the model
    train: tuple[str, ...]  # label months known at the end of ``month``


def _known(label_months: list[str], month: str, horizon: int, window: int) -> tuple[str, ...]:
    last = shift(month, -horizon)
    first = shift(month, -(horizon + window - 1))
    return tuple(m for m in sorted(label_months) if first <= m <= last)


def origins(label_months: list[str], *, as_of: str, horizon: int, window: int, count: int) -> list[Origin]:
    """The last ``count`` origins whose own labels are known at the end of ``as_of``, oldest first."""
    judged = [m for m in sorted(label_months) if m <= shift(as_of, -horizon)]
    out: list[Origin] = []
    for month in reversed(judged):
        train = _known(label_months, month, horizon, window)
        if not train:
            break
        out.append(Origin(month, train))
        if len(out) == count:
            break
    return out[::-1]


def final_window(label_months: list[str], *, as_of: str, horizon: int, window: int) -> tuple[str, ...]:
    """Label months the production model of ``as_of`` trains on."""
    return _known(label_months, as_of, horizon, window)


@dataclass
class Backtest:
    origins: list[Origin]
    metrics: dict[str, list[dict[str, float]]]  # model → metrics per origin (same order as origins)
    predictions: dict[str, list[np.ndarray]] = field(repr=False)  # model → validation scores per origin
    labels: list[np.ndarray] = field(repr=False)
    # Per origin, each validation line's population (active, silent, suspended) when the mart says it.
    populations: list[np.ndarray] = field(default_factory=list, repr=False)
    # model → per origin, the high tier's cut-off as production draws it (see run_backtest).
    cuts: dict[str, list[float]] = field(default_factory=dict, repr=False)

    def by_population(self, name: str) -> dict[str, dict[str, float]]:
        """``name``'s metrics per population (and "all"), averaged over the origins where they are
        defined: the figures a model card quotes for each part of the scored base."""
        if not self.populations:
            return {}
        per: dict[str, list[dict[str, float]]] = {}
        for i, groups in enumerate(self.populations):
            y, p = self.labels[i], self.predictions[name][i]
            cut = self.cuts[name][i] if name in self.cuts else None
            for group in ["all", *sorted(set(groups.tolist()))]:
                rows = np.ones(len(y), bool) if group == "all" else groups == group
                figures = population_metrics(y[rows], p[rows])
                if cut is not None and y[rows].sum():
                    figures |= _high_tier(y[rows], p[rows], cut)
                per.setdefault(group, []).append(figures)
        return {g: _mean_defined(ms) for g, ms in per.items()}

    @property
    def mean(self) -> dict[str, dict[str, float]]:
        return {name: {k: float(np.mean([m[k] for m in per])) for k in per[0]} for name, per in self.metrics.items()}

    @property
    def champion(self) -> str:
        return choose_champion({k: v for k, v in self.mean.items() if k != BASELINE})

    def to_dict(self) -> dict:
        return {
            "origins": [{"month": o.month, "train": list(o.train)} for o in self.origins],
            "metrics": {
                name: [{k: round(v, 5) for k, v in m.items()} for m in per] for name, per in self.metrics.items()
            },
            "mean": {name: {k: round(v, 5) for k, v in m.items()} for name, m in self.mean.items()},
            "champion": self.champion,
            "by_population": {
                name: {g: {k: round(v, 5) for k, v in m.items()} for g, m in self.by_population(name).items()}
                for name in self.metrics
            },
        }


def population_metrics(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    """Backtest metrics of one population; where it has no leaver (or only leavers) the ranking
    metrics are undefined and only its size and leave rate are given."""
    positives = int(y.sum())
    if 0 < positives < len(y):
        return dict(backtest_metrics(y, p))
    return {"rows": float(len(y)), "positives": float(positives), "base_rate": positives / max(len(y), 1)}


def _mean_defined(rows: list[dict[str, float]]) -> dict[str, float]:
    keys = dict.fromkeys(k for r in rows for k in r)
    return {k: float(np.mean([r[k] for r in rows if k in r])) for k in keys}


def run_backtest(
    frames: dict[str, pd.DataFrame],
    origin_list: list[Origin],
    *,
    models: list[str],
    features: list[str],
    make: Callable[[str], object],
    target: str = "churn",
    high_share: float = 0.10,
    progress: Callable[[str, int], None] | None = None,
) -> Backtest:
    """Fit every model of ``models`` at every origin and score the origin's month.

    ``frames`` maps a month to its mart rows with ``features`` and ``target``; ``make(name)`` gives a
    fresh estimator. Besides the ranking metrics, each origin measures the high tier as production
    draws it: lines scoring above the ``1 − high_share`` quantile of the model's own scores of its
    latest training month (``high_tier_share`` of the month's lines, ``high_tier_capture`` of its
    leavers).
    """
    metrics: dict[str, list[dict[str, float]]] = {name: [] for name in [*models, BASELINE]}
    predictions: dict[str, list[np.ndarray]] = {name: [] for name in metrics}
    labels, kept, populations = [], [], []
    cuts: dict[str, list[float]] = {name: [] for name in models}
    for origin in origin_list:
        train = pd.concat([frames[m] for m in origin.train], ignore_index=True)
        valid = frames[origin.month]
        y_train, y_valid = train[target].to_numpy(int), valid[target].to_numpy(int)
        if y_train.sum() == 0 or y_valid.sum() == 0 or y_valid.sum() == len(y_valid):
            continue  # an origin without churners judges nothing
        labels.append(y_valid)
        kept.append(origin)
        if "population" in valid:
            populations.append(valid["population"].astype(str).to_numpy())
        latest = frames[origin.train[-1]][features]
        for name in models:
            model = make(name)
            model.fit(train[features], y_train)
            p = model.predict_proba(valid[features])[:, 1]
            cut = float(np.quantile(model.predict_proba(latest)[:, 1], 1 - high_share))
            predictions[name].append(p)
            cuts[name].append(cut)
            metrics[name].append({**backtest_metrics(y_valid, p), **_high_tier(y_valid, p, cut)})
            if progress:
                progress(f"{origin.month} {name}", 1)
        drop = -valid["events_mom"].fillna(0.0).to_numpy(float)
        # Scaled into (0, 1) so probability metrics stay defined; only its ranking matters.
        baseline = 1 / (1 + np.exp(-np.clip(drop, -20, 20)))
        predictions[BASELINE].append(baseline)
        metrics[BASELINE].append(backtest_metrics(y_valid, baseline))
    return Backtest(kept, metrics, predictions, labels, populations, cuts)


def _high_tier(y: np.ndarray, p: np.ndarray, cut: float) -> dict[str, float]:
    high = p >= cut
    return {"high_tier_share": float(high.mean()), "high_tier_capture": float(y[high].sum() / max(y.sum(), 1))}
