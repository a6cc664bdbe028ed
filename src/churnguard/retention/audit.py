"""The audit log's keyed chain. Each entry carries its place in the log (``seq``: 1, 2, …) and a MAC:
HMAC-SHA256, with the audit key of the keys file (``churnguard.keys``), over its place, its fields (what
changed, ``detail``, too) and the MAC of the entry before it. No database holds the key, so whoever can
rewrite the database can neither edit an entry nor remove or insert one without breaking the chain from
there, and cannot make a chain again. What the chain alone cannot show, entries cut off at the end, the
signed checkpoints outside the database show (``retention.ledger``); the database itself refuses UPDATE
and DELETE on the table (migration 0004). ``retention.audit_check`` verifies all three.

Entries written before the key (migration 0006) keep their plain SHA-256 chain as written: the log is
append-only. The first keyed entry is then ``audit.rechain``, which seals them: its detail holds their
number and a SHA-256 over every one of them, under its MAC.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from churnguard.errors import ConfigError
from churnguard.retention.ledger import Head, Ledger
from churnguard.retention.schema import audit_log

__all__ = [
    "FIELDS",
    "GENESIS",
    "LEDGER_OPTION",
    "SEAL",
    "append_entries",
    "append_entry",
    "canonical",
    "entry_hash",
    "entry_mac",
    "head_of",
    "ledger_of",
    "legacy_broken",
    "legacy_digest",
    "seal_legacy",
]

FIELDS = ("at", "actor", "role", "source", "action", "object", "outcome")
GENESIS = "0" * 64
SEAL = "audit.rechain"
# The execution option of a store's writing connections that carries its Ledger (see open_store).
LEDGER_OPTION = "churnguard_audit_ledger"
# Any fixed number: PostgreSQL's advisory lock that makes appends to the chain take turns.
_PG_LOCK = 4_711_2026


def canonical(detail: object) -> str | None:
    """``detail`` as the log keeps it: JSON with sorted keys (a text is kept as given)."""
    if detail is None or isinstance(detail, str):
        return detail
    return json.dumps(detail, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _fields(entry: dict) -> dict:
    fields = {k: entry.get(k) for k in FIELDS}
    at = fields["at"]
    if isinstance(at, datetime):
        fields["at"] = at.replace(tzinfo=None).isoformat(timespec="microseconds")
    return fields


def entry_hash(prev_hash: str, entry: dict) -> str:
    """The chain of entries written before the key (migration 0004): SHA-256 over the previous hash and
    the entry's fields in a canonical form. Kept to check those entries."""
    payload = json.dumps(_fields(entry), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256((prev_hash + "|" + payload).encode("utf-8")).hexdigest()


def entry_mac(key: bytes, seq: int, prev_mac: str, entry: dict) -> str:
    """HMAC-SHA256 over the entry's place, the previous entry's MAC, its fields and its detail."""
    payload = json.dumps(_fields(entry) | {"detail": entry.get("detail")}, sort_keys=True, ensure_ascii=False)
    return hmac.new(key, f"{seq}|{prev_mac}|{payload}".encode(), hashlib.sha256).hexdigest()


def ledger_of(conn: Connection) -> Ledger:
    ledger = conn.get_execution_options().get(LEDGER_OPTION)
    if ledger is None:
        raise ConfigError("audit.no_key")
    return ledger


def head_of(conn: Connection, *, keyed: bool = False) -> Head | None:
    """The newest entry (with ``keyed``, the newest that carries a MAC), None when there is none."""
    query = sa.select(audit_log.c.entry_id, audit_log.c.seq, audit_log.c.mac)
    if keyed:
        query = query.where(audit_log.c.mac.is_not(None))
    row = conn.execute(query.order_by(audit_log.c.entry_id.desc()).limit(1)).first()
    return None if row is None else Head(int(row.entry_id), row.seq, row.mac)


def _normalised(given: dict) -> dict:
    """The entry as it will read back: UTC without zone to the microsecond, texts as text, detail as
    canonical JSON. The MAC is made over exactly this."""
    entry = {k: given.get(k) for k in FIELDS}
    for name in ("actor", "role", "source", "action", "object", "outcome"):
        if entry[name] is not None:
            entry[name] = str(entry[name])
    if isinstance(entry["at"], datetime):
        entry["at"] = entry["at"].replace(tzinfo=None)
    entry["detail"] = canonical(given.get("detail"))
    return entry


def append_entry(conn: Connection, **entry: object) -> None:
    """Append one entry inside the caller's transaction, chained to the newest one."""
    append_entries(conn, [entry])


def append_entries(conn: Connection, entries: list[dict]) -> None:
    """Append entries (at, actor, role, source, action, object, outcome and optionally detail) in order
    inside the caller's transaction, chained to the newest one with the key of the connection's ledger
    (ConfigError without one: the store was opened without keys). SQLite transactions here begin
    IMMEDIATE (one writer at a time); on PostgreSQL an advisory lock makes appends take turns. Many at
    once cost one lock and one look at the chain's end."""
    if not entries:
        return
    ledger = ledger_of(conn)
    _take_turn(conn)
    head = head_of(conn)
    if head is not None and head.mac is None:  # written before the key, or its MAC removed
        head = head_of(conn, keyed=True)
        if head is None:
            seq, prev = _seal(conn, ledger, {"at": entries[0]["at"], "actor": "system"})
            head = Head(-1, seq, prev)  # not committed yet: never checkpointed
    else:
        ledger.noted(head)  # committed: another transaction wrote it before this one got its turn
    key = ledger.key(may_create=head is None)
    seq, prev = (int(head.seq or 0), head.mac or GENESIS) if head is not None else (0, GENESIS)
    _insert(conn, key, seq, prev, [_normalised(e) for e in entries])
    ledger.dirty = ledger.appended = True


def seal_legacy(conn: Connection, who: dict) -> int | None:
    """Seal the entries written before the key now (``who``: at, actor, role, source of the
    ``audit.rechain`` entry), inside the caller's transaction; returns how many were sealed, or None when
    the log has nothing to seal (empty, or keyed already)."""
    ledger = ledger_of(conn)
    _take_turn(conn)
    if head_of(conn, keyed=True) is not None or head_of(conn) is None:
        return None
    seq, _ = _seal(conn, ledger, who)
    ledger.dirty = ledger.appended = True
    return seq - 1


def _take_turn(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK})


def _insert(conn: Connection, key: bytes, seq: int, prev: str, entries: list[dict]) -> tuple[int, str]:
    """Insert ``entries`` (normalised) after the entry at ``seq`` whose MAC is ``prev``; returns the
    place and MAC of the last one."""
    rows = []
    for entry in entries:
        seq += 1
        prev = entry_mac(key, seq, prev, entry)
        # Every row with every column, as one executemany needs (a missing source or object is NULL).
        rows.append(entry | {"seq": seq, "mac": prev})
    # One executemany: the drivers run the rows' inserts in turn (psycopg in one pipeline), so entry_id
    # follows the chain's order without a round trip per row.
    conn.execute(sa.insert(audit_log), rows)
    return seq, prev


def legacy_digest(rows: Iterable[dict]) -> tuple[int, str]:
    """How many entries written before the key there are and one SHA-256 over all of them (id, chain
    hashes, fields): what the seal keeps under its MAC."""
    digest, count = hashlib.sha256(), 0
    for row in rows:
        count += 1
        payload = json.dumps(_fields(row), sort_keys=True, ensure_ascii=False, default=str)
        digest.update(f"{row['entry_id']}|{row['prev_hash']}|{row['hash']}|{payload}\n".encode())
    return count, digest.hexdigest()


def legacy_broken(rows: Iterable[dict]) -> int | None:
    """The entry_id of the first entry written before the key whose SHA-256 chain does not hold, None
    when all do. Entries written before that chain existed (no hash) must all come first."""
    prev = GENESIS
    chained = False
    for entry in rows:
        if entry.get("hash") is None:
            if chained:
                return int(entry["entry_id"])
            continue
        if not chained:
            chained = True
            prev = entry["prev_hash"] or GENESIS
        if entry["prev_hash"] != prev or entry_hash(prev, entry) != entry["hash"]:
            return int(entry["entry_id"])
        prev = entry["hash"]
    return None


def _seal(conn: Connection, ledger: Ledger, who: dict) -> tuple[int, str]:
    """Append ``audit.rechain``: the entries before it, written before the key, sealed under it (its
    place follows theirs; its chain starts afresh). Returns its place and MAC."""
    legacy = [dict(r) for r in conn.execute(sa.select(audit_log).order_by(audit_log.c.entry_id)).mappings()]
    count, digest = legacy_digest(legacy)
    broken = legacy_broken(legacy)
    entry = {
        "at": who["at"],
        "actor": who.get("actor", "system"),
        "role": who.get("role", "-"),
        "source": who.get("source"),
        "action": SEAL,
        "object": f"entries {legacy[0]['entry_id']}-{legacy[-1]['entry_id']}",
        "outcome": "ok" if broken is None else "broken",
        "detail": {"entries": count, "digest": digest, "broken_at": broken},
    }
    return _insert(conn, ledger.key(may_create=True), count, GENESIS, [_normalised(entry)])
