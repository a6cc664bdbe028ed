"""Uplift: how much a retention contact lowers a line's chance of leaving, learnt from past campaigns.

An X-learner (Künzel et al., 2019) on LightGBM. Campaigns hold out a small random control group, and
the X-learner is the meta-learner made for unbalanced arms: it fits the outcome of each arm, imputes
each line's individual effect with the *other* arm's model, fits those effects, and weights the two
effect models by the share treated (the propensity, constant within a randomised campaign).

``y`` is 1 when the line left within the follow-up; the effect τ(x) = P(leave | control) − P(leave |
treated) is positive when contact helps and negative for customers whom contact drives away.

``ScoreTwoModel`` is the two-model approach built on a score both arms share (the churn model's
P(leave | not contacted), learnt on the whole untreated population): each arm's outcome is the score
recalibrated on that arm (two parameters), plus boosted trees on the other features only where they
predict better out of fold. With a few hundred lines per campaign, that is as much as the data carry:
the X-learner's effect trees, fitted to a handful of saves, would invent effects.

Written here rather than taken from causalml: that library pulls in a large dependency tree for what
is, with LightGBM already present, four model fits.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from lightgbm import LGBMClassifier, LGBMRegressor
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression

__all__ = ["ScoreTwoModel", "XLearner"]


_FOLDS = 3


def _loss(y: np.ndarray, guess: np.ndarray, classify: bool) -> float:
    if classify:
        p = np.clip(guess, 1e-6, 1 - 1e-6)
        return float(-(y * np.log(p) + (1 - y) * np.log(1 - p)).sum())
    return float(((y - guess) ** 2).sum())


class _Constant:
    """Stands in for a model when an arm is too small or has one class only."""

    def __init__(self, value: float) -> None:
        self.value = value

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return np.full(len(X), self.value)


class XLearner(BaseEstimator):
    """X-learner for a binary outcome with a randomised binary treatment.

    Parameters are LightGBM's, kept small and strongly regularised: campaigns teach from a few hundred
    to a few thousand lines.
    """

    def __init__(
        self,
        *,
        n_estimators: int = 150,
        learning_rate: float = 0.05,
        num_leaves: int = 4,
        min_child_samples: int = 40,
        colsample_bytree: float = 0.7,
        reg_lambda: float = 5.0,
        seed: int = 0,
        threads: int = 1,
    ) -> None:
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.num_leaves = num_leaves
        self.min_child_samples = min_child_samples
        self.colsample_bytree = colsample_bytree
        self.reg_lambda = reg_lambda
        self.seed = seed
        self.threads = threads

    def _params(self, n: int) -> dict:
        return {
            "n_estimators": self.n_estimators,
            "learning_rate": self.learning_rate,
            "num_leaves": self.num_leaves,
            "min_child_samples": max(self.min_child_samples, n // 50),
            "colsample_bytree": self.colsample_bytree,
            "subsample": 0.8,
            "subsample_freq": 1,
            "reg_lambda": self.reg_lambda,
            "random_state": self.seed,
            "n_jobs": self.threads,
            "force_col_wise": True,
            "deterministic": True,
            "verbose": -1,
        }

    def _outcome(self, X: pd.DataFrame, y: np.ndarray) -> object:
        if len(y) < 2 * self.min_child_samples or y.min() == y.max():
            return _Constant(float(y.mean()) if len(y) else 0.0)
        model = self._learns(LGBMClassifier, X, y, classify=True)
        return _Constant(float(y.mean())) if model is None else model

    def _effect(self, X: pd.DataFrame, d: np.ndarray) -> object:
        if len(d) < 2 * self.min_child_samples:
            return _Constant(float(d.mean()) if len(d) else 0.0)
        model = self._learns(LGBMRegressor, X, d, classify=False)
        return _Constant(float(d.mean())) if model is None else model

    def _learns(
        self, kind: type, X: pd.DataFrame, y: np.ndarray, *, classify: bool, base: np.ndarray | None = None
    ) -> object | None:
        """A tree model fitted on all rows when, out of fold, it predicts better than the reference (the
        mean, or the log-odds ``base`` it starts from); else None. A campaign teaches from a few hundred
        lines: trees fitted to that much noise would invent effects."""
        folds = np.random.default_rng(self.seed).permutation(len(y)) % _FOLDS
        tree_loss = reference_loss = 0.0
        for k in range(_FOLDS):
            train, test = folds != k, folds == k
            if classify and y[train].min() == y[train].max():
                return None
            start = {} if base is None else {"init_score": base[train]}
            model = kind(**self._params(int(train.sum()))).fit(X[train], y[train], **start)
            if base is not None:
                guess = 1 / (1 + np.exp(-(model.predict(X[test], raw_score=True) + base[test])))
                reference = 1 / (1 + np.exp(-base[test]))
            else:
                guess = model.predict_proba(X[test])[:, 1] if classify else model.predict(X[test])
                reference = np.full(int(test.sum()), y[train].mean())
            tree_loss += _loss(y[test], guess, classify)
            reference_loss += _loss(y[test], reference, classify)
        if tree_loss >= reference_loss:
            return None
        return kind(**self._params(len(y))).fit(X, y, **({} if base is None else {"init_score": base}))

    # Standard errors to allow for when ``uplift_caution`` is not set: effect trees overstate the best lines.
    default_caution = 1.0

    def cautious(self, X: pd.DataFrame, *, caution: float, lift_se: float) -> np.ndarray:
        """τ(x) less ``caution`` standard errors (``lift_se``) of the campaigns' measured lift."""
        return self.predict(X) - caution * lift_se

    @staticmethod
    def _p(model: object, X: pd.DataFrame) -> np.ndarray:
        if len(X) == 0:
            return np.zeros(0)
        if isinstance(model, LGBMClassifier):
            return model.predict_proba(X)[:, 1]
        return model.predict(X)

    def _learn_columns(self, X: pd.DataFrame) -> pd.DataFrame:
        """Remember the columns and each text column's categories; the frame as the models read it."""
        self.features_ = list(X.columns)
        self.categories_ = {
            c: sorted(X[c].dropna().astype(str).unique()) for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])
        }
        return self._frame(X)

    def _frame(self, X: pd.DataFrame) -> pd.DataFrame:
        X = X[self.features_].copy()
        for column in X.columns:
            if column in self.categories_:
                known = self.categories_[column]
                values = X[column].astype("string")
                # A value not seen in training is missing to the model, as LightGBM treats it anyway.
                values = values.where(values.isin(known))
                X[column] = pd.Categorical(values, categories=known)
            else:
                X[column] = pd.to_numeric(X[column], errors="coerce").astype(float)
        return X

    def fit(self, X: pd.DataFrame, treatment: np.ndarray, y: np.ndarray) -> XLearner:
        treatment = np.asarray(treatment, dtype=bool)
        y = np.asarray(y, dtype=float)
        X = self._learn_columns(X)
        X1, y1, X0, y0 = X[treatment], y[treatment], X[~treatment], y[~treatment]
        self.propensity_ = float(treatment.mean()) if len(treatment) else 0.0
        self.mu0_, self.mu1_ = self._outcome(X0, y0), self._outcome(X1, y1)
        # Imputed effects: what the other arm's model says the line would have done, minus what it did.
        d1 = self._p(self.mu0_, X1) - y1
        d0 = y0 - self._p(self.mu1_, X0)
        self.tau1_, self.tau0_ = self._effect(X1, d1), self._effect(X0, d0)
        self.treated_, self.control_ = int(treatment.sum()), int((~treatment).sum())
        return self

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        """τ(x): the fall in P(leave) that contacting the line brings (negative: contact makes it worse)."""
        X = self._frame(X)
        g = self.propensity_
        return g * self._p(self.tau0_, X) + (1 - g) * self._p(self.tau1_, X)


class ScoreTwoModel(XLearner):
    """Two-model uplift on a shared score: τ(x) = μ0(x) − μ1(x).

    ``score`` names a column with P(outcome | not treated) learnt elsewhere (the churn model's
    probability). Each arm's μ is a logistic recalibration of the score's log-odds on that arm — a
    campaign chooses lines *because* their scores are high, so among the chosen the raw scores run high
    (the winner's curse), in both arms alike — and boosted trees started from it (``init_score``) on
    the other features when, out of fold, they lower the arm's log loss.
    """

    def __init__(
        self,
        *,
        score: str = "p_churn",
        n_estimators: int = 150,
        learning_rate: float = 0.05,
        num_leaves: int = 4,
        min_child_samples: int = 40,
        colsample_bytree: float = 0.7,
        reg_lambda: float = 5.0,
        seed: int = 0,
        threads: int = 1,
    ) -> None:
        super().__init__(
            n_estimators=n_estimators,
            learning_rate=learning_rate,
            num_leaves=num_leaves,
            min_child_samples=min_child_samples,
            colsample_bytree=colsample_bytree,
            reg_lambda=reg_lambda,
            seed=seed,
            threads=threads,
        )
        self.score = score

    def _logit(self, X: pd.DataFrame) -> np.ndarray:
        p = np.clip(X[self.score].to_numpy(float), 1e-6, 1 - 1e-6)
        return np.log(p / (1 - p))

    def _trees(self, X: pd.DataFrame, y: np.ndarray, base: np.ndarray) -> object | None:
        """Trees started from the arm's calibrated score, when out of fold they lower its log loss."""
        if len(y) < 2 * self.min_child_samples or y.min() == y.max():
            return None
        return self._learns(LGBMClassifier, X, y, classify=True, base=base)

    def _base(self, X: pd.DataFrame, treated: bool) -> np.ndarray:
        return self.intercept_ + self.slope_ * self._logit(X) + (self.shift_ if treated else 0.0)

    def _arm_p(self, X: pd.DataFrame, *, treated: bool) -> np.ndarray:
        raw = self._base(X, treated)
        trees = self.treated_trees_ if treated else self.control_trees_
        if trees is not None:
            raw = raw + trees.predict(X, raw_score=True)
        return 1 / (1 + np.exp(-raw))

    def fit(self, X: pd.DataFrame, treatment: np.ndarray, y: np.ndarray) -> ScoreTwoModel:
        treatment = np.asarray(treatment, dtype=bool)
        y = np.asarray(y, dtype=float)
        X = self._learn_columns(X)
        self.propensity_ = float(treatment.mean()) if len(treatment) else 0.0
        self.treated_, self.control_ = int(treatment.sum()), int((~treatment).sum())
        z = self._logit(X)
        if len(y) >= 2 and 0 < y.sum() < len(y):
            # One slope for both arms, an intercept each: the effect keeps one sign along the score, so a
            # line far from the campaign's scores is never credited with an effect the data did not show.
            design = np.column_stack([z, treatment.astype(float)])
            calibration = LogisticRegression(C=10.0).fit(design, y)
            self.intercept_ = float(calibration.intercept_[0])
            self.slope_, self.shift_ = (float(v) for v in calibration.coef_[0])
        else:  # one class only: the score as it is, moved to the (smoothed) observed rate
            rate = (y.sum() + 0.5) / (len(y) + 1) if len(y) else 0.5
            mean = float(np.clip(X[self.score].to_numpy(float), 1e-6, 1).mean()) if len(y) else 0.5
            self.intercept_, self.slope_, self.shift_ = float(np.log(rate / mean)), 1.0, 0.0
        self.control_trees_ = self._trees(X[~treatment], y[~treatment], self._base(X[~treatment], False))
        self.treated_trees_ = self._trees(X[treatment], y[treatment], self._base(X[treatment], True))
        return self

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        """τ(x) = P(leave | not contacted) − P(leave | contacted)."""
        X = self._frame(X)
        return self._arm_p(X, treated=False) - self._arm_p(X, treated=True)


def _log_beta(x: np.ndarray, prior: tuple[float, float]) -> np.ndarray:
    return (prior[0] - 1) * np.log(x) + (prior[1] - 1) * np.log(1 - x)


def _moments(x: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    mean = float((w * x).sum())
    return mean, float(np.sqrt((w * (x - mean) ** 2).sum()))


class AnswerUplift(ScoreTwoModel):
    """Uplift through what the customer answers: τ(x) = A(x) · κ · L(x) − D(x) · η · (1 − L(x)).

    A retention contact changes a customer's course only through their answer: one who accepts the
    offer may be kept, one who asks not to be contacted again may be driven away, and one who is not
    reached or declines goes on as they would have. So the effect factors into

    - A(x) = P(accepts | contacted) and D(x) = P(asks not to be contacted | contacted), learnt from the
      answers of every contacted line of every campaign (plentiful: each reached customer says
      something, where a saved customer is only visible against the control group in aggregate);
      each is the channel's rate, plus boosted trees on the line, its offer and channel where out of
      fold they predict better;
    - L(x) = P(leave | not contacted): ``score`` recalibrated (intercept and slope) on the control
      group, which no contact touched;
    - κ, the share of accepting customers who would have left that an accepted offer keeps, and η,
      the share of those asking not to be contacted who then leave: two numbers, fitted by maximum
      likelihood to both arms' outcomes — the only part the randomised comparison has to carry — and
      taken at their posterior mean (``kappa_``, ``kappa_se_`` its standard deviation; ``kappa_mle_``
      the best fit alone): κ under a uniform prior, or under the offer catalogue's promise when
      ``save_rates`` are given, η under Beta(1, 4) (mean 0.2), so that a few campaigns move them only
      as far as their evidence goes.

    ``fit`` takes each treated line's recorded ``answers`` (accepted / do_not_contact / anything else)
    besides the outcome. A and D enter the outcome fit out of fold, so that a line's own answer does not
    leak into its predicted one (acceptors differ from the rest in ways that also keep them).
    """

    group = "channel"  # the answer rates start from each channel's own
    # Priors: nothing known about the save rate (uniform); harm is the exception — most customers who
    # ask not to be called again just do not want the calls — so η's prior has mean 0.2 and the weight
    # of five such customers, which a few campaigns' answers outweigh.
    save_prior = (1.0, 1.0)
    harm_prior = (1.0, 4.0)
    catalogue_weight = 2.0  # the catalogue's κ counts as much as two lines' worth of a Beta prior
    default_caution = 0.0  # κ and η are already the mean of what the campaigns allow

    def _rate_logit(self, rates: dict, X: pd.DataFrame, overall: float) -> np.ndarray:
        p = X[self.group].astype(str).map(rates).fillna(overall).to_numpy(float)
        p = np.clip(p, 1e-4, 1 - 1e-4)
        return np.log(p / (1 - p))

    def _answer_model(self, X: pd.DataFrame, y: np.ndarray) -> tuple[dict, float, object | None]:
        """A group's rate (smoothed towards the overall rate) and trees on top when they help."""
        overall = (y.sum() + 0.5) / (len(y) + 1)
        groups = X[self.group].astype(str).to_numpy()
        rates = {}
        for g in np.unique(groups):
            inside = groups == g
            rates[g] = float((y[inside].sum() + 10 * overall) / (inside.sum() + 10))
        trees = None
        if len(y) >= 2 * self.min_child_samples and 0 < y.sum() < len(y):
            trees = self._learns(LGBMClassifier, X, y, classify=True, base=self._rate_logit(rates, X, overall))
        return rates, float(overall), trees

    def _answer_p(self, model: tuple[dict, float, object | None], X: pd.DataFrame) -> np.ndarray:
        rates, overall, trees = model
        raw = self._rate_logit(rates, X, overall)
        if trees is not None:
            raw = raw + trees.predict(X, raw_score=True)
        return 1 / (1 + np.exp(-raw))

    def _out_of_fold(self, X: pd.DataFrame, y: np.ndarray, treated: np.ndarray) -> tuple[object, np.ndarray]:
        """The answer model on the treated lines, and its prediction for every line: out of fold for the
        treated, from the whole model for the control."""
        Xt, yt = X[treated], y[treated]
        model = self._answer_model(Xt, yt)
        out = self._answer_p(model, X)
        folds = np.random.default_rng(self.seed + 1).permutation(len(yt)) % _FOLDS
        inside = np.full(len(yt), np.nan)
        for k in range(_FOLDS):
            part = self._answer_model(Xt[folds != k], yt[folds != k])
            inside[folds == k] = self._answer_p(part, Xt[folds == k])
        out[np.flatnonzero(treated)] = inside
        return model, out

    def fit(
        self,
        X: pd.DataFrame,
        treatment: np.ndarray,
        y: np.ndarray,
        answers: np.ndarray,
        *,
        save_rates: np.ndarray | None = None,
    ) -> AnswerUplift:
        """``save_rates``: what the offer catalogue promised for each line's offer (P(saved | offer), NaN
        where unknown). The κ those promises imply — their sum over the treated lines divided by the
        acceptances expected of them, at most 0.95 — is the prior's mean, with the weight of
        ``catalogue_weight`` lines' evidence: the operator's belief until the campaigns say otherwise."""
        from scipy.optimize import minimize

        treatment = np.asarray(treatment, dtype=bool)
        y = np.asarray(y, dtype=float)
        said = pd.Series(answers, dtype=object).fillna("").to_numpy(str)
        X = self._learn_columns(X)
        self.propensity_ = float(treatment.mean()) if len(treatment) else 0.0
        self.treated_, self.control_ = int(treatment.sum()), int((~treatment).sum())
        self.accept_, A = self._out_of_fold(X, (said == "accepted").astype(float), treatment)
        self.refuse_, D = self._out_of_fold(X, (said == "do_not_contact").astype(float), treatment)
        z, t = self._logit(X), treatment.astype(float)

        def p_leave(theta: np.ndarray) -> np.ndarray:
            a, b, kappa, eta = theta
            base = 1 / (1 + np.exp(-(a + b * z)))
            return np.clip(base * (1 - t * kappa * A) + t * eta * D * (1 - base), 1e-9, 1 - 1e-9)

        def loss(theta: np.ndarray) -> float:
            p = p_leave(theta)
            return float(-(y * np.log(p) + (1 - y) * np.log(1 - p)).sum())

        # L, P(leave | not contacted), is the score recalibrated on the control group, which no contact
        # touched; κ and η (both shares) then at their posterior means over a grid of [0, 1]². One
        # campaign's control group (a hundred lines or so) hardly tells κ: the single best-fitting
        # value would sit at 0 or 1 by chance.
        start = np.array([0.0, 1.0, 0.3, 0.1])
        bounds = [(-10, 10), (0.01, 5), (0.0, 1.0), (0.0, 1.0)]
        fitted = minimize(loss, start, method="L-BFGS-B", bounds=bounds)
        self.intercept_, self.slope_, self.kappa_mle_, self.eta_mle_ = (float(v) for v in fitted.x)
        control = ~treatment
        if control.sum() >= 30 and 0 < y[control].sum() < control.sum():
            calibration = LogisticRegression(C=10.0).fit(z[control, None], y[control])
            self.intercept_, self.slope_ = float(calibration.intercept_[0]), float(calibration.coef_[0, 0])
        self.save_prior_ = self._save_prior(A[treatment], None if save_rates is None else save_rates[treatment])
        grid = np.linspace(0.0125, 0.9875, 40)
        log = np.array([[-loss(np.array([self.intercept_, self.slope_, k, e])) for e in grid] for k in grid])
        log += _log_beta(grid, self.save_prior_)[:, None] + _log_beta(grid, self.harm_prior)[None, :]
        w = np.exp(log - log.max())
        w /= w.sum()
        self.kappa_, self.kappa_se_ = _moments(grid, w.sum(axis=1))
        self.eta_, self.eta_se_ = _moments(grid, w.sum(axis=0))
        return self

    def _save_prior(self, accept: np.ndarray, promised: np.ndarray | None) -> tuple[float, float]:
        if promised is None:
            return self.save_prior
        known = np.isfinite(np.asarray(promised, dtype=float))
        if not known.any() or accept[known].sum() <= 0:
            return self.save_prior
        mean = float(np.clip(np.asarray(promised, dtype=float)[known].sum() / accept[known].sum(), 0.05, 0.95))
        return mean * self.catalogue_weight, (1 - mean) * self.catalogue_weight

    def parts(self, X: pd.DataFrame) -> pd.DataFrame:
        """Per line: L (leave if not contacted), A (accepts), D (asks not to be contacted)."""
        X = self._frame(X)
        leave = 1 / (1 + np.exp(-(self.intercept_ + self.slope_ * self._logit(X))))
        return pd.DataFrame(
            {"leave": leave, "accept": self._answer_p(self.accept_, X), "refuse": self._answer_p(self.refuse_, X)}
        )

    def cautious(self, X: pd.DataFrame, *, caution: float, lift_se: float) -> np.ndarray:
        """τ(x) at the cautious end of κ and η (``lift_se`` is not needed: each has its own spread)."""
        return self.predict(X, caution=caution)

    def predict(self, X: pd.DataFrame, *, caution: float = 0.0) -> np.ndarray:
        """τ(x) = P(leave | not contacted) − P(leave | contacted). ``caution`` standard errors are taken
        off κ and added to η: the effect at the cautious end of what the campaigns showed."""
        p = self.parts(X)
        kappa = max(self.kappa_ - caution * self.kappa_se_, 0.0)
        eta = min(self.eta_ + caution * self.eta_se_, 1.0)
        return (p["accept"] * kappa * p["leave"] - p["refuse"] * eta * (1 - p["leave"])).to_numpy()
