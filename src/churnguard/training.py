"""Monthly training: backtest the configured models on the mart, train the champion, register it.

``train(wh, settings, as_of=…)`` is what ``churnguard train --as-of`` runs: rolling-origin backtest
(:mod:`churnguard.modeling.backtest`), the models combined as settings say (union / intersection /
weighted, with precision and recall), the champion fitted on the labels known at ``as_of`` with its
churn-kind model, and a new registry version promoted by the registry's rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

from churnguard.config import Settings
from churnguard.errors import DataError
from churnguard.explain import baseline_of
from churnguard.features.catalog import MONTHLY
from churnguard.features.snapshot import ColumnSpec, Schema
from churnguard.modeling.backtest import Backtest, final_window, origins, run_backtest
from churnguard.modeling.kinds import ChurnWithKind
from churnguard.modeling.metrics import reliability_table
from churnguard.modeling.registry import PROMOTION_RULE, Bundle, Registry
from churnguard.modeling.sampling import NegativeSampled, unwrapped
from churnguard.modeling.segmented import POPULATION_COLUMN, SegmentedModel, compare_segmented
from churnguard.modeling.zoo import make_model
from churnguard.warehouse import Warehouse

__all__ = ["TARGET", "TrainResult", "feature_columns", "load_months", "model_schema", "train"]

_QUANTILES = np.linspace(0, 1, 1001)
# What p_churn means everywhere: the line leaves (cancelled or ported out, any route) within the horizon.
TARGET = "leave"


@dataclass
class TrainResult:
    bundle: Bundle
    promoted: bool
    backtest: Backtest
    combination: dict
    train_months: tuple[str, ...]


def feature_columns(columns: list[str]) -> list[str]:
    """The catalog's features present in a mart (in catalog order)."""
    have = set(columns)
    return [name for name in MONTHLY if name in have]


def model_schema(features: list[str]) -> Schema:
    return Schema([ColumnSpec(name=f, kind="numeric") for f in features], None, "subscriber_id")


def load_months(wh: Warehouse, months: list[str], *, labels: bool = True) -> dict[str, pd.DataFrame]:
    """Mart rows per month, features as floats. With ``labels``: the labelled lines (every line open at
    the month's end) with ``leave`` (the target), the seed's ``churn`` and ``kind``."""
    if not months:
        return {}
    wh.check_mart()
    marks = ", ".join("?" for _ in months)
    if labels:
        sql = (
            "SELECT f.*, l.leave, l.churn, l.kind FROM feat_monthly f JOIN lbl_churn l USING (subscriber_id, month) "
            f"WHERE f.month IN ({marks}) ORDER BY f.month, f.subscriber_id"
        )
    else:
        sql = f"SELECT * FROM feat_monthly WHERE month IN ({marks}) ORDER BY month, subscriber_id"
    frame = wh.sql.execute(sql, months).df()
    features = feature_columns(list(frame.columns))
    frame[features] = frame[features].astype("float64")
    return {m: part.reset_index(drop=True) for m, part in frame.groupby("month", sort=True)}


def _combination(backtest: Backtest, models: list[str], settings: Settings) -> dict:
    """Precision and recall of the models combined as settings say, per origin and on average."""
    from churnguard.modeling.ensemble import combine, precision_recall_of

    per_origin = []
    for i, origin in enumerate(backtest.origins):
        probabilities = {m: backtest.predictions[m][i] for m in models}
        flags, _ = combine(probabilities, method=settings.combine_method, top_share=settings.combine_top_share)
        row = {"month": origin.month, **precision_recall_of(flags, backtest.labels[i])}
        for m in models:
            alone, _ = combine({m: probabilities[m]}, method="union", top_share=settings.combine_top_share)
            row[f"{m}_precision"] = precision_recall_of(alone, backtest.labels[i])["precision"]
            row[f"{m}_recall"] = precision_recall_of(alone, backtest.labels[i])["recall"]
        per_origin.append(row)
    keys = [k for k in per_origin[0] if k != "month"] if per_origin else []
    mean = {k: float(np.mean([r[k] for r in per_origin])) for k in keys}
    return {
        "method": settings.combine_method,
        "top_share": settings.combine_top_share,
        "models": models,
        "origins": per_origin,
        "mean": mean,
    }


def _tune_once(
    make: Callable[[str], object], frames: dict[str, pd.DataFrame], months: tuple[str, ...], features: list[str]
) -> dict:
    """LightGBM's settings, searched once on the first origin's training months: known before every
    origin's month is judged, so reusing them at every origin, per segment and for the production
    model keeps the backtest honest and does the search once instead of a dozen times."""
    rows = pd.concat([frames[m] for m in months], ignore_index=True)
    fitted = unwrapped(make("lightgbm").fit(rows[features], rows[TARGET].to_numpy(int)))
    return {
        "params": fitted.best_params_,
        "rounds": int(fitted.best_rounds_),
        "tuned_on": list(months),
        "search": fitted.tuning_,
    }


def _population_card(rows: pd.DataFrame, segmented: dict, settings: Settings) -> dict:
    """What the model covers and why it is one model or one per population (the backtest decided)."""
    counts = rows["population"].value_counts() if "population" in rows else pd.Series(dtype=int)
    rates = rows.groupby("population")[TARGET].mean() if "population" in rows else pd.Series(dtype=float)
    chosen = segmented.get("chosen")
    own = segmented.get(POPULATION_COLUMN, {})
    if chosen == POPULATION_COLUMN:
        decision = "own_models"
    elif chosen:
        decision = f"one_model_segmented_by_{chosen}"
    else:
        decision = "one_model"
    return {
        "scored": "every line open at the month's end (population active, silent or suspended)",
        "target": TARGET,
        "target_means": "the line is cancelled or ported out, by any route, within the horizon",
        "training_lines": {str(k): int(v) for k, v in counts.items()},
        "training_leave_rate": {str(k): round(float(v), 5) for k, v in rates.items()},
        "decision": decision,
        "why": (
            f"backtest mean ROC AUC with a model of their own for silent and suspended lines "
            f"{own['roc_auc']:.4f} against one model over all open lines {own['champion_roc_auc']:.4f}; "
            f"a split is kept when it gains at least {settings.segment_min_gain}"
            if own
            else "one model over all open lines, the population among its features (no backtest comparison ran)"
        ),
    }


def train(
    wh: Warehouse,
    settings: Settings,
    *,
    as_of: str,
    now: datetime,
    progress: Callable[[str, int], None] | None = None,
) -> TrainResult:
    """Backtest, train and register the model that scores ``as_of`` and the months after it."""
    label_months = wh.months("lbl_churn")
    h, window = settings.churn_horizon, settings.train_window
    plan = origins(label_months, as_of=as_of, horizon=h, window=window, count=settings.backtest_origins)
    final = final_window(label_months, as_of=as_of, horizon=h, window=window)
    if not final:
        raise DataError("train.no_labels", as_of=as_of, file=wh.location, months=", ".join(label_months) or "-")
    needed = sorted({m for o in plan for m in (o.month, *o.train)} | set(final))
    marks = ", ".join("?" for _ in needed)
    horizons = [
        r[0]
        for r in wh.sql.execute(f"SELECT DISTINCT horizon FROM lbl_churn WHERE month IN ({marks})", needed).fetchall()
    ]
    if any(x != h for x in horizons):
        raise DataError("train.horizon", file=wh.location, found=", ".join(map(str, horizons)), horizon=h)
    frames = load_months(wh, needed)
    features = feature_columns(list(next(iter(frames.values())).columns))
    models = list(dict.fromkeys(settings.cycle_models))

    tuned: dict = {}

    def make(name: str) -> object:
        model = make_model(name, seed=settings.seed, threads=settings.threads, tune_seconds=settings.tune_seconds)
        if name == "lightgbm":  # fewer, larger steps: scoring and explaining cost grows with the trees
            model.set_params(learning_rate=settings.cycle_learning_rate)
            if tuned:  # tuned once; every other fit of the run reuses the settings found
                model.set_params(grid=(tuned["params"],), rounds=tuned["rounds"])
        return NegativeSampled(model, max_negatives=settings.train_max_negatives, random_state=settings.seed)

    if "lightgbm" in models and plan:
        tuned.update(_tune_once(make, frames, plan[0].train, features))

    backtest = run_backtest(
        frames,
        plan,
        models=models,
        features=features,
        make=make,
        target=TARGET,
        high_share=settings.high_risk_share,
        progress=progress,
    )
    champion = backtest.champion if backtest.origins else models[0]
    combination = _combination(backtest, models, settings) if backtest.origins and len(models) > 1 else {}
    rows = pd.concat([frames[m] for m in final], ignore_index=True)
    segmented, estimator = {}, make(champion)
    if settings.segment_models and backtest.origins:
        segmented = compare_segmented(backtest, frames, champion=champion, features=features, make=make, target=TARGET)
        best = max(segmented, key=lambda c: segmented[c]["gain"], default=None)
        if best is not None and segmented[best]["gain"] >= settings.segment_min_gain:
            estimator = SegmentedModel(estimator, column=best)
            segmented["chosen"] = best
    model = ChurnWithKind(estimator, threads=settings.threads, random_state=settings.seed)
    model.fit(rows[features], rows[TARGET].to_numpy(int), rows["kind"].to_numpy(str))
    # The production model's own scores of its latest training month set the risk tiers' cut-offs and
    # are the reference for score drift. An origin's out-of-sample scores would be another model's: in
    # trials they ran a third higher, which put a tenth of the usual lines in the high tier.
    latest = frames[final[-1]]
    reference = model.predict_proba(latest[features])[:, 1]
    card = {
        "created_at": now.isoformat(timespec="seconds"),
        "kind": "monthly",
        "as_of": as_of,
        "model": champion,
        "horizon": h,
        "train_months": list(final),
        "training_rows": len(rows),
        "tuning": tuned,
        "max_negatives": settings.train_max_negatives,
        "training_positives": int(rows[TARGET].sum()),
        "population": _population_card(rows, segmented, settings),
        "backtest": backtest.to_dict() if backtest.origins else {},
        # Calibration of the champion at the latest origin: predicted against observed churn by score bin.
        "reliability": reliability_table(backtest.labels[-1], backtest.predictions[champion][-1]).to_dict("records")
        if backtest.origins
        else [],
        "combination": combination,
        "segmented": segmented,
        "promotion_rule": PROMOTION_RULE,
        "score_quantiles": [round(float(v), 6) for v in np.quantile(reference, _QUANTILES)],
        "baseline": baseline_of(rows[features]),
    }
    registry = Registry(settings.registry)
    bundle, promoted = registry.add(
        model=model,
        schema=model_schema(features),
        card=card,
        margin=settings.promote_margin,
        now=now.isoformat(timespec="seconds"),
    )
    return TrainResult(bundle, promoted, backtest, combination, final)
