"""Customer value: RFM groups, value tiers with their service levels, and customer lifetime value.

Pure functions of rows of the monthly mart ``feat_monthly`` (one row per subscriber and month) or of
plain arrays: nothing is read or written, inputs are never changed, and every result keeps the index
of its input so it can be put beside the rows it came from. The rules and defaults are explained in
``docs/concepts/segments.md``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from churnguard.i18n.domain import COVERAGE, RFM_GROUPS, TIERS
from churnguard.segments._columns import float_column, require_columns

__all__ = [
    "DEFAULT_ENTERPRISE_BANDS",
    "DEFAULT_INDIVIDUAL_BANDS",
    "ENTERPRISE_TIERS",
    "INDIVIDUAL_TIERS",
    "RFM_GROUPS",
    "SERVICE_LEVELS",
    "TIERS",
    "ServiceLevel",
    "clv",
    "rfm_groups",
    "value_tiers",
]


INDIVIDUAL_TIERS = ("high", "mid", "low")
ENTERPRISE_TIERS = ("diamond", "emerald", "platinum", "gem", "gold", "crystal")


# Individuals, monthly net bill (ARPU, CNY): low <= 50 < mid <= 150 < high. 50 separates the entry
# cards (19, 29 CNY) from the 4G plans; above 150 are the large 5G and converged plans.
DEFAULT_INDIVIDUAL_BANDS: tuple[float, float] = (50.0, 150.0)

# Enterprises, the monthly net bill of all their lines (CNY): the least spend of diamond, emerald,
# platinum, gem and gold, highest first; below the last is crystal.
DEFAULT_ENTERPRISE_BANDS: tuple[float, float, float, float, float] = (200_000.0, 100_000.0, 50_000.0, 20_000.0, 5_000.0)


class ServiceLevel(NamedTuple):
    """What a tier is promised: hours to respond to a request, and who looks after the account."""

    response_hours: int
    coverage_en: str
    coverage_zh: str


# Hours to respond by tier; who looks after the account is in the catalogue (``i18n.domain.COVERAGE``).
_RESPONSE_HOURS = {
    "diamond": 1,
    "emerald": 2,
    "platinum": 4,
    "gem": 8,
    "gold": 24,
    "crystal": 48,
    "high": 4,
    "mid": 24,
    "low": 48,
    "unknown": 48,
}
SERVICE_LEVELS: dict[str, ServiceLevel] = {
    tier: ServiceLevel(hours, *COVERAGE[tier]) for tier, hours in _RESPONSE_HOURS.items()
}

_RFM_COLUMNS = ("rfm_recency_score", "rfm_frequency_score", "rfm_monetary_score")


def rfm_groups(frame: pd.DataFrame) -> pd.Series:
    """Named RFM group of each row, from the 1–5 recency (R), frequency (F) and monetary (M) scores.

    Needs ``rfm_recency_score``, ``rfm_frequency_score`` and ``rfm_monetary_score`` (5 = best: used
    most recently, most active days, highest bill). The first matching rule wins:

    ============  ==========================================  =================================
    group         rule                                        reading
    ============  ==========================================  =================================
    champions     R >= 4 and F >= 4 and M >= 4                best on all three
    cant_lose     R <= 2 and F >= 4 and M >= 4                were among the best, not seen lately
    loyal         R >= 3 and F >= 4                           active often, still around
    promising     R >= 4 and F <= 2                           recent but seldom: new or returning
    potential     R >= 3 (the rest)                           recent, middling
    at_risk       R <= 2 and (F >= 3 or M >= 3)               were engaged, fading
    hibernating   R == 2 (the rest)                           little, not lately
    lost          R == 1 (the rest)                           little, longest ago
    unknown       any score missing
    ============  ==========================================  =================================

    The rules cover every combination of scores. Returns a string Series named ``rfm_group`` with the
    index of ``frame``; ``RFM_GROUPS`` holds the English and Chinese names.
    """
    require_columns(frame, _RFM_COLUMNS, caller="rfm_groups")
    r, f, m = (float_column(frame, name) for name in _RFM_COLUMNS)
    known = ~(np.isnan(r) | np.isnan(f) | np.isnan(m))
    # np.select takes the first true condition, which is exactly "first matching rule wins".
    conditions = [
        ~known,
        (r >= 4) & (f >= 4) & (m >= 4),
        (r <= 2) & (f >= 4) & (m >= 4),
        (r >= 3) & (f >= 4),
        (r >= 4) & (f <= 2),
        r >= 3,
        (f >= 3) | (m >= 3),
        r >= 2,
    ]
    choices = ["unknown", "champions", "cant_lose", "loyal", "promising", "potential", "at_risk", "hibernating"]
    groups = np.select(conditions, choices, default="lost")
    return pd.Series(groups, index=frame.index, name="rfm_group", dtype="str")


def _check_bands(
    individual: tuple[float, float], enterprise: tuple[float, float, float, float, float]
) -> tuple[np.ndarray, np.ndarray]:
    ind = np.asarray(individual, dtype="float64")
    ent = np.asarray(enterprise, dtype="float64")
    if ind.shape != (2,) or np.isnan(ind).any() or not ind[0] < ind[1]:
        raise ValueError(f"individual_bands must be (low_max, mid_max) with low_max < mid_max, not {individual!r}")
    if ent.shape != (5,) or np.isnan(ent).any() or not (np.diff(ent) < 0).all():
        raise ValueError(
            "enterprise_bands must be the least monthly spend of diamond, emerald, platinum, gem and gold, "
            f"strictly falling (highest first), not {enterprise!r}"
        )
    return ind, ent


def value_tiers(
    frame: pd.DataFrame,
    *,
    individual_bands: tuple[float, float] = DEFAULT_INDIVIDUAL_BANDS,
    enterprise_bands: tuple[float, float, float, float, float] = DEFAULT_ENTERPRISE_BANDS,
) -> pd.DataFrame:
    """Value tier of each row: individuals by their own ARPU, enterprise lines by their enterprise's spend.

    A row is an enterprise line when ``is_enterprise`` is 1 (true); a missing flag, or no
    ``is_enterprise`` column at all (snapshot tables), means an individual.

    - Individuals, by ``net_bill`` (the month's ARPU) and ``individual_bands = (low_max, mid_max)``:
      ``low`` when net_bill <= low_max, ``mid`` when low_max < net_bill <= mid_max, ``high`` above.
    - Enterprise lines, by ``enterprise_bill`` (the month's net bill of all the enterprise's lines) and
      ``enterprise_bands`` (the least spend of diamond, emerald, platinum, gem and gold, highest
      first): the first tier whose least spend is reached (spend >= band), else ``crystal``. Every
      line of an enterprise carries its enterprise's tier.
    - A missing spend gives ``unknown``: the mart writes 0 for a month without a bill, so a missing
      value means not known, and no tier is guessed for it.

    Returns a DataFrame with the index of ``frame`` and columns ``tier``, ``tier_label_en`` and
    ``tier_label_zh``. ``SERVICE_LEVELS[tier]`` is the service the tier is promised.
    """
    ind, ent = _check_bands(individual_bands, enterprise_bands)
    require_columns(frame, ["net_bill"], caller="value_tiers")
    is_enterprise = np.zeros(len(frame), dtype=bool)
    if "is_enterprise" in frame.columns:
        is_enterprise = float_column(frame, "is_enterprise") > 0
        if is_enterprise.any():
            require_columns(frame, ["enterprise_bill"], caller="value_tiers (enterprise lines)")

    arpu = float_column(frame, "net_bill")
    individual = np.select([np.isnan(arpu), arpu <= ind[0], arpu <= ind[1]], ["unknown", "low", "mid"], default="high")

    tiers = individual
    if is_enterprise.any():
        spend = float_column(frame, "enterprise_bill")
        conditions = [np.isnan(spend)] + [spend >= band for band in ent]
        group = np.select(conditions, ["unknown", *ENTERPRISE_TIERS[:-1]], default="crystal")
        tiers = np.where(is_enterprise, group, individual)

    labels = {tier: TIERS[tier] for tier in np.unique(tiers)}
    return pd.DataFrame(
        {
            "tier": pd.Series(tiers, index=frame.index, dtype="str"),
            "tier_label_en": pd.Series([labels[x][0] for x in tiers], index=frame.index, dtype="str"),
            "tier_label_zh": pd.Series([labels[x][1] for x in tiers], index=frame.index, dtype="str"),
        },
        index=frame.index,
    )


def _index_of(*values: object) -> pd.Index | None:
    for value in values:
        if isinstance(value, pd.Series):
            return value.index
    return None


def clv(
    margin: ArrayLike,
    p_churn: ArrayLike | None,
    *,
    discount_rate_annual: float,
    horizon_months: int,
    survival: ArrayLike | None = None,
) -> pd.DataFrame:
    """Customer lifetime value: the discounted expected monthly margin over the next ``horizon_months``.

    Months are counted from the month scored, t = 0, 1, …, H − 1 (H = ``horizon_months``). Month
    t's margin is earned when the customer is still on the books in month t, with probability S(t),
    and is discounted by (1 + d)^−t, where d = (1 + ``discount_rate_annual``)^(1/12) − 1 is the
    monthly rate. The month scored counts in full (S(0) = 1, undiscounted):

        clv = margin · Σ_{t=0}^{H−1} S(t) / (1 + d)^t
        expected_lifetime_months = Σ_{t=0}^{H−1} S(t)      (expected months on the books within H)

    By default S(t) = (1 − p)^t: a constant monthly (discrete-time) hazard p = ``p_churn``, the
    churn model's calibrated probability of leaving within the next month, so the sums are
    geometric and computed in closed form: with q = (1 − p)/(1 + d), clv = margin · (1 − q^H)/(1 − q)
    (margin · H when q = 1). p = 0 gives the plain discounted margin sum; p = 1 gives one month.
    This reuses the score every subscriber already has and fits nothing more; a survival model
    (e.g. lifelines) can replace it by passing its curve as ``survival``.

    ``margin`` and ``p_churn`` are one value per customer (numbers broadcast); ``survival``, given
    instead of ``p_churn`` (which must then be ``None``), is S(t) for t = 0 … H − 1, shape (H,) for
    everyone or (n, H) per customer. A missing margin, probability or survival value gives missing
    results for that customer. Returns a DataFrame with columns ``clv`` (in the margin's currency)
    and ``expected_lifetime_months``, indexed like ``margin`` (or ``p_churn``) when it is a Series.
    """
    if isinstance(horizon_months, bool) or int(horizon_months) != horizon_months or horizon_months < 1:
        raise ValueError(f"horizon_months must be a whole number of months, 1 or more, not {horizon_months!r}")
    horizon = int(horizon_months)
    if not discount_rate_annual > -1:
        raise ValueError(f"discount_rate_annual must be above -1 (e.g. 0.08 for 8 %), not {discount_rate_annual!r}")
    if (p_churn is None) == (survival is None):
        raise ValueError("clv needs exactly one of p_churn (a monthly hazard) and survival (a curve S(t))")

    # The monthly discount in log form, log(1 / (1 + d)) = −log(1 + r) / 12: exact for small rates.
    log_discount = -np.log1p(discount_rate_annual) / 12.0
    index = _index_of(margin, p_churn)
    m = np.atleast_1d(np.asarray(margin, dtype="float64"))

    if survival is None:
        p = np.atleast_1d(np.asarray(p_churn, dtype="float64"))
        if ((p < 0) | (p > 1)).any():
            raise ValueError("p_churn must be probabilities between 0 and 1 (missing values are allowed)")
        m, p = np.broadcast_arrays(m, p)
        with np.errstate(divide="ignore", invalid="ignore"):
            log_stay = np.log1p(-p)  # −inf at p = 1: nobody reaches month 1
            value = m * _geometric_sum(log_stay + log_discount, horizon)
            lifetime = _geometric_sum(log_stay, horizon)
    else:
        s = np.asarray(survival, dtype="float64")
        if s.ndim not in (1, 2) or s.shape[-1] != horizon:
            raise ValueError(f"survival must have shape ({horizon},) or (n, {horizon}), not {s.shape}")
        if ((s < 0) | (s > 1)).any():
            raise ValueError("survival must be probabilities between 0 and 1 (missing values are allowed)")
        weights = np.exp(log_discount * np.arange(horizon))
        s2 = np.atleast_2d(s)
        m, value, lifetime = np.broadcast_arrays(m, s2 @ weights, s2.sum(axis=1))
        value = m * value

    if index is not None and len(index) != len(value):
        index = None
    return pd.DataFrame(
        {"clv": np.array(value, dtype="float64"), "expected_lifetime_months": np.array(lifetime, dtype="float64")},
        index=index,
    )


def _geometric_sum(log_ratio: np.ndarray, horizon: int) -> np.ndarray:
    """Σ_{t=0}^{H−1} x^t for x = exp(log_ratio), accurate when x is near 1 (expm1 keeps the digits)."""
    flat = log_ratio == 0
    safe = np.where(flat, -1.0, log_ratio)
    ratio = np.expm1(horizon * safe) / np.expm1(safe)
    return np.where(flat, float(horizon), ratio)
