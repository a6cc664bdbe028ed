"""Score a month: churn and kind probabilities, risk tier, rank, reasons, action and money at risk.

``p_churn`` is the probability that the line leaves (cancelled or ported out, any route) within the
horizon, for every line open at the month's end; each row says its population and the model.

:func:`score_frame` is pure: a registered bundle and the month's mart rows in, one row per line out.
The pipeline reads the rows and writes the run (``score_runs``, ``score_monthly``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from churnguard.errors import BundleError
from churnguard.explain import contributions, reasons
from churnguard.modeling.registry import Bundle
from churnguard.modeling.risk import risk_cutoffs, risk_tiers
from churnguard.segments import clv, lifecycle_stage, rfm_groups, value_tiers

__all__ = ["ScoreOptions", "score_frame"]


@dataclass(frozen=True)
class ScoreOptions:
    high_share: float = 0.10
    medium_share: float = 0.20
    top_reasons: int = 3
    lang: str = "en"
    margin_rate: float = 0.5
    discount_rate: float = 0.10
    clv_months: int = 36
    individual_bands: tuple[float, float] = (50.0, 150.0)
    enterprise_bands: tuple[float, float, float, float, float] = (200000.0, 100000.0, 50000.0, 20000.0, 5000.0)


def score_frame(bundle: Bundle, frame: pd.DataFrame, *, month: str, options: ScoreOptions) -> pd.DataFrame:
    """One row per line of ``frame`` (the month's mart rows), scored by ``bundle``'s model."""
    features = bundle.schema.feature_names
    missing = [f for f in features if f not in frame.columns]
    if missing:
        raise BundleError(
            "registry.features", model=bundle.card["bundle_id"], month=month, columns=", ".join(missing[:10])
        )
    X = frame[features].astype("float64")
    model = bundle.model
    p = model.predict_proba(X)[:, 1]
    kinds = model.kind_proba(X)
    high, medium = risk_cutoffs(
        bundle.card["score_quantiles"], high_share=options.high_share, medium_share=options.medium_share
    )
    margin = frame["net_bill"].fillna(0.0).clip(lower=0).to_numpy(float) * options.margin_rate
    value = clv(margin, p, discount_rate_annual=options.discount_rate, horizon_months=options.clv_months)
    population = frame["population"].to_numpy(object) if "population" in frame else None
    out = pd.DataFrame(
        {
            "month": month,
            "subscriber_id": frame["subscriber_id"].to_numpy(),
            # Which part of the base the line is in and which model scored it (house rule 11).
            "population": population,
            "model_id": bundle.card["bundle_id"],
            "p_churn": p,
            **{c: kinds[c].to_numpy() for c in kinds.columns},
            "risk_tier": risk_tiers(p, high=high, medium=medium),
            # Rank 1 is the likeliest to leave; ties share the best rank of their group.
            "risk_rank": pd.Series(p).rank(method="min", ascending=False).astype("int64").to_numpy(),
            "monthly_margin": margin,
            "revenue_at_risk": p * margin,
            "clv": value["clv"].to_numpy(),
            "expected_lifetime_months": value["expected_lifetime_months"].to_numpy(),
            "value_at_risk": p * value["clv"].to_numpy(),
            "tier": value_tiers(
                frame, individual_bands=options.individual_bands, enterprise_bands=options.enterprise_bands
            )["tier"].to_numpy(),
            "stage": lifecycle_stage(frame)["stage"].to_numpy(),
            "rfm_group": rfm_groups(frame).to_numpy(),
        }
    )
    contrib = contributions(model.churn_, X, bundle.card["baseline"])
    why = reasons(contrib, X, bundle.schema, top=options.top_reasons, lang=options.lang)
    return pd.concat([out, why.reset_index(drop=True)], axis=1)
