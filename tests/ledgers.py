"""The audit ledger of a store a test opens by itself (``open_store(url, ledger=keyed(url))``): one audit
key per test process, so a store opened twice in a test verifies, and the checkpoints beside a SQLite
file or, for a database on the server, in a folder of their own named after the database."""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path

from churnguard.retention import Store, open_store
from churnguard.retention.ledger import Ledger
from churnguard.retention.store import store_url

AUDIT_KEY = secrets.token_bytes(32)
_SERVER_CHECKPOINTS = Path(tempfile.mkdtemp(prefix="cg-audit-checkpoints-"))


def checkpoints_of(url: str) -> Path:
    full = store_url(url)
    if full.startswith("sqlite:///"):
        path = Path(full.split("///", 1)[1])
        return path.with_name(path.name + ".audit-checkpoints")
    return _SERVER_CHECKPOINTS / (full.rsplit("/", 1)[-1] + ".audit-checkpoints")


def keyed(url: str, *, every: float = 10.0) -> Ledger:
    """The test ledger of the store at ``url``."""
    return Ledger(AUDIT_KEY, checkpoints=checkpoints_of(url), every=every)


def open_keyed(url: str) -> Store:
    """``open_store`` with the test ledger."""
    return open_store(url, ledger=keyed(url))
