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
from churnguard.modeling.zoo import logit

__all__ = ["ACTIONS", "baseline_of", "contributions", "prepaid_lines", "prepaid_reads_as_price", "reasons"]

ACTIONS: dict[str, tuple[str, str]] = {
    "contract": ("Offer a discounted one- or two-year contract", "推荐优惠的一年或两年合约"),
    "price": (
        "Review the plan: a better-fitting tariff or a loyalty discount",
        "资费关怀：推荐更合适的套餐或忠诚折扣",
    ),
    "service": ("Service-recovery call from the care team; close open complaints", "客服回访，解决未结投诉"),
    "network": (
        "Check network quality where the customer lives; offer an upgrade",
        "核查客户所在地网络质量，提供网络升级",
    ),
    "device": ("Offer a device upgrade or subsidy", "提供换机或购机补贴"),
    "competitor": (
        "Counter the competitor's offer: a matching benefit from the retention team",
        "应对竞争对手：由维系团队提供对等权益",
    ),
    "social": ("Family and friends offer: bring the circle onto one shared plan", "亲情关怀：推荐亲情网/共享套餐"),
    "arrears": ("Move to automatic payment; offer a payment plan", "引导自动缴费，提供分期方案"),
    "usage": ("Usage care: bundle the services the customer uses most", "用量关怀：为常用业务推荐组合包"),
    "tenure": (
        "New-customer care: onboarding call and an early-months benefit",
        "新客关怀：入网回访和前几个月的权益",
    ),
    "household": ("Offer a family bundle", "推荐家庭融合套餐"),
    "other": ("Standard retention call", "常规维系外呼"),
    "none": ("No action needed", "无需干预"),
}


def prepaid_lines(frame: pd.DataFrame) -> np.ndarray | None:
    """Which rows are prepaid lines (the mart's ``is_prepaid``); None for a table that does not say."""
    if "is_prepaid" not in frame:
        return None
    return pd.to_numeric(frame["is_prepaid"], errors="coerce").fillna(0).to_numpy(float) == 1


def prepaid_reads_as_price(categories: np.ndarray, matrix: pd.DataFrame) -> np.ndarray:
    """Reason categories with a prepaid line's payment reason read as price. A prepaid line owes
    nothing: what its payment figures say (credit left, small top-ups) is about what it spends, which
    the tariff answers (a better plan, a recharge bonus), not a payment plan. Tables without
    ``is_prepaid`` (a flat customer file) are left as they are."""
    prepaid = prepaid_lines(matrix)
    if prepaid is None:
        return categories
    out = np.asarray(categories, dtype=object).copy()
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


def _display(value: object, spec_kind: str, true_value: str | None, false_value: str | None, lang: str) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return "缺失" if lang == "zh" else "(missing)"
    if spec_kind == "boolean":
        label = true_value if value == 1 else false_value
        if label in ("1", "0"):  # a 0/1 flag reads better as yes/no
            label = {"1": ("Yes", "是"), "0": ("No", "否")}[str(label)][lang == "zh"]
        return str(label)
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    return str(value)


_NO_EFFECT = 1e-6


def reasons(
    contrib: pd.DataFrame, matrix: pd.DataFrame, schema: Schema, *, top: int = 3, lang: str = "en"
) -> pd.DataFrame:
    """The ``top`` reasons per customer (largest contributions first) and a recommended action.

    Columns: ``reason_i`` (a sentence), ``reason_i_feature``, ``reason_i_value``, ``reason_i_direction``
    (up/down), ``reason_i_contribution``, ``reason_i_category``; then ``recommended_action``.
    A feature that did not move this customer's score (a tree that never split on it) is no
    reason: its cells stay empty.
    """
    specs = {s.feature_name: s for s in schema.features}
    if all(specs[name].kind == "numeric" for name in contrib.columns):
        return _numeric_reasons(contrib, matrix, top=top, lang=lang)
    texts = {name: describe_feature(name) for name in contrib.columns}
    values = contrib.to_numpy()
    order = np.argsort(-np.abs(values), axis=1, kind="stable")[:, :top]
    names = np.asarray(contrib.columns)
    rows = []
    for i in range(values.shape[0]):
        row: dict[str, object] = {}
        action = "none"
        for rank, j in enumerate(order[i], start=1):
            name, c = names[j], float(values[i, j])
            if abs(c) < _NO_EFFECT:
                for suffix in ("", "_feature", "_value", "_direction", "_contribution", "_category"):
                    row[f"reason_{rank}{suffix}"] = None
                continue
            spec = specs[name]
            shown = _display(matrix.iat[i, j], spec.kind, spec.true_value, spec.false_value, lang)
            direction = "up" if c > 0 else "down"
            label = texts[name].name(lang)
            row[f"reason_{rank}"] = t("reason.up" if c > 0 else "reason.down", lang, feature=label, value=shown)
            row[f"reason_{rank}_feature"] = name
            row[f"reason_{rank}_value"] = shown
            row[f"reason_{rank}_direction"] = direction
            row[f"reason_{rank}_contribution"] = round(c, 4)
            category = texts[name].category
            row[f"reason_{rank}_category"] = CATEGORIES[category][1 if lang == "zh" else 0]
            if action == "none" and c > 0:
                action = category
        row["recommended_action"] = action
        rows.append(row)
    out = pd.DataFrame(rows, index=contrib.index)
    actions = prepaid_reads_as_price(out["recommended_action"].to_numpy(object), matrix)
    out["recommended_action"] = [ACTIONS[a][1 if lang == "zh" else 0] for a in actions]
    return out


def _shown(value: float, lang: str) -> str:
    if value != value:  # NaN
        return "缺失" if lang == "zh" else "(missing)"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _numeric_reasons(contrib: pd.DataFrame, matrix: pd.DataFrame, *, top: int, lang: str) -> pd.DataFrame:
    """:func:`reasons` for numeric features, column by column instead of row by row (a million lines
    of the monthly base take seconds, not minutes). Same output as the general path."""
    names = np.asarray(contrib.columns)
    values = contrib.to_numpy(float)
    data = matrix[list(contrib.columns)].to_numpy(float)
    n, k = values.shape
    top = min(top, k)
    magnitude = -np.abs(values)
    # The top few by magnitude, ordered as a stable full sort would order them (ties: lower column first).
    if top < k:
        part = np.argpartition(magnitude, top - 1, axis=1)[:, :top]
        cut = np.take_along_axis(magnitude, part, axis=1).max(axis=1, keepdims=True)
        tied = (magnitude == cut).sum(axis=1) > (np.take_along_axis(magnitude, part, axis=1) == cut).sum(axis=1)
        order = part
        if tied.any():  # rare exact ties at the boundary: take the stable full sort for those rows
            order[tied] = np.argsort(magnitude[tied], axis=1, kind="stable")[:, :top]
        within = np.lexsort((order, np.take_along_axis(magnitude, order, axis=1)), axis=1)
        order = np.take_along_axis(order, within, axis=1)
    else:
        order = np.argsort(magnitude, axis=1, kind="stable")
    rows = np.arange(n)
    texts = [describe_feature(name) for name in names]
    label = np.array([x.name(lang) for x in texts], dtype=object)
    category_key = np.array([x.category for x in texts], dtype=object)
    category_text = np.array([CATEGORIES[x.category][1 if lang == "zh" else 0] for x in texts], dtype=object)
    up, down = (t("reason.up", lang, feature="{0}", value="{1}"), t("reason.down", lang, feature="{0}", value="{1}"))
    out: dict[str, object] = {}
    action = np.full(n, "none", dtype=object)
    for rank in range(top):
        j = order[:, rank]
        c = values[rows, j]
        real = np.abs(c) >= _NO_EFFECT
        shown = np.array([_shown(v, lang) for v in data[rows, j]], dtype=object)
        sentence = np.array(
            [(up if ci > 0 else down).format(f, v) for ci, f, v in zip(c, label[j], shown, strict=True)], dtype=object
        )
        none = np.full(n, None, dtype=object)
        r = rank + 1
        out[f"reason_{r}"] = np.where(real, sentence, none)
        out[f"reason_{r}_feature"] = np.where(real, names[j].astype(object), none)
        out[f"reason_{r}_value"] = np.where(real, shown, none)
        out[f"reason_{r}_direction"] = np.where(real, np.where(c > 0, "up", "down").astype(object), none)
        out[f"reason_{r}_contribution"] = np.where(real, np.round(c, 4), np.nan)
        out[f"reason_{r}_category"] = np.where(real, category_text[j], none)
        first_up = (action == "none") & real & (c > 0)
        action[first_up] = category_key[j][first_up]
    action = prepaid_reads_as_price(action, matrix)
    out["recommended_action"] = np.array([ACTIONS[a][1 if lang == "zh" else 0] for a in action], dtype=object)
    return pd.DataFrame(out, index=contrib.index)
