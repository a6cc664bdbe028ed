"""Run the simulator month by month and write one folder per table, ground truth under ``_truth/``.

Memory stays bounded: a month's CDRs are generated and written in blocks of lines; only the line
register (one row per line ever opened) is kept across months.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from churnguard.contracts import CONTRACTS
from churnguard.data.sim.cdr import EVENTS_PER_MONTH, usage_table
from churnguard.data.sim.month import State, device_rows, step
from churnguard.data.sim.population import COUNTIES, World, build_world, new_subscribers
from churnguard.errors import DataError
from churnguard.months import Month

__all__ = ["CONTACTS", "SimulationSummary", "simulate"]

CONTACTS = 8
# Months simulated before the first written one, so arrears cycles and churn among contacts have
# built up: without it the first months churn too little.
BURN_IN = 3
_BLOCK = 50_000  # lines per block of CDRs (about 7.5 M rows: bounds memory)
# Parquet row groups: pyarrow's default of 1 Mi rows. Smaller groups would let readers parallelise on
# small files, but every group rewrites the large dictionaries (pseudonyms, ids): 500k-row groups
# made the whole simulation 45% slower.
_ROW_GROUP = None
# Column statistics only where readers prune by them: writing them for every column cost a third
# of the Parquet write time.
_STATISTICS = ["subscriber_id", "timestamp", "month"]
_ARROW = {
    "string": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "date": pa.date32(),
    "month": pa.string(),
    "timestamp": pa.timestamp("s"),
}


@dataclass
class SimulationSummary:
    subscribers: int
    months: list[str]
    rows: dict[str, int]
    monthly_churn_rate: dict[str, float]
    seconds: float = 0.0


def _conform(frame: pd.DataFrame, table: str) -> pa.Table:
    """The frame as an Arrow table with exactly the contract's columns and types, in its order."""
    contract = CONTRACTS[table]
    arrays = []
    for column in contract.columns:
        values = frame[column.name] if column.name in frame else pd.Series([None] * len(frame))
        if column.type == "date":
            values = pd.to_datetime(values).dt.date
        arrays.append(
            pa.array(values.astype(object).where(values.notna(), None), type=_ARROW[column.type], from_pandas=True)
        )
    return pa.table(arrays, names=contract.names)


def _plain(data: pa.Table) -> pa.Table:
    """Dictionary columns decoded to their values (CSV has no dictionaries)."""
    columns = [c.cast(c.type.value_type) if pa.types.is_dictionary(c.type) else c for c in data.columns]
    return pa.table(columns, names=data.column_names)


def _stats(schema: pa.Schema) -> list[str]:
    return [name for name in _STATISTICS if name in schema.names]


class _Writer:
    def __init__(self, out: Path, fmt: str) -> None:
        self.out, self.fmt, self.rows = out, fmt, {}

    def write(self, table: str, name: str, data: pa.Table) -> None:
        path = self.out / table / f"{name}.{self.fmt}"
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.fmt == "parquet":
            pq.write_table(
                data, path, compression="zstd", row_group_size=_ROW_GROUP, write_statistics=_stats(data.schema)
            )
        else:
            plain = _plain(data)
            pacsv.write_csv(plain, path)
        self.rows[table] = self.rows.get(table, 0) + data.num_rows

    def stream(self, table: str, name: str, schema: pa.Schema) -> _Stream:
        path = self.out / table / f"{name}.{self.fmt}"
        path.parent.mkdir(parents=True, exist_ok=True)
        return _Stream(self, table, path, schema)


class _Stream:
    """One file written block by block (Parquet row groups, or CSV appended)."""

    def __init__(self, owner: _Writer, table: str, path: Path, schema: pa.Schema) -> None:
        self.owner, self.table, self.path = owner, table, path
        self.sink = (
            pq.ParquetWriter(path, schema, compression="zstd", write_statistics=_stats(schema))
            if owner.fmt == "parquet"
            else None
        )
        self.first = True

    def write(self, data: pa.Table) -> None:
        if self.sink is not None:
            self.sink.write_table(data, row_group_size=_ROW_GROUP)
        else:
            plain = _plain(data)
            with self.path.open("ab") as fh:
                pacsv.write_csv(plain, fh, pacsv.WriteOptions(include_header=self.first))
        self.first = False
        self.owner.rows[self.table] = self.owner.rows.get(self.table, 0) + data.num_rows

    def close(self) -> None:
        if self.sink is not None:
            self.sink.close()


def _contacts(rng: np.random.Generator, lines: pd.DataFrame, new: pd.DataFrame) -> np.ndarray:
    """Each new line's frequent contacts: lines of the same county (people call their neighbours)."""
    out = np.zeros((len(new), CONTACTS), dtype=np.int64)
    county = lines["county"].to_numpy()
    for name, *_ in COUNTIES:
        pool = np.flatnonzero(county == name)
        rows = np.flatnonzero(new["county"].to_numpy() == name)
        if len(pool) and len(rows):
            out[rows] = pool[rng.integers(0, len(pool), (len(rows), CONTACTS))]
    return out


def _grow(rng: np.random.Generator, world: World, state: State | None, n: int, month_start: pd.Timestamp) -> State:
    first = 0 if state is None else len(state.lines)
    new = new_subscribers(rng, world, first_index=first, n=n, month_start=month_start, opening=state is None)
    lines = new if state is None else pd.concat([state.lines, new], ignore_index=True)
    if state is None:  # some of the opening base are part-way through a 12-month discount
        promo = np.where(rng.random(n) < 0.35, rng.integers(1, 13, n), 0)
    else:  # joiners often come in on one
        promo = np.where(rng.random(n) < 0.5, 12, 0)
    grown = {
        "status": np.full(n, "active", dtype=object),
        "unpaid": np.zeros(n, dtype=np.int64),
        "latent": np.zeros(n, dtype=bool),
        "churn_month": np.full(n, -1),
        "promo_left": promo,
        "open_complaints": np.zeros(n, dtype=np.int64),
        "contacts": _contacts(rng, lines, new),
    }
    bought = [device_rows(lines, np.arange(first, first + n))]
    if state is None:
        return State(lines=lines, **grown, devices=bought)
    arrays = {k: np.concatenate([getattr(state, k), v]) for k, v in grown.items()}
    return State(lines=lines, **arrays, devices=state.devices + bought)


def _device_history(state: State, register: pd.DataFrame) -> pd.DataFrame:
    """Each registered line's phones, oldest first; the last one is the master data's."""
    rows = pd.concat(state.devices, ignore_index=True)
    rows = rows[rows["since"].notna() & rows["index"].isin(register.index)]
    # A second phone bought the same day replaces the first (the key is line and day).
    rows = rows.drop_duplicates(["index", "since"], keep="last").sort_values(["index", "since"], kind="stable")
    return rows.assign(subscriber_id=state.lines["subscriber_id"].to_numpy()[rows["index"].to_numpy()])


def _pseudonym(index: np.ndarray) -> np.ndarray:
    # A keyed scramble of the line number: stable across months, not the phone number.
    return np.char.add("P", np.char.zfill(((index * 2654435761) % 4294967296).astype(str), 10))


def simulate(
    out: str | Path,
    *,
    subscribers: int,
    months: int,
    start: str = "2025-01",
    seed: int = 0,
    fmt: str = "parquet",
    progress: Callable[[str, int, int], None] | None = None,
) -> SimulationSummary:
    """Simulate ``months`` months of an operator that opens with ``subscribers`` lines."""
    if fmt not in ("parquet", "csv"):
        raise DataError("option.invalid", option="--format", detail=f"'{fmt}': use parquet or csv")
    if subscribers < 100 or months < 1:
        raise DataError("option.invalid", option="--subscribers/--months", detail="at least 100 lines and 1 month")
    if not re.fullmatch(r"(19|20)\d\d-(0[1-9]|1[0-2])", start):
        raise DataError("option.invalid", option="--start", detail=f"'{start}' is not a month like 2025-01")
    first_month = Month.parse(start)
    out = Path(out)
    rng = np.random.default_rng(seed)
    world = build_world(rng, subscribers)
    writer = _Writer(out, fmt)
    state = _grow(rng, world, None, subscribers, pd.Timestamp((first_month - BURN_IN).start))
    churn_rates, names = {}, []
    cells = pa.array(world.cells["cell_id"])
    for m in range(-BURN_IN, months):
        month_start, month = pd.Timestamp((first_month + m).start), str(first_month + m)
        if m > -BURN_IN:
            open_now = int(np.isin(state.status, ("active", "suspended_arrears")).sum())
            state = _grow(rng, world, state, round(open_now * rng.uniform(0.02, 0.03)), month_start)
        on_air = np.flatnonzero(state.status == "active")  # lines using the network this month
        result = step(rng, world, state, month_no=m + BURN_IN, month_start=month_start)
        if m < 0:
            continue
        names.append(month)
        for table, frame in result.tables.items():
            writer.write(table, month, _conform(frame, table))
        writer.write("_truth/subscriber_months", month, pa.Table.from_pandas(result.truth, preserve_index=False))
        churn_rates[month] = float(result.truth["churned"].mean())
        _write_usage(rng, writer, state, on_air, cells, month, month_start, progress)
    # Lines that left during the burn-in have no written history: they are not in the register either.
    lines = state.lines[~((state.churn_month >= 0) & (state.churn_month < BURN_IN))].copy()
    lines["party_id"] = _pseudonym(lines["index"].to_numpy())
    writer.write("subscribers", "subscribers", _conform(lines, "subscribers"))
    writer.write("devices", "devices", _conform(_device_history(state, lines), "devices"))
    writer.write("plans", "plans", _conform(world.plans, "plans"))
    writer.write("enterprises", "enterprises", _conform(world.enterprises, "enterprises"))
    hidden = lines[
        [
            "subscriber_id",
            "response",
            "usage_level",
            "price_sensitivity",
            "pay_reliability",
            "loyalty",
            "autopay",
            "circle_share",
        ]
    ]
    writer.write("_truth/subscribers", "subscribers", pa.Table.from_pandas(hidden, preserve_index=False))
    summary = SimulationSummary(subscribers=len(lines), months=names, rows=writer.rows, monthly_churn_rate=churn_rates)
    (out / "_truth" / "summary.json").write_text(json.dumps(asdict(summary), indent=2), encoding="utf-8")
    return summary


def _write_usage(
    rng: np.random.Generator,
    writer: _Writer,
    state: State,
    on_air: np.ndarray,
    cells: pa.Array,
    month: str,
    month_start: pd.Timestamp,
    progress: Callable[[str, int, int], None] | None,
) -> None:
    lines = state.lines
    index = lines["index"].to_numpy()
    pseudonyms = pa.array(_pseudonym(index))
    days = (Month.parse(month).end - Month.parse(month).start).days
    stream = None
    for first in range(0, len(on_air), _BLOCK):
        block = on_air[first : first + _BLOCK]
        rate = EVENTS_PER_MONTH * lines["usage_level"].to_numpy()[block] * np.where(state.latent[block], 0.08, 1.0)
        table = usage_table(
            rng,
            ids=pa.array(lines["subscriber_id"].to_numpy()[block]),
            pseudonyms=pseudonyms,
            cells=cells,
            home_cell=lines["home_cell"].to_numpy()[block],
            contacts=state.contacts[block],
            rate=rate,
            circle=lines["circle_share"].to_numpy()[block],
            month_start=month_start,
            days=days,
        )
        if stream is None:
            stream = writer.stream("usage", month, table.schema)
        stream.write(table)
        if progress:
            progress(month, min(first + _BLOCK, len(on_air)), len(on_air))
    if stream is not None:
        stream.close()
