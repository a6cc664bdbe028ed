"""The X-learner: recovers a known heterogeneous effect from a randomised campaign, follows the
scikit-learn contract, and falls back to constants when an arm cannot be modelled."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from churnguard.modeling.uplift import AnswerUplift, ScoreTwoModel, XLearner

# τ(x) = P(leave | control) − P(leave | treated): contact helps "a", drives "b" away, does nothing for "c".
TRUE_EFFECT = {"a": 0.20, "b": -0.15, "c": 0.0}


def _campaign(n: int = 4000, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = pd.DataFrame({"x1": rng.normal(0.0, 1.0, n), "x2": rng.choice(["a", "b", "c"], n)})
    treatment = rng.random(n) >= 0.3  # 30 % control
    effect = X["x2"].map(TRUE_EFFECT).to_numpy()
    p_leave = np.where(treatment, 0.3 - effect, 0.3)
    y = (rng.random(n) < p_leave).astype(int)
    return X, treatment, y


@pytest.fixture(scope="module")
def fitted() -> tuple[XLearner, pd.DataFrame]:
    X, treatment, y = _campaign()
    return XLearner(seed=1).fit(X, treatment, y), X


def test_recovers_the_sign_order_and_size_of_the_effect(fitted: tuple[XLearner, pd.DataFrame]) -> None:
    model, X = fitted
    tau = pd.Series(model.predict(X)).groupby(X["x2"].to_numpy()).mean()
    assert tau["a"] > 0 > tau["b"]
    assert tau["a"] > tau["c"] > tau["b"]
    for group, truth in TRUE_EFFECT.items():
        assert tau[group] == pytest.approx(truth, abs=0.1), group
    assert model.treated_ + model.control_ == len(X)
    assert model.propensity_ == pytest.approx(0.7, abs=0.03)
    assert model.features_ == ["x1", "x2"] and model.categories_ == {"x2": ["a", "b", "c"]}


def test_an_unseen_category_or_a_bad_number_does_not_raise(fitted: tuple[XLearner, pd.DataFrame]) -> None:
    model, _ = fitted
    new = pd.DataFrame({"x2": ["z", "a", None], "x1": ["0.5", "oops", 1.0], "extra": [1, 2, 3]})
    got = model.predict(new)
    assert got.shape == (3,) and np.isfinite(got).all()


def test_follows_the_scikit_learn_contract() -> None:
    model = XLearner(n_estimators=20, num_leaves=3, seed=7)
    params = model.get_params()
    assert params == {
        "n_estimators": 20,
        "learning_rate": 0.05,
        "num_leaves": 3,
        "min_child_samples": 40,
        "colsample_bytree": 0.7,
        "reg_lambda": 5.0,
        "seed": 7,
        "threads": 1,
    }
    copy = clone(model)
    assert copy is not model and copy.get_params() == params
    assert not hasattr(copy, "mu0_")  # __init__ learns nothing
    X, treatment, y = _campaign(n=600, seed=3)
    assert model.fit(X, treatment, y) is model
    assert not hasattr(clone(model), "tau1_")
    model.set_params(n_estimators=30)
    assert model.get_params()["n_estimators"] == 30


def test_small_arms_fall_back_to_the_difference_of_means() -> None:
    # 30 lines: both arms are below 2 × min_child_samples, so every model is a constant and the effect is
    # the plain difference of the arms' leaving rates.
    rng = np.random.default_rng(5)
    X = pd.DataFrame({"x1": rng.normal(size=30), "x2": rng.choice(["a", "b"], 30)})
    treatment = np.arange(30) % 2 == 0
    y = np.r_[np.ones(6), np.zeros(24)][rng.permutation(30)]
    model = XLearner().fit(X, treatment, y)
    expected = y[~treatment].mean() - y[treatment].mean()
    assert model.predict(X) == pytest.approx(np.full(30, expected))


def test_an_arm_with_one_class_falls_back_without_error() -> None:
    X, treatment, y = _campaign(n=2000, seed=4)
    y = np.where(treatment, 0, y)  # nobody treated left
    model = XLearner(n_estimators=30).fit(X, treatment, y)
    got = model.predict(X)
    assert np.isfinite(got).all()
    # The treated arm's outcome is a constant 0, so the effect is about the control arm's leaving rate.
    assert got.mean() == pytest.approx(y[~treatment].mean(), abs=0.1)


def test_an_arm_without_lines_does_not_stop_the_fit() -> None:
    X, _, y = _campaign(n=300, seed=4)
    model = XLearner(n_estimators=10).fit(X, np.ones(300, dtype=bool), y)
    assert model.control_ == 0 and np.isfinite(model.predict(X)).all()


# ---------------------------------------------------------------- the two-model on a shared score


def _scored_campaign(
    n: int, seed: int, *, inflate: float = 1.0, effect_a: float = 0.5
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
    """Lines with a churn score; contact halves (``effect_a``) the chance of leaving for group "a" only.
    ``inflate`` makes the score run high in both arms, as it does among the lines a campaign chose."""
    rng = np.random.default_rng(seed)
    p = rng.uniform(0.05, 0.4, n)
    X = pd.DataFrame(
        {"p_churn": np.clip(p * inflate, 0, 0.99), "noise": rng.normal(size=n), "x2": rng.choice(["a", "c"], n)}
    )
    treatment = rng.random(n) >= 0.3
    cut = np.where((X["x2"] == "a").to_numpy() & treatment, effect_a, 0.0)
    y = (rng.random(n) < p * (1 - cut)).astype(int)
    return X, treatment, y, p * np.where(X["x2"] == "a", effect_a, 0.0)


def test_the_two_model_finds_who_contact_helps() -> None:
    X, treatment, y, truth = _scored_campaign(8000, seed=2)
    model = ScoreTwoModel(seed=0).fit(X, treatment, y)
    tau = model.predict(X)
    by_group = pd.Series(tau).groupby(X["x2"].to_numpy()).mean()
    assert by_group["a"] == pytest.approx(truth[X["x2"] == "a"].mean(), abs=0.03)
    assert abs(by_group["c"]) < 0.03
    assert model.treated_trees_ is not None  # trees kept: the group matters in the treated arm


def test_the_two_model_is_not_fooled_by_a_score_that_runs_high() -> None:
    # No effect at all, but the score overstates every line's risk by half in both arms: raw, it would
    # credit the contact with the gap; recalibrated on each arm, the effect is about zero.
    X, treatment, y, _ = _scored_campaign(4000, seed=3, inflate=1.5, effect_a=0.0)
    model = ScoreTwoModel(seed=0).fit(X, treatment, y)
    tau = model.predict(X)
    # What is left is the arms' sampling difference, not the score's bias.
    assert tau.mean() == pytest.approx(y[~treatment].mean() - y[treatment].mean(), abs=0.01)
    assert abs(tau.mean()) < 0.03
    assert (X["p_churn"] - y).mean() > 0.05  # the raw score's bias the model had to remove
    assert model.control_trees_ is None and model.treated_trees_ is None  # no tree beat the calibration


def test_the_two_model_copes_with_an_arm_of_one_class() -> None:
    X, treatment, _, _ = _scored_campaign(200, seed=5)
    y = np.where(treatment, (np.arange(200) % 5 == 0).astype(int), 0)  # nobody in control left
    model = ScoreTwoModel(seed=0).fit(X, treatment, y)
    assert np.isfinite(model.predict(X)).all()
    assert clone(model).get_params()["score"] == "p_churn"


# ---------------------------------------------------------------- uplift through the customers' answers

REACH = {"vip_manager": 0.9, "sms": 0.4}


def _answered_campaign(n: int, seed: int) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Group "a" is mostly persuadable (kept when they accept), "b" sure things (accept, change nothing),
    "c" mostly do-not-disturb (ask not to be called, and 30 % of those staying then leave). Returns the
    lines, treatment, outcome, answers and each line's true effect."""
    rng = np.random.default_rng(seed)
    p = rng.uniform(0.05, 0.4, n)
    group = rng.choice(["a", "b", "c"], n)
    channel = rng.choice(list(REACH), n)
    X = pd.DataFrame({"p_churn": p, "x2": group, "channel": channel, "noise": rng.normal(size=n)})
    kind = np.where(
        group == "a",
        np.where(rng.random(n) < 0.7, "persuadable", "sure"),
        np.where(group == "b", "sure", np.where(rng.random(n) < 0.6, "dnd", "sure")),
    )
    treated = rng.random(n) >= 0.25
    reach = pd.Series(channel).map(REACH).to_numpy()
    reached = treated & (rng.random(n) < reach)
    accept_p = np.where(kind == "persuadable", 0.7, np.where(kind == "sure", 0.5, 0.0))
    accepted = reached & (rng.random(n) < accept_p)
    leaves = rng.random(n) < p
    harmed = reached & (kind == "dnd") & ~leaves & (rng.random(n) < 0.3)
    y = ((leaves & ~(accepted & (kind == "persuadable"))) | harmed).astype(float)
    answers = np.where(
        accepted, "accepted", np.where(reached, np.where(kind == "dnd", "do_not_contact", "declined"), "no_answer")
    )
    answers = np.where(treated, answers, None)
    truth = np.where(kind == "persuadable", reach * 0.7 * p, 0.0) - np.where(kind == "dnd", reach * 0.3 * (1 - p), 0.0)
    return X, treated, y, answers, truth


def test_the_answer_model_splits_the_effect_by_what_customers_say() -> None:
    X, treated, y, answers, truth = _answered_campaign(12000, seed=8)
    model = AnswerUplift(seed=0).fit(X, treated, y, answers)
    tau = pd.Series(model.predict(X))
    by_group = tau.groupby(X["x2"].to_numpy()).mean()
    true_by_group = pd.Series(truth).groupby(X["x2"].to_numpy()).mean()
    assert by_group["a"] > by_group["b"] > 0 > by_group["c"]
    assert by_group["a"] == pytest.approx(true_by_group["a"], abs=0.03)
    assert by_group["c"] == pytest.approx(true_by_group["c"], abs=0.03)
    # The account manager reaches more customers than a message: the same line gains more by visit.
    vip = tau[(X["channel"] == "vip_manager").to_numpy() & (X["x2"] == "a").to_numpy()].mean()
    sms = tau[(X["channel"] == "sms").to_numpy() & (X["x2"] == "a").to_numpy()].mean()
    assert vip > 1.5 * sms
    # The control group carries the scale: the mean predicted effect is the one the arms show.
    measured = y[~treated].mean() - y[treated].mean()
    assert tau[treated].mean() == pytest.approx(measured, abs=0.02)
    assert 0 < model.kappa_se_ < model.kappa_ and model.eta_ > 0


def test_the_answer_model_copes_with_nobody_accepting() -> None:
    X, treated, y, answers, _ = _answered_campaign(400, seed=9)
    answers = np.where(answers == "accepted", "declined", answers)
    model = AnswerUplift(seed=0).fit(X, treated, y, answers)
    got = model.predict(X)
    assert np.isfinite(got).all()
    # Nobody accepts, so nobody is kept: the contact can only do harm (those asking not to be called).
    assert (model.parts(X)["accept"] < 0.05).all() and got.max() < 0.01


def test_the_catalogue_is_the_prior_until_campaigns_say_otherwise() -> None:
    # A small campaign hardly tells κ: what the catalogue promised moves it; a large one outweighs it.
    X, treated, y, answers, _ = _answered_campaign(500, seed=10)
    promised = np.full(len(X), 0.4)
    plain = AnswerUplift(seed=0).fit(X, treated, y, answers)
    told = AnswerUplift(seed=0).fit(X, treated, y, answers, save_rates=promised)
    assert plain.save_prior_ == (1.0, 1.0) and told.save_prior_[0] > told.save_prior_[1]
    assert told.kappa_ > plain.kappa_ + 0.05
    X, treated, y, answers, _ = _answered_campaign(12000, seed=8)
    plain = AnswerUplift(seed=0).fit(X, treated, y, answers)
    told = AnswerUplift(seed=0).fit(X, treated, y, answers, save_rates=np.full(len(X), 0.4))
    assert told.kappa_ == pytest.approx(plain.kappa_, abs=0.03)
    assert 0 < told.kappa_se_ < 0.1
