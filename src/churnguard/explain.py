"""Why a customer may leave: model contributions turned into business reasons and an action.

Contributions are in log-odds. LightGBM gives exact TreeSHAP values (``pred_contrib``); every other
model is explained by occlusion: a feature's contribution is the change in log-odds when it is
replaced by a typical value (median, or most common category) seen in training. For a linear model
this is exactly its coefficient times the deviation from the baseline.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from churnguard.features.catalog import CATEGORIES, describe_feature
from churnguard.features.snapshot import Schema
from churnguard.i18n import t
from churnguard.i18n.domain import ACTIONS, YES_NO
from churnguard.modeling.zoo import logit

__all__ = [
    "ACTIONS",
    "PREPAID_PROXIES",
    "baseline_of",
    "contributions",
    "prepaid_lines",
    "prepaid_reads_as_price",
    "reasons",
]


def prepaid_lines(frame: pd.DataFrame) -> np.ndarray | None:
    """Which rows are prepaid lines (the mart's ``is_prepaid``); None for a table that does not say."""
    return _flag(frame, "is_prepaid")


def prepaid_reads_as_price(categories: np.ndarray, matrix: pd.DataFrame) -> np.ndarray:
    """Reason categories as offers answer them. A bill dispute is answered by the service offers. The
    "prepaid line" reason, and a prepaid line's payment
    reason, read as price. A prepaid line owes nothing: what its payment figures say (credit left,
    small top-ups) is about what it spends, which the tariff answers (a better plan, a recharge bonus),
    not a payment plan. Tables without ``is_prepaid`` (a flat customer file) keep their payment reasons."""
    out = np.asarray(categories, dtype=object).copy()
    out[out == "prepaid"] = "price"
    out[out == "billing"] = "service"  # a disputed bill is answered by the care team's call
    prepaid = prepaid_lines(matrix)
    if prepaid is not None:
        out[prepaid & (out == "arrears")] = "price"
    return out


def baseline_of(matrix: pd.DataFrame) -> dict[str, object]:
    """Typical value per feature: the median of numbers, the most common category."""
    base: dict[str, object] = {}
    for column in matrix.columns:
        series = matrix[column]
        if isinstance(series.dtype, pd.CategoricalDtype):
            counts = series.value_counts()
            base[column] = counts.index[0] if len(counts) else None
        else:
            median = series.median()
            base[column] = None if pd.isna(median) else float(median)
    return base


def contributions(model: object, matrix: pd.DataFrame, baseline: dict[str, object]) -> pd.DataFrame:
    """Per-customer, per-feature contributions to the churn log-odds."""
    native = getattr(model, "contributions", None)
    if native is not None:
        try:
            values = np.asarray(native(matrix))[:, : matrix.shape[1]]
            return pd.DataFrame(values, columns=matrix.columns, index=matrix.index)
        except AttributeError:  # a wrapper (per-segment models) whose members have no native values
            pass
    full = logit(model.predict_proba(matrix)[:, 1])
    out = {}
    swapped = matrix.copy()  # one copy; each column is set to its baseline and put back in turn
    for column in matrix.columns:
        original = swapped[column]
        value = baseline.get(column)
        if isinstance(original.dtype, pd.CategoricalDtype):
            categories = original.cat.categories
            swapped[column] = pd.Categorical([value] * len(swapped), categories=categories)
        else:
            swapped[column] = np.nan if value is None else value
        out[column] = full - logit(model.predict_proba(swapped)[:, 1])
        swapped[column] = original
    return pd.DataFrame(out, index=matrix.index)


def _display(value: object, spec_kind: str, true_value: str | None, false_value: str | None, lang: str) -> str | None:
    """A value as a reason shows it; None when it is missing (the caller says so in words)."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    if spec_kind == "boolean":
        label = true_value if value == 1 else false_value
        if label in ("1", "0"):  # a 0/1 flag reads better as yes/no
            label = YES_NO[str(label)][lang == "zh"]
        return str(label)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    return str(value)


# A group of contributions smaller than this (in log-odds: 1 % of the odds) moves nobody's risk.
_MIN_RAISE = 0.01
# Features that, on a prepaid line, stand for the same business fact: the line is prepaid (its SMS are
# billed per message; its "payments" are top-ups). With every payment feature they are one reason.
PREPAID_PROXIES = ("is_prepaid", "bill_sms")
SUSPENDED_FOR_ARREARS = "suspended_arrears_now"
NEW_LINE, NEW_LINE_MONTHS = "tenure_months", 6
INACTIVE = "inactive_now"
_CHUNK = 100_000
_CATEGORY_KEYS = list(CATEGORIES)


def _categories_by_line(names: np.ndarray, matrix: pd.DataFrame, own: np.ndarray | None = None) -> np.ndarray:
    """The reason category of every (line, feature): the feature's own, except where the line's state
    makes several features one business fact. On a prepaid line its payment features and prepaid
    proxies are the one "prepaid" reason. On a line younger than six months, features it has no value
    for yet (trends, history), its contract and phone, which began with it, its usage, still being
    taken up, and (on a prepaid card) its prepaid proxies say that it is new: a tenure reason, which
    new-customer care answers; on a silent or suspended line, the
    measurements it has no value for (cells, contacts, shares) say that it had no usage. On a line
    suspended for arrears, its collapsed usage and bills and its missing measurements are what the
    suspension did: they and the arrears figures are the one "arrears" reason."""
    code = _CATEGORY_KEYS.index
    own = _own_categories(names) if own is None else own
    codes = np.broadcast_to(own, (len(matrix), len(names))).copy()
    prepaid = prepaid_lines(matrix)
    prepaid_fact = np.isin(names, PREPAID_PROXIES) | (own == code("arrears"))
    if prepaid is not None and prepaid.any():
        codes[np.ix_(prepaid, prepaid_fact)] = code("prepaid")
    missing = matrix[list(names)].isna().to_numpy()
    # A measurement a line has no value for is no reason in itself; it says what the line's state is.
    inactive = _flag(matrix, INACTIVE)
    if inactive is not None:
        # No usage this month: no cells, no contacts, no shares to measure.
        codes[inactive[:, None] & missing] = code("usage")
    if NEW_LINE in matrix:
        # A new line has no history yet: what its missing trends and counts say is that it is new.
        tenure = pd.to_numeric(matrix[NEW_LINE], errors="coerce").to_numpy(float)
        new = np.nan_to_num(tenure, nan=np.inf) < NEW_LINE_MONTHS
        # Its contract, phone and history all began with it: one "new customer" reason.
        newness = np.isin(own, [code("tenure"), code("contract"), code("device"), code("usage")])
        codes[new[:, None] & (missing | newness)] = code("tenure")
        if prepaid is not None:
            # A prepaid card bought in the last months: that it is new, not how it is paid, is the
            # reason (the first months are when new cards are dropped; new-customer care answers it).
            codes[np.ix_(new & prepaid, prepaid_fact)] = code("tenure")
    suspended = _flag(matrix, SUSPENDED_FOR_ARREARS)
    if suspended is not None and suspended.any():
        suspension_fact = np.isin(own, [code("usage"), code("price"), code("arrears")]) | np.isin(
            names, PREPAID_PROXIES
        )
        codes[np.ix_(suspended, suspension_fact)] = code("arrears")
        codes[suspended[:, None] & missing] = code("arrears")
    return codes


def _own_categories(names: np.ndarray) -> np.ndarray:
    """Each feature's own reason category, as an index into ``CATEGORIES``."""
    return np.array([_CATEGORY_KEYS.index(describe_feature(n).category) for n in names])


def _flag(matrix: pd.DataFrame, column: str) -> np.ndarray | None:
    if column not in matrix:
        return None
    return pd.to_numeric(matrix[column], errors="coerce").fillna(0).to_numpy(float) == 1


def reasons(
    contrib: pd.DataFrame, matrix: pd.DataFrame, schema: Schema, *, top: int = 3, lang: str = "en"
) -> pd.DataFrame:
    """The ``top`` business reasons per customer and a recommended action that answers the first.

    Contributions are first summed per business reason (the reason category; on a prepaid line its
    payment figures and SMS bill are the one "prepaid line" reason), so the first reason is the
    business reason, not its largest proxy. Only reasons that raise the risk are given, largest first;
    a line with none says so in ``reason_1`` and gets no action. Each reason names its strongest
    risk-raising feature with a recorded value as evidence (or says in words that none is on record).

    Columns: ``reason_i`` (a sentence), ``reason_i_feature``, ``reason_i_value``, ``reason_i_direction``
    (always "up"), ``reason_i_contribution`` (the reason's summed log-odds), ``reason_i_category``;
    then ``recommended_action``.
    """
    specs = {s.feature_name: s for s in schema.features}
    parts = [
        _reasons_chunk(contrib.iloc[i : i + _CHUNK], matrix.iloc[i : i + _CHUNK], specs, top=top, lang=lang)
        for i in range(0, max(len(contrib), 1), _CHUNK)
    ]
    return pd.concat(parts) if len(parts) > 1 else parts[0]


def _reasons_chunk(contrib: pd.DataFrame, matrix: pd.DataFrame, specs: dict, *, top: int, lang: str) -> pd.DataFrame:
    zh = lang == "zh"
    names = np.asarray(contrib.columns)
    values = contrib.to_numpy(float)
    n = len(values)
    own = _own_categories(names)
    codes = _categories_by_line(names, matrix, own)
    grouped = np.column_stack([np.where(codes == c, values, 0.0).sum(axis=1) for c in range(len(_CATEGORY_KEYS))])
    top = min(top, len(_CATEGORY_KEYS))
    order = np.argsort(-grouped, axis=1, kind="stable")[:, :top]
    rows = np.arange(n)
    data = matrix[list(names)]
    cells = data.to_numpy(object)
    missing = data.isna().to_numpy()
    label = np.array([describe_feature(x).name(lang) for x in names], dtype=object)
    kinds = [(specs[x].kind, specs[x].true_value, specs[x].false_value) for x in names]
    category_text = np.array([CATEGORIES[c][1 if zh else 0] for c in _CATEGORY_KEYS], dtype=object)
    because = t("reason.because", lang, category="{0}", feature="{1}", value="{2}")
    absent = t("reason.absent", lang, category="{0}", feature="{1}")
    out: dict[str, object] = {}
    none = np.full(n, None, dtype=object)
    for rank in range(top):
        c = order[:, rank]
        size = grouped[rows, c]
        real = size >= _MIN_RAISE
        # Evidence: the strongest risk-raising feature of the reason, preferring one with a recorded value,
        # then one of the reason's own kind (a suspension's days, not the bill it emptied).
        inside = (codes == c[:, None]) & (values > 0)
        native = own[None, :] == c[:, None]
        key = np.where(inside, values - np.where(missing, 1e6, 0.0) + np.where(native, 1e3, 0.0), -np.inf)
        j = key.argmax(axis=1)
        picked = cells[rows, j]
        shown = np.array(
            [_display(v, *kinds[jj], lang) if ok else None for v, jj, ok in zip(picked, j, real, strict=True)],
            dtype=object,
        )
        sentence = np.array(
            [
                None
                if not ok
                else because.format(category_text[cc], label[jj], v)
                if v is not None
                else absent.format(category_text[cc], label[jj])
                for ok, cc, jj, v in zip(real, c, j, shown, strict=True)
            ],
            dtype=object,
        )
        r = rank + 1
        out[f"reason_{r}"] = sentence
        out[f"reason_{r}_feature"] = np.where(real, names[j].astype(object), none)
        out[f"reason_{r}_value"] = np.where(real, shown, none)
        out[f"reason_{r}_direction"] = np.where(real, "up", none)
        out[f"reason_{r}_contribution"] = np.where(real, np.round(size, 4), np.nan)
        out[f"reason_{r}_category"] = np.where(real, category_text[c], none)
    first = grouped[rows, order[:, 0]] >= _MIN_RAISE
    out["reason_1"] = np.where(first, out["reason_1"], t("reason.none", lang))
    action = np.where(first, np.array(_CATEGORY_KEYS, dtype=object)[order[:, 0]], "none")
    out["recommended_action"] = np.array([ACTIONS[a][1 if zh else 0] for a in action], dtype=object)
    return pd.DataFrame(out, index=contrib.index)
