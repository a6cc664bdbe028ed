"""A month's campaign end to end on the small simulated operator: scores and warnings become work
orders within budget and capacity, a control group is held out and never given an order, and a
second campaign does not open a second order for the same line."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from churnguard.config import Settings
from churnguard.retention import open_store
from churnguard.retention.ledger import ledger_for
from churnguard.retention.orders import act_month, with_arrears
from churnguard.retention.policy import DEFAULT_OFFERS, Offer
from churnguard.warehouse import connect
from ledgers import open_keyed

MONTH = "2025-06"
NOW = datetime(2025, 7, 2, 9, 0)
# The small operator's risks are low (1–4 % a month): at the default offers' costs no contact pays, which
# is right. A cheap, effective offer makes many lines worth working, so the mechanics can be checked.
OFFERS = (*DEFAULT_OFFERS, Offer("test_voucher", "Test voucher", "any", 0.5, 0.9))


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory, scored_operator: Callable[..., tuple]) -> tuple[Path, Settings]:
    return scored_operator(tmp_path_factory.mktemp("act"), months=(MONTH,), now=NOW, control_share=0.2)


def test_a_campaign_becomes_work_orders_within_its_limits(scored: tuple[Path, Settings], tmp_path: Path) -> None:
    warehouse, settings = scored
    budget, capacity = 3000.0, {"vip_manager": 5, "call_centre": 20}
    with (
        connect(str(warehouse), memory_limit="1GB", threads=1, read_only=True) as wh,
        open_keyed(str(tmp_path / "ops.sqlite")) as store,
    ):
        run = act_month(wh, store, settings, month=MONTH, budget=budget, capacity=capacity, now=NOW, offers=OFFERS)
        orders = store.orders(campaign_id=run.campaign_id)
        treated = {m["subscriber_id"] for m in store.members(run.campaign_id, arm="treated")}
        control = {m["subscriber_id"] for m in store.members(run.campaign_id, arm="control")}
        assert len(orders) == len(run.orders) > 0 and len(control) == len(run.control) > 0
        ordered = {o["subscriber_id"] for o in orders}
        assert ordered == treated and not ordered & control  # the control group gets no order
        # Within budget (the held-out lines' costs are not spent) and within each channel's capacity.
        assert run.selection.spend <= budget + 1e-6
        assert (run.orders["offer_cost"] + run.orders["contact_cost"]).sum() <= budget + 1e-6
        for channel, limit in capacity.items():
            assert sum(o["channel"] == channel for o in orders) <= limit
        assert all(o["expected_value"] > 0 and o["offer_id"] for o in orders)
        vip = [o for o in orders if o["channel"] == "vip_manager"]
        assert all(o["owner_id"] for o in vip)
        assert all(o["owner_id"] is None for o in orders if o["channel"] != "vip_manager")
        assert all(o["due_date"] > NOW.date() for o in orders)
        # A second campaign of the same month does not open a second order for a line.
        again = act_month(wh, store, settings, month=MONTH, budget=budget, capacity=capacity, now=NOW, offers=OFFERS)
        assert not {o["subscriber_id"] for o in store.orders(campaign_id=again.campaign_id)} & ordered
        assert [e["action"] for e in store.audit_entries()] == ["campaign.create", "campaign.create"]


def test_customers_who_asked_not_to_be_contacted_or_took_an_offer_are_left_alone(
    scored: tuple[Path, Settings], tmp_path: Path
) -> None:
    warehouse, settings = scored
    budget, capacity = 3000.0, {"vip_manager": 5, "call_centre": 20}
    with (
        connect(str(warehouse), memory_limit="1GB", threads=1, read_only=True) as wh,
        open_keyed(str(tmp_path / "ops.sqlite")) as store,
    ):
        first = act_month(wh, store, settings, month=MONTH, budget=budget, capacity=capacity, now=NOW, offers=OFFERS)
        orders = store.orders(campaign_id=first.campaign_id)
        assert len(orders) >= 3
        asked, took, declined = orders[:3]
        store.record_outcome(asked["order_id"], result="do_not_contact", at=NOW, status="done")
        store.record_outcome(took["order_id"], result="accepted", at=NOW, status="done")
        store.record_outcome(declined["order_id"], result="declined", at=NOW, status="done")
        for order in orders[3:]:
            store.update_order(order["order_id"], version=order["version"], now=NOW, status="cancelled")
        # Every order is closed now: only the customers' answers keep a line out of the next campaign.
        again = act_month(wh, store, settings, month=MONTH, budget=budget, capacity=capacity, now=NOW, offers=OFFERS)
        chosen = {m["subscriber_id"] for m in store.members(again.campaign_id)}
        assert asked["subscriber_id"] not in chosen and took["subscriber_id"] not in chosen
        assert again.left_alone == 2
        assert declined["subscriber_id"] in chosen  # a declined offer is no request to be left alone


def test_act_command(scored: tuple[Path, Settings], tmp_path: Path, cli: Callable) -> None:
    warehouse, settings = scored
    ops = tmp_path / "ops.sqlite"
    args = ("act", "--month", MONTH, "--warehouse", warehouse, "--store", ops, "--budget", 2000)
    result = cli(*args, "--capacity", "vip_manager=3", env={"CHURNGUARD_REGISTRY": settings.registry})
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "work orders" in result.stdout and ops.is_file()
    bad = cli(*args, "--capacity", "vip_manager:3")
    assert bad.exit_code == 2 and "CHANNEL=N" in bad.stderr and "Traceback" not in bad.stderr
    missing = cli("act", "--month", "2025-03", "--warehouse", warehouse, "--store", ops)
    assert missing.exit_code == 2 and "churnguard score --month 2025-03" in missing.stderr


def test_orders_commands_record_contacts_and_outcomes(tmp_path: Path, cli: Callable) -> None:
    ops = tmp_path / "ops.sqlite"
    with open_keyed(str(ops)) as store:
        store.add_staff("M1", "张经理", "agent")
        campaign = store.add_campaign(MONTH, "test", budget=100.0, control_share=0.1, now=NOW)
        first, second, third = store.add_orders(
            campaign,
            [
                {"subscriber_id": "S1", "channel": "call_centre", "due_date": NOW.date()},
                {"subscriber_id": "S2", "channel": "sms", "due_date": NOW.date()},
                {"subscriber_id": "S3", "channel": "call_centre", "due_date": NOW.date()},
            ],
            now=NOW,
        )
    listed = cli("orders", "list", "--campaign", campaign, "--store", ops)
    assert listed.exit_code == 0 and first in listed.stdout and "3 work orders" in listed.stdout
    unknown = cli("orders", "contact", first, "--reached", "--staff", "M9", "--store", ops)
    assert unknown.exit_code == 2 and "M9" in unknown.stderr and "Traceback" not in unknown.stderr
    contact = cli("orders", "contact", first, "--reached", "--staff", "M1", "--note", "客户在考虑", "--store", ops)
    assert contact.exit_code == 0, contact.stdout + contact.stderr
    done = cli("orders", "outcome", first, "--result", "accepted", "--reason", "价格合适", "--store", ops)
    assert done.exit_code == 0 and "done" in done.stdout
    later = cli("orders", "outcome", second, "--result", "follow_up", "--follow-up", "2025-07-09", "--store", ops)
    assert later.exit_code == 0
    quiet = cli("orders", "outcome", third, "--result", "do_not_contact", "--reason", "别再打了", "--store", ops)
    assert quiet.exit_code == 0 and "done" in quiet.stdout
    bad = cli("orders", "outcome", second, "--result", "maybe", "--store", ops)
    assert bad.exit_code == 2 and "accepted" in bad.stderr and "Traceback" not in bad.stderr
    wrong = cli("orders", "list", "--store", "nosuchdb://host/ops")
    assert wrong.exit_code == 2 and "nosuchdb" in wrong.stderr and "Traceback" not in wrong.stderr
    missing = cli("orders", "contact", "W-nope", "--not-reached", "--store", ops)
    assert missing.exit_code == 2 and "W-nope" in missing.stderr
    with open_store(str(ops), ledger=ledger_for(Settings(store=str(ops)))) as store:  # the commands' keys file
        assert store.order(first)["status"] == "done" and store.order(second)["status"] == "in_progress"
        assert store.contacts(first)[0]["note"] == "客户在考虑"
        assert store.outcomes(second)[0]["follow_up_on"].isoformat() == "2025-07-09"
        assert store.order(third)["status"] == "done"
        assert store.latest_results(["do_not_contact"], since=NOW) == {"S3": store.outcomes(third)[0]["at"]}
        entries = store.audit_entries()
        # The order moved to in progress by the contact, with what changed; the console's user is the actor.
        assert [e["action"] for e in entries] == ["order.update", "order.contact"] + ["order.outcome"] * 3
        assert json.loads(entries[0]["detail"]) == {"status": ["open", "in_progress"]}
        assert json.loads(entries[2]["detail"]) == {
            "result": "accepted",
            "staff": None,
            "status": ["in_progress", "done"],
        }
        assert {(e["role"], e["source"]) for e in entries} == {("os", "cli")}
        assert store.verify_audit().intact


def _arrears_warehouse(path: Path, *, suspended: int, let_go: int) -> None:
    """Lines suspended for arrears at the end of 2025-05, ``let_go`` of them cancelled in June, and
    two lines suspended at the end of July (the month planned)."""
    with connect(str(path), memory_limit="1GB", threads=1) as wh:
        wh.sql.execute("CREATE TABLE feat_monthly (subscriber_id VARCHAR, month VARCHAR, suspended_arrears_now BIGINT)")
        wh.sql.execute(
            "CREATE TABLE stg_status_changes (subscriber_id VARCHAR, timestamp TIMESTAMP, from_status VARCHAR, "
            "to_status VARCHAR, reason VARCHAR)"
        )
        for i in range(suspended):
            wh.sql.execute("INSERT INTO feat_monthly VALUES (?, '2025-05', 1)", [f"S{i}"])
        for i in range(let_go):
            wh.sql.execute(
                "INSERT INTO stg_status_changes VALUES (?, '2025-06-20 10:00', 'suspended_arrears', 'cancelled', 'x')",
                [f"S{i}"],
            )
        # A line cancelled two months on does not count for the month after its suspension.
        wh.sql.execute(
            "INSERT INTO stg_status_changes VALUES (?, '2025-07-20', 'suspended_arrears', 'cancelled', 'x')",
            [f"S{suspended - 1}"],
        )
        wh.sql.execute("INSERT INTO feat_monthly VALUES ('A', '2025-07', 1), ('B', '2025-07', 1), ('C', '2025-07', 0)")


def test_lines_suspended_for_arrears_take_the_let_go_rate_and_the_arrears_reason(tmp_path: Path) -> None:
    pool = pd.DataFrame(
        {
            "subscriber_id": ["A", "B", "C"],
            "p_churn": [0.004, 0.60, 0.02],
            "reason_1_category": ["Device", "Device", "Device"],
            "reason_1": ["old phone", "old phone", "old phone"],
            "reason_2": ["bill up", None, "bill up"],
            "reason_3": ["x", None, "x"],
        }
    )
    _arrears_warehouse(tmp_path / "w.duckdb", suspended=40, let_go=10)
    with connect(str(tmp_path / "w.duckdb"), memory_limit="1GB", threads=1, read_only=True) as wh:
        out = with_arrears(wh, pool, "2025-07")
    # 10 of 40 let go the month after: 25 %; a higher score is kept; a line not suspended is untouched.
    assert out["p_churn"].tolist() == pytest.approx([0.25, 0.60, 0.02])
    assert out["reason_1_category"].tolist() == ["arrears", "arrears", "Device"]
    assert out["reason_1"].iloc[0] == "Suspended for arrears: 25% of such lines are let go the month after"
    assert out[["reason_2", "reason_3"]].iloc[0].tolist() == ["old phone", "bill up"]  # moved down
    assert out[["reason_1", "reason_2", "reason_3"]].iloc[2].tolist() == ["old phone", "bill up", "x"]
    assert pool["p_churn"].iloc[0] == 0.004  # the caller's frame is not changed

    _arrears_warehouse(tmp_path / "few.duckdb", suspended=29, let_go=10)
    with connect(str(tmp_path / "few.duckdb"), memory_limit="1GB", threads=1, read_only=True) as wh:
        kept = with_arrears(wh, pool, "2025-07")
    assert kept["p_churn"].tolist() == pool["p_churn"].tolist()  # too little history: scores as they are
