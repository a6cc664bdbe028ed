"""Warning rules that know their hit rate: the next-month departure rate of the lines a rule fired on
against the base rate, hand-computed on a tiny warehouse; no figure for a month whose next month is not
loaded; the review flag after three measured months below the base rate, not two."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from churnguard.config import Settings
from churnguard.contracts import GONE_STATUSES, sql_list
from churnguard.reports import monthly_report
from churnguard.reports.render import excel_workbook, html_document
from churnguard.reports.text import say
from churnguard.warehouse import connect
from churnguard.warnings import RULES, _hit_rates, hit_rate_grid, hit_rates, to_review, warn_month

_COLUMNS = ["month", "rule", "party", "subscriber_id", "enterprise_id"]


def _line(month: str, rule: str, sid: str) -> dict:
    return {"month": month, "rule": rule, "party": "line", "subscriber_id": sid, "enterprise_id": None}


def _tiny(wh) -> None:
    """March: ten lines A0–A9 open at the month's end (A5, A6 of group G1); A7 left in March and A8 left
    and came back (its latest change is 'active'). April: A0, A1 left (A2 only in May). Bills of March
    and April are loaded, May's not: April has no figure yet."""
    lines = [f"A{k}" for k in range(10)]
    feat = pd.DataFrame(
        {
            "month": ["2025-03"] * 10 + ["2025-04"] * 8,
            "subscriber_id": lines + [s for s in lines if s not in ("A0", "A1")],
            "enterprise_id": [("G1" if s in ("A5", "A6") else None) for s in lines]
            + [("G1" if s in ("A5", "A6") else None) for s in lines if s not in ("A0", "A1")],
        }
    )
    changes = pd.DataFrame(
        [
            ("A7", "2025-03-10", "active", "cancelled"),
            ("A8", "2025-03-05", "active", "ported_out"),
            ("A8", "2025-03-20", "ported_out", "active"),
            ("A3", "2025-03-12", "active", "suspended_arrears"),
            ("A0", "2025-04-03", "active", "cancelled"),
            ("A1", "2025-04-28", "suspended_arrears", "ported_out"),
            ("A2", "2025-05-02", "active", "cancelled"),
        ],
        columns=["subscriber_id", "timestamp", "from_status", "to_status"],
    ).assign(timestamp=lambda f: pd.to_datetime(f["timestamp"]))
    # Where each line stood at the month's end, as the mart says (A7 is gone, A3 suspended).
    feat["population"] = [
        "gone" if s == "A7" else "suspended" if s == "A3" else "active" for s in feat["subscriber_id"]
    ]
    bills = pd.DataFrame({"month": ["2025-03", "2025-04"], "subscriber_id": ["A0", "A0"]})
    wh.sql.register("_f", feat)
    wh.sql.execute("CREATE TABLE feat_monthly AS SELECT * FROM _f")
    wh.sql.register("_c", changes)
    wh.sql.execute("CREATE TABLE stg_status_changes AS SELECT * FROM _c")
    wh.sql.register("_b", bills)
    wh.sql.execute("CREATE TABLE stg_bills AS SELECT * FROM _b")


def test_hit_rate_and_base_rate_by_hand_on_a_tiny_warehouse() -> None:
    march = [
        *(_line("2025-03", "arrears", s) for s in ("A0", "A2", "A3", "A7")),  # A7 left in March: not counted
        {"month": "2025-03", "rule": "fee_drop_total", "party": "enterprise", "subscriber_id": None,
         "enterprise_id": "G1"},
        _line("2025-03", "fee_drop_total", "A5"),  # also fired on the group: counted once
        _line("2025-03", "contract_end", "A8"),  # left and came back within March: open, stayed
        _line("2025-03", "churned", "A7"),  # not a rule with a hit rate
    ]  # fmt: skip
    april = [_line("2025-04", "arrears", "A2"), _line("2025-04", "arrears", "A3")]
    with connect("duckdb://:memory:", memory_limit="1GB", threads=1) as wh:
        _tiny(wh)
        rates = _hit_rates(wh, pd.DataFrame(april, columns=_COLUMNS), "2025-04")
        assert set(rates["month"]) == {"2025-04"}  # nothing stored yet: only the run's own month
        # March's warnings come from the stored table, April's from the run.
        wh.sql.register("_w", pd.DataFrame(march, columns=_COLUMNS))
        wh.sql.execute("CREATE TABLE warn_monthly AS SELECT * FROM _w")
        rates = _hit_rates(wh, pd.DataFrame(april, columns=_COLUMNS), "2025-04").set_index(["rule", "month"])
    assert set(rates.index.get_level_values("rule")) == set(RULES)
    # Open at March's end: A0–A6, A8, A9 (A7 gone); gone in April: A0, A1 → base 2 / 9.
    arrears = rates.loc[("arrears", "2025-03")]
    assert (arrears["base_lines"], arrears["base_departed"]) == (9, 2)
    assert arrears["base_rate"] == pytest.approx(2 / 9)
    # Arrears fired on A0, A2, A3 open at the month's end; A0 left in April (A2 only in May): 1 / 3.
    assert (arrears["lines"], arrears["departed"]) == (3, 1)
    assert arrears["rate"] == pytest.approx(1 / 3)
    assert arrears["lift"] == pytest.approx((1 / 3) / (2 / 9))
    fee = rates.loc[("fee_drop_total", "2025-03")]
    assert (fee["lines"], fee["departed"], fee["rate"], fee["lift"]) == (2, 0, 0.0, 0.0)  # A5, A6
    assert rates.loc[("contract_end", "2025-03"), "lines"] == 1  # A8 came back: open
    silent = rates.loc[("usage_collapse", "2025-03")]  # fired on no line: no rate, not 0
    assert silent["lines"] == 0 and pd.isna(silent["rate"]) and pd.isna(silent["lift"])
    # April: May's bills are not loaded, so there is no figure at all, only the lines fired on.
    pending = rates.loc[("arrears", "2025-04")]
    assert not pending["measured"] and pending["lines"] == 2 and pending["next_month"] == "2025-05"
    for column in ("departed", "rate", "base_departed", "base_rate", "lift"):
        assert pd.isna(pending[column]), column
    assert not rates["flagged"].any()


def _months(rates_by_month: dict[str, float], *, rule: str, measured: int) -> tuple:
    """Thirty open lines a month, six of which leave the month after (base rate 20 %); ``rule`` fires on
    five of them, of which ``rate`` × 5 leave. The first ``measured`` months are measurable."""
    base, gone, fired = [], [], []
    months = sorted(rates_by_month)
    for month in months:
        after = f"2025-{int(month[5:]) + 1:02d}"
        ids = [f"{month}:{k}" for k in range(30)]
        base += [{"month": month, "subscriber_id": s, "enterprise_id": None} for s in ids]
        leaving = round(rates_by_month[month] * 5)
        fired += [_line(month, rule, s) for s in ids[:5]]
        gone += [{"subscriber_id": s, "month": after} for s in [*ids[:leaving], *ids[5 : 5 + 6 - leaving]]]
    return (
        pd.DataFrame(fired, columns=_COLUMNS),
        pd.DataFrame(base),
        pd.DataFrame(gone, columns=["subscriber_id", "month"]),
        set(months[:measured]),
    )


def test_the_review_flag_needs_three_measured_months_below_the_base_rate_in_a_row() -> None:
    # contract_end: 0 % in Jan, Feb, Mar (base 20 %), 100 % in April; May not measured.
    fired, base, gone, measurable = _months(
        {"2025-01": 0.0, "2025-02": 0.0, "2025-03": 0.0, "2025-04": 1.0, "2025-05": 0.0},
        rule="contract_end",
        measured=4,
    )
    rates = hit_rates(fired, base, gone, measurable=measurable).set_index(["rule", "month"])
    ends = rates.loc["contract_end"]
    assert ends["base_rate"].iloc[:4].tolist() == pytest.approx([0.2] * 4)
    assert ends["rate"].iloc[:4].tolist() == pytest.approx([0.0, 0.0, 0.0, 1.0])
    assert ends["flagged"].tolist() == [False, False, True, False, False]
    # complaint_spike: above the base in January, below in February and March only: two, not flagged.
    fired2, base2, gone2, measurable2 = _months(
        {"2025-01": 0.6, "2025-02": 0.0, "2025-03": 0.0}, rule="complaint_spike", measured=3
    )
    spikes = hit_rates(fired2, base2, gone2, measurable=measurable2).set_index(["rule", "month"])
    assert spikes.loc["complaint_spike", "rate"].tolist() == pytest.approx([0.6, 0.0, 0.0])
    assert not spikes["flagged"].any()
    # Three below but the third not measured yet: not flagged.
    fired3, base3, gone3, measurable3 = _months(
        {"2025-01": 0.0, "2025-02": 0.0, "2025-03": 0.0}, rule="arrears", measured=2
    )
    assert not hit_rates(fired3, base3, gone3, measurable=measurable3)["flagged"].any()


def test_the_grid_reads_rate_and_lift_and_says_which_months_wait() -> None:
    fired, base, gone, measurable = _months(
        {"2025-01": 0.0, "2025-02": 0.0, "2025-03": 0.0, "2025-04": 0.0}, rule="contract_end", measured=3
    )
    rates = hit_rates(fired, base, gone, measurable=measurable)
    assert to_review(rates) == ["contract_end"]  # flagged in March, the latest measured month
    grid, pending = hit_rate_grid(rates, months=3)
    assert pending == ["2025-04"]
    assert list(grid.columns) == ["rule", "2025-02", "2025-03", "2025-04", "lines", "review"]
    row = grid.set_index("rule").loc["contract_end"]
    assert (row["2025-03"], row["2025-04"], row["lines"], row["review"]) == ("0.0% ×0.00", "–", 5, True)
    base_row = grid.set_index("rule").loc["base"]
    assert (base_row["2025-03"], base_row["2025-04"], base_row["lines"]) == ("20.0%", "–", 30)
    assert grid["rule"].iloc[-1] == "base" and grid["rule"].iloc[0] == RULES[0]


def test_warnings_store_the_hit_rates_of_every_warned_month(
    tmp_path: Path, small_operator: Path, cycle_settings: Callable[..., Settings]
) -> None:
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(small_operator, warehouse)
    settings = cycle_settings(warehouse=str(warehouse))
    with connect(str(warehouse), memory_limit="1GB", threads=1) as wh:
        warn_month(wh, settings, month="2025-05", now=datetime(2025, 6, 3))
        run = warn_month(wh, settings, month="2025-06", now=datetime(2025, 7, 3))
        stored = wh.sql.execute("SELECT * FROM warn_hit_rates ORDER BY rule, month").df()
        # The base of May, stated directly: lines of May's mart not gone by May's end; gone in June.
        base_rate = wh.sql.execute(
            "SELECT avg(CASE WHEN subscriber_id IN (SELECT subscriber_id FROM stg_status_changes WHERE to_status "
            f"IN {sql_list(GONE_STATUSES)} AND timestamp >= DATE '2025-06-01' AND timestamp < DATE '2025-07-01') "
            "THEN 1.0 ELSE 0.0 END) FROM feat_monthly WHERE month = '2025-05' AND subscriber_id NOT IN ("
            "SELECT subscriber_id FROM stg_status_changes WHERE timestamp < DATE '2025-06-01' QUALIFY row_number() "
            "OVER (PARTITION BY subscriber_id ORDER BY timestamp DESC, to_status DESC) = 1 "
            f"AND to_status IN {sql_list(GONE_STATUSES)})"
        ).fetchone()[0]
        report = monthly_report(wh, None, settings, month="2025-06")
    assert len(stored) == len(RULES) * 2 and set(stored["run_id"]) == {run.run_id}
    may, june = stored[stored["month"] == "2025-05"], stored[stored["month"] == "2025-06"]
    assert may["measured"].all() and not june["measured"].any()  # July is not in the simulated data
    assert may["base_rate"].iloc[0] == pytest.approx(base_rate) and 0 < base_rate < 0.2
    assert june["rate"].isna().all() and june["base_rate"].isna().all()
    assert (may["lines"] > 0).sum() >= 4 and may["rate"].notna().sum() >= 4
    assert len(run.hit_rates) == len(stored)
    # The monthly report's early-warning section: the grid and May's counts, in both languages.
    zh_html = html_document(report, lang="zh", warehouse="w.duckdb", now=datetime(2025, 7, 3))
    en_html = html_document(report, lang="en", warehouse="w.duckdb", now=datetime(2025, 7, 3))
    assert (
        "各规则命中率" in zh_html
        and "2025-05 命中率（次月离网）" in zh_html
        and "基准离网率（全部在网号码）" in zh_html
    )
    assert "Hit rate by rule" not in zh_html and "Hit rate by rule" in en_html
    assert "no figure yet for 2025-06" in en_html
    arrears = may.set_index("rule").loc["arrears"]
    assert f"{arrears['rate']:.1%} ×{arrears['lift']:.2f}" in en_html
    sheet = excel_workbook(report, lang="en")[say("s.warnings", "en")[:31]]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in values if r[:2] == ["rule", "lines warned (latest measured month)"])
    detail = values[values.index(header) + 1 :]
    row = next(r for r in detail if r[0] == "arrears")
    assert row[1:4] == [int(arrears["lines"]), int(arrears["departed"]), pytest.approx(arrears["rate"])]


def test_the_warn_command_shows_the_hit_rates_in_english_and_chinese(
    tmp_path: Path, small_operator: Path, cli: Callable
) -> None:
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(small_operator, warehouse)
    en = cli("warn", "--month", "2025-05", "--warehouse", warehouse, "--show", "0")
    assert en.exit_code == 0, en.stdout + en.stderr
    assert "Hit rate by rule" in en.stdout and "base (every line open)" in en.stdout
    assert re.search(r"arrears\s+│\s+\d+\.\d% ×\d+\.\d\d", en.stdout), en.stdout
    # June is not warned yet: May is the only month, and measured (June's bills are loaded).
    assert "No hit rate yet" not in en.stdout
    zh = cli("warn", "--month", "2025-06", "--warehouse", warehouse, "--show", "0", env={"CHURNGUARD_LANG": "zh"})
    assert zh.exit_code == 0, zh.stdout + zh.stderr
    assert "各规则命中率" in zh.stdout and "基准（全部在网号码）" in zh.stdout
    assert "2025-06 暂无命中率：载入下一个月的数据后才能计算。" in zh.stdout
    assert re.search(r"arrears\s+│\s+\d+\.\d% ×\d+\.\d\d\s+│\s+–", zh.stdout), zh.stdout
