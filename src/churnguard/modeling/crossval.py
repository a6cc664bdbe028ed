"""Stratified k-fold evaluation of the zoo, out-of-fold metrics and the champion rule."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.base import BaseEstimator, clone
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


def _fit_fold(template: BaseEstimator, X: pd.DataFrame, y: np.ndarray, train: np.ndarray, test: np.ndarray):
    """One model on one fold: its out-of-fold probabilities, the fitted model and the seconds taken."""
    start = time.perf_counter()
    model = clone(template).fit(X.iloc[train], y[train])
    return model.predict_proba(X.iloc[test])[:, 1], model, time.perf_counter() - start


def _assemble_fold(blend: BaseEstimator, members: list, X: pd.DataFrame, y: np.ndarray, train, test):
    start = time.perf_counter()
    oof = clone(blend).assemble(members, X.iloc[train], y[train]).predict_proba(X.iloc[test])[:, 1]
    return oof, None, time.perf_counter() - start


def _splits(X: pd.DataFrame, y: np.ndarray, folds: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    return list(StratifiedKFold(folds, shuffle=True, random_state=seed).split(X, y))


def _run(tasks: list, jobs: int) -> Iterator:
    """Results of ``tasks`` in order; in ``jobs`` worker processes when more than one."""
    if jobs <= 1:
        return (function(*args) for function, *args in tasks)
    # Processes, not threads: the zoo's Python-heavy parts (pipelines, the MLP, calibration) hold the GIL.
    # Workers get one thread each (joblib limits BLAS/OpenMP in them to cores // jobs).
    return Parallel(n_jobs=jobs, return_as="generator")(delayed(function)(*args) for function, *args in tasks)


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

    With ``threads`` above one, the (model, fold) fits run side by side in that many worker processes,
    each model single-threaded: many one-thread fits keep the cores busier than one fit with threads
    (LightGBM and the forest scale poorly on tens of thousands of rows, the rest not at all).
    Results are the same either way. The blend is assembled fold by fold from its members' fitted
    models (members are trained once); its calibration step sees only the fold's training rows.
    """
    y = np.asarray(y)
    positives = int(y.sum())
    # Each training fold must hold a few of each class: early stopping and calibration split it again.
    if min(positives, len(y) - positives) < 2 * folds:
        raise DataError("rows.too_few", file=file, rows=len(y), positives=positives, folds=folds)
    splits = _splits(X, y, folds, seed)
    wanted = list(dict.fromkeys(models))
    fitted = models_to_fit(wanted)
    result = Evaluation(rows=len(y), positives=positives, folds=folds, seed=seed)
    jobs = max(1, min(threads, len(fitted) * folds))
    per_model = 1 if jobs > 1 else threads

    def template(name: str) -> BaseEstimator:
        return make_model(name, seed=seed, threads=per_model, tune_seconds=tune_seconds)

    tasks = [(_fit_fold, template(name), X, y, train, test) for name in fitted for train, test in splits]
    seconds = dict.fromkeys(fitted, 0.0)
    kept: dict[str, list] = {}  # fitted blend members per fold
    for index, (oof, model, took) in enumerate(_run(tasks, jobs)):
        name, i = fitted[index // folds], index % folds
        result.oof.setdefault(name, np.zeros(len(y)))[splits[i][1]] = oof
        seconds[name] += took / folds
        if "blend" in wanted and name in BLEND_MEMBERS:
            kept.setdefault(name, []).append(model)
        if progress:
            progress(name, i)
    if "blend" in wanted:
        blend = template("blend")
        tasks = [
            (_assemble_fold, blend, [(m, kept[m][i]) for m in BLEND_MEMBERS], X, y, train, test)
            for i, (train, test) in enumerate(splits)
        ]
        result.oof["blend"], seconds["blend"] = np.zeros(len(y)), sum(seconds[m] for m in BLEND_MEMBERS)
        for i, (oof, _, took) in enumerate(_run(tasks, jobs)):
            result.oof["blend"][splits[i][1]] = oof
            seconds["blend"] += took / folds
    for name in wanted:
        result.metrics[name] = {**score_all(y, result.oof[name]), "fit_seconds": round(seconds[name], 3)}
    result.oof = {name: result.oof[name] for name in wanted}
    result.champion = choose_champion(result.metrics)
    return result
