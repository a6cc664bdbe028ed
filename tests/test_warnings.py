"""Early warning: fee drops fire exactly at their thresholds, stages and win-back files follow the
rules, and a month of the simulated operator gets its warnings written once."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from churnguard.config import Settings
from churnguard.contracts import GONE_STATUSES, sql_list
from churnguard.warehouse import connect
from churnguard.warnings import RULES, STAGES, assign_stages, fee_drops, warn_month, winback

MONTH = "2025-06"
BEFORE = ("2025-03", "2025-04", "2025-05")


def _fees(customer: str, service: str, reference: float, current: float) -> list[dict]:
    rows = [{"customer": customer, "month": m, "service": service, "net": reference} for m in BEFORE]
    return [*rows, {"customer": customer, "month": MONTH, "service": service, "net": current}]


def _limits(*customers: str, service: float = 0.2, total: float = 0.1) -> pd.DataFrame:
    return pd.DataFrame({"customer": list(customers), "service_drop": service, "total_drop": total})


def test_a_service_fee_falling_exactly_20_percent_fires_and_just_less_does_not() -> None:
    fees = pd.DataFrame(
        _fees("A", "data", 100.0, 80.0)
        + _fees("A", "voice", 100.0, 100.0)
        + _fees("B", "data", 100.0, 80.01)
        + _fees("B", "voice", 100.0, 100.0)
    )
    found = fee_drops(fees, MONTH, thresholds=_limits("A", "B"))
    service = found[found["rule"] == "fee_drop_service"]
    assert list(zip(service["customer"], service["service"], strict=True)) == [("A", "data")]
    assert service["change"].iloc[0] == pytest.approx(-0.2)
    # A's total fell 10 % (200 → 180): the total rule fires too; B's (199.99 → 180.01) fell less.
    total = found[found["rule"] == "fee_drop_total"]
    assert list(total["customer"]) == ["A"]
    assert total[["reference", "current"]].iloc[0].tolist() == [200.0, 180.0]


def test_the_total_fires_when_no_single_service_falls_enough() -> None:
    fees = pd.DataFrame(_fees("C", "voice", 50.0, 45.0) + _fees("C", "data", 50.0, 45.0))
    found = fee_drops(fees, MONTH, thresholds=_limits("C"))
    assert list(found["rule"]) == ["fee_drop_total"]
    just_less = pd.DataFrame(_fees("D", "voice", 50.0, 45.01) + _fees("D", "data", 50.0, 45.0))
    assert fee_drops(just_less, MONTH, thresholds=_limits("D")).empty


def test_thresholds_per_customer_and_small_services() -> None:
    fees = pd.DataFrame(_fees("E", "data", 100.0, 90.0) + _fees("E", "sms", 5.0, 0.0))
    # A stricter tier: 10 % on one service is enough.
    strict = fee_drops(fees, MONTH, thresholds=_limits("E", service=0.1, total=0.5), min_share=0.1)
    assert list(zip(strict["rule"], strict["service"], strict=True)) == [("fee_drop_service", "data")]
    # SMS (5 of 105) vanishing is judged only when small services count.
    loose = fee_drops(fees, MONTH, thresholds=_limits("E"), min_share=0.0)
    assert ("fee_drop_service", "sms") in set(zip(loose["rule"], loose["service"], strict=True))


def test_a_month_without_a_bill_counts_as_zero_in_the_reference() -> None:
    rows = _fees("F", "data", 90.0, 60.0)
    fees = pd.DataFrame([r for r in rows if r["month"] != "2025-03"])  # reference (0 + 90 + 90) / 3 = 60
    assert fee_drops(fees, MONTH, thresholds=_limits("F")).empty


def test_stages_follow_the_fee_drop_and_churn() -> None:
    warnings = pd.DataFrame(
        {
            "party": ["enterprise", "line", "line", "line", "line"],
            "subscriber_id": [None, "S1", "S2", "S3", "S4"],
            "enterprise_id": ["G1", "G1", None, None, None],
            "rule": ["fee_drop_total", "arrears", "contract_end", "churned", "usage_collapse"],
        }
    )
    staged = assign_stages(warnings).set_index("rule")["stage"]
    assert staged["fee_drop_total"] == "during"
    assert staged["arrears"] == "during"  # a line of the group customer whose fee is dropping
    assert staged["contract_end"] == "before" and staged["usage_collapse"] == "before"
    assert staged["churned"] == "after"


def test_win_back_files_open_return_and_close() -> None:
    previous = pd.DataFrame(
        {
            "subscriber_id": ["S1", "S2", "S3", "S4"],
            "party_id": ["P1", "P2", "P3", "P4"],
            "churn_month": ["2025-03", "2025-05", "2025-05", "2025-02"],
            "status": ["open", "open", "open", "closed"],
        }
    )
    gone = pd.DataFrame({"subscriber_id": ["S9"], "party_id": ["P9"], "churn_month": [MONTH]})
    files = winback(gone, previous, {"P2"}, MONTH, months=3).set_index("subscriber_id")
    assert files.loc["S1", "status"] == "closed"  # three months followed up
    assert files.loc["S2", "status"] == "returned"
    assert files.loc["S3", "status"] == "open" and files.loc["S9", "status"] == "open"
    assert "S4" not in files.index  # a closed file is not carried on
    assert files.loc["S9", "months_since"] == 0


def test_a_month_of_the_operator_gets_its_warnings_once(
    tmp_path: Path, small_operator: Path, cycle_settings: Callable[..., Settings]
) -> None:
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(small_operator, warehouse)
    settings = cycle_settings(warehouse=str(warehouse))
    with connect(str(warehouse), memory_limit="1GB", threads=1) as wh:
        first = warn_month(wh, settings, month="2025-05", now=datetime(2025, 6, 3))
        again = warn_month(wh, settings, month="2025-05", now=datetime(2025, 6, 4))
        gone = wh.sql.execute(
            f"SELECT DISTINCT subscriber_id FROM stg_status_changes WHERE to_status IN {sql_list(GONE_STATUSES)} "
            "AND timestamp >= TIMESTAMP '2025-05-01' AND timestamp < TIMESTAMP '2025-06-01'"
        ).df()
    w = again.warnings
    assert len(w) == len(first.warnings) > 0
    assert set(w["rule"]) <= {*RULES, "churned"} and set(w["stage"]) <= set(STAGES)
    assert set(w.loc[w["rule"] == "churned", "subscriber_id"]) == set(gone["subscriber_id"])
    assert (w.loc[w["rule"] == "churned", "stage"] == "after").all()
    for evidence in w["evidence"]:
        assert isinstance(json.loads(evidence), dict)
    assert set(again.winback["subscriber_id"]) >= set(gone["subscriber_id"])
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        runs = con.execute("SELECT run_id FROM warn_runs WHERE month = '2025-05'").fetchall()
        written = con.execute("SELECT count(*) FROM warn_monthly WHERE month = '2025-05'").fetchone()[0]
    finally:
        con.close()
    assert runs == [(again.run_id,)] and written == len(w)  # a month run again replaces its rows


def test_warn_command(tmp_path: Path, small_operator: Path, cli: Callable) -> None:
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(small_operator, warehouse)
    result = cli("warn", "--month", "2025-05", "--warehouse", warehouse)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "warnings for 2025-05" in result.stdout and "churned" in result.stdout
    missing = cli("warn", "--month", "2024-01", "--warehouse", warehouse)
    assert missing.exit_code != 0 and "2024-01" in missing.stderr and "Traceback" not in missing.stderr
