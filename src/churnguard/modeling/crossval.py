"""Stratified k-fold evaluation of the zoo, out-of-fold metrics and the champion rule."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.model_selection import StratifiedKFold

from churnguard.errors import DataError
from churnguard.modeling.metrics import score_all
from churnguard.modeling.zoo import BLEND_MEMBERS, make_model

__all__ = ["CHAMPION_RULE", "Evaluation", "choose_champion", "cross_validate", "models_to_fit"]

CHAMPION_RULE = "highest ROC AUC; within 0.0005 AUC, the higher top-decile lift"
_TIE = 0.0005


@dataclass
class Evaluation:
    rows: int
    positives: int
    folds: int
    seed: int
    metrics: dict[str, dict[str, float]] = field(default_factory=dict)
    oof: dict[str, np.ndarray] = field(default_factory=dict)
    champion: str = ""

    def to_dict(self) -> dict:
        return {
            "champion": self.champion,
            "champion_rule": CHAMPION_RULE,
            "rows": self.rows,
            "positives": self.positives,
            "folds": self.folds,
            "seed": self.seed,
            "models": self.metrics,
        }


def choose_champion(metrics: dict[str, dict[str, float]]) -> str:
    """The champion by :data:`CHAMPION_RULE`."""
    best_auc = max(m["roc_auc"] for m in metrics.values())
    close = {name: m for name, m in metrics.items() if best_auc - m["roc_auc"] <= _TIE}
    return max(close, key=lambda name: (close[name]["top_decile_lift"], close[name]["roc_auc"]))


def models_to_fit(models: list[str]) -> list[str]:
    """The zoo members that are actually trained for ``models`` (the blend is made of its members)."""
    wanted = list(dict.fromkeys(models))
    fitted = [m for m in wanted if m != "blend"]
    if "blend" in wanted:
        fitted += [m for m in BLEND_MEMBERS if m not in fitted]
    return fitted


def cross_validate(
    X: pd.DataFrame,
    y: np.ndarray,
    models: list[str],
    *,
    folds: int = 5,
    seed: int = 0,
    threads: int = 2,
    tune_seconds: float = 20.0,
    file: str = "",
    progress: Callable[[str, int], None] | None = None,
) -> Evaluation:
    """Out-of-fold probabilities and metrics for each model; ``progress(model, fold)`` after each fit.

    The blend is assembled fold by fold from its members' fitted models (members are trained once);
    its calibration step sees only the fold's training rows.
    """
    y = np.asarray(y)
    positives = int(y.sum())
    # Each training fold must hold a few of each class: early stopping and calibration split it again.
    if min(positives, len(y) - positives) < 2 * folds:
        raise DataError("rows.too_few", file=file, rows=len(y), positives=positives, folds=folds)
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    splits = list(splitter.split(X, y))
    wanted = list(dict.fromkeys(models))
    fitted = models_to_fit(wanted)
    result = Evaluation(rows=len(y), positives=positives, folds=folds, seed=seed)
    seconds: dict[str, float] = {}
    kept: dict[str, list] = {}  # fitted blend members per fold
    for name in fitted:
        oof = np.zeros(len(y))
        start = time.perf_counter()
        template = make_model(name, seed=seed, threads=threads, tune_seconds=tune_seconds)
        for i, (train, test) in enumerate(splits):
            model = clone(template).fit(X.iloc[train], y[train])
            oof[test] = model.predict_proba(X.iloc[test])[:, 1]
            if "blend" in wanted and name in BLEND_MEMBERS:
                kept.setdefault(name, []).append(model)
            if progress:
                progress(name, i)
        seconds[name] = (time.perf_counter() - start) / folds
        result.oof[name] = oof
    if "blend" in wanted:
        start = time.perf_counter()
        blend, oof = make_model("blend", seed=seed, threads=threads, tune_seconds=tune_seconds), np.zeros(len(y))
        for i, (train, test) in enumerate(splits):
            members = [(m, kept[m][i]) for m in BLEND_MEMBERS]
            oof[test] = clone(blend).assemble(members, X.iloc[train], y[train]).predict_proba(X.iloc[test])[:, 1]
        result.oof["blend"] = oof
        seconds["blend"] = sum(seconds[m] for m in BLEND_MEMBERS) + (time.perf_counter() - start) / folds
    for name in wanted:
        result.metrics[name] = {**score_all(y, result.oof[name]), "fit_seconds": round(seconds[name], 3)}
    result.oof = {name: result.oof[name] for name in wanted}
    result.champion = choose_champion(result.metrics)
    return result
