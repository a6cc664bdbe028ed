"""The model zoo: scikit-learn-compatible churn classifiers on the snapshot model matrix.

Input matrices hold float columns and pandas categorical columns (see ``features.snapshot.prepare``).
Each zoo member brings its own encoding, so the same matrix feeds all of them: LightGBM takes
categories natively; the others one-hot (linear, MLP) or integer-code (trees, naive Bayes) columns
of up to ``WIDE_LEVELS`` levels and target-encode wider ones inside their pipeline.
"""

from __future__ import annotations

import time
import warnings

import lightgbm as lgb
import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.ensemble import RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.naive_bayes import CategoricalNB
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import (
    FunctionTransformer,
    KBinsDiscretizer,
    OneHotEncoder,
    OrdinalEncoder,
    StandardScaler,
    TargetEncoder,
)
from sklearn.tree import DecisionTreeClassifier

__all__ = [
    "BLEND_MEMBERS",
    "LIGHTGBM_GRID",
    "WIDE_LEVELS",
    "BlendClassifier",
    "SigmoidCalibrated",
    "TunedLightGBM",
    "logit",
    "make_model",
]

# A linear and a boosted model make different mistakes, so their average tends to beat each.
# Fixed in advance (not picked per data set on its folds), so the blend's out-of-fold score stays honest.
BLEND_MEMBERS = ("logreg", "lightgbm")

# A categorical column with more levels than this (a service area, a handset model) is target-encoded
# for the models that cannot take it natively: one-hot would give them hundreds of sparse columns,
# integer codes an order that means nothing.
WIDE_LEVELS = 16

_NUMERIC = make_column_selector(dtype_exclude="category")


class _Categories:
    """Column selector: the pandas categorical columns with more (``wide``) or at most ``WIDE_LEVELS`` levels."""

    def __init__(self, *, wide: bool) -> None:
        self.wide = wide

    def __call__(self, X: pd.DataFrame) -> list[str]:
        return [
            column
            for column, dtype in X.dtypes.items()
            if isinstance(dtype, pd.CategoricalDtype) and (len(dtype.categories) > WIDE_LEVELS) == self.wide
        ]


_NARROW, _WIDE = _Categories(wide=False), _Categories(wide=True)


def _target_encoder(seed: int) -> TargetEncoder:
    """Each level's churn rate, shrunk towards the overall rate (empirical Bayes).

    Fitted inside the model's pipeline, so only on the rows given to ``fit`` (the training fold); the
    encoding of those training rows is itself cross-fitted, so a row never sees its own label.
    Unseen levels get the overall rate.
    """
    folds = StratifiedKFold(5, shuffle=True, random_state=seed)
    return TargetEncoder(target_type="binary", smooth="auto", cv=folds)


def _one_hot_scaled(seed: int = 0) -> ColumnTransformer:
    numeric = make_pipeline(SimpleImputer(strategy="median", add_indicator=True), StandardScaler())
    categorical = OneHotEncoder(handle_unknown="ignore", min_frequency=5, sparse_output=False)
    wide = make_pipeline(_target_encoder(seed), StandardScaler())
    return ColumnTransformer([("num", numeric, _NUMERIC), ("cat", categorical, _NARROW), ("wide", wide, _WIDE)])


def _ordinal(seed: int = 0) -> ColumnTransformer:
    categorical = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1, encoded_missing_value=-1)
    return ColumnTransformer(
        [
            ("num", SimpleImputer(strategy="median"), _NUMERIC),
            ("cat", categorical, _NARROW),
            ("wide", _target_encoder(seed), _WIDE),
        ]
    )


def logit(p: np.ndarray) -> np.ndarray:
    """Log-odds of probabilities, clipped away from 0 and 1."""
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def platt(log_odds: np.ndarray, y: np.ndarray) -> LogisticRegression:
    """Platt scaling: a one-feature, unpenalised logistic regression on out-of-sample log-odds."""
    return LogisticRegression(C=1e6).fit(np.asarray(log_odds)[:, None], y)


class _Classifier(ClassifierMixin, BaseEstimator):
    """Shared ``predict`` (the likelier class) for the zoo's own estimators."""

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]


def _shift_up(codes: np.ndarray) -> np.ndarray:
    # CategoricalNB wants codes from 0; unknown and missing (-1) become their own category 0.
    return codes + 1


class _QuietBins(KBinsDiscretizer):
    """Deciles that say nothing when a 0/1 flag has no room for ten bins (sklearn drops the empty ones)."""

    def fit(self, X: np.ndarray, y: np.ndarray | None = None) -> _QuietBins:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Bins whose width are too small")
            return super().fit(X, y)


def _deciles() -> _QuietBins:
    return _QuietBins(n_bins=10, encode="ordinal", strategy="quantile", quantile_method="averaged_inverted_cdf")


def _binned(seed: int = 0) -> Pipeline:
    """Numbers cut into deciles and categories coded as integers: naive Bayes on categories fits
    skewed telecom amounts far better than a Gaussian does. Wide categories: deciles of their
    target encoding."""
    numeric = make_pipeline(SimpleImputer(strategy="median"), _deciles())
    categorical = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1, encoded_missing_value=-1)
    wide = make_pipeline(_target_encoder(seed), _deciles())
    columns = ColumnTransformer([("num", numeric, _NUMERIC), ("cat", categorical, _NARROW), ("wide", wide, _WIDE)])
    return make_pipeline(columns, FunctionTransformer(_shift_up))


class _Forest(_Classifier):
    """A random forest whose trees each draw at most ``tree_rows`` rows (bootstrap), all rows on small tables.

    Deep trees cost more than linearly in rows while their average gains little past some thousands
    of rows: on 40,000 rows, 10,000 per tree took a quarter of the time for the same AUC (0.785).
    """

    def __init__(
        self,
        *,
        n_estimators: int = 300,
        min_samples_leaf: int = 3,
        tree_rows: int = 10_000,
        threads: int = 2,
        random_state: int = 0,
    ) -> None:
        self.n_estimators = n_estimators
        self.min_samples_leaf = min_samples_leaf
        self.tree_rows = tree_rows
        self.threads = threads
        self.random_state = random_state

    def fit(self, X: np.ndarray, y: np.ndarray) -> _Forest:
        share = self.tree_rows / len(y)
        self.forest_ = RandomForestClassifier(
            n_estimators=self.n_estimators,
            min_samples_leaf=self.min_samples_leaf,
            max_features="sqrt",
            max_samples=share if share < 1 else None,
            oob_score=True,
            n_jobs=self.threads,
            random_state=self.random_state,
        ).fit(X, y)
        self.oob_decision_function_ = self.forest_.oob_decision_function_
        self.classes_ = self.forest_.classes_
        self.n_features_in_ = self.forest_.n_features_in_
        return self

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        return self.forest_.predict_proba(X)


class SigmoidCalibrated(_Classifier):
    """Platt scaling fitted on out-of-sample scores: out-of-bag ones when the estimator has them."""

    def __init__(self, estimator: BaseEstimator, *, cv: int = 3, random_state: int = 0) -> None:
        self.estimator = estimator
        self.cv = cv
        self.random_state = random_state

    def fit(self, X: pd.DataFrame, y: np.ndarray) -> SigmoidCalibrated:
        self.estimator_ = clone(self.estimator).fit(X, y)
        final = self.estimator_[-1] if isinstance(self.estimator_, Pipeline) else self.estimator_
        if getattr(final, "oob_decision_function_", None) is not None:
            scores = np.nan_to_num(final.oob_decision_function_[:, 1], nan=float(np.mean(y)))
        else:
            folds = StratifiedKFold(self.cv, shuffle=True, random_state=self.random_state)
            scores = cross_val_predict(clone(self.estimator), X, y, cv=folds, method="predict_proba")[:, 1]
        self.calibrator_ = platt(logit(scores), y)
        self.classes_ = self.estimator_.classes_
        self.n_features_in_ = X.shape[1]
        return self

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        raw = self.estimator_.predict_proba(X)[:, 1]
        return self.calibrator_.predict_proba(logit(raw)[:, None])


# Candidate settings for gradient boosting, most often best first: the budget may stop the search early.
LIGHTGBM_GRID: tuple[dict, ...] = (
    {"num_leaves": 8, "min_child_samples": 40, "colsample_bytree": 0.7, "reg_lambda": 5.0},
    {"num_leaves": 31, "min_child_samples": 20, "colsample_bytree": 0.8, "reg_lambda": 1.0},
    {"num_leaves": 4, "min_child_samples": 50, "colsample_bytree": 0.5, "reg_lambda": 10.0},
    {"num_leaves": 16, "min_child_samples": 20, "colsample_bytree": 0.6, "reg_lambda": 2.0},
    {"num_leaves": 63, "min_child_samples": 10, "colsample_bytree": 0.8, "reg_lambda": 1.0},
    {"num_leaves": 8, "min_child_samples": 100, "colsample_bytree": 0.5, "reg_lambda": 20.0},
)


_THREADED_ROWS = 50_000


class TunedLightGBM(_Classifier):
    """LightGBM tuned inside ``fit``: each candidate is scored by inner k-fold AUC with early stopping,
    the best is refitted on all rows with the averaged best number of rounds.

    Tuning sees only the rows given to ``fit``, so out-of-fold scores of the outer evaluation stay honest.
    With ``rounds`` set, nothing is searched: the first settings of ``grid`` are fitted with that many
    rounds (settings found once and reused, as the monthly training does for every origin and segment).
    """

    def __init__(
        self,
        *,
        grid: tuple[dict, ...] = LIGHTGBM_GRID,
        learning_rate: float = 0.03,
        inner_folds: int = 3,
        time_budget: float = 20.0,
        threads: int = 2,
        random_state: int = 0,
        rounds: int | None = None,
    ) -> None:
        self.grid = grid
        self.learning_rate = learning_rate
        self.inner_folds = inner_folds
        self.time_budget = time_budget
        self.threads = threads
        self.random_state = random_state
        self.rounds = rounds

    def _model(self, params: dict, rounds: int, rows: int) -> lgb.LGBMClassifier:
        # On small tables OpenMP threads gain little (4.0 s vs 5.3 s for a Telco tuning run) but
        # spin-wait badly when the cores are busy (56 s vs 14 s with two other busy processes).
        threads = self.threads if rows >= _THREADED_ROWS else 1
        return lgb.LGBMClassifier(
            n_estimators=rounds,
            learning_rate=self.learning_rate,
            subsample=0.8,
            subsample_freq=1,
            num_threads=threads,
            force_col_wise=True,
            # Threads add up histograms in any order; deterministic keeps a retrained model the same.
            deterministic=True,
            random_state=self.random_state,
            verbose=-1,
            **params,
        )

    def fit(self, X: pd.DataFrame, y: np.ndarray) -> TunedLightGBM:
        start = time.perf_counter()
        X = X if isinstance(X, pd.DataFrame) else pd.DataFrame(X)
        self.n_features_in_ = X.shape[1]
        y = np.asarray(y)
        if self.rounds is not None:
            self.tuning_, self.oof_ = [], None
            self.best_params_, self.best_rounds_ = self.grid[0], self.rounds
            self.model_ = self._model(self.best_params_, self.best_rounds_, len(y)).fit(X, y)
            self.classes_ = self.model_.classes_
            return self
        folds = StratifiedKFold(self.inner_folds, shuffle=True, random_state=self.random_state)
        self.tuning_ = []
        candidates: list[np.ndarray] = []
        slowest = 0.0
        for params in self.grid:
            # Start a candidate only if one as slow as the slowest so far still fits in the budget:
            # checking only the time spent let the last candidate overrun it by a whole search.
            began = time.perf_counter()
            if self.tuning_ and began - start + slowest > self.time_budget:
                break
            scores, rounds, oof = [], [], np.zeros(len(y))
            for train, valid in folds.split(X, y):
                model = self._model(params, 3000, len(train))
                model.fit(
                    X.iloc[train],
                    y[train],
                    eval_X=(X.iloc[valid],),
                    eval_y=(y[valid],),
                    eval_metric="binary_logloss",
                    callbacks=[lgb.early_stopping(100, first_metric_only=True, verbose=False)],
                )
                rounds.append(max(model.best_iteration_, 1))
                oof[valid] = model.predict_proba(X.iloc[valid])[:, 1]
                scores.append(roc_auc_score(y[valid], oof[valid]))
            self.tuning_.append({"params": params, "auc": float(np.mean(scores)), "rounds": int(np.mean(rounds))})
            candidates.append(oof)
            slowest = max(slowest, time.perf_counter() - began)
        best_index = max(range(len(self.tuning_)), key=lambda i: self.tuning_[i]["auc"])
        best = self.tuning_[best_index]
        self.best_params_ = best["params"]
        # Inner out-of-fold scores of the chosen settings: free out-of-sample scores for calibrating a blend.
        self.oof_ = candidates[best_index]
        # All rows are 1/(1 - 1/k) times the inner training rows: grow the forest in proportion.
        self.best_rounds_ = max(int(best["rounds"] * self.inner_folds / (self.inner_folds - 1)), 10)
        self.model_ = self._model(self.best_params_, self.best_rounds_, len(y)).fit(X, y)
        self.classes_ = self.model_.classes_
        return self

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        return self.model_.predict_proba(X)

    def contributions(self, X: pd.DataFrame) -> np.ndarray:
        """SHAP contributions in log-odds (TreeSHAP, native to LightGBM); last column is the base value."""
        return self.model_.predict(X, pred_contrib=True)


class BlendClassifier(_Classifier):
    """Equal-weight average of member log-odds, Platt-scaled on out-of-sample member scores.

    An average of calibrated models is not calibrated when they disagree; the Platt step (monotone,
    so ranking, AUC and lift are unchanged) fixes that. Out-of-sample scores come from a member's
    ``oof_`` when it has them (tuned LightGBM does) or from a quick 3-fold cross-validation.
    """

    def __init__(self, members: list[tuple[str, BaseEstimator]], *, random_state: int = 0) -> None:
        self.members = members
        self.random_state = random_state

    def fit(self, X: pd.DataFrame, y: np.ndarray) -> BlendClassifier:
        fitted = [(name, clone(est).fit(X, y)) for name, est in self.members]
        return self.assemble(fitted, X, y)

    def assemble(self, fitted: list[tuple[str, BaseEstimator]], X: pd.DataFrame, y: np.ndarray) -> BlendClassifier:
        """Finish the blend from members already fitted on ``X, y`` (cross-validation reuses them)."""
        y = np.asarray(y)
        self.members_ = fitted
        folds = StratifiedKFold(3, shuffle=True, random_state=self.random_state)
        scores = []
        for (_, template), (_, member) in zip(self.members, fitted, strict=True):
            oof = getattr(member, "oof_", None)
            if oof is None:
                oof = cross_val_predict(clone(template), X, y, cv=folds, method="predict_proba")[:, 1]
            scores.append(logit(oof))
        self.calibrator_ = platt(np.mean(scores, axis=0), y)
        self.classes_ = fitted[0][1].classes_
        self.n_features_in_ = X.shape[1]
        return self

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        mean_logit = np.mean([logit(est.predict_proba(X)[:, 1]) for _, est in self.members_], axis=0)
        return self.calibrator_.predict_proba(mean_logit[:, None])


def make_model(name: str, *, seed: int = 0, threads: int = 2, tune_seconds: float = 20.0) -> BaseEstimator:
    """A fresh, unfitted zoo member by name (see ``config.MODEL_NAMES``)."""
    if name == "logreg":
        return make_pipeline(_one_hot_scaled(seed), LogisticRegression(C=0.5, max_iter=3000))
    if name == "tree":
        tree = DecisionTreeClassifier(max_depth=5, min_samples_leaf=40, random_state=seed)
        return make_pipeline(_ordinal(seed), tree)
    if name == "forest":
        forest = _Forest(n_estimators=300, min_samples_leaf=3, threads=threads, random_state=seed)
        return SigmoidCalibrated(make_pipeline(_ordinal(seed), forest), random_state=seed)
    if name == "lightgbm":
        return TunedLightGBM(time_budget=tune_seconds, threads=threads, random_state=seed)
    if name == "mlp":
        mlp = MLPClassifier(
            hidden_layer_sizes=(32,),
            alpha=1e-2,
            early_stopping=True,
            validation_fraction=0.15,
            n_iter_no_change=15,
            max_iter=300,
            random_state=seed,
        )
        return make_pipeline(_one_hot_scaled(seed), mlp)
    if name == "naive_bayes":
        return SigmoidCalibrated(make_pipeline(_binned(seed), CategoricalNB(alpha=1.0)), random_state=seed)
    if name == "blend":
        members = [(m, make_model(m, seed=seed, threads=threads, tune_seconds=tune_seconds)) for m in BLEND_MEMBERS]
        return BlendClassifier(members, random_state=seed)
    raise ValueError(f"unknown model {name!r}")
