"""Per-segment models: each side of a 0/1 column gets its own model, and the backtest says whether
that beats one model for all."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from churnguard.modeling.backtest import origins, run_backtest
from churnguard.modeling.segmented import SegmentedModel, compare_segmented
from churnguard.modeling.zoo import make_model


def _frame(seed: int, n: int = 4000) -> pd.DataFrame:
    """Prepaid lines leave when usage is low, postpaid ones when it is high: one linear model cannot do both."""
    rng = np.random.default_rng(seed)
    prepaid = (rng.random(n) < 0.5).astype(float)
    usage = rng.normal(size=n)
    logit = -2.0 + np.where(prepaid == 1, -2.0 * usage, 2.0 * usage)
    churn = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    return pd.DataFrame({"is_prepaid": prepaid, "usage": usage, "events_mom": 0.0, "churn": churn})


def test_a_model_per_side_learns_what_one_model_cannot() -> None:
    train, test = _frame(0), _frame(1)
    X, y = train[["is_prepaid", "usage"]], train["churn"].to_numpy()
    one = LogisticRegression().fit(X, y)
    per_side = SegmentedModel(LogisticRegression(), column="is_prepaid").fit(X, y)
    assert set(per_side.parts_) == {True, False}
    assert per_side.all_ is None  # both sides have their own model: none for all rows is fitted
    Xt, yt = test[["is_prepaid", "usage"]], test["churn"].to_numpy()
    auc_one = roc_auc_score(yt, one.predict_proba(Xt)[:, 1])
    auc_sides = roc_auc_score(yt, per_side.predict_proba(Xt)[:, 1])
    assert auc_sides > auc_one + 0.1
    # Each line is scored by its own side's model.
    prepaid = Xt["is_prepaid"] == 1
    assert np.allclose(per_side.predict_proba(Xt[prepaid]), per_side.parts_[True].predict_proba(Xt[prepaid]))


def test_a_side_with_too_few_churners_keeps_the_model_for_all() -> None:
    train = _frame(0)
    train.loc[train["is_prepaid"] == 1, "churn"] = 0
    train.loc[train.index[train["is_prepaid"] == 1][:5], "churn"] = 1
    model = SegmentedModel(LogisticRegression(), column="is_prepaid").fit(
        train[["is_prepaid", "usage"]], train["churn"]
    )
    assert set(model.parts_) == {False}
    rows = train[["is_prepaid", "usage"]][train["is_prepaid"] == 1]
    assert np.allclose(model.predict_proba(rows), model.all_.predict_proba(rows))


def test_the_backtest_measures_the_gain_of_models_per_side() -> None:
    frames = {f"2025-0{m}": _frame(m, 3000) for m in range(1, 6)}
    plan = origins(list(frames), as_of="2025-06", horizon=1, window=2, count=2)
    features = ["is_prepaid", "usage"]
    backtest = run_backtest(frames, plan, models=["logreg"], features=features, make=lambda n: make_model(n))
    found = compare_segmented(backtest, frames, champion="logreg", features=features, make=lambda n: make_model(n))
    assert set(found) == {"is_prepaid"}  # is_enterprise is not among the features
    assert found["is_prepaid"]["gain"] > 0.1
    assert found["is_prepaid"]["champion_roc_auc"] == np.mean([m["roc_auc"] for m in backtest.metrics["logreg"]])
