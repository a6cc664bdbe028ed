"""The monthly run on the small simulated operator: every step in order and recorded; a second run finds
everything done; a run stopped after a step's outputs landed but before its record resumes without doing
it twice; and a run killed (SIGKILL) part-way and started again ends as an uninterrupted one."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from churnguard.config import Settings
from churnguard.retention import open_store
from churnguard.run import STEPS, run_month
from churnguard.warehouse import connect

MONTH = "2025-05"
NOW = datetime(2025, 6, 2, 9, 0)


def _setup(root: Path, small_operator: Path, cycle_settings: Callable[..., Settings]) -> Settings:
    shutil.copyfile(small_operator, root / "w.duckdb")
    return cycle_settings(
        cycle_models=["lightgbm"],
        backtest_origins=1,
        segment_models=False,
        warehouse=str(root / "w.duckdb"),
        registry=str(root / "reg"),
        store=str(root / "ops.sqlite"),
        key_file=str(small_operator.parent / "churnguard.key"),  # the keys the small operator was loaded with
        act_budget=3000.0,
    )


def _outputs(settings: Settings) -> dict:
    with connect(settings.warehouse, memory_limit="1GB", threads=1, read_only=True) as wh:
        scored = wh.sql.execute("SELECT count(*), count(DISTINCT run_id) FROM score_monthly WHERE month = ?", [MONTH])
        scores = scored.fetchone()
        warned = wh.sql.execute("SELECT count(*) FROM warn_monthly WHERE month = ?", [MONTH]).fetchone()[0]
        steps = [r[0] for r in wh.sql.execute("SELECT step FROM run_steps WHERE month = ?", [MONTH]).fetchall()]
    with open_store(settings.store) as store:
        campaigns = store.campaigns(MONTH)
        orders = [o for c in campaigns for o in store.orders(campaign_id=c["campaign_id"])]
        members = [m for c in campaigns for m in store.members(c["campaign_id"])]
    return {
        "score_rows": scores[0],
        "score_runs": scores[1],
        "warnings": warned,
        "campaigns": sum(c["policy"] != "winback" for c in campaigns),
        "winback_campaigns": sum(c["policy"] == "winback" for c in campaigns),
        "orders": sorted(o["subscriber_id"] for o in orders),
        "members": sorted((m["subscriber_id"], m["arm"]) for m in members),
        "steps": sorted(steps),
    }


def test_a_month_runs_through_every_step_once(
    tmp_path: Path, small_operator: Path, cycle_settings: Callable[..., Settings]
) -> None:
    settings = _setup(tmp_path, small_operator, cycle_settings)
    delivery = small_operator.parent / "delivery"
    first = run_month(settings, month=MONTH, delivery=delivery, reports=tmp_path / "reports", now=NOW)
    status = {s["step"]: s["status"] for s in first.steps}
    assert list(status) == list(STEPS)
    assert (
        status["ingest"] == "done" and first.steps[0]["detail"]["loaded"] == 0 < first.steps[0]["detail"]["unchanged"]
    )  # in already
    assert status["train"] == "done" and status["uplift"] == "skipped"  # no campaign has taught anything yet
    assert all(status[s] == "done" for s in ("mart", "score", "segments", "warnings", "act", "winback", "report"))
    assert first.report.is_file() and first.campaign
    done = _outputs(settings)
    assert done["score_runs"] == 1 and done["campaigns"] == 1 and len(done["orders"]) > 0
    assert done["winback_campaigns"] == 1  # the month's lines gone are followed up
    assert done["steps"] == sorted(STEPS)

    again = run_month(settings, month=MONTH, delivery=delivery, reports=tmp_path / "reports", now=NOW)
    assert {s["status"] for s in again.steps} == {"already"}
    assert _outputs(settings) == done and again.campaign == first.campaign

    # Stopped after the outputs of score … act landed but before their records: resumed, nothing twice.
    # The scoring run also lost its monitoring (stopped between the two): the resumed run monitors it.
    with connect(settings.warehouse, memory_limit="1GB", threads=1) as wh:
        wh.sql.execute(
            "DELETE FROM run_steps WHERE month = ? AND step IN ('score', 'segments', 'warnings', 'uplift', 'act')",
            [MONTH],
        )
        drift = wh.sql.execute("SELECT count(*) FROM drift_monthly WHERE month = ?", [MONTH]).fetchone()[0]
        wh.sql.execute("DELETE FROM drift_monthly WHERE month = ?", [MONTH])
    resumed = run_month(settings, month=MONTH, delivery=delivery, reports=tmp_path / "reports", now=NOW)
    status = {s["step"]: s["status"] for s in resumed.steps}
    assert status["score"] == "skipped" and status["act"] == "skipped" and status["report"] == "already"
    assert resumed.steps[3]["detail"]["monitored"] is True
    with connect(settings.warehouse, memory_limit="1GB", threads=1, read_only=True) as wh:
        assert wh.sql.execute("SELECT count(*) FROM drift_monthly WHERE month = ?", [MONTH]).fetchone()[0] == drift > 0
    assert resumed.campaign == first.campaign
    assert _outputs(settings) == done


def _cli_run(settings: Settings, reports: Path) -> subprocess.Popen:
    # One thread and no tuning search (its first candidate only): the model, and so every output, is the
    # same from run to run, whatever the machine's load.
    env = {
        **os.environ,
        "CHURNGUARD_WAREHOUSE": settings.warehouse,
        "CHURNGUARD_REGISTRY": settings.registry,
        "CHURNGUARD_STORE": settings.store,
        "CHURNGUARD_CYCLE_MODELS": '["lightgbm"]',
        "CHURNGUARD_BACKTEST_ORIGINS": "1",
        "CHURNGUARD_SEGMENT_MODELS": "false",
        "CHURNGUARD_ACT_BUDGET": "3000",
        "CHURNGUARD_THREADS": "1",
        "CHURNGUARD_TUNE_SECONDS": "0.001",
        "CHURNGUARD_WAREHOUSE_MEMORY": "1GB",
        "CHURNGUARD_LANG": "en",
    }
    command = [sys.executable, "-m", "churnguard", "run", "--month", MONTH, "--reports", str(reports)]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _kill_in(run: subprocess.Popen, step: str, delay: float) -> str | None:
    """SIGKILL the run ``delay`` seconds after it says it starts ``step`` or a later one (a resumed run
    does not start the steps it finds done); the step it was in when it died, or None if it ended first."""
    later = STEPS[STEPS.index(step) :]
    for line in run.stderr:
        started = re.search(r"\] (\w+) …", line)
        if started and started.group(1) in later:
            time.sleep(delay)
            if run.poll() is not None:
                break
            run.send_signal(signal.SIGKILL)
            run.wait()
            # What it wrote before it died is still in the pipe: the last step it started is where it died.
            steps = re.findall(r"\] (\w+) …", line + run.stderr.read())
            return steps[-1]
    run.wait()
    return None


def _content(settings: Settings) -> dict:
    """What the run made, without the ids and times it stamps: scores, warnings, the campaign's arms and
    orders, the report."""
    got = _outputs(settings)
    with connect(settings.warehouse, memory_limit="1GB", threads=1, read_only=True) as wh:
        got["scores"] = wh.sql.execute(
            "SELECT subscriber_id, round(p_churn, 9), risk_tier, reason_1 FROM score_monthly WHERE month = ? "
            "ORDER BY 1",
            [MONTH],
        ).fetchall()
        got["warning_rows"] = wh.sql.execute(
            "SELECT subscriber_id, rule, stage FROM warn_monthly WHERE month = ? ORDER BY ALL", [MONTH]
        ).fetchall()
        got["segments"] = wh.sql.execute("SELECT count(*) FROM seg_monthly WHERE month = ?", [MONTH]).fetchone()
    return got


@pytest.mark.timeout(600)  # some thirty runs of the CLI (two minutes when the machine is otherwise idle)
def test_a_run_killed_at_twenty_points_and_started_again_ends_as_an_uninterrupted_one(
    tmp_path: Path, small_operator: Path, cycle_settings: Callable[..., Settings]
) -> None:
    (tmp_path / "ref").mkdir()
    reference = _setup(tmp_path / "ref", small_operator, cycle_settings)
    finished = _cli_run(reference, tmp_path / "ref" / "reports")
    finished.stderr.read()
    assert finished.wait(timeout=300) == 0
    expected = _content(reference)
    assert expected["campaigns"] == 1 and expected["score_runs"] == 1 and len(expected["orders"]) > 0
    # Twenty kills in two chains. Each kill falls on what the kills before it left, so every restart
    # picks up a run stopped at any point however often it has been stopped (and twenty fresh starts
    # would cost twenty runs' time). The first chain kills every step as it starts; the second a little
    # into it (or into a later step, where a step is over sooner).
    into_steps = [(step, delay) for step in STEPS for delay in (0.4, 1.2)]
    chains = [[(step, 0.0) for step in STEPS], into_steps[: 20 - len(STEPS)]]
    died_in = []
    for number, points in enumerate(chains):
        root = tmp_path / f"killed{number}"
        root.mkdir()
        settings = _setup(root, small_operator, cycle_settings)
        died_in += [_kill_in(_cli_run(settings, root / "reports"), *point) for point in points]
        again = _cli_run(settings, root / "reports")
        again.stderr.read()
        assert again.wait(timeout=300) == 0
        assert _content(settings) == expected, number
        assert (root / "reports" / f"churn-report-{MONTH}.html").is_file()
        assert not list((root / "reports").glob("*.partial"))
    # The kills fell inside the runs, and in every step.
    assert set(STEPS) <= set(died_in) and died_in.count(None) <= 4, str(died_in)


# Personal data as the simulator writes it: mainland mobile numbers, 18-character ID numbers.
# A number standing alone: digits inside a hex digest, a pseudonym or a decimal fraction are not personal data.
_MOBILE = re.compile(r"(?<![0-9A-Za-z*.])1[3-9]\d{9}(?![0-9A-Za-z.])")
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z.])\d{17}[\dXx](?![0-9A-Za-z.])")


def _text_cells(rows: list[tuple]) -> list[str]:
    return [v for row in rows for v in row if isinstance(v, str)]


def test_after_a_full_run_no_table_holds_personal_data_in_clear(
    tmp_path: Path, small_operator: Path, cycle_settings: Callable[..., Settings]
) -> None:
    """Every text column of every warehouse and store table, scanned after a month's run, holds no
    mobile number, no ID number and no customer name as delivered."""
    import pandas as pd
    import sqlalchemy as sa

    settings = _setup(tmp_path, small_operator, cycle_settings)
    delivery = small_operator.parent / "delivery"
    run_month(settings, month=MONTH, delivery=delivery, reports=tmp_path / "reports", now=NOW)
    files = sorted(p for p in delivery.rglob("subscribers*.*") if not any(x.startswith("_") for x in p.parts))
    delivered = pd.concat(pd.read_parquet(p) if p.suffix == ".parquet" else pd.read_csv(p, dtype=str) for p in files)
    names = set(delivered["name"].dropna())
    # The delivery did carry them, and the scan would see them.
    assert len(names) > 100 and all(_MOBILE.search(str(m)) for m in delivered["msisdn"])
    assert any(_ID_NUMBER.search(str(i)) for i in delivered["id_number"].dropna())

    found: dict[str, list[str]] = {}
    with connect(settings.warehouse, memory_limit="1GB", threads=1, read_only=True) as wh:
        for table in wh.names():
            columns = [r[0] for r in wh.sql.execute(f'DESCRIBE "{table}"').fetchall() if "VARCHAR" in r[1]]
            if columns:
                shown = ", ".join('CAST("' + c + '" AS VARCHAR)' for c in columns)
                query = f'SELECT {shown} FROM "{table}"'
                cells = _text_cells(wh.sql.execute(query).fetchall())
                hits = [c for c in cells if _MOBILE.search(c) or _ID_NUMBER.search(c) or c in names]
                if hits:
                    found[f"warehouse.{table}"] = hits[:3]
    engine = sa.create_engine(f"sqlite:///{settings.store}")
    with engine.connect() as conn:
        for table in sa.inspect(conn).get_table_names():
            cells = _text_cells(conn.execute(sa.text(f'SELECT * FROM "{table}"')).fetchall())
            hits = [c for c in cells if _MOBILE.search(c) or _ID_NUMBER.search(c) or c in names]
            if hits:
                found[f"store.{table}"] = hits[:3]
    engine.dispose()
    assert found == {}
