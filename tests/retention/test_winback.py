"""Win-back on the small simulated operator, on SQLite and PostgreSQL: the month's new files become
work orders within the budget with a control group never contacted; a file that turns returned closes
its order as done, a closed file cancels it, and a file still open keeps its order (no second one)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from churnguard.config import Settings
from churnguard.errors import DataError
from churnguard.retention.uplift import _training_rows
from churnguard.retention.winback import COMEBACK, POLICY, winback_month, winback_results
from churnguard.segmenting import segment_month
from churnguard.warehouse import connect
from ledgers import open_keyed

FIRST, SECOND = "2025-05", "2025-06"
NOW = datetime(2025, 6, 2, 9, 0)


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory, scored_operator: Callable[..., tuple]) -> tuple[Path, Settings]:
    # A high return rate makes every file worth a contact, so the mechanics can be checked.
    warehouse, settings = scored_operator(
        tmp_path_factory.mktemp("winback"), months=(FIRST, SECOND), now=NOW, control_share=0.2
    )
    with connect(str(warehouse), memory_limit="1GB", threads=1) as wh:
        for month in (FIRST, SECOND):
            segment_month(wh, settings, month=month)
    return warehouse, settings.model_copy(update={"winback_return_rate": 0.6})


def test_files_become_orders_and_end_with_their_file(
    scored: tuple[Path, Settings], store_url: str, tmp_path: Path
) -> None:
    source, settings = scored
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(source, warehouse)
    budget = 2000.0
    with open_keyed(store_url) as store:
        with connect(str(warehouse), memory_limit="1GB", threads=1, read_only=True) as wh:
            fresh = wh.sql.execute(
                "SELECT subscriber_id FROM warn_winback WHERE month = ? AND status = 'open' AND months_since = 0",
                [FIRST],
            ).df()["subscriber_id"]
            run = winback_month(wh, store, settings, month=FIRST, now=NOW, budget=budget)
        assert run.files == len(fresh) > 10 and run.returned == run.cancelled == 0
        campaign = store.campaign(run.campaign_id)
        assert campaign["policy"] == POLICY
        orders = store.orders(campaign_id=run.campaign_id)
        treated = {m["subscriber_id"] for m in store.members(run.campaign_id, arm="treated")}
        control = {m["subscriber_id"] for m in store.members(run.campaign_id, arm="control")}
        ordered = {o["subscriber_id"] for o in orders}
        assert ordered == treated and control and not ordered & control  # the control group gets no order
        assert ordered | control <= set(fresh)
        assert run.selection.spend <= budget + 1e-6
        assert all(o["offer_id"] == COMEBACK.offer_id and o["evidence"]["warnings"] == ["churned"] for o in orders)
        assert all(o["expected_value"] > 0 for o in orders)
        # Observed follow-up (as `churnguard outcomes` records it): every member "left", being gone.
        gone = [{"subscriber_id": s, "left_30": True} for s in ordered | control]
        store.record_member_outcomes(run.campaign_id, gone, source="observed", now=NOW)
        with connect(str(warehouse), memory_limit="1GB", threads=1, read_only=True) as wh:
            _, used = _training_rows(wh, store, month=SECOND, horizon=30)
        assert run.campaign_id not in used  # gone lines teach the uplift model nothing about keeping one

        # Next month: one customer came back, one file closed (hand-set), the rest stay open.
        back, shut, *still = sorted(ordered)
        with connect(str(warehouse), memory_limit="1GB", threads=1) as wh:
            carried = wh.sql.execute(
                "SELECT subscriber_id FROM warn_winback WHERE month = ? AND months_since = 1", [SECOND]
            ).df()["subscriber_id"]
            assert ordered <= set(carried)  # the first month's open files are carried on
            for who, status in ((back, "returned"), (shut, "closed")):
                wh.sql.execute(
                    "UPDATE warn_winback SET status = ? WHERE month = ? AND subscriber_id = ?", [status, SECOND, who]
                )
        later = datetime(2025, 7, 2, 9, 0)
        with connect(str(warehouse), memory_limit="1GB", threads=1, read_only=True) as wh:
            second = winback_month(wh, store, settings, month=SECOND, now=later, budget=budget)
            results = winback_results(wh, store)
        assert (second.returned, second.cancelled) == (1, 1)
        assert store.orders(subscriber_id=back)[0]["status"] == "done"
        assert store.outcomes(store.orders(subscriber_id=back)[0]["order_id"])[0]["result"] == "accepted"
        assert store.orders(subscriber_id=shut)[0]["status"] == "cancelled"
        assert all(o["status"] == "open" for s in still for o in store.orders(subscriber_id=s))
        if second.campaign_id is not None:  # the second month's new files only, none of the carried ones
            assert not {o["subscriber_id"] for o in store.orders(campaign_id=second.campaign_id)} & set(carried)
        first = results.set_index("campaign_id").loc[run.campaign_id]
        assert first["treated"] == len(treated) and first["control"] == len(control)
        assert first["returned_treated"] == pytest.approx(1 / len(treated))
        assert first["lift_low"] <= first["lift"] <= first["lift_high"]


def test_a_month_without_warnings_is_refused_with_a_hint(scored: tuple[Path, Settings], tmp_path: Path) -> None:
    source, settings = scored
    with (
        connect(str(source), memory_limit="1GB", threads=1, read_only=True) as wh,
        open_keyed(str(tmp_path / "ops.sqlite")) as store,
        pytest.raises(DataError) as refused,
    ):
        winback_month(wh, store, settings, month="2025-02", now=NOW)
    assert refused.value.key == "winback.no_files" and "2025-02" in str(refused.value)
