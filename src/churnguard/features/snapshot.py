"""Snapshot mode: a flat customer table (one row per customer, a churn column) made ready for models.

Pure functions: they take frames and values and return new ones; they never read files or settings.
:func:`infer_schema` decides what each column is and reports why; :func:`prepare` turns any table
with the training columns into the model matrix, the same way at training and at scoring time.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from churnguard.data.ingest import FIRST_DATA_ROW
from churnguard.errors import DataError
from churnguard.i18n import Term

__all__ = [
    "MAX_LEVELS",
    "MIN_LEVEL_COUNT",
    "OTHER_LEVEL",
    "ColumnSpec",
    "Notice",
    "Schema",
    "TargetMapping",
    "detect_target",
    "infer_schema",
    "leakage_scan",
    "map_target",
    "prepare",
]

_TARGET_NAMES = (
    "churn",
    "churned",
    "ischurn",
    "churnflag",
    "churnlabel",
    "exited",
    "attrition",
    "流失",
    "是否流失",
    "流失标志",
    "流失标识",
    "是否离网",
    "离网",
)
_POSITIVE = {
    "yes",
    "y",
    "true",
    "t",
    "1",
    "1.0",
    "churn",
    "churned",
    "是",
    "流失",
    "已流失",
    "离网",
    "exited",
    "left",
}
_NEGATIVE = {
    "no",
    "n",
    "false",
    "f",
    "0",
    "0.0",
    "stay",
    "stayed",
    "retained",
    "否",
    "未流失",
    "在网",
    "留存",
}
_BOOL_PAIRS = [
    ({"yes"}, {"no"}),
    ({"y"}, {"n"}),
    ({"true"}, {"false"}),
    ({"t"}, {"f"}),
    ({"1", "1.0"}, {"0", "0.0"}),
    ({"是"}, {"否"}),
    ({"有"}, {"无"}),
    ({"on"}, {"off"}),
]
_ID_NAME = re.compile(r"(^|_|\b)(id|uuid|key|no|number|msisdn|imsi|phone|编号|号码|账号|用户id)$|id$|编号|号码", re.I)
_MIN_ROWS_FOR_TYPE_CHANGE = 20
_PARSE_SHARE = 0.95  # share of values that must parse for a column to be numeric or a date
_FAMILY_MIN = 3
OTHER_LEVEL = "(other)"
MIN_LEVEL_COUNT = 20  # rows a category level needs to be kept on its own (fewer on small tables)
MAX_LEVELS = 2000  # kept levels per column at most; the rarer ones are pooled too


@dataclass(frozen=True)
class Notice:
    """A warning for the user: an i18n message key and its parameters."""

    key: str
    params: dict


@dataclass
class ColumnSpec:
    name: str
    kind: str  # numeric | categorical | boolean | date | identifier | constant | text | target | dropped | derived
    missing: int = 0
    distinct: int = 0
    note: str = ""
    note_params: dict = field(default_factory=dict)
    true_value: str | None = None
    false_value: str | None = None
    categories: list[str] = field(default_factory=list)
    as_of: str | None = None
    sources: list[str] = field(default_factory=list)
    # Training levels too rare to learn alone: they share the level OTHER_LEVEL (last in ``categories``).
    pooled: list[str] = field(default_factory=list)

    @property
    def is_feature(self) -> bool:
        return self.kind in {"numeric", "categorical", "boolean", "date", "derived"}

    @property
    def feature_name(self) -> str:
        return f"{self.name}_days" if self.kind == "date" else self.name


@dataclass(frozen=True)
class TargetMapping:
    column: str
    positive: str
    negative: str


@dataclass
class Schema:
    columns: list[ColumnSpec]
    target: TargetMapping | None = None
    id_column: str | None = None

    @property
    def features(self) -> list[ColumnSpec]:
        return [c for c in self.columns if c.is_feature]

    @property
    def feature_names(self) -> list[str]:
        return [c.feature_name for c in self.features]

    @property
    def input_columns(self) -> list[str]:
        """Columns a table must have to be scored."""
        return [c.name for c in self.features if c.kind != "derived"]

    def to_dict(self) -> dict:
        return {
            "columns": [asdict(c) for c in self.columns],
            "target": asdict(self.target) if self.target else None,
            "id_column": self.id_column,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Schema:
        target = TargetMapping(**data["target"]) if data.get("target") else None
        return cls([ColumnSpec(**c) for c in data["columns"]], target, data.get("id_column"))

    def contract_hash(self) -> str:
        """Hash of what scoring needs: feature names, kinds, categories and encodings."""
        # Pooled levels join the contract only where there are some, so older bundles keep their hash.
        contract = [
            [c.name, c.kind, c.true_value, c.false_value, c.categories, c.as_of, c.sources]
            + ([c.pooled] if c.pooled else [])
            for c in self.features
        ]
        return hashlib.sha256(json.dumps(contract, ensure_ascii=False).encode()).hexdigest()[:16]


def _norm(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name.lower())


def detect_target(columns: list[str]) -> str | None:
    """The column that looks like the churn label, or None."""
    normed = {_norm(c): c for c in columns}
    for name in _TARGET_NAMES:
        if name in normed:
            return normed[name]
    for key, column in normed.items():
        if "churn" in key or "流失" in key:
            return column
    return None


def _one_text(v: object) -> object:
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (bool, np.bool_)):
        return "True" if v else "False"
    return str(v)


def _text(series: pd.Series) -> pd.Series:
    """Values as text (numbers without a spurious '.0'), missing kept missing."""
    # Each distinct value is turned into text once: a 50,000-row column has far fewer distinct values.
    codes, uniques = pd.factorize(series.astype(object), use_na_sentinel=True)
    texts = np.array([_one_text(v) for v in uniques] + [None], dtype=object)
    return pd.Series(texts[codes], index=series.index, name=series.name, dtype=object)


def map_target(series: pd.Series, *, file: str, positive: str | None = None) -> tuple[np.ndarray, TargetMapping]:
    """0/1 labels for the churn column and the mapping used. Raises DataError for unusable targets."""
    column = str(series.name)
    text = _text(series)
    blank = text.isna()
    if blank.any():
        shown = [str(i + FIRST_DATA_ROW) for i in blank.index[blank.to_numpy()][:5]]
        rows = ", ".join(shown) + (" …" if blank.sum() > 5 else "")
        raise DataError("target.blank", file=file, column=column, count=int(blank.sum()), rows=rows)
    values = sorted(text.unique().tolist())
    if len(values) > 2 and len({v.lower() for v in values}) == 2:
        # 'Yes' and 'yes' are one answer typed two ways.
        text = text.str.lower()
        values = sorted(text.unique().tolist())
        positive = positive.lower() if positive else None
    if len(values) == 1:
        raise DataError("target.one_class", file=file, column=column, value=values[0], rows=len(text))
    if len(values) != 2:
        shown = ", ".join(values[:8]) + (" …" if len(values) > 8 else "")
        raise DataError("target.not_binary", file=file, column=column, count=len(values), values=shown)
    if positive is not None:
        if positive not in values:
            raise DataError(
                "target.positive_unknown", file=file, column=column, value=positive, values=", ".join(values)
            )
        pos = positive
    else:
        pos = _guess_positive(values, file=file, column=column)
    neg = values[0] if values[1] == pos else values[1]
    labels = (text == pos).to_numpy().astype(np.int8)
    return labels, TargetMapping(column=column, positive=pos, negative=neg)


def _guess_positive(values: list[str], *, file: str, column: str) -> str:
    low = [v.lower() for v in values]
    hits = [v for v, lv in zip(values, low, strict=True) if lv in _POSITIVE]
    negs = [v for v, lv in zip(values, low, strict=True) if lv in _NEGATIVE]
    if len(hits) == 1 and hits[0] not in negs:
        return hits[0]
    # Codes such as 1/2 or A/B could mean either: ask rather than guess.
    raise DataError("target.ambiguous", file=file, column=column, values=" / ".join(values))


def _bool_pair(distinct: set[str]) -> tuple[str, str] | None:
    low = {v.lower(): v for v in distinct}
    for trues, falses in _BOOL_PAIRS:
        t = [low[k] for k in low if k in trues]
        f = [low[k] for k in low if k in falses]
        if t and f and len(t) + len(f) == len(low) and len(t) == 1 and len(f) == 1:
            return t[0], f[0]
    return None


def _parse_dates(text: pd.Series) -> pd.Series:
    """Dates from text, Chinese '2024年3月5日' included; the same parsing at training and scoring.

    Times with a UTC offset are turned into UTC and the offset dropped, so every value compares.
    """
    normalized = text.str.replace("年", "-").str.replace("月", "-").str.replace("日", "")
    return pd.to_datetime(normalized, errors="coerce", format="mixed", utc=True).dt.tz_localize(None)


def _looks_date(text: pd.Series) -> pd.Series | None:
    sample = text.dropna()
    if sample.empty or not sample.str.contains(r"^\d{4}[-/.年]\d{1,2}", regex=True).mean() >= _PARSE_SHARE:
        return None
    parsed = _parse_dates(text)
    return parsed if parsed.notna().sum() >= _PARSE_SHARE * sample.size else None


def _levels(counts: pd.Series, *, min_count: int) -> tuple[list[str], list[str]]:
    """The levels kept on their own (at least ``min_count`` rows, the MAX_LEVELS commonest at most),
    then OTHER_LEVEL if any were pooled; and the pooled levels."""
    kept = counts[counts >= min_count].index[:MAX_LEVELS].tolist()
    pooled = sorted(set(counts.index) - set(kept))
    categories = sorted(kept)
    if pooled and OTHER_LEVEL not in categories:
        categories.append(OTHER_LEVEL)
    return categories, pooled


def _is_number_typed(series: pd.Series) -> bool:
    """Numbers already typed (not text, not true/false): nothing in them can fail to parse."""
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def _numeric_or_identifier(spec: ColumnSpec, numeric: pd.Series, *, all_unique: bool) -> ColumnSpec:
    integral = bool(np.all(np.mod(numeric, 1) == 0))
    sequential = bool(numeric.is_monotonic_increasing)
    if all_unique and integral and (sequential or _ID_NAME.search(spec.name)):
        spec.kind, spec.note = "identifier", "note.identifier"
    else:
        spec.kind = "numeric"
        if spec.missing:
            spec.note = "note.blank"
    return spec


def _infer_column(name: str, series: pd.Series, *, max_categories: int, min_count: int) -> ColumnSpec:
    if _is_number_typed(series):
        # Typed numbers with more than two values are numbers or ids; the text path (one string per
        # value) would cost seconds on wide tables and decide the same.
        present = series.dropna()
        distinct = int(present.nunique())
        if distinct > 2:
            spec = ColumnSpec(name=name, kind="numeric", missing=int(series.isna().sum()), distinct=distinct)
            all_unique = distinct == present.size and present.size > 20
            return _numeric_or_identifier(spec, present.astype(float), all_unique=all_unique)
    text = _text(series)
    present = text.dropna()
    missing = int(text.isna().sum())
    distinct_values = set(present.unique().tolist())
    spec = ColumnSpec(name=name, kind="categorical", missing=missing, distinct=len(distinct_values))
    if len(distinct_values) <= 1:
        spec.kind, spec.note = "constant", "note.constant" if distinct_values else "note.empty"
        return spec
    pair = _bool_pair(distinct_values)
    if pair:
        spec.kind, spec.true_value, spec.false_value = "boolean", pair[0], pair[1]
        spec.note, spec.note_params = "note.boolean", {"true": pair[0], "false": pair[1]}
        if pair == ("1", "0"):
            spec.note, spec.note_params = "note.flag", {}
        return spec
    numeric = pd.to_numeric(present, errors="coerce")
    all_unique = len(distinct_values) == present.size and present.size > 20
    if numeric.notna().mean() >= _PARSE_SHARE:
        return _numeric_or_identifier(spec, numeric.dropna(), all_unique=all_unique)
    dates = _looks_date(text)
    if dates is not None:
        spec.kind, spec.as_of = "date", dates.max().date().isoformat()
        spec.note, spec.note_params = "note.date", {"as_of": spec.as_of}
        return spec
    if all_unique:
        spec.kind, spec.note = "identifier", "note.identifier"
        return spec
    if len(distinct_values) > max_categories and len(distinct_values) > 0.5 * present.size:
        spec.kind, spec.note = "text", "note.text"
        return spec
    spec.categories, spec.pooled = _levels(present.value_counts(), min_count=min_count)
    if missing:
        spec.note = "note.blank"
    return spec


def _families(specs: list[ColumnSpec], existing: set[str]) -> list[ColumnSpec]:
    """Totals of numeric columns that end in the same word (day/eve/night/intl charges → a total bill)."""
    groups: dict[str, list[str]] = {}
    for spec in specs:
        if spec.kind == "numeric":
            parts = re.split(r"[_\s\-]+", spec.name.lower())
            if len(parts) > 1:
                groups.setdefault(parts[-1], []).append(spec.name)
    derived = []
    for word, members in groups.items():
        name = f"sum_of_{word}"
        if len(members) >= _FAMILY_MIN and name not in existing:
            derived.append(
                ColumnSpec(
                    name=name,
                    kind="derived",
                    sources=members,
                    note="note.derived",
                    note_params={"columns": ", ".join(members)},
                )
            )
    return derived


def infer_schema(
    frame: pd.DataFrame,
    *,
    file: str,
    target: str | None = None,
    positive: str | None = None,
    id_column: str | None = None,
    drop: tuple[str, ...] | list[str] = (),
    max_categories: int = 100,
    min_level_count: int = MIN_LEVEL_COUNT,
) -> tuple[Schema, np.ndarray]:
    """What every column is, and the 0/1 labels of the target column (named, or found by name).

    A text column with more than ``max_categories`` distinct values, most of them unique, is free
    text and left out. A categorical column keeps every level with at least ``min_level_count``
    rows (1% of the rows on tables under 100 × that); rarer levels are pooled into OTHER_LEVEL,
    so a column with hundreds of levels keeps the signal of its frequent ones.
    """
    available = ", ".join(map(str, frame.columns))
    if not target:
        target = detect_target(list(frame.columns))
        if target is None:
            raise DataError("target.undetected", file=file, candidates=", ".join(_TARGET_NAMES[:6]) + " …")
    if target not in frame.columns:
        raise DataError("target.missing", file=file, column=target, available=available)
    if id_column and id_column not in frame.columns:
        raise DataError("id.missing", file=file, column=id_column, available=available)
    if id_column == target:
        raise DataError("id.is_target", file=file, column=target)
    unknown_drop = [d for d in drop if d not in frame.columns]
    if unknown_drop:
        raise DataError("drop.missing", file=file, columns=", ".join(unknown_drop), available=available)
    labels, mapping = map_target(frame[target], file=file, positive=positive)
    min_count = max(1, min(min_level_count, len(frame) // 100))
    specs = []
    for name in frame.columns:
        if name == target:
            specs.append(ColumnSpec(name=name, kind="target", note="note.target"))
        elif name == id_column:
            specs.append(
                ColumnSpec(name=name, kind="identifier", distinct=int(frame[name].nunique()), note="note.identifier")
            )
        elif name in drop:
            specs.append(ColumnSpec(name=name, kind="dropped", note="note.dropped"))
        else:
            specs.append(_infer_column(name, frame[name], max_categories=max_categories, min_count=min_count))
    specs += _families(specs, set(frame.columns))
    schema = Schema(specs, mapping, id_column or next((s.name for s in specs if s.kind == "identifier"), None))
    clashes = sorted({n for n in schema.feature_names if schema.feature_names.count(n) > 1})
    if clashes:
        raise DataError("features.name_clash", file=file, columns=", ".join(clashes))
    if not schema.features:
        details = "; ".join(f"{s.name}: {s.kind}" for s in specs)
        raise DataError("features.none", file=file, details=details)
    return schema, labels


def prepare(
    frame: pd.DataFrame, schema: Schema, *, file: str, strict: bool = False, as_of: str | None = None
) -> tuple[pd.DataFrame, list[Notice]]:
    """The model matrix for ``frame``: floats for numbers, pandas categories for categories.

    Date columns become days before ``as_of``, by default the reference recorded at training (the
    training table's latest date), so a customer scores the same alone or in any batch.

    ``strict`` (scoring) refuses missing columns and columns whose type changed (more than half of
    the values unusable), naming every such column at once; otherwise unusable values and unseen
    categories become missing and are reported as notices. Levels pooled at training become
    OTHER_LEVEL here too.
    """
    missing_cols = [c for c in schema.input_columns if c not in frame.columns]
    if missing_cols:
        raise DataError("predict.missing_columns", file=file, columns=", ".join(missing_cols))
    check = _Checker(file=file, strict=strict)
    out: dict[str, pd.Series] = {}
    for spec in schema.features:
        if spec.kind == "derived":
            out[spec.feature_name] = pd.concat([out[s] for s in spec.sources], axis=1).sum(axis=1, min_count=1)
            continue
        if spec.kind == "numeric" and _is_number_typed(frame[spec.name]):
            out[spec.feature_name] = frame[spec.name].astype(float)
            continue
        text = _text(frame[spec.name])
        if spec.kind == "numeric":
            values = pd.to_numeric(text, errors="coerce").astype(float)
            check(spec.name, text, values.isna(), _NUMERIC_WORD)
        elif spec.kind == "boolean":
            values = _to_bool(text, spec)
            check(spec.name, text, values.isna(), _BOOL_WORD)
        elif spec.kind == "date":
            parsed = _parse_dates(text)
            check(spec.name, text, parsed.isna(), _DATE_WORD)
            values = (pd.Timestamp(as_of or spec.as_of) - parsed).dt.days.astype(float)
        else:
            if spec.pooled:
                text = text.mask(text.isin(spec.pooled), OTHER_LEVEL)
            known = text.isin(spec.categories)
            check(spec.name, text, ~known, _CATEGORY_WORD, unseen=True)
            values = pd.Series(pd.Categorical(text.where(known), categories=spec.categories), index=text.index)
        out[spec.feature_name] = values
    check.raise_if_any()
    matrix = pd.DataFrame(out, index=frame.index)
    return matrix[schema.feature_names], check.notices


_NUMERIC_WORD = Term("numeric", "数值")
_BOOL_WORD = Term("yes/no", "是/否")
_DATE_WORD = Term("date", "日期")
_CATEGORY_WORD = Term("known category", "训练中出现过的类别")


class _Checker:
    """Collects unusable values per column: notices for a few, one error for all type changes."""

    def __init__(self, *, file: str, strict: bool) -> None:
        self.file, self.strict = file, strict
        self.notices: list[Notice] = []
        self.problems: list[dict] = []

    def __call__(self, column: str, text: pd.Series, unusable: pd.Series, kind: Term, *, unseen: bool = False) -> None:
        bad = (text.notna() & unusable).to_numpy()
        count, total = int(bad.sum()), int(text.notna().sum())
        if not count:
            return
        idx = int(np.flatnonzero(bad)[0])
        row, value = int(text.index[idx]) + FIRST_DATA_ROW, str(text.iloc[idx])
        # A category column needs a few rows before "mostly unseen" means its type changed, so a
        # one-customer file with a new plan is warned about, not refused.
        if self.strict and count > 0.5 * total and (not unseen or total >= _MIN_ROWS_FOR_TYPE_CHANGE):
            self.problems.append(
                {"column": column, "expected": kind, "bad": count, "total": total, "row": row, "value": value}
            )
        elif unseen:
            # At training, values outside the known categories are the rare ones beyond max_categories.
            examples = ", ".join(sorted(set(text[bad].head(50)))[:3])
            key = "warn.unseen" if self.strict else "warn.rare"
            self.notices.append(Notice(key, {"column": column, "count": count, "examples": examples}))
        else:
            params = {"column": column, "count": count, "kind": kind, "row": row, "value": value}
            self.notices.append(Notice("warn.unparsed", params))

    def raise_if_any(self) -> None:
        if not self.problems:
            return
        first, rest = self.problems[0], self.problems[1:]
        more = Term("", "")
        if rest:
            names = ", ".join(f"'{p['column']}'" for p in rest)
            more = Term(f" Also changed: {names}.", f" 另外，以下列也已变化：{names}。")
        raise DataError("predict.type_changed", file=self.file, more=more, **first)


def _to_bool(text: pd.Series, spec: ColumnSpec) -> pd.Series:
    """1/0 by the training labels and their other spellings (a 1/0 flag may come back as 1.0/0.0)."""
    trues, falses = {str(spec.true_value).lower()}, {str(spec.false_value).lower()}
    for group_true, group_false in _BOOL_PAIRS:
        if trues & group_true and falses & group_false:
            trues, falses = trues | group_true, falses | group_false
    low = text.str.lower()
    return pd.Series(np.where(low.isin(trues), 1.0, np.where(low.isin(falses), 0.0, np.nan)), index=text.index)


def _out_of_fold_rate(codes: np.ndarray, labels: np.ndarray, folds: int = 5) -> np.ndarray:
    """Each row's category churn rate computed on the other folds, so many small categories
    cannot look predictive just by memorising their own rows."""
    score = np.full(len(codes), float(labels.mean()))
    fold_of = np.arange(len(codes)) % folds
    for k in range(folds):
        train, test = fold_of != k, fold_of == k
        rate = pd.Series(labels[train]).groupby(codes[train]).mean()
        score[test] = pd.Series(codes[test]).map(rate).fillna(labels[train].mean()).to_numpy()
    return score


def leakage_scan(matrix: pd.DataFrame, labels: np.ndarray, *, threshold: float) -> list[tuple[str, float]]:
    """Features that alone separate churners with ROC AUC above ``threshold`` (possible leaks)."""
    from sklearn.metrics import roc_auc_score

    found = []
    for column in matrix.columns:
        series = matrix[column]
        if isinstance(series.dtype, pd.CategoricalDtype):
            score = _out_of_fold_rate(series.cat.codes.to_numpy(), labels)
        else:
            score = series.fillna(series.median()).fillna(0).to_numpy()
        auc = roc_auc_score(labels, score)
        auc = max(auc, 1 - auc)
        if auc > threshold:
            found.append((column, float(auc)))
    return found
