"""ChurnModel: snapshot mode as one scikit-learn estimator, for use from Python.

The same steps as ``churnguard fit`` / ``predict``, on frames instead of files: the columns' kinds are
inferred and encoded by :mod:`churnguard.features.snapshot`, a zoo member learns from them
(:func:`churnguard.modeling.zoo.make_model`), :mod:`churnguard.explain` turns contributions into business
reasons, and :mod:`churnguard.modeling.registry` saves the bundle. A bundle saved here is a bundle the CLI
scores (``churnguard predict --model-dir``), and one written by ``churnguard fit`` loads here.

Two kinds of errors: what scikit-learn's contract asks of any classifier (a multiclass or continuous
target, a sparse matrix, a call before ``fit``) raises the ``ValueError`` / ``TypeError`` scikit-learn
names; what is wrong with the data or a bundle (a blank churn value, labels whose churn value cannot be
told, a column missing at prediction, a damaged bundle) raises :class:`~churnguard.errors.ChurnGuardError`
with a hint, as the CLI does.
"""

from __future__ import annotations

import warnings
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils import Tags
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_array, check_consistent_length, check_is_fitted, column_or_1d, validate_data

from churnguard.config import MODEL_NAMES, Settings
from churnguard.data.ingest import FIRST_DATA_ROW
from churnguard.errors import BundleError, ConfigError, DataError
from churnguard.explain import baseline_of, contributions, reasons
from churnguard.features.snapshot import Notice, Schema, infer_schema, leakage_scan, prepare
from churnguard.i18n import default_lang, t
from churnguard.modeling.registry import load_bundle, save_bundle
from churnguard.modeling.zoo import make_model

__all__ = ["ChurnModel"]

# Names in messages: "File X lacks column(s) …", "Target column 'churn' in y …".
_X, _Y = "X", "y"
_QUANTILES = np.linspace(0, 1, 1001)
_LEAKAGE_AUC = Settings.model_fields["leakage_auc"].default
_CLASS_COUNT = {
    "target.one_class": "Only one class is present in y; churn needs two.",
    "target.not_binary": "Only binary classification is supported.",
}


class ChurnModel(ClassifierMixin, BaseEstimator):
    """A churn classifier on a flat customer table: one row per customer, columns of any kind.

    Parameters are stored as given; nothing is checked or learnt before :meth:`fit`.

    model: a member of the zoo (``churnguard.config.MODEL_NAMES``: logreg, tree, forest, lightgbm, mlp,
        naive_bayes, blend). seed: random state of folds and models. threads: CPU threads for training.
    tune_seconds: time budget for tuning gradient boosting (lightgbm, blend); when it runs out, fewer
        candidate settings are tried, so a tight budget on a busy machine can change the model.
    positive: the target value that means churn, when it cannot be told from the values (1/2, A/B).
    max_categories: categories kept per column; a column with more distinct values, mostly unique, is
        dropped as free text.

    Learned attributes: ``classes_`` (the non-churn value, then the churn value, as given in ``y``:
    ``predict_proba(X)[:, 1]`` is always the churn probability), ``schema_`` (what each column is and
    how it is encoded), ``estimator_`` (the fitted zoo member), ``baseline_`` (the typical customer
    reasons are measured from), ``score_quantiles_`` (the training score distribution the CLI's risk
    tiers are cut from), ``notices_`` (warnings from fitting, also issued as ``UserWarning``),
    ``n_features_in_`` and, for a frame with string column names, ``feature_names_in_``.
    """

    def __init__(
        self,
        model: str = "lightgbm",
        *,
        seed: int = 0,
        threads: int = 2,
        tune_seconds: float = 20.0,
        positive: str | None = None,
        max_categories: int = 100,
    ) -> None:
        self.model = model
        self.seed = seed
        self.threads = threads
        self.tune_seconds = tune_seconds
        self.positive = positive
        self.max_categories = max_categories

    def __sklearn_tags__(self) -> Tags:
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True  # blank cells are missing values, as in a file
        tags.input_tags.string = True  # text columns (plans, contract types) are categories
        tags.classifier_tags.multi_class = False  # churn or not
        return tags

    # ------------------------------------------------------------------ learning

    def fit(self, X: pd.DataFrame | np.ndarray, y: Any = None, *, target: str | None = None) -> ChurnModel:
        """Learn from customers ``X`` and their churn labels ``y``; returns ``self``.

        ``y`` holds two values: 0/1, True/False, yes/no, 是/否, churned/stayed … (the churn value is
        recognised as snapshot mode recognises it, or named by ``positive``). Instead of ``y``,
        ``target`` may name the churn column of ``X``; it is then not a feature, and a frame to predict
        may keep it. Identifier, constant and free-text columns are recognised and left out.
        Raises ``ValueError`` for a target with one value or more than two, and :class:`DataError`
        for one with blanks or no recognisable churn value.
        """
        X, y = _split_target(X, y, target)
        frame = self._frame(X, reset=True)
        values = column_or_1d(y, warn=True)
        check_consistent_length(frame, values)
        if pd.api.types.is_numeric_dtype(values.dtype):
            check_classification_targets(values)  # NaN, infinite or continuous labels: sklearn's errors
        if self.model not in MODEL_NAMES:
            raise ConfigError("models.unknown", names=self.model, available=", ".join(MODEL_NAMES))
        name = _target_name(y, frame.columns)
        labelled = frame.assign(**{name: values})
        try:
            schema, labels = infer_schema(
                labelled,
                file=_X,
                target=name,
                positive=None if self.positive is None else str(self.positive),
                max_categories=self.max_categories,
            )
        except DataError as exc:
            if exc.key in _CLASS_COUNT:
                # scikit-learn's contract names these two errors, and their words, for a binary classifier.
                raise ValueError(f"{_CLASS_COUNT[exc.key]} {exc}") from exc
            raise
        matrix, notices = prepare(labelled, schema, file=_X)
        for column, auc in leakage_scan(matrix, labels, threshold=_LEAKAGE_AUC):
            notices.append(Notice("warn.leakage", {"column": column, "auc": auc}))
        estimator = make_model(self.model, seed=self.seed, threads=self.threads, tune_seconds=self.tune_seconds)
        estimator.fit(matrix, labels)
        # Out-of-fold scores when the model has them (tuned LightGBM), else training scores: what the
        # CLI's risk tiers are cut from when it scores this bundle.
        oof = getattr(estimator, "oof_", None)
        scores = oof if oof is not None else estimator.predict_proba(matrix)[:, 1]
        self.classes_ = np.array([values[labels == 0][0], values[labels == 1][0]])
        self.schema_ = schema
        self.estimator_ = estimator
        self.baseline_ = baseline_of(matrix)
        self.score_quantiles_ = [round(float(v), 6) for v in np.quantile(scores, _QUANTILES)]
        self.notices_ = [t(n.key, "en", **n.params) for n in notices]
        _warn(notices)
        return self

    # ------------------------------------------------------------------ scoring

    def predict_proba(self, X: pd.DataFrame | np.ndarray) -> np.ndarray:
        """Probabilities of ``classes_`` per customer, shape (n, 2); column 1 is the churn probability.

        ``X`` has the columns given to ``fit`` (the churn column may stay). Raises :class:`DataError`
        when a column is missing or its values changed type; unseen categories and a few unusable values
        are treated as missing, with a ``UserWarning``.
        """
        matrix = self._matrix(X)
        return self.estimator_.predict_proba(matrix)

    def predict(self, X: pd.DataFrame | np.ndarray) -> np.ndarray:
        """The likelier class per customer, from ``classes_`` (churn when its probability is at least 0.5)."""
        churn = self.predict_proba(X)[:, 1] >= 0.5
        return self.classes_[churn.astype(int)]

    def explain(self, X: pd.DataFrame | np.ndarray, *, top: int = 3, lang: str | None = None) -> pd.DataFrame:
        """Why each customer may leave, in business words, and what to do about it; indexed like ``X``.

        The frame of :func:`churnguard.explain.reasons`: for i = 1 … ``top``, ``reason_i`` (a sentence
        naming the feature as the feature catalogue does, e.g. "Contract", "Tenure (months)") with its
        ``_feature``, ``_value``, ``_direction``, ``_contribution`` (log-odds) and ``_category`` (price,
        network, contract …); then ``recommended_action``. ``lang`` is "en" or "zh" (default:
        CHURNGUARD_LANG, else the locale).
        """
        matrix = self._matrix(X)
        contrib = contributions(self.estimator_, matrix, self.baseline_)
        return reasons(contrib, matrix, self.schema_, top=top, lang=lang or default_lang())

    # ------------------------------------------------------------------ bundles

    def save(self, path: str | Path) -> Path:
        """Write the fitted model as a bundle into folder ``path`` (model.joblib + model_card.json);
        ``churnguard predict --model-dir PATH`` scores with it too. Returns the folder."""
        check_is_fitted(self)
        target = self.schema_.target
        card = {
            "created_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "model": self.model,
            "params": self.get_params(),
            "classes": self.classes_.tolist(),
            "n_features_in": int(self.n_features_in_),
            "feature_names_in": self.feature_names_in_.tolist() if hasattr(self, "feature_names_in_") else None,
            "target": {"column": target.column, "positive": target.positive, "negative": target.negative},
            "score_quantiles": self.score_quantiles_,
            "baseline": self.baseline_,
            "notices": self.notices_,
        }
        save_bundle(path, model=self.estimator_, schema=self.schema_, card=card)
        return Path(path)

    @classmethod
    def load(cls, path: str | Path) -> ChurnModel:
        """The fitted model in bundle folder ``path``, saved by :meth:`save` or by ``churnguard fit``.

        Raises :class:`BundleError` for a missing, damaged or foreign bundle (another format, a schema
        that does not match its hash, a model and a card from different runs, not a snapshot model).
        """
        bundle, notices = load_bundle(path)
        card = bundle.card
        if not hasattr(bundle.model, "predict_proba") or "baseline" not in card or not card.get("target"):
            raise BundleError("bundle.corrupt", dir=str(path), detail="it holds no customer-table churn model")
        _warn(notices)
        params = {k: v for k, v in card.get("params", {}).items() if k in cls._get_param_names()}
        model = cls(**{"model": card.get("model", "lightgbm"), **params})
        target = card["target"]
        # A CLI bundle has no "classes": its labels were read from a file as text.
        model.classes_ = np.array(card.get("classes") or [target["negative"], target["positive"]])
        model.schema_ = bundle.schema
        model.estimator_ = bundle.model
        model.baseline_ = card["baseline"]
        model.score_quantiles_ = card.get("score_quantiles", [])
        model.notices_ = card.get("notices", [])
        names = card.get("feature_names_in", _raw_columns(bundle.schema))
        if names is not None:
            model.feature_names_in_ = np.asarray(names, dtype=object)
        model.n_features_in_ = card.get("n_features_in", len(names or []))
        return model

    # ------------------------------------------------------------------ input

    def _frame(self, X: pd.DataFrame | np.ndarray, *, reset: bool) -> pd.DataFrame:
        """``X`` as a frame with the training column names, checked as scikit-learn checks it.

        Messages from snapshot mode name rows as lines of a file (index + FIRST_DATA_ROW); the frame is
        renumbered so that they name ``X``'s rows by position instead, as ``X.iloc`` counts them.
        """
        if isinstance(X, pd.DataFrame):
            if not reset and getattr(self, "schema_", None) is not None:
                X = _without_target(X, self)
            if X.shape[0] == 0:
                raise ValueError(f"Found array with 0 sample(s) (shape={X.shape}) while a minimum of 1 is required.")
            validate_data(self, X, reset=reset, skip_check_array=True)
            frame = X.copy(deep=False)
        else:
            array = check_array(X, dtype=None, ensure_all_finite="allow-nan")
            validate_data(self, array, reset=reset, skip_check_array=True)
            frame = pd.DataFrame(array)
        named = hasattr(self, "feature_names_in_")
        frame.columns = [str(c) for c in frame.columns] if named else [f"x{i}" for i in range(frame.shape[1])]
        frame.index = pd.RangeIndex(frame.shape[0]) - FIRST_DATA_ROW
        return frame

    def _matrix(self, X: pd.DataFrame | np.ndarray) -> pd.DataFrame:
        """The model matrix for ``X``, indexed like ``X``; notices become warnings."""
        check_is_fitted(self)
        matrix, notices = prepare(self._frame(X, reset=False), self.schema_, file=_X, strict=True)
        _warn(notices)
        matrix.index = X.index if isinstance(X, pd.DataFrame) else pd.RangeIndex(len(matrix))
        return matrix


def _split_target(X: Any, y: Any, target: str | None) -> tuple[Any, Any]:
    """``X`` and ``y`` from ``fit``'s arguments: ``y`` as given, or the column ``target`` taken out of ``X``."""
    if target is None:
        if y is None:
            raise ValueError("ChurnModel requires y to be passed, but the target y is None: pass y or target=COLUMN.")
        return X, y
    if y is not None:
        raise ValueError("Pass either y or target=COLUMN to ChurnModel.fit, not both.")
    if not isinstance(X, pd.DataFrame) or target not in X.columns:
        available = ", ".join(map(str, getattr(X, "columns", [])))
        raise DataError("target.missing", file=_X, column=target, available=available)
    return X.drop(columns=[target]), X[target]


def _target_name(y: Any, columns: pd.Index) -> str:
    """The name the churn column goes by in the schema and in messages: ``y``'s own, else "churn"."""
    name = getattr(y, "name", None)
    name = name if isinstance(name, str) and name else "churn"
    while name in columns:
        name = f"_{name}"
    return name


def _without_target(X: pd.DataFrame, model: ChurnModel) -> pd.DataFrame:
    """``X`` less the training churn column, when it is there and is not a feature: so the training
    frame itself can be scored."""
    column = model.schema_.target.column if model.schema_.target else None
    features = set(getattr(model, "feature_names_in_", []))
    if column in X.columns and column not in features:
        return X.drop(columns=[column])
    return X


def _raw_columns(schema: Schema) -> list[str]:
    """The columns of the table a CLI bundle was trained on, less its churn column."""
    return [c.name for c in schema.columns if c.kind not in ("target", "derived")]


def _warn(notices: list[Notice]) -> None:
    lang = default_lang()
    for notice in notices:
        warnings.warn(t(notice.key, lang, **notice.params), UserWarning, stacklevel=3)
