"""Call, SMS and data detail records for one month, built as Arrow columns (a million rows in well
under a second): counts per line, then every field drawn in bulk; ids and cells are dictionary-encoded."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

__all__ = ["EVENTS_PER_MONTH", "usage_table"]

EVENTS_PER_MONTH = 150  # a typical line's events in a month (voice, SMS and data sessions)
_TYPES = np.array(["voice", "sms", "data"])
_TYPE_P = np.array([0.30, 0.12, 0.58])
# Busier in the day and evening than at night: probability of each hour of the day.
_HOURS = np.array([1, 0.5, 0.3, 0.3, 0.3, 0.6, 1.5, 3, 4, 5, 5, 5, 5.5, 5, 5, 5, 5, 5.5, 6, 6.5, 6.5, 6, 4, 2])
_HOUR_CDF = np.cumsum(_HOURS) / _HOURS.sum()
_TYPE_CDF = np.cumsum(_TYPE_P)[:-1]
_OPERATOR_CDF = np.array([0.6, 0.85])  # own network, competitor_a, competitor_b for calls outside the circle
_DIRECTIONS = pa.array(["out", "in"])
_STEPS = 4096  # resolution of the lookup tables below


def _lookup(cdf: np.ndarray) -> np.ndarray:
    """A table that turns a uniform integer in [0, _STEPS) into a category drawn with ``cdf``.

    Indexing it is several times faster than ``np.searchsorted`` on uniform floats, at a resolution
    of 1/4096 in each category's probability.
    """
    return np.searchsorted(cdf, (np.arange(_STEPS) + 0.5) / _STEPS, side="right").astype(np.int8)


def _draw(rng: np.random.Generator, table: np.ndarray, n: int) -> np.ndarray:
    return table[rng.integers(0, _STEPS, n, dtype=np.int16)]


_OPERATORS = pa.array(["own", "competitor_a", "competitor_b"])
_TYPE_TABLE, _HOUR_TABLE, _OPERATOR_TABLE = _lookup(_TYPE_CDF), _lookup(_HOUR_CDF), _lookup(_OPERATOR_CDF)


def usage_table(
    rng: np.random.Generator,
    *,
    ids: pa.Array,
    pseudonyms: pa.Array,
    cells: pa.Array,
    home_cell: np.ndarray,
    contacts: np.ndarray,
    rate: np.ndarray,
    circle: np.ndarray,
    month_start: pd.Timestamp,
    days: int,
) -> pa.Table:
    """CDRs for the lines ``ids`` (positions line up with ``home_cell``, ``contacts``, ``rate``, ``circle``).

    ``rate`` is each line's expected events this month and ``circle`` the share of its calls and
    messages that go to its own circle of contacts; ``pseudonyms`` covers every line ever opened
    (``contacts`` index into it), and ``cells`` is the dictionary of cell ids.
    """
    counts = rng.poisson(rate)
    line = np.repeat(np.arange(len(rate), dtype=np.int32), counts)
    n = len(line)
    kind = _draw(rng, _TYPE_TABLE, n)
    voice, sms, data = kind == 0, kind == 1, kind == 2
    hour = _draw(rng, _HOUR_TABLE, n).astype(np.int64)
    seconds = rng.integers(0, days, n) * 86400 + hour * 3600 + rng.integers(0, 3600, n)
    start = np.datetime64(month_start.to_datetime64(), "s")
    timestamp = pa.array(start + seconds.astype("timedelta64[s]"), type=pa.timestamp("s"))
    outgoing = data | (rng.random(n) < 0.55)
    # Most calls and messages go to the line's own circle; the rest to anyone, often on other networks.
    own_circle = rng.random(n) < circle[line]
    party = np.where(
        own_circle, contacts[line, rng.integers(0, contacts.shape[1], n)], rng.integers(0, len(pseudonyms), n)
    ).astype(np.int32)
    operator = np.where(own_circle, 0, _draw(rng, _OPERATOR_TABLE, n)).astype(np.int8)
    no_party = data  # data sessions have no other party
    duration = np.zeros(n, dtype=np.int64)
    duration[voice] = np.minimum(rng.lognormal(4.3, 1.0, int(voice.sum())), 7200)
    data_mb = np.zeros(n)
    data_mb[data] = rng.lognormal(2.8, 1.3, int(data.sum())).round(3)
    cell = np.where(rng.random(n) < 0.85, home_cell[line], rng.integers(0, len(cells), n)).astype(np.int32)
    roaming = rng.random(n) < 0.02
    minutes = np.ceil(duration / 60)
    charge = np.where(voice & outgoing & (rng.random(n) < 0.05), minutes * 0.15, 0.0)
    charge += np.where(sms & outgoing & (rng.random(n) < 0.1), 0.1, 0.0)
    charge = (charge + np.where(roaming & voice, minutes * 0.5, 0.0)).round(2)
    return pa.table(
        {
            "subscriber_id": pa.DictionaryArray.from_arrays(pa.array(line), ids),
            "timestamp": timestamp,
            "event_type": pa.DictionaryArray.from_arrays(pa.array(kind), pa.array(_TYPES)),
            "direction": pa.DictionaryArray.from_arrays(pa.array((~outgoing).astype(np.int8)), _DIRECTIONS),
            "other_party": pa.DictionaryArray.from_arrays(pa.array(party, mask=no_party), pseudonyms),
            "other_operator": pa.DictionaryArray.from_arrays(pa.array(operator, mask=no_party), _OPERATORS),
            "duration_s": pa.array(duration),
            "data_mb": pa.array(data_mb),
            "cell_id": pa.DictionaryArray.from_arrays(pa.array(cell), cells),
            "roaming": pa.array(roaming),
            "charge": pa.array(charge),
        }
    )
