"""Verifying the audit log: the keyed chain entry by entry, the seal over the entries written before the
key, the signed checkpoints outside the database, and the database's own guards (the triggers that refuse
UPDATE and DELETE). Each finding names the first entry concerned, in the reader's language."""

from __future__ import annotations

import hmac
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from churnguard.i18n import t
from churnguard.retention.audit import (
    GENESIS,
    SEAL,
    entry_mac,
    legacy_broken,
    legacy_digest,
)
from churnguard.retention.ledger import Checkpoint, Head, read_checkpoints
from churnguard.retention.schema import audit_log

__all__ = ["GUARDS", "AuditCheck", "Problem", "check_guards", "verify_log"]

# The guards migration 0004 makes, as the database reports them.
GUARDS = {
    "sqlite": {
        "audit_log_no_update": "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
        "audit_log_no_delete": "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    },
    "postgresql": {
        "audit_log_no_change": "BEFORE DELETE OR UPDATE ON audit_log FOR EACH ROW "
        "EXECUTE FUNCTION audit_log_append_only()",
        "audit_log_no_truncate": "BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT "
        "EXECUTE FUNCTION audit_log_append_only()",
    },
}
_BATCH = 10_000


@dataclass(frozen=True)
class Problem:
    """One finding: a message key of ``churnguard.i18n`` and the first entry it concerns (if any)."""

    key: str
    entry: int | None = None
    params: dict = field(default_factory=dict)

    def message(self, lang: str = "en") -> str:
        return t(self.key, lang, entry=self.entry, **self.params)


@dataclass(frozen=True)
class AuditCheck:
    """What verification found: the entries read, the newest one, the checkpoints that held, and the
    problems (none when the log proves itself)."""

    entries: int
    head: Head | None
    checkpoints: int
    problems: tuple[Problem, ...] = ()

    @property
    def intact(self) -> bool:
        return not self.problems

    @property
    def first_entry(self) -> int | None:
        """The lowest entry any problem names (the dashboard points at it)."""
        named = [p.entry for p in self.problems if p.entry is not None]
        return min(named) if named else None

    def messages(self, lang: str = "en") -> list[str]:
        return [p.message(lang) for p in self.problems]


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip(";")


def check_guards(conn: Connection) -> list[Problem]:
    """A problem per guard trigger that is missing, disabled or no longer refuses changes."""
    dialect = conn.dialect.name
    expected = GUARDS.get(dialect, {})
    found: dict[str, str] = {}
    if dialect == "sqlite":
        rows = conn.execute(
            sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")
        )
        found = {name: _normal(sql or "") for name, sql in rows}
        good = {name for name, sql in found.items() if sql == _normal(expected.get(name, ""))}
    elif dialect == "postgresql":
        rows = conn.execute(
            sa.text(
                "SELECT t.tgname, t.tgenabled, pg_get_triggerdef(t.oid), p.prosrc FROM pg_trigger t "
                "JOIN pg_proc p ON p.oid = t.tgfoid "
                "WHERE t.tgrelid = to_regclass('audit_log') AND NOT t.tgisinternal"
            )
        )
        good = set()
        for name, enabled, definition, source in rows:
            # The definition names the table with its schema when it is not on the search path.
            shown = _normal(definition).replace(" ON public.audit_log ", " ON audit_log ")
            if (
                enabled in ("O", "A")
                and shown.endswith(expected.get(name, "\0"))
                and "RAISE EXCEPTION" in (source or "").upper()
            ):
                good.add(name)
    else:
        return []
    return [Problem("audit.guard_missing", None, {"guard": name}) for name in expected if name not in good]


def verify_log(conn: Connection, key: bytes, checkpoints: Path) -> AuditCheck:
    """Check the whole log inside one read transaction on ``conn`` (rows read in batches)."""
    points, bad_line = read_checkpoints(checkpoints, key)
    wanted = {p.entry for p in points}
    walk = _Walk(key, wanted)
    result = conn.execution_options(yield_per=_BATCH).execute(sa.select(audit_log).order_by(audit_log.c.entry_id))
    for row in result.mappings():
        walk.step(dict(row))
    problems = check_guards(conn)
    problems += walk.finish(checkpointed=bool(points))
    if bad_line is not None:
        problems.append(Problem("audit.checkpoint_forged", None, {"line": bad_line, "file": str(checkpoints)}))
    if walk.keyed and not points:
        problems.append(Problem("audit.no_checkpoints", None, {"file": str(checkpoints)}))
    problems += _against_checkpoints(walk, points)
    return AuditCheck(walk.count, walk.head, len(points), tuple(problems))


def _against_checkpoints(walk: _Walk, points: list[Checkpoint]) -> list[Problem]:
    """The first checkpoint (in the log's order) that the log no longer agrees with."""
    for point in sorted(points, key=lambda p: (p.count, p.entry)):
        got = walk.seen.get(point.entry)
        params = {"time": point.at, "expected": point.count, "head": point.entry}
        if got == (point.count, point.mac):
            continue
        if walk.count == 0:
            return [Problem("audit.emptied", None, params)]
        if got is None and walk.head is not None and point.entry > walk.head.entry_id:
            return [Problem("audit.truncated", walk.head.entry_id, params | {"count": walk.count})]
        if got is None:
            return [Problem("audit.checkpoint_missing", point.entry, params)]
        return [Problem("audit.rewritten", point.entry, params)]
    return []


class _Walk:
    """The chain checked one entry at a time, in the order of entry ids."""

    def __init__(self, key: bytes, wanted: set[int]) -> None:
        self.key = key
        self.wanted = wanted
        self.seen: dict[int, tuple[int | None, str | None]] = {}
        self.count = 0
        self.head: Head | None = None
        self.keyed = False
        self.legacy: list[dict] = []
        self.problem: Problem | None = None
        self.expected = 0  # the next entry's place; 0 before the first keyed entry
        self.prev = GENESIS

    def step(self, row: dict) -> None:
        self.count += 1
        entry_id = int(row["entry_id"])
        self.head = Head(entry_id, row["seq"], row["mac"])
        if entry_id in self.wanted:
            self.seen[entry_id] = (row["seq"], row["mac"])
        if self.problem is not None:
            return
        if row["mac"] is None:
            if not self.keyed and row["seq"] is None:
                self.legacy.append(row)  # written before the key: checked against the seal that follows
            else:
                self.problem = Problem("audit.no_mac", entry_id)
            return
        if not self.keyed:
            self.keyed = True
            self.expected = len(self.legacy) + 1
            self.problem = self._legacy_problem(row)
            if self.problem is not None:
                return
        seq = row["seq"]
        if isinstance(seq, int) and seq > self.expected:
            self.problem = Problem("audit.missing_before", entry_id, {"count": seq - self.expected})
        elif seq != self.expected or not hmac.compare_digest(
            entry_mac(self.key, self.expected, self.prev, row), row["mac"]
        ):
            self.problem = Problem("audit.edited", entry_id)
        else:
            self.expected, self.prev = seq + 1, row["mac"]

    def _legacy_problem(self, first_keyed: dict) -> Problem | None:
        """The entries before the first keyed one must be the ones its seal holds, as they were."""
        if not self.legacy:
            return None
        broken = legacy_broken(self.legacy)
        if broken is not None:
            return Problem("audit.edited", broken)
        if first_keyed["action"] != SEAL:
            if isinstance(first_keyed["seq"], int) and first_keyed["seq"] > self.expected:
                return None  # the seal itself is gone: the chain says so next
            return Problem("audit.no_mac", int(self.legacy[0]["entry_id"]))
        try:
            sealed = json.loads(first_keyed["detail"] or "{}")
        except ValueError:
            sealed = {}
        count, digest = legacy_digest(self.legacy)
        if sealed.get("entries") != count or sealed.get("digest") != digest:
            params = {"count": count, "sealed": sealed.get("entries")}
            return Problem("audit.legacy_changed", int(self.legacy[0]["entry_id"]), params)
        return None

    def finish(self, *, checkpointed: bool) -> list[Problem]:
        """The chain's finding. ``checkpointed``: the log had keyed entries once, so entries without a MAC
        and no keyed entry after them are not entries from before the key, but keyed ones unchained."""
        if self.problem is not None:
            return [self.problem]
        if self.legacy and not self.keyed:
            first = int(self.legacy[0]["entry_id"])
            broken = legacy_broken(self.legacy)
            if checkpointed:
                return [Problem("audit.no_mac", first)]
            if broken is not None:
                return [Problem("audit.edited", broken)]
            return [Problem("audit.unsealed", first, {"count": len(self.legacy)})]
        return []
