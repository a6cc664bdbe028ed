"""Churn kinds: the kind model's probabilities are probabilities, match the observed rates although
"none" lines are sampled, and follow the features that mark each kind."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression

from churnguard.modeling.kinds import CHURN_KINDS, ChurnWithKind

COLUMNS = ["p_active", "p_passive", "p_latent"]


def _lines(n: int, seed: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Lines with one marker feature per kind (``f_active`` …) and a noise column; about 1 % of each kind,
    so the kind model samples the "none" lines."""
    rng = np.random.default_rng(seed)
    X = pd.DataFrame({f"f_{k}": rng.normal(size=n) for k in CHURN_KINDS} | {"noise": rng.normal(size=n)})
    logits = np.column_stack([np.zeros(n)] + [-6.5 + 2.0 * X[f"f_{k}"].to_numpy() for k in CHURN_KINDS])
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    drawn = (p.cumsum(axis=1) < rng.random(n)[:, None]).sum(axis=1)
    kind = np.array(["none", *CHURN_KINDS])[drawn]
    return X, kind


Fitted = tuple[ChurnWithKind, pd.DataFrame, np.ndarray, pd.DataFrame]


@pytest.fixture(scope="module")
def fitted() -> Fitted:
    """The model, its training lines, their kinds and its kind probabilities on them."""
    X, kind = _lines(30_000, seed=0)
    y = (kind == "active").astype(int)
    model = ChurnWithKind(LogisticRegression(), threads=1, random_state=0)
    assert model.fit(X, y, kind) is model
    return model, X, kind, model.kind_proba(X)


def test_the_set_up_samples_the_none_lines(fitted: Fitted) -> None:
    _, _, kind, _ = fitted
    some = np.isin(kind, CHURN_KINDS).sum()
    # Enough of each kind to fit a kind model, and more "none" lines than the model keeps (10 × the others).
    assert all((kind == k).sum() >= 100 for k in CHURN_KINDS)
    assert (kind == "none").sum() > 10 * some


def test_kind_probabilities_are_probabilities(fitted: Fitted) -> None:
    _, X, _, proba = fitted
    assert list(proba.columns) == COLUMNS
    assert proba.index.equals(X.index)
    values = proba.to_numpy()
    assert np.isfinite(values).all() and (values >= 0).all() and (values <= 1).all()
    assert (values.sum(axis=1) <= 1 + 1e-9).all()  # the kinds and "none" share one distribution


def test_mean_kind_probability_matches_the_observed_rate(
    fitted: Fitted,
) -> None:
    model, _, kind, proba = fitted
    for k in CHURN_KINDS:
        observed = (kind == k).mean()
        assert model.kind_rates_[k] == pytest.approx(observed)
        assert observed / 2 < proba[f"p_{k}"].mean() < observed * 2, (k, observed, proba[f"p_{k}"].mean())


def test_lines_marked_for_a_kind_are_likelier_of_that_kind(
    fitted: Fitted,
) -> None:
    model, *_ = fitted
    new, _ = _lines(6_000, seed=1)  # lines the model has not seen
    proba = model.kind_proba(new)
    for k in CHURN_KINDS:
        marked = new[f"f_{k}"].to_numpy() > 1.5
        unmarked = new[f"f_{k}"].to_numpy() < 0
        p = proba[f"p_{k}"].to_numpy()
        assert p[marked].mean() > 4 * p[unmarked].mean(), k
        # The marker of one kind is no marker of the others.
        others = [o for o in CHURN_KINDS if o != k]
        assert all(p[marked].mean() > proba.loc[marked, f"p_{o}"].mean() for o in others), k


def test_churn_probability_is_the_churn_model_s(fitted: Fitted) -> None:
    model, X, kind, _ = fitted
    alone = LogisticRegression().fit(X, (kind == "active").astype(int))
    np.testing.assert_allclose(model.predict_proba(X), alone.predict_proba(X), rtol=1e-6, atol=1e-9)
    assert list(model.classes_) == [0, 1]
    assert model.predict_proba(X).shape == (len(X), 2)


def test_rare_or_missing_kinds_give_base_rates() -> None:
    X, _ = _lines(1_000, seed=2)
    y = np.zeros(len(X), dtype=int)
    y[:50] = 1
    kind = np.array(["none"] * len(X), dtype=object)
    kind[:10], kind[10:15], kind[15:18] = "active", "passive", "latent"  # all fewer than 20
    model = ChurnWithKind(LogisticRegression(), threads=1).fit(X, y, kind)
    assert model.kind_ is None
    proba = model.kind_proba(X.iloc[:7])
    assert proba.shape == (7, 3)
    np.testing.assert_allclose(proba.to_numpy(), np.tile([0.010, 0.005, 0.003], (7, 1)))

    without = ChurnWithKind(LogisticRegression(), threads=1).fit(X, y)
    assert (without.kind_proba(X).to_numpy() == 0).all()
    np.testing.assert_allclose(without.predict_proba(X), model.predict_proba(X))
