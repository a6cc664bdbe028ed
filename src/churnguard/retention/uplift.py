"""Learning from past campaigns: an uplift model from their treated and control members.

``fit_uplift`` gathers every campaign planned before ``month`` whose follow-up at ``horizon`` days is
known by then (a campaign on month M is followed through M+1 for 30 days), joins each member to its
features of the campaign's month and to what it was or would have been given (channel, offer, tier),
and fits a two-model uplift on "left within the horizon" (:class:`~churnguard.modeling.uplift.ScoreTwoModel`:
each arm recalibrates the churn score and adds trees where they help out of fold). The model is kept
in the registry (``uplift/<month>/``). ``effect_of`` turns it into the ``effect`` targeting uses: the
predicted fall in P(leave) for a line and an offer.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd

from churnguard.config import Settings
from churnguard.errors import DataError
from churnguard.modeling.registry import load_uplift, save_uplift
from churnguard.modeling.uplift import AnswerUplift, ScoreTwoModel, XLearner
from churnguard.months import shift
from churnguard.retention.followup import member_table
from churnguard.retention.outcomes import lift_interval
from churnguard.retention.policy import Effect, Offer, offer_catalogue
from churnguard.retention.store import Store
from churnguard.warehouse import Warehouse

__all__ = ["FEATURES", "effect_of", "fit_uplift", "latest_uplift", "month_features"]

# What a customer's answer to a contact plausibly depends on: how they pay and are bound, what they
# spend, what bothers them, and what they were offered through which channel.
FEATURES = (
    "is_prepaid",
    "is_enterprise",
    "in_contract",
    "months_to_contract_end",
    "tenure_months",
    "auto_debit_payment",
    "plan_monthly_fee",
    "net_bill",
    "discount_share",
    "competitor_call_share",
    "area_portout_rate_3m",
    "complaints_3m",
    "unresolved_complaints_3m",
    "cell_dropped_call_rate",
    "device_age_months",
    "arrears_balance",
    "events_vs_3m",
    "revenue_vs_3m",
    "last_survey_score",
)
OFFERED = ("p_churn", "clv", "channel", "offer_id", "tier")


def month_features(wh: Warehouse, month: str) -> pd.DataFrame:
    """The uplift features of every line in ``month``'s mart, by subscriber_id."""
    columns = ", ".join(FEATURES)
    return wh.sql.execute(f"SELECT subscriber_id, {columns} FROM feat_monthly WHERE month = ?", [month]).df()


def _training_rows(wh: Warehouse, store: Store, *, month: str, horizon: int) -> tuple[pd.DataFrame, list[str]]:
    months_after = horizon // 30
    frames, used = [], []
    for campaign in store.campaigns():
        if campaign["policy"] == "winback":
            continue  # lines already gone: nothing there about keeping a customer
        first_known = shift(campaign["month"], months_after)
        if first_known > month:
            continue  # its follow-up was not known yet when ``month`` was planned
        members = member_table(store, campaign["campaign_id"])
        if members.empty:
            continue
        members = members[members[f"left_{horizon}"].notna()]
        if members.empty:
            continue
        features = month_features(wh, campaign["month"])
        frames.append(members.merge(features, on="subscriber_id", how="left"))
        used.append(campaign["campaign_id"])
    return (pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()), used


def fit_uplift(
    wh: Warehouse, store: Store, settings: Settings, *, month: str, now: datetime, horizon: int = 30
) -> dict:
    """Fit the uplift model for campaigns of ``month`` from the campaigns before it; returns its card."""
    rows, used = _training_rows(wh, store, month=month, horizon=horizon)
    treated = rows["arm"].eq("treated").to_numpy() if len(rows) else np.zeros(0, dtype=bool)
    if len(rows) == 0 or treated.sum() < 50 or (~treated).sum() < 30:
        raise DataError(
            "uplift.too_few",
            month=month,
            treated=int(treated.sum()),
            control=int((~treated).sum()),
            campaigns=len(used),
        )
    left = rows[f"left_{horizon}"].astype(bool).to_numpy()
    # p_churn is the churn model's P(leave next month), learnt on lines nobody contacted: the score both
    # arms' 30-day outcome models start from. Other horizons learn both arms from the campaigns alone.
    X = rows[list(FEATURES) + list(OFFERED)]
    if horizon == 30 and settings.uplift_learner == "answers":
        model = AnswerUplift(score="p_churn", seed=settings.seed, threads=settings.threads)
        promised = (
            rows["offer_id"]
            .map({o.offer_id: o.save_rate for o in offer_catalogue(settings.offers_file)})
            .to_numpy(float)
        )
        model = model.fit(X, treated, left.astype(float), answers=rows["result"].to_numpy(object), save_rates=promised)
    elif horizon == 30:
        model = ScoreTwoModel(score="p_churn", seed=settings.seed, threads=settings.threads).fit(X, treated, left)
    else:
        model = XLearner(seed=settings.seed, threads=settings.threads).fit(X, treated, left.astype(float))
    measured, low, high = lift_interval(
        float((~left[treated]).sum()), float(treated.sum()), float((~left[~treated]).sum()), float((~treated).sum())
    )
    predicted = model.predict(rows.loc[treated, list(FEATURES) + list(OFFERED)])
    card = {
        "kind": type(model).__name__,
        "trained_at": now.isoformat(timespec="seconds"),
        "horizon_days": horizon,
        "campaigns": used,
        "rows": len(rows),
        "treated": int(treated.sum()),
        "control": int((~treated).sum()),
        "measured_lift": measured,
        "measured_lift_ci": [low, high],
        # The standard error of the measured lift, from its 95 % interval.
        "measured_lift_se": (high - low) / (2 * 1.959963984540054),
        "mean_predicted_uplift_treated": float(predicted.mean()),
        "share_predicted_harmful": float((predicted < 0).mean()),
        "features": list(FEATURES) + list(OFFERED),
    }
    if isinstance(model, AnswerUplift):
        card |= {"kappa": model.kappa_, "kappa_se": model.kappa_se_, "eta": model.eta_, "eta_se": model.eta_se_}
    return save_uplift(settings.registry, month=month, model=model, card=card)


def latest_uplift(settings: Settings, *, month: str) -> tuple[XLearner, dict] | None:
    """The uplift model to use for campaigns of ``month``, if one has been trained."""
    return load_uplift(settings.registry, month=month)


def effect_of(
    model: XLearner,
    features: pd.DataFrame,
    *,
    months: int = 1,
    horizon: int = 30,
    caution: float = 0.0,
    lift_se: float = 0.0,
) -> Effect:
    """The model as targeting's ``effect``: each line's predicted fall in P(leave) with ``offer`` over
    ``months``. The model learns the fall within its ``horizon`` (30 days: what is known when the next
    campaign is planned). A save lasts as long as the offer does, so a positive effect grows with the
    chance of leaving over ``months`` as against the horizon; harm (contact drives the customer away)
    happens at once and is kept as it is.

    ``caution`` standard errors of what the control groups measured are allowed for, so that only
    effects the campaigns' evidence supports lead to a contact (a lower confidence bound): on the
    answer model's κ and η, or, for the other models, as ``caution`` × ``lift_se`` (the standard error
    of the campaigns' measured lift) off every predicted effect."""
    by_line = features.set_index("subscriber_id")

    def effect(lines: pd.DataFrame, offer: Offer) -> np.ndarray:
        X = by_line.reindex(lines["subscriber_id"]).reset_index(drop=True)
        for column in ("p_churn", "clv", "channel", "tier"):
            X[column] = lines[column].to_numpy()
        X["offer_id"] = offer.offer_id
        tau = model.cautious(X[list(FEATURES) + list(OFFERED)], caution=caution, lift_se=lift_se)
        p = np.clip(lines["p_churn"].to_numpy(float), 1e-6, 1.0)
        learnt = horizon // 30
        grow = (1 - (1 - p) ** max(months, learnt)) / (1 - (1 - p) ** learnt)
        return np.where(tau > 0, tau * grow, tau)

    return effect
