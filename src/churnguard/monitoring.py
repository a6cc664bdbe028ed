"""Monitoring after each scoring run: drift against training, realised accuracy once labels arrive.

``monitor(wh, bundle, run_id=…, month=…, scores=…)`` writes:

- ``drift_monthly``: PSI of every model feature between the model's training months and the scored
  month, and of the score against the training-time out-of-sample scores (``feature = '_score'``);
- ``model_realised``: for every earlier scoring run whose month now has labels, the realised AUC,
  top-decile lift and capture (delayed-label monitoring), once per run;
- ``monitor_alerts``: the alerts of :func:`churnguard.modeling.drift.alerts` and whether retraining is
  recommended.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd

from churnguard.modeling.drift import alerts, drift_table, psi, psi_status, realised_performance, retrain_recommended
from churnguard.modeling.registry import Bundle
from churnguard.warehouse import Warehouse

__all__ = ["Monitoring", "monitor"]

_SAMPLE = 50_000


@dataclass
class Monitoring:
    drift: pd.DataFrame
    score_psi: float
    realised: pd.DataFrame
    alerts: list[dict[str, str]] = field(default_factory=list)
    retrain: bool = False


def _sample(wh: Warehouse, months: list[str], columns: list[str], seed: int) -> pd.DataFrame:
    marks = ", ".join("?" for _ in months)
    quoted = ", ".join(f'"{c}"' for c in columns)
    frame = wh.sql.execute(f"SELECT {quoted} FROM feat_monthly WHERE month IN ({marks})", months).df()
    return frame.sample(min(len(frame), _SAMPLE), random_state=seed) if len(frame) > _SAMPLE else frame


def _realise(wh: Warehouse, now: datetime) -> pd.DataFrame:
    """Realised accuracy of earlier runs whose months now have labels (each run once)."""
    if not wh.has("score_monthly") or not wh.has("lbl_churn"):
        return pd.DataFrame()
    done = set()
    if wh.has("model_realised"):
        done = {r[0] for r in wh.sql.execute("SELECT run_id FROM model_realised").fetchall()}
    runs = wh.sql.execute(
        "SELECT run_id, month, model_id FROM score_runs WHERE month IN (SELECT DISTINCT month FROM lbl_churn)"
    ).fetchall()
    rows = []
    for run_id, month, model_id in runs:
        if run_id in done:
            continue
        joined = wh.sql.execute(
            "SELECT s.p_churn, l.leave AS churn FROM score_monthly s JOIN lbl_churn l USING (subscriber_id, month) "
            "WHERE s.run_id = ?",
            [run_id],
        ).fetchnumpy()
        perf = realised_performance(np.asarray(joined["churn"]), np.asarray(joined["p_churn"]))
        rows.append({"run_id": run_id, "month": month, "model_id": model_id, **perf, "computed_at": now})
    return pd.DataFrame(rows)


def monitor(
    wh: Warehouse,
    bundle: Bundle,
    *,
    run_id: str,
    month: str,
    scores: pd.DataFrame,
    now: datetime,
    seed: int = 0,
) -> Monitoring:
    """Drift of ``month`` against the model's training months, late-label accuracy, alerts; written."""
    card = bundle.card
    features = bundle.schema.feature_names
    reference = _sample(wh, list(card["train_months"]), features, seed)
    current = _sample(wh, [month], features, seed)
    drift = drift_table(reference, current, columns=features)
    # The card keeps 1,001 quantiles of the model's scores of its latest training month: an equal-weight
    # sample of that distribution.
    score_psi = float(psi(np.asarray(card["score_quantiles"]), scores["p_churn"].to_numpy()))
    realised = _realise(wh, now)
    mine = realised[realised["model_id"] == card["bundle_id"]] if len(realised) else realised
    trained_auc = (card.get("backtest") or {}).get("mean", {}).get(card["model"], {}).get("roc_auc")
    realised_auc = float(mine["auc"].iloc[-1]) if len(mine) else None
    found = alerts(drift, score_psi=score_psi, realised_auc=realised_auc, trained_auc=trained_auc)
    retrain = retrain_recommended(found)
    stamp = now.replace(tzinfo=None)
    drift_rows = pd.concat(
        [drift, pd.DataFrame({"feature": ["_score"], "psi": [score_psi], "status": [psi_status(score_psi)]})],
        ignore_index=True,
    ).assign(run_id=run_id, month=month, model_id=card["bundle_id"], computed_at=stamp)
    alert_rows = pd.DataFrame(
        [{**a, "run_id": run_id, "month": month, "retrain_recommended": retrain, "computed_at": stamp} for a in found]
        or [
            {
                "kind": "none",
                "detail": "no alert",
                "severity": "info",
                "run_id": run_id,
                "month": month,
                "retrain_recommended": False,
                "computed_at": stamp,
            }
        ]
    )
    frames: dict[str, object] = {"drift_monthly": drift_rows, "monitor_alerts": alert_rows}
    if len(realised):
        frames["model_realised"] = realised.assign(computed_at=stamp)
    wh.append(frames)
    return Monitoring(drift, score_psi, realised, found, retrain)
