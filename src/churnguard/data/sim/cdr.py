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
_HOURS = _HOURS / _HOURS.sum()


def usage_table(
    rng: np.random.Generator,
    *,
    ids: pa.Array,
    pseudonyms: pa.Array,
    cells: pa.Array,
    home_cell: np.ndarray,
    contacts: np.ndarray,
    rate: np.ndarray,
    month_start: pd.Timestamp,
    days: int,
) -> pa.Table:
    """CDRs for the lines ``ids`` (positions line up with ``home_cell``, ``contacts`` and ``rate``).

    ``rate`` is each line's expected events this month; ``pseudonyms`` covers every line ever opened
    (``contacts`` index into it), and ``cells`` is the dictionary of cell ids.
    """
    counts = rng.poisson(rate)
    line = np.repeat(np.arange(len(rate)), counts)
    n = len(line)
    kind = rng.choice(3, size=n, p=_TYPE_P)
    voice, sms, data = kind == 0, kind == 1, kind == 2
    seconds = rng.integers(0, days, n) * 86400 + rng.choice(24, size=n, p=_HOURS) * 3600 + rng.integers(0, 3600, n)
    start = np.datetime64(month_start.to_datetime64(), "s")
    timestamp = pa.array(start + seconds.astype("timedelta64[s]"), type=pa.timestamp("s"))
    direction = np.where(data | (rng.random(n) < 0.55), "out", "in")
    # Most calls and messages go to the line's own circle; the rest to anyone, often on other networks.
    own_circle = rng.random(n) < 0.8
    party = np.where(
        own_circle, contacts[line, rng.integers(0, contacts.shape[1], n)], rng.integers(0, len(pseudonyms), n)
    )
    operator = np.where(own_circle, 0, rng.choice(3, size=n, p=[0.6, 0.25, 0.15]))
    talk = ~data
    duration = np.where(voice, np.minimum(rng.lognormal(4.3, 1.0, n), 7200), 0).astype(np.int64)
    data_mb = np.where(data, rng.lognormal(2.8, 1.3, n), 0.0).round(3)
    cell = np.where(rng.random(n) < 0.85, home_cell[line], rng.integers(0, len(cells), n))
    roaming = rng.random(n) < 0.02
    charge = np.where(
        voice & (direction == "out") & (rng.random(n) < 0.05),
        np.ceil(duration / 60) * 0.15,
        np.where(sms & (direction == "out") & (rng.random(n) < 0.1), 0.1, 0.0),
    )
    charge = np.where(roaming, charge + np.where(voice, np.ceil(duration / 60) * 0.5, 0.0), charge).round(2)
    null_party = pa.array(~talk)
    return pa.table(
        {
            "subscriber_id": pa.DictionaryArray.from_arrays(pa.array(line, pa.int32()), ids),
            "timestamp": timestamp,
            "event_type": pa.DictionaryArray.from_arrays(pa.array(kind, pa.int8()), pa.array(_TYPES)),
            "direction": pa.array(direction),
            "other_party": pa.DictionaryArray.from_arrays(
                pa.array(party.astype(np.int32), mask=null_party.to_numpy(zero_copy_only=False)), pseudonyms
            ),
            "other_operator": pa.DictionaryArray.from_arrays(
                pa.array(operator.astype(np.int8), mask=null_party.to_numpy(zero_copy_only=False)),
                pa.array(["own", "competitor_a", "competitor_b"]),
            ),
            "duration_s": pa.array(duration),
            "data_mb": pa.array(data_mb),
            "cell_id": pa.DictionaryArray.from_arrays(pa.array(cell.astype(np.int32)), cells),
            "roaming": pa.array(roaming),
            "charge": pa.array(charge),
        }
    )
