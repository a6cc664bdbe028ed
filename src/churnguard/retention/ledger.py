"""The audit log's anchor outside the database: the key its chain is made with (the keys file's audit
key) and a checkpoint file, both out of reach of whoever can only rewrite the database.

A checkpoint is one JSON line: how many entries the log held (``count``), its newest entry (``entry``)
and that entry's MAC (``mac``), when (``at``, UTC) and an HMAC-SHA256 over those with the audit key
(``sig``). Every checkpoint names an entry already committed (the head an append found, or the head read
back after the fact), so a rolled-back transaction never leaves a checkpoint behind. A process writes
one when it appends and its last one is ``every`` seconds old, when it is asked to (the API's audit
writer when idle, ``Store.checkpoint``) and when its store closes (the end of every CLI command).
Several processes append lines to the same file; each line is one ``write`` in append mode.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from threading import Lock
from typing import NamedTuple

from churnguard.config import Settings
from churnguard.errors import ConfigError
from churnguard.keys import open_keyring

__all__ = ["Checkpoint", "Head", "Ledger", "checkpoint_file", "ledger_for", "read_checkpoints"]


class Head(NamedTuple):
    """The newest entry of the log: its id, its place in the chain and its MAC (None when unkeyed)."""

    entry_id: int
    seq: int | None
    mac: str | None


@dataclass(frozen=True)
class Checkpoint:
    count: int
    entry: int
    mac: str
    at: str

    def signature(self, key: bytes) -> str:
        payload = json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))
        return hmac.new(key, b"checkpoint|" + payload.encode("utf-8"), hashlib.sha256).hexdigest()


def read_checkpoints(path: Path, key: bytes) -> tuple[list[Checkpoint], int | None]:
    """The checkpoints of ``path`` whose signature holds, and the number of the first line that is not
    one (unreadable, or signed without the key), None when every line is."""
    found: list[Checkpoint] = []
    bad: int | None = None
    if not path.exists():
        return found, bad
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                point = Checkpoint(int(data["count"]), int(data["entry"]), str(data["mac"]), str(data["at"]))
                good = hmac.compare_digest(point.signature(key), str(data["sig"]))
            except (ValueError, KeyError, TypeError):
                good = False
            if good:
                found.append(point)
            elif bad is None:
                bad = number
    return found, bad


class Ledger:
    """The audit key and the checkpoint file of one store, shared by its connections and threads.

    ``key`` is the key itself, or the keys file to read it from when first needed (so commands that
    only read the store need no keys file); with ``create``, a missing keys file is made, but only while
    the log holds no keyed entry yet (a new key would not verify the entries an old one made)."""

    def __init__(
        self,
        key: bytes | Path,
        *,
        checkpoints: Path,
        every: float = 10.0,
        create: bool = False,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._key = key if isinstance(key, bytes) else None
        self._key_file = key if isinstance(key, Path) else None
        self.checkpoints = checkpoints
        self.every = every
        self.create = create
        self._clock = clock or (lambda: datetime.now(UTC).replace(tzinfo=None))
        self._lock = Lock()
        self._written: tuple[int, str] | None = None  # (count, mac) of this process's last checkpoint
        self._written_at = float("-inf")
        self.dirty = False  # entries appended by this process since its last checkpoint
        self.appended = False  # entries appended by this process at all

    def key(self, *, may_create: bool = False) -> bytes:
        """The audit key. ``may_create``: the log holds no keyed entry, so a missing file may be made."""
        if self._key is None:
            assert self._key_file is not None
            if not self._key_file.exists() and not (self.create and may_create):
                raise ConfigError("keys.missing", file=str(self._key_file))
            self._key = open_keyring(self._key_file, create=self.create and may_create).audit_key
        return self._key

    def noted(self, head: Head | None) -> None:
        """``head`` is committed (an append found it under the log's lock): checkpoint it when this
        process's last checkpoint is ``every`` seconds old."""
        if head is None or head.seq is None or head.mac is None:
            return
        if time.monotonic() - self._written_at >= self.every:
            self.write(head)

    def write(self, head: Head) -> None:
        """Append a checkpoint of ``head`` (a committed, keyed entry) unless it is the last one written."""
        if head.seq is None or head.mac is None:
            return
        key = self.key()
        with self._lock:
            if self._written == (head.seq, head.mac):
                self._written_at = time.monotonic()
                return
            at = self._clock().isoformat(timespec="seconds") + "Z"
            point = Checkpoint(head.seq, head.entry_id, head.mac, at)
            line = json.dumps({**asdict(point), "sig": point.signature(key)}, separators=(",", ":")) + "\n"
            self.checkpoints.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.checkpoints, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line.encode("utf-8"))  # one write in append mode: lines of processes never mix
            finally:
                os.close(fd)
            self._written, self._written_at = (head.seq, head.mac), time.monotonic()


def checkpoint_file(settings: Settings) -> Path:
    """Where the audit checkpoints go: the setting ``audit_checkpoints``, else beside a SQLite store's
    file, else (a database server) beside the keys file, named after the database."""
    if settings.audit_checkpoints:
        return Path(settings.audit_checkpoints).expanduser()
    store = settings.store
    if "://" not in store:
        return Path(store).expanduser().with_name(Path(store).name + ".audit-checkpoints")
    if store.startswith("sqlite:///"):
        path = Path(store.split("///", 1)[1])
        return path.with_name(path.name + ".audit-checkpoints")
    database = store.rsplit("/", 1)[-1].split("?", 1)[0] or "store"
    return Path(settings.key_file).expanduser().with_name(f"{database}.audit-checkpoints")


def ledger_for(settings: Settings, *, create_keys: bool = False) -> Ledger:
    """The ledger the settings name: the keys file's audit key (read when first needed; made when
    ``create_keys`` and the log is new) and the checkpoint file."""
    return Ledger(
        Path(settings.key_file).expanduser(),
        checkpoints=checkpoint_file(settings),
        every=settings.audit_checkpoint_seconds,
        create=create_keys,
    )
