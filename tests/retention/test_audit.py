"""The audit log proves itself, on SQLite and on the real PostgreSQL: whoever can rewrite the database but
holds neither the keys file nor the checkpoint file cannot edit, remove, insert, cut off, empty or unchain
entries, nor drop the guards, without verification naming it (in both languages) and the first entry
concerned. Entries written before the key are sealed under it once; an export carries its verification."""

from __future__ import annotations

import csv
import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from churnguard.errors import ConfigError
from churnguard.retention import open_store
from churnguard.retention.audit import GENESIS, entry_hash, entry_mac
from churnguard.retention.audit_check import GUARDS
from churnguard.retention.audit_export import export_audit
from churnguard.retention.schema import audit_log
from churnguard.retention.store import store_url
from ledgers import checkpoints_of, keyed, open_keyed

AT = datetime(2026, 1, 5, 9, 0)
ENTRIES = 6
_DROP = {
    "sqlite": ("DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"),
    "postgresql": (
        "DROP TRIGGER audit_log_no_change ON audit_log",
        "DROP TRIGGER audit_log_no_truncate ON audit_log",
    ),
}


def _create(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return list(GUARDS["sqlite"].values())
    return [f"CREATE TRIGGER {name} {body}" for name, body in GUARDS["postgresql"].items()]


@pytest.fixture
def log(store_url: str) -> Iterator[str]:
    """A store whose audit log holds six entries, checkpointed when the store closed."""
    with open_keyed(store_url) as store:
        for i in range(ENTRIES):
            store.audit(actor=f"u{i}", role="agent", action="login", outcome="ok", at=AT.replace(minute=i))
    yield store_url


@contextmanager
def _raw(url: str, *, guarded: bool = True) -> Iterator[sa.Connection]:
    """The database as its owner sees it, behind ChurnGuard's back: the guards dropped for the change,
    and put back afterwards unless ``guarded`` is False."""
    engine = sa.create_engine(store_url(url))
    dialect = engine.dialect.name
    try:
        with engine.begin() as conn:
            for statement in _DROP[dialect]:
                conn.execute(sa.text(statement))
            yield conn
            if guarded:
                for statement in _create(dialect):
                    conn.execute(sa.text(statement))
    finally:
        engine.dispose()


def _verified(url: str) -> tuple[list[tuple[str, int | None]], object]:
    with open_keyed(url) as store:
        check = store.verify_audit()
    return [(p.key, p.entry) for p in check.problems], check


def _rows(conn: sa.Connection) -> list[dict]:
    return [dict(r) for r in conn.execute(sa.select(audit_log).order_by(audit_log.c.entry_id)).mappings()]


def test_an_untouched_log_verifies_and_says_so_in_both_languages(log: str) -> None:
    found, check = _verified(log)
    assert found == [] and check.intact and check.entries == ENTRIES and check.checkpoints >= 1
    assert check.head.seq == ENTRIES


def test_a_an_edited_entry_is_named(log: str) -> None:
    with _raw(log) as conn:
        conn.execute(sa.text("UPDATE audit_log SET source = '10.9.9.9' WHERE entry_id = 3"))
    found, check = _verified(log)
    assert found == [("audit.edited", 3)]
    assert "Audit entry 3 is not as it was written" in check.messages("en")[0]
    assert "第 3 条与写入时不符" in check.messages("zh")[0]


def test_b_an_edited_entry_with_the_chain_made_again_without_the_key_is_named(log: str) -> None:
    guess = secrets.token_bytes(32)  # whoever rewrites the database has every column but not the key
    with _raw(log) as conn:
        rows = _rows(conn)
        prev = rows[1]["mac"]
        for row in rows[2:]:
            if row["entry_id"] == 3:
                row["actor"] = "someone-else"
            row["mac"] = prev = entry_mac(guess, row["seq"], prev, row)
            conn.execute(
                sa.text("UPDATE audit_log SET actor = :actor, mac = :mac WHERE entry_id = :entry_id"),
                {k: row[k] for k in ("actor", "mac", "entry_id")},
            )
    # The checkpoints, made with the key, name the newest entry as it was: it is not any more.
    assert _verified(log)[0] == [("audit.edited", 3), ("audit.rewritten", ENTRIES)]


def test_c_a_removed_entry_in_the_middle_is_named(log: str) -> None:
    with _raw(log) as conn:
        conn.execute(sa.text("DELETE FROM audit_log WHERE entry_id = 3"))
    found, check = _verified(log)
    assert found == [("audit.missing_before", 4)]
    assert check.messages("en")[0].startswith("1 audit entry(ies) are missing just before entry 4")


def test_d_the_newest_entries_cut_off_are_caught_by_the_checkpoint(log: str) -> None:
    with _raw(log) as conn:
        conn.execute(sa.text("DELETE FROM audit_log WHERE entry_id > 4"))
    found, check = _verified(log)
    assert found == [("audit.truncated", 4)]
    assert "recorded 6 entries up to entry 6: the newest entries were removed" in check.messages("en")[0]
    assert "最新的记录被删除了" in check.messages("zh")[0]


def test_d_the_issues_case_guards_dropped_and_the_newest_entries_removed(log: str) -> None:
    with _raw(log, guarded=False) as conn:
        conn.execute(sa.text("DELETE FROM audit_log WHERE entry_id > 2"))
    found, _ = _verified(log)
    guards = [("audit.guard_missing", None)] * 2
    assert found == [*guards, ("audit.truncated", 2)]


def test_d_entries_cut_off_and_others_written_in_their_place_are_caught(log: str) -> None:
    with _raw(log) as conn:
        conn.execute(sa.text("DELETE FROM audit_log WHERE entry_id > 4"))
    with open_keyed(log) as store:  # the service goes on appending after the cut
        for i in range(3):
            store.audit(actor="later", role="agent", action="login", outcome="ok", at=AT.replace(hour=10, minute=i))
    found, _ = _verified(log)
    # SQLite gives the removed ids out again (the entry is another), PostgreSQL's sequence does not.
    assert found in ([("audit.rewritten", 6)], [("audit.checkpoint_missing", 6)])


def test_e_every_entry_removed_is_caught_by_the_checkpoint(log: str) -> None:
    with _raw(log) as conn:
        conn.execute(sa.text("DELETE FROM audit_log"))
    found, check = _verified(log)
    assert found == [("audit.emptied", None)]
    assert "The audit log is empty" in check.messages("en")[0]


def test_f_macs_removed_are_named(log: str) -> None:
    with _raw(log) as conn:
        conn.execute(sa.text("UPDATE audit_log SET mac = NULL"))
    found, _ = _verified(log)
    assert found == [("audit.no_mac", 1), ("audit.rewritten", 1)]
    # Making the entries look older than the key does not help: the checkpoints name keyed entries.
    with _raw(log) as conn:
        conn.execute(sa.text("UPDATE audit_log SET seq = NULL"))
    assert _verified(log)[0] == [("audit.no_mac", 1), ("audit.rewritten", 1)]


def test_g_dropped_guards_are_named(log: str) -> None:
    with _raw(log, guarded=False):
        pass
    found, check = _verified(log)
    names = sorted(GUARDS[("sqlite" if "://" not in log else "postgresql")])
    assert found == [("audit.guard_missing", None)] * 2
    assert sorted(p.params["guard"] for p in check.problems) == names
    assert "is missing, disabled or changed" in check.messages("en")[0]


# SQLite triggers cannot be disabled, only dropped (the test above): this one runs on PostgreSQL alone.
@pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)
def test_a_disabled_guard_is_named_on_postgresql(log: str) -> None:
    assert "://" in log
    engine = sa.create_engine(store_url(log))
    with engine.begin() as conn:
        conn.execute(sa.text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change"))
    engine.dispose()
    assert _verified(log)[0] == [("audit.guard_missing", None)]


def test_forged_missing_checkpoints_are_named(log: str) -> None:
    file = checkpoints_of(log)
    lines = file.read_text().splitlines()
    forged = json.loads(lines[-1]) | {"count": 2}
    file.write_text("\n".join([*lines, json.dumps(forged)]) + "\n")
    found, check = _verified(log)
    assert ("audit.checkpoint_forged", None) in found and check.problems[0].params["line"] == len(lines) + 1
    file.unlink()
    assert _verified(log)[0] == [("audit.no_checkpoints", None)]


def test_a_store_without_the_key_refuses_to_write_the_log(store_url: str) -> None:
    with open_store(store_url) as store, pytest.raises(ConfigError) as refused:
        store.audit(actor="u", role="agent", action="login", outcome="ok", at=AT)
    assert refused.value.key == "audit.no_key"
    with open_keyed(store_url) as store:
        assert store.audit_entries() == []


def test_checkpoints_are_written_on_appends_every_so_often_and_at_close(tmp_path: Path) -> None:
    url = str(tmp_path / "ops.sqlite")
    with open_store(url, ledger=keyed(url, every=0)) as store:
        for i in range(3):
            store.audit(actor="u", role="agent", action="login", outcome="ok", at=AT.replace(minute=i))
        # Each append checkpoints the head it found (committed); the newest waits for close.
        assert [json.loads(line)["count"] for line in checkpoints_of(url).read_text().splitlines()] == [1, 2]
    assert json.loads(checkpoints_of(url).read_text().splitlines()[-1])["count"] == 3


def _legacy(url: str, count: int) -> None:
    """Entries as the store wrote them before the key: the plain SHA-256 chain of migration 0004."""
    with open_store(url):
        pass  # the schema
    engine = sa.create_engine(store_url(url))
    with engine.begin() as conn:
        prev = GENESIS
        for i in range(count):
            entry = {"at": AT.replace(minute=i), "actor": f"old{i}", "role": "agent", "source": None}
            entry |= {"action": "login", "object": None, "outcome": "ok"}
            digest = entry_hash(prev, entry)
            conn.execute(sa.insert(sa.table("audit_log", *map(sa.column, [*entry, "prev_hash", "hash"]))),
                         [entry | {"prev_hash": prev, "hash": digest}])  # fmt: skip
            prev = digest
    engine.dispose()


def test_entries_from_before_the_key_are_sealed_by_the_first_keyed_entry(store_url: str) -> None:
    _legacy(store_url, 3)
    found, _ = _verified(store_url)
    assert found == [("audit.unsealed", 1)]
    with open_keyed(store_url) as store:
        store.audit(actor="new", role="agent", action="login", outcome="ok", at=AT.replace(hour=12))
        entries = store.audit_entries()
        assert store.rechain_audit({"at": AT, "actor": "root", "role": "os", "source": "cli"}) is None
    seal = entries[3]
    assert seal["action"] == "audit.rechain" and seal["seq"] == 4 and json.loads(seal["detail"])["entries"] == 3
    assert [e["seq"] for e in entries] == [None, None, None, 4, 5]
    assert _verified(store_url)[0] == []
    # An old entry changed and its SHA-256 chain made again (no key is needed for that one): the seal tells.
    with _raw(store_url) as conn:
        rows = _rows(conn)[:3]
        rows[1]["actor"] = "nobody"
        prev = GENESIS
        for row in rows:
            row["hash"] = entry_hash(prev, row)
            row["prev_hash"], prev = prev, row["hash"]
            conn.execute(
                sa.text(
                    "UPDATE audit_log SET actor = :actor, prev_hash = :prev_hash, hash = :hash WHERE entry_id = :i"
                ),
                {"actor": row["actor"], "prev_hash": row["prev_hash"], "hash": row["hash"], "i": row["entry_id"]},
            )
    assert _verified(store_url)[0] == [("audit.legacy_changed", 1)]


def test_rechain_seals_on_demand_with_who_asked(store_url: str) -> None:
    _legacy(store_url, 2)
    with open_keyed(store_url) as store:
        assert store.rechain_audit({"at": AT, "actor": "root", "role": "os", "source": "cli"}) == 2
        seal = store.audit_entries()[-1]
    assert (seal["actor"], seal["role"], seal["source"], seal["object"]) == ("root", "os", "cli", "entries 1-2")
    assert _verified(store_url)[0] == []


def test_an_order_change_records_what_changed(store_url: str) -> None:
    with open_keyed(store_url) as store:
        store.add_staff("M1", "王经理", "agent", "north")
        store.add_staff("M2", "李经理", "agent", "north")
        campaign = store.add_campaign("2025-12", "December", budget=1000, control_share=0.1, now=AT)
        order = {"subscriber_id": "S1", "channel": "vip_manager", "due_date": date(2026, 1, 8), "owner_id": "M1"}
        (order_id,) = store.add_orders(campaign, [order], now=AT)
        audit = {"actor": "adm", "role": "admin", "source": "10.0.0.1", "action": "order.update"}
        audit |= {"object": order_id, "outcome": "ok"}
        store.update_order(order_id, version=1, now=AT, audit=audit, owner_id="M2", status="open")
        store.update_order(order_id, version=2, now=AT, audit=audit, due_date=date(2026, 1, 20))
        details = [json.loads(e["detail"]) for e in store.audit_entries()]
    # A field given its old value again is no change.
    assert details == [{"owner_id": ["M1", "M2"]}, {"due_date": ["2026-01-08", "2026-01-20"]}]


def test_the_regulators_export_carries_the_logs_verification(log: str, tmp_path: Path) -> None:
    out = tmp_path / "export" / "audit-2026-01.csv"
    who = {"actor": "root", "role": "os", "source": "cli"}
    with open_keyed(log) as store:
        done = export_audit(store, out, since=date(2026, 1, 5), until=date(2026, 1, 5), timezone="UTC", now=AT, who=who)
        last = store.audit_entries()[-1]
    assert done.rows == ENTRIES and done.check.intact
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["actor"] for r in rows] == [f"u{i}" for i in range(ENTRIES)]
    assert rows[0]["at"] == "2026-01-05T09:00:00.000000Z" and len(rows[0]["mac"]) == 64
    sidecar = json.loads(done.sidecar.read_text(encoding="utf-8"))
    assert sidecar["rows"] == ENTRIES and sidecar["log"]["intact"] and len(sidecar["signature"]["value"]) == 64
    assert sidecar["log"]["head"]["seq"] == ENTRIES
    assert (last["action"], last["object"], json.loads(last["detail"])["sha256"]) == (
        "export",
        f"audit log rows={ENTRIES}",
        sidecar["csv_sha256"],
    )
    # A period outside the log: nothing, still with its verification.
    with open_keyed(log) as store:
        empty = export_audit(store, out, since=date(2027, 1, 1), until=None, timezone="UTC", now=AT, who=who)
    assert empty.rows == 0 and empty.check.intact
