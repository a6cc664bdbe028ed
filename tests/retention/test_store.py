"""The operational store on SQLite and on the machine's real PostgreSQL: migrations, work orders with
a version (a stale update is refused), one open order per subscriber, contacts, outcomes, audit log,
and eight processes updating the same order without losing a change."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from datetime import date, datetime

import pandas as pd
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from churnguard.config import Settings
from churnguard.errors import ConflictError, DataError, NotFoundError
from churnguard.retention import Store, open_store
from churnguard.retention import store as store_module
from churnguard.retention.orders import not_to_contact, offer_holds
from churnguard.retention.schema import metadata
from ledgers import open_keyed

NOW = datetime(2026, 1, 5, 9, 0)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_keyed(store_url) as opened:
        opened.add_staff("M1", "王经理", "agent", "north")
        opened.add_offer("O1", "Plan right-sizing", "price", 30.0, {"tiers": ["high", "mid"]})
        yield opened


def _campaign(store: Store) -> str:
    return store.add_campaign("2025-12", "December retention", budget=10000, control_share=0.1, now=NOW)


def _order(subscriber: str, **extra: object) -> dict:
    return {"subscriber_id": subscriber, "channel": "vip_manager", "due_date": date(2026, 1, 8), **extra}


def test_migrations_build_the_schema_the_code_uses(store: Store, store_url: str) -> None:
    inspector = sa.inspect(store.engine)
    assert set(metadata.tables) <= set(inspector.get_table_names())
    for name, table in metadata.tables.items():
        assert {c["name"] for c in inspector.get_columns(name)} == set(table.columns.keys()), name
    # Opening an up-to-date store again migrates nothing and keeps the rows.
    with open_store(store_url) as again:
        assert [s["name"] for s in again.engine.connect().execute(sa.text("SELECT name FROM staff")).mappings()] == [
            "王经理"
        ]


def test_a_stale_update_is_refused_and_changes_nothing(store: Store) -> None:
    (order_id,) = store.add_orders(_campaign(store), [_order("S1", owner_id="M1", reasons=["price"])], now=NOW)
    first = store.order(order_id)
    assert first["version"] == 1 and first["status"] == "open" and first["reasons"] == ["price"]
    assert store.update_order(order_id, version=1, now=NOW, status="in_progress") == 2
    with pytest.raises(ConflictError) as stale:
        store.update_order(order_id, version=1, now=NOW, status="done")
    assert stale.value.http_status == 409 and "version 1" in str(stale.value)
    after = store.order(order_id)
    assert after["status"] == "in_progress" and after["version"] == 2
    with pytest.raises(NotFoundError):
        store.update_order("W-missing", version=1, now=NOW, status="done")
    with pytest.raises(DataError):
        store.update_order(order_id, version=2, now=NOW, subscriber_id="S2")


def test_one_open_order_per_subscriber_and_batches_are_all_or_nothing(store: Store) -> None:
    campaign = _campaign(store)
    (first,) = store.add_orders(campaign, [_order("S1")], now=NOW)
    with pytest.raises(DataError, match="S1"):
        store.add_orders(campaign, [_order("S2"), _order("S1")], now=NOW)
    assert [o["subscriber_id"] for o in store.orders(campaign_id=campaign)] == ["S1"]  # S2 not written either
    with pytest.raises(DataError, match="S3"):
        store.add_orders(campaign, [_order("S3"), _order("S3")], now=NOW)
    store.update_order(first, version=1, now=NOW, status="done")
    assert len(store.add_orders(campaign, [_order("S1")], now=NOW)) == 1  # a closed order frees the subscriber


def test_contacts_outcomes_and_the_audit_log(store: Store) -> None:
    (order_id,) = store.add_orders(_campaign(store), [_order("S1", owner_id="M1", offer_id="O1")], now=NOW)
    store.record_contact(order_id, staff_id="M1", channel="phone", reached=False, at=NOW)
    store.record_contact(order_id, staff_id="M1", channel="phone", reached=True, at=NOW.replace(hour=15), note="回电")
    store.record_outcome(order_id, result="accepted", at=NOW.replace(hour=15), reason_given="价格合适")
    assert [c["reached"] for c in store.contacts(order_id)] == [False, True]
    assert store.contacts(order_id)[1]["note"] == "回电"
    assert [(o["result"], o["reason_given"]) for o in store.outcomes(order_id)] == [("accepted", "价格合适")]
    with pytest.raises(DataError):
        store.record_outcome(order_id, result="maybe", at=NOW)
    with pytest.raises(NotFoundError):
        store.record_contact("W-missing", staff_id="M1", channel="phone", reached=True, at=NOW)
    store.audit(actor="M1", role="agent", action="order.update", object=order_id, outcome="ok", at=NOW)
    assert [(e["actor"], e["action"], e["outcome"]) for e in store.audit_entries()] == [("M1", "order.update", "ok")]
    with pytest.raises(DataError):
        store.add_staff("X", "Nobody", "overlord")


def test_many_orders_work_logs_and_activity_in_a_few_queries(store: Store) -> None:
    ids = store.add_orders(_campaign(store), [_order(f"S{i}", owner_id="M1") for i in range(3)], now=NOW)
    store.record_contact(ids[0], staff_id="M1", channel="phone", reached=False, at=NOW)
    store.record_contact(ids[0], staff_id="M1", channel="sms", reached=True, at=NOW.replace(hour=12))
    store.record_outcome(ids[0], result="accepted", at=NOW.replace(hour=12))
    store.record_contact(ids[1], staff_id="M1", channel="phone", reached=False, at=NOW)
    logs = store.work_logs(ids)
    for order_id in ids:  # the same as reading each order's contacts and outcomes alone
        assert logs[order_id] == (store.contacts(order_id), store.outcomes(order_id))
    activity = store.order_activity(ids)
    assert activity[ids[0]] == {"attempted": True, "reached": True, "accepted": True, "contacts": 2}
    assert activity[ids[1]] == {"attempted": True, "reached": False, "accepted": False, "contacts": 1}
    assert activity[ids[2]] == {"attempted": False, "reached": False, "accepted": False, "contacts": 0}


def _bump(url: str, order_id: str, times: int) -> None:
    """Add 1 to the order's expected value ``times`` times, rereading after each refused update."""
    with open_store(url) as store:
        for _ in range(times):
            while True:
                order = store.order(order_id)
                try:
                    store.update_order(
                        order_id, version=order["version"], now=NOW, expected_value=order["expected_value"] + 1
                    )
                    break
                except ConflictError:
                    continue


def test_eight_writers_lose_no_update(store: Store, store_url: str) -> None:
    (order_id,) = store.add_orders(_campaign(store), [_order("S1", expected_value=0.0)], now=NOW)
    writers, times = 8, 15
    with multiprocessing.get_context("fork").Pool(writers) as pool:
        pool.starmap(_bump, [(store_url, order_id, times)] * writers)
    final = store.order(order_id)
    assert final["expected_value"] == writers * times
    assert final["version"] == 1 + writers * times


def test_campaign_members_keep_the_control_group(store: Store) -> None:
    campaign = _campaign(store)
    store.add_members(
        campaign,
        [
            {"subscriber_id": "S1", "arm": "treated", "tier": "high", "risk_tier": "high", "p_churn": 0.4},
            {"subscriber_id": "S2", "arm": "control", "tier": "high", "risk_tier": "high", "p_churn": 0.5},
        ],
    )
    assert [m["subscriber_id"] for m in store.members(campaign, arm="control")] == ["S2"]
    assert store.members(campaign)[0]["p_churn"] == pytest.approx(0.4)
    with pytest.raises(DataError):
        store.add_members(campaign, [{"subscriber_id": "S3", "arm": "maybe"}])
    with pytest.raises(sa.exc.IntegrityError):  # a line is in a campaign once
        store.add_members(campaign, [{"subscriber_id": "S1", "arm": "control"}])
    assert len(store.members(campaign)) == 2


def test_an_older_store_is_upgraded_in_place(store_url: str) -> None:
    url = store_module.store_url(store_url)
    engine = store_module._sqlite_engine(url) if url.startswith("sqlite") else sa.create_engine(url)
    with engine.begin() as conn:
        config = Config()
        config.set_main_option("script_location", str(store_module._MIGRATIONS))
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(sa.text("INSERT INTO staff (staff_id, name, role, active) VALUES ('M9', '李经理', 'agent', true)"))
        conn.execute(
            sa.text(
                "INSERT INTO audit_log (at, actor, role, action, outcome) "
                "VALUES ('2025-01-01 09:00:00', 'M9', 'agent', 'login', 'ok')"
            )
        )
    assert "campaign_members" not in sa.inspect(engine).get_table_names()
    engine.dispose()
    with open_store(store_url) as upgraded:
        assert "campaign_members" in sa.inspect(upgraded.engine).get_table_names()
        with upgraded.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT name FROM staff")).scalar_one() == "李经理"
            assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == "0007"
            assert conn.execute(sa.text("SELECT password_hash FROM staff")).scalar_one() is None
        assert "app_secrets" not in sa.inspect(upgraded.engine).get_table_names()  # no key in the store
    # Entries from before any chain stay as they were; the first keyed entry seals them, and the log holds.
    with open_keyed(store_url) as upgraded:
        upgraded.audit(actor="M9", role="agent", action="login", outcome="ok", at=datetime(2025, 2, 1, 9))
        entries = upgraded.audit_entries()
        assert [(e["hash"], e["seq"], e["action"]) for e in entries] == [
            (None, None, "login"),
            (None, 2, "audit.rechain"),
            (None, 3, "login"),
        ]
        assert upgraded.verify_audit().intact


def test_an_outcome_and_the_order_status_land_together(store: Store) -> None:
    (order_id,) = store.add_orders(_campaign(store), [_order("S1")], now=NOW)
    store.record_outcome(order_id, result="accepted", at=NOW, status="done")
    order = store.order(order_id)
    assert order["status"] == "done" and order["version"] == 2  # a reader of version 1 now gets a conflict
    with pytest.raises(DataError):
        store.record_outcome(order_id, result="accepted", at=NOW, status="finished")
    assert len(store.outcomes(order_id)) == 1  # the refused call wrote nothing


def test_a_campaign_is_planned_whole_or_not_at_all(store: Store) -> None:
    members = [{"subscriber_id": "S1", "arm": "treated", "owner_id": "M1"}, {"subscriber_id": "S2", "arm": "control"}]
    kept = store.plan_campaign(
        "2026-01",
        "January",
        budget=500,
        control_share=0.5,
        now=NOW,
        policy="uplift",
        orders=[_order("S1", owner_id="M1")],
        members=members,
    )
    assert store.campaign(kept)["policy"] == "uplift"
    assert [m["arm"] for m in store.members(kept)] == ["treated", "control"]
    assert [e["action"] for e in store.audit_entries()] == ["campaign.create"]
    # S1 still holds an open order: the second campaign is refused whole, and no trace of it is left.
    with pytest.raises(DataError, match="S1"):
        store.plan_campaign(
            "2026-02",
            "February",
            budget=500,
            control_share=0.5,
            now=NOW,
            policy=None,
            orders=[_order("S3"), _order("S1")],
            members=[{"subscriber_id": "S3", "arm": "treated"}],
        )
    assert [c["campaign_id"] for c in store.campaigns()] == [kept]
    assert {o["subscriber_id"] for o in store.orders()} == {"S1"}
    assert len(store.audit_entries()) == 1


def test_member_follow_up_keeps_unknown_as_unknown(store: Store) -> None:
    campaign = _campaign(store)
    store.add_members(campaign, [{"subscriber_id": s, "arm": "treated"} for s in ("S1", "S2", "S3")])
    rows = [
        {"subscriber_id": "S1", "left_30": True, "left_60": float("nan"), "left_90": None},
        {"subscriber_id": "S2", "left_30": False, "left_60": pd.NA},
    ]
    assert store.record_member_outcomes(campaign, rows, source="warehouse", now=NOW) == 2
    got = {r["subscriber_id"]: r for r in store.member_outcomes(campaign)}
    assert (got["S1"]["left_30"], got["S1"]["left_60"], got["S1"]["left_90"]) == (True, None, None)
    assert (got["S2"]["left_30"], got["S2"]["left_60"]) == (False, None)
    # Recorded again, a member's follow-up is replaced, not doubled.
    store.record_member_outcomes(campaign, [{"subscriber_id": "S1", "left_30": False}], source="simulated", now=NOW)
    again = {r["subscriber_id"]: r for r in store.member_outcomes(campaign)}
    assert len(again) == 2 and again["S1"]["left_30"] is False and again["S1"]["source"] == "simulated"


def test_no_contact_and_running_offers_are_honoured_by_later_campaigns(store: Store) -> None:
    campaign = _campaign(store)
    asked, took, took_long_ago, declined = store.add_orders(
        campaign, [_order("S1"), _order("S2"), _order("S3"), _order("S4")], now=NOW
    )
    store.record_outcome(asked, result="do_not_contact", at=datetime(2025, 6, 1), status="done")
    store.record_outcome(took, result="accepted", at=datetime(2025, 11, 20), status="done")
    store.record_outcome(took_long_ago, result="accepted", at=datetime(2025, 9, 1), status="done")
    store.record_outcome(declined, result="declined", at=datetime(2025, 12, 1), status="done")
    settings = Settings(save_months=3, do_not_contact_months=12)
    # Planned on 2026-01-05: the request of June is within 12 months, the offer of November within 3.
    assert not_to_contact(store, settings, NOW) == {"S1"}
    assert offer_holds(store, settings, NOW) == {"S2"}
    assert not_to_contact(store, settings.model_copy(update={"do_not_contact_months": 6}), NOW) == set()
    assert not_to_contact(store, settings.model_copy(update={"do_not_contact_months": 0}), NOW) == set()
    with pytest.raises(DataError):
        store.record_outcome(declined, result="go_away", at=NOW)
