"""The model report: how good the churn model is, on the month's realised labels and in its history.

For ``month`` it takes the latest scoring run of the month and, once the month's labels are in (the
churn of the month after), measures the scores against them: ROC curve and AUC, cumulative gains and
lift by decile, calibration (predicted against observed by decile, beside the backtest's reliability
table from the model card). Then the model's history: every registered version with its backtest
figures and the accuracy realised month by month; the features it leans on (LightGBM gain, in business
words); and the drift of the month's features against training (PSI).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score, roc_curve

from churnguard.config import Settings
from churnguard.errors import BundleError, DataError
from churnguard.features.catalog import describe_feature
from churnguard.modeling.registry import Registry
from churnguard.warehouse import Warehouse

__all__ = ["ModelReport", "deciles", "model_report"]


@dataclass
class ModelReport:
    month: str
    model_id: str
    summary: dict[str, float]
    roc: pd.DataFrame  # fpr, tpr (thinned for drawing)
    deciles: pd.DataFrame  # decile, lines, churners, rate, lift, cumulative_capture, mean_predicted
    reliability: pd.DataFrame  # the model card's backtest reliability table
    versions: pd.DataFrame
    realised: pd.DataFrame
    importance: pd.DataFrame  # feature, name, category, gain, share
    drift: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def deciles(p: np.ndarray, y: np.ndarray) -> pd.DataFrame:
    """Lines ranked by score into ten equal groups, riskiest first: churn rate, lift over the base rate,
    cumulative share of the churners captured, and mean predicted probability."""
    order = np.argsort(-p, kind="stable")
    group = np.minimum(np.arange(len(p)) * 10 // max(len(p), 1), 9) + 1
    frame = pd.DataFrame({"decile": group, "p": p[order], "y": y[order]})
    out = frame.groupby("decile").agg(lines=("y", "size"), churners=("y", "sum"), mean_predicted=("p", "mean"))
    base = y.mean() if len(y) else np.nan
    out["rate"] = out["churners"] / out["lines"]
    out["lift"] = out["rate"] / base if base else np.nan
    out["cumulative_capture"] = out["churners"].cumsum() / max(y.sum(), 1)
    return out.reset_index()[["decile", "lines", "churners", "rate", "lift", "cumulative_capture", "mean_predicted"]]


def _scored(wh: Warehouse, month: str) -> tuple[str, str, pd.DataFrame]:
    run = wh.latest_run("score_runs", month)
    if run is None:
        raise DataError("report.no_scores", month=month, file=wh.location)
    run_id, model_id = run["run_id"], run["model_id"]
    labelled = wh.has("lbl_churn")
    frame = wh.sql.execute(
        "SELECT s.subscriber_id, s.p_churn"
        + (
            ", l.leave AS churn FROM score_monthly s LEFT JOIN lbl_churn l ON l.subscriber_id = s.subscriber_id "
            "AND l.month = s.month"
            if labelled
            else ", NULL AS churn FROM score_monthly s"
        )
        + " WHERE s.run_id = ?",
        [run_id],
    ).df()
    return run_id, model_id, frame


def _importance(model: object, top: int = 20) -> pd.DataFrame:
    booster = getattr(getattr(getattr(model, "churn_", model), "model_", None), "booster_", None)
    if booster is None:
        return pd.DataFrame(columns=["feature", "name_en", "name_zh", "category", "gain", "share"])
    gain = pd.Series(booster.feature_importance("gain"), index=booster.feature_name())
    gain = gain[gain > 0].sort_values(ascending=False)
    texts = [describe_feature(f) for f in gain.index]
    out = pd.DataFrame(
        {
            "feature": gain.index,
            "name_en": [t.name_en for t in texts],
            "name_zh": [t.name_zh for t in texts],
            "category": [t.category for t in texts],
            "gain": gain.to_numpy(),
            "share": (gain / gain.sum()).to_numpy(),
        }
    )
    return out.head(top)


def model_report(wh: Warehouse, settings: Settings, *, month: str) -> ModelReport:
    """The model report of ``month``'s scoring run (``report.no_scores`` when the month was not scored)."""
    run_id, model_id, frame = _scored(wh, month)
    registry = Registry(settings.registry)
    notes: list[str] = []
    known = frame[frame["churn"].notna()]
    summary: dict[str, float] = {"lines": len(frame), "mean_p_churn": float(frame["p_churn"].mean())}
    roc = pd.DataFrame(columns=["fpr", "tpr"])
    table = pd.DataFrame()
    if len(known) and 0 < known["churn"].sum() < len(known):
        y, p = known["churn"].to_numpy(int), known["p_churn"].to_numpy(float)
        fpr, tpr, _ = roc_curve(y, p)
        keep = np.unique(np.linspace(0, len(fpr) - 1, min(len(fpr), 200)).astype(int))
        roc = pd.DataFrame({"fpr": fpr[keep], "tpr": tpr[keep]})
        table = deciles(p, y)
        summary |= {
            "labelled": len(known),
            "churners": int(y.sum()),
            "base_rate": float(y.mean()),
            "roc_auc": float(roc_auc_score(y, p)),
            "top_decile_lift": float(table["lift"].iloc[0]),
            "capture_10": float(table["cumulative_capture"].iloc[0]),
            "capture_20": float(table["cumulative_capture"].iloc[1]),
            "brier": float(np.mean((p - y) ** 2)),
        }
    else:
        notes.append("no_labels")
    versions = pd.DataFrame(
        [
            {
                "id": v["id"],
                "as_of": v.get("as_of"),
                "model": v.get("model"),
                "status": v.get("status"),
                **{f"backtest_{k}": v.get("backtest_mean", {}).get(k) for k in ("roc_auc", "top_decile_lift")},
            }
            for v in registry.data["versions"]
        ]
    )
    realised = pd.DataFrame()
    if wh.has("model_realised"):
        realised = wh.sql.execute(
            "SELECT month, model_id, auc, top_decile_lift, capture_10, rows, positives FROM model_realised "
            "QUALIFY row_number() OVER (PARTITION BY month ORDER BY computed_at DESC) = 1 ORDER BY month"
        ).df()
    reliability, importance = pd.DataFrame(), pd.DataFrame()
    try:
        bundle, _ = registry.load(model_id)
        reliability = pd.DataFrame(bundle.card.get("reliability", []))
        importance = _importance(bundle.model)
    except BundleError:
        notes.append("no_bundle")
    drift = pd.DataFrame()
    if wh.has("drift_monthly"):
        drift = wh.sql.execute(
            "SELECT feature, psi, status FROM drift_monthly WHERE run_id = ? ORDER BY psi DESC", [run_id]
        ).df()
    return ModelReport(month, model_id, summary, roc, table, reliability, versions, realised, importance, drift, notes)
