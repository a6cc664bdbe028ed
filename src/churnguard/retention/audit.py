"""The audit log's hash chain: each entry's hash covers its own fields and the hash of the entry before
it, so an entry changed, removed or inserted out of turn breaks the chain from that point on. The
database also refuses UPDATE and DELETE on the table (migration 0004); the chain catches what someone
with the database owner's rights does behind the application's back."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from churnguard.retention.schema import audit_log

__all__ = ["FIELDS", "append_entries", "append_entry", "entry_hash", "first_broken"]

FIELDS = ("at", "actor", "role", "source", "action", "object", "outcome")
_GENESIS = "0" * 64
# Any fixed number: PostgreSQL's advisory lock that makes appends to the chain take turns.
_PG_LOCK = 4_711_2026


def entry_hash(prev_hash: str, entry: dict) -> str:
    """SHA-256 over the previous hash and the entry's fields in a canonical form."""
    fields = {k: entry.get(k) for k in FIELDS}
    at = fields["at"]
    if isinstance(at, datetime):
        fields["at"] = at.replace(tzinfo=None).isoformat(timespec="microseconds")
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256((prev_hash + "|" + payload).encode("utf-8")).hexdigest()


def append_entry(conn: Connection, **entry: object) -> None:
    """Append one entry inside the caller's transaction, chained to the newest one."""
    append_entries(conn, [entry])


def append_entries(conn: Connection, entries: list[dict]) -> None:
    """Append entries in order inside the caller's transaction, chained to the newest one. SQLite
    transactions here begin IMMEDIATE (one writer at a time); on PostgreSQL an advisory lock makes
    appends take turns. Many at once cost one lock and one look at the chain's end."""
    if not entries:
        return
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK})
    prev = conn.execute(sa.select(audit_log.c.hash).order_by(audit_log.c.entry_id.desc()).limit(1)).scalar()
    prev = prev or _GENESIS
    rows = []
    for given in entries:
        entry = dict(given)
        if isinstance(entry["at"], datetime):
            # Stored without zone (UTC by convention) and to the microsecond, so the hash reads back the same.
            entry["at"] = entry["at"].replace(tzinfo=None)
        digest = entry_hash(prev, entry)
        # Every row with every column, as one executemany needs (a missing source or object is NULL).
        rows.append({**{k: entry.get(k) for k in FIELDS}, "prev_hash": prev, "hash": digest})
        prev = digest
    # One executemany: the drivers run the rows' inserts in turn (psycopg in one pipeline), so entry_id
    # follows the chain's order without a round trip per row.
    conn.execute(sa.insert(audit_log), rows)


def first_broken(entries: list[dict]) -> int | None:
    """The entry_id of the first entry (in id order) whose chain does not hold, or None when all do.
    Entries written before the chain existed (no hash) must all come first."""
    prev = _GENESIS
    chained = False
    for entry in entries:
        if entry.get("hash") is None:
            if chained:
                return int(entry["entry_id"])
            continue
        if not chained:
            chained = True
            prev = entry["prev_hash"] or _GENESIS
        if entry["prev_hash"] != prev or entry_hash(prev, entry) != entry["hash"]:
            return int(entry["entry_id"])
        prev = entry["hash"]
    return None
