"""The monthly run on the small simulated operator: every step in order and recorded; a second run finds
everything done; a run stopped after a step's outputs landed but before its record resumes without doing
it twice; and a run killed (SIGKILL) part-way and started again ends as an uninterrupted one."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

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
        "campaigns": len(campaigns),
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
    assert all(status[s] == "done" for s in ("mart", "score", "segments", "warnings", "act", "report"))
    assert first.report.is_file() and first.campaign
    done = _outputs(settings)
    assert done["score_runs"] == 1 and done["campaigns"] == 1 and len(done["orders"]) > 0
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


def _kill_in(run: subprocess.Popen, step: str, delay: float) -> bool:
    """SIGKILL the run ``delay`` seconds after it says it starts ``step``; False if it ended first."""
    for line in run.stderr:
        if f"] {step} …" in line:
            time.sleep(delay)
            if run.poll() is None:
                run.send_signal(signal.SIGKILL)
                run.wait()
                return True
            break
    run.wait()
    return False


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
    killed_mid_run = 0
    # Twenty points across every step: each step is killed as it starts, most again a little into it.
    points = [(step, delay) for delay in (0.0, 0.4, 1.2) for step in STEPS][:20]
    for point, (step, delay) in enumerate(points, start=1):
        root = tmp_path / f"kill{point:02d}"
        root.mkdir()
        settings = _setup(root, small_operator, cycle_settings)
        killed_mid_run += _kill_in(_cli_run(settings, root / "reports"), step, delay)
        again = _cli_run(settings, root / "reports")
        again.stderr.read()
        assert again.wait(timeout=300) == 0, point
        got = _content(settings)
        assert got == expected, point
        assert (root / "reports" / f"churn-report-{MONTH}.html").is_file()
        assert not list((root / "reports").glob("*.partial"))
        shutil.rmtree(root)
    assert killed_mid_run >= 15  # the kills fell inside the run, in every step, not after its end
