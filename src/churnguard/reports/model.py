"""The model report: how good the churn model is, on the month's realised labels and in its history.

For ``month`` it takes the latest scoring run of the month and, once the month's labels are in (who
left in the month after: cancelled or ported out, any route), measures the scores against them over
every scored line (every line open at the month's end, the population of the monthly churn rate), and
per population (active, silent, suspended): ROC curve and AUC, cumulative gains and
lift by decile, calibration (predicted against observed by decile, beside the backtest's reliability
table from the model card). Then the model's history: every registered version with its backtest
figures and the accuracy realised month by month; the features it leans on (LightGBM gain, in business
words); and the drift of the month's features against training (PSI).

What comes from the model registry (``settings.registry``: the calibration table, importance, the backtest
by population and the versions) is never left out silently: a registry that cannot be read, or that does
not hold the model that scored the month, is a note in the report (``no_registry``, ``not_registered``,
``no_bundle``), which the CLI also prints with the folder it read.
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
from churnguard.modeling.sampling import unwrapped
from churnguard.warehouse import Warehouse

__all__ = ["ModelReport", "deciles", "model_report", "populations"]


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
    # Per population (active, silent, suspended) of the scored lines: size, leavers, accuracy, capture.
    populations: pd.DataFrame = field(default_factory=pd.DataFrame)
    # The champion's backtest figures per population, from the model card.
    backtest_populations: pd.DataFrame = field(default_factory=pd.DataFrame)


def deciles(p: np.ndarray, y: np.ndarray) -> pd.DataFrame:
    """Lines ranked by score into ten equal groups, riskiest first: churn rate, lift over the base rate,
    cumulative share of the churners captured, and mean predicted probability."""
    order = np.argsort(-p, kind="stable")
    group = np.minimum(np.arange(len(p)) * 10 // max(len(p), 1), 9) + 1
    frame = pd.DataFrame({"decile": group, "p": p[order], "y": y[order]})
    out = frame.groupby("decile").agg(lines=("y", "size"), churners=("y", "sum"), mean_predicted=("p", "mean"))
    base = y.mean() if len(y) else np.nan
    out["rate"] = out["churners"] / out["lines"]
    out["lift"] = out["rate"] / base if base else np.nan  # a ratio (2.86×), not a share
    out["cumulative_capture"] = out["churners"].cumsum() / max(y.sum(), 1)
    columns = ["decile", "lines", "churners", "rate", "lift", "cumulative_capture", "mean_predicted"]
    return out.reset_index()[columns]


def _scored(wh: Warehouse, month: str) -> tuple[str, str, pd.DataFrame]:
    run = wh.latest_run("score_runs", month)
    if run is None:
        raise DataError("report.no_scores", month=month, file=wh.location)
    run_id, model_id = run["run_id"], run["model_id"]
    labelled = wh.has("lbl_churn")
    columns = set(wh.sql.execute("SELECT * FROM score_monthly LIMIT 0").df().columns)
    extra = "".join(f", s.{c}" for c in ("population", "risk_tier") if c in columns)
    frame = wh.sql.execute(
        f"SELECT s.subscriber_id, s.p_churn{extra}"
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
    booster = getattr(getattr(unwrapped(model), "model_", None), "booster_", None)
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


def populations(frame: pd.DataFrame) -> pd.DataFrame:
    """Each population of the scored lines (with ``population``, ``p_churn``, ``churn`` = left, and
    ``risk_tier``): its lines, leavers and leave rate, its share of all leavers, its own ROC AUC, and how
    many of its leavers the month's top decile and high tier caught."""
    known = frame[frame["churn"].notna()]
    if not len(known) or "population" not in known:
        return pd.DataFrame()
    y, p = known["churn"].to_numpy(int), known["p_churn"].to_numpy(float)
    order = np.argsort(-p, kind="stable")
    top = np.zeros(len(p), bool)
    top[order[: max(round(len(p) * 0.10), 1)]] = True
    high = (known["risk_tier"] == "high").to_numpy() if "risk_tier" in known else np.zeros(len(p), bool)
    rows = []
    for name in ["all", *sorted(known["population"].dropna().unique())]:
        part = np.ones(len(y), bool) if name == "all" else (known["population"] == name).to_numpy()
        yp, leavers = y[part], int(y[part].sum())
        rows.append(
            {
                "population": name,
                "lines": int(part.sum()),
                "leavers": leavers,
                "leave_rate": leavers / max(int(part.sum()), 1),
                "share_of_leavers": leavers / max(int(y.sum()), 1),
                "roc_auc": float(roc_auc_score(yp, p[part])) if 0 < leavers < part.sum() else np.nan,
                "captured_top_decile": float(y[part & top].sum() / leavers) if leavers else np.nan,
                "captured_high_tier": float(y[part & high].sum() / leavers) if leavers else np.nan,
            }
        )
    return pd.DataFrame(rows)


def _backtest_populations(card: dict) -> pd.DataFrame:
    backtest = card.get("backtest") or {}
    per = (backtest.get("by_population") or {}).get(backtest.get("champion") or card.get("model"), {})
    keys = ("rows", "positives", "base_rate", "roc_auc", "pr_auc", "top_decile_lift", "capture_10", "high_tier_capture")
    rows = [{"population": g, **{k: m.get(k) for k in keys}} for g, m in per.items()]
    for row in rows:  # counts averaged over the origins read as counts
        row["rows"], row["positives"] = (None if row[k] is None else round(row[k]) for k in ("rows", "positives"))
    return pd.DataFrame(rows)


def model_report(wh: Warehouse, settings: Settings, *, month: str) -> ModelReport:
    """The model report of ``month``'s scoring run (``report.no_scores`` when the month was not scored)."""
    wh.check_mart()
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
        if "risk_tier" in known:
            summary["high_tier_capture"] = float(y[(known["risk_tier"] == "high").to_numpy()].sum() / max(y.sum(), 1))
    else:
        notes.append("no_labels")
    try:
        listed = registry.data["versions"]
    except BundleError:  # registry.json is not valid JSON
        listed = []
    versions = pd.DataFrame(
        [
            {
                "id": v["id"],
                "as_of": v.get("as_of"),
                "model": v.get("model"),
                "status": v.get("status"),
                **{f"backtest_{k}": v.get("backtest_mean", {}).get(k) for k in ("roc_auc", "top_decile_lift")},
            }
            for v in listed
        ]
    )
    realised = pd.DataFrame()
    if wh.has("model_realised"):
        realised = wh.sql.execute(
            "SELECT month, model_id, auc, top_decile_lift, capture_10, rows, positives FROM model_realised "
            "QUALIFY row_number() OVER (PARTITION BY month ORDER BY computed_at DESC) = 1 ORDER BY month"
        ).df()
    reliability, importance, backtested = pd.DataFrame(), pd.DataFrame(), pd.DataFrame()
    if not listed:
        notes.append("no_registry")
    elif model_id not in {v["id"] for v in listed}:
        notes.append("not_registered")  # another registry than the one the month was scored with
    else:
        try:
            bundle, _ = registry.load(model_id)
            reliability = pd.DataFrame(bundle.card.get("reliability", []))
            importance = _importance(bundle.model)
            backtested = _backtest_populations(bundle.card)
        except BundleError:
            notes.append("no_bundle")
    drift = pd.DataFrame()
    if wh.has("drift_monthly"):
        drift = wh.sql.execute(
            "SELECT feature, psi, status FROM drift_monthly WHERE run_id = ? ORDER BY psi DESC", [run_id]
        ).df()
    return ModelReport(
        month,
        model_id,
        summary,
        roc,
        table,
        reliability,
        versions,
        realised,
        importance,
        drift,
        notes,
        populations(frame),
        backtested,
    )
