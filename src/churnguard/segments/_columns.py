"""Reading mart columns for the segment functions: required names checked once, values as floats.

The mart keeps flags as ``int64`` and trends as nullable floats; snapshot tables and hand-built frames
bring booleans, pandas' nullable ``Int64``/``boolean`` or text. Every rule works on one float view of
a column where a missing value is ``NaN``, so comparisons with ``NaN`` are simply false and a missing
value never fires a rule.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

__all__ = ["float_column", "require_columns"]


def require_columns(frame: pd.DataFrame, names: Iterable[str], *, caller: str) -> None:
    """Raise ``ValueError`` naming every column of ``names`` that ``frame`` lacks (all at once)."""
    missing = [name for name in names if name not in frame.columns]
    if missing:
        raise ValueError(
            f"{caller} needs the mart column(s) {', '.join(missing)}; the frame has {len(frame.columns)} "
            "column(s) without them. Pass rows of feat_monthly (docs/reference/features.md)."
        )


def float_column(frame: pd.DataFrame, name: str) -> np.ndarray:
    """``frame[name]`` as a new float64 array; missing or non-numeric values become ``NaN``."""
    series = frame[name]
    if not (pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series)):
        series = pd.to_numeric(series, errors="coerce")
    # to_numpy copies into a fresh array, so callers may write to it without touching the input frame.
    return series.to_numpy(dtype="float64", na_value=np.nan, copy=True)
