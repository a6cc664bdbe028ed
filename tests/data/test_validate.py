"""The contract rules as SQL agree with their Python definitions and read the formats exports use."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from churnguard.contracts import CONTRACTS, valid_cn_id
from churnguard.data.validate import _cn_id_ok, plan

_con = duckdb.connect()


def _sql_cn_id(values: list[str]) -> list[bool | None]:
    _con.register("data", pa.table({"v": pa.array(values, type=pa.string())}))
    return [r[0] for r in _con.execute(f"SELECT COALESCE({_cn_id_ok('v')}, FALSE) FROM data").fetchall()]


def _with_check(body: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="0123456789Xx", min_size=16, max_size=19), min_size=1, max_size=20))
def test_sql_id_checksum_agrees_with_python(values: list[str]) -> None:
    assert _sql_cn_id(values) == [valid_cn_id(v) for v in values]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_every_id_with_its_right_check_character_passes(body: str) -> None:
    good = _with_check(body)
    wrong = body + ("0" if good[-1] != "0" else "1")
    assert _sql_cn_id([good, wrong]) == [True, False]


def _typed(table: str, rows: dict[str, list[str | None]]) -> list[tuple]:
    contract = CONTRACTS[table]
    size = len(next(iter(rows.values())))
    data = {k: pa.array(v, type=pa.string()) for k, v in rows.items()} | {"_line": pa.array(range(size))}
    _con.register("data", pa.table(data))
    sql = plan(contract, dict.fromkeys(rows, "VARCHAR"), text=True)
    clean = f"SELECT {', '.join(sql.clean)}, _line FROM data"
    typed = f"SELECT {', '.join(sql.typed)}, _line FROM ({clean})"
    names = ", ".join(f'"{n}"' for n in rows)
    return _con.execute(f"SELECT {names}, {sql.ok} FROM ({typed}) ORDER BY _line").fetchall()


def test_months_dates_and_flags_are_read_as_exports_write_them() -> None:
    rows = _typed(
        "network_quality",
        {
            "cell_id": ["C1", "C2", "C3", "C4"],
            "county": ["青溪县"] * 4,
            "month": ["2025-03", "202503", "2025年3月", "2025-13"],
            "dropped_call_rate": ["0.01", " 0.02 ", "NA", "0.5"],
            "throughput_mbps": ["50", "60", "70", "80"],
            "outage_hours": ["0", "1.5", "0", "2"],
        },
    )
    assert [r[2] for r in rows] == ["2025-03", "2025-03", "2025-03", None]
    assert [r[3] for r in rows] == [0.01, 0.02, None, 0.5]
    assert [r[-1] for r in rows] == [True, True, False, False]  # NA in a required column; month 13


@pytest.mark.parametrize(
    ("text", "value", "ok"),
    [("true", True, True), ("是", True, True), ("N", False, True), ("0", False, True), ("maybe", None, False)],
)
def test_yes_no_values(text: str, value: bool | None, ok: bool) -> None:
    row = _typed(
        "complaints",
        {
            "subscriber_id": ["S1"],
            "timestamp": ["2025/03/01 10:00:00"],
            "channel": ["app"],
            "category": ["price"],
            "resolved": [text],
        },
    )[0]
    assert row[1].isoformat() == "2025-03-01T10:00:00"
    assert (row[4], row[-1]) == (value, ok)
