"""The login limits under concurrency, on SQLite and on the machine's real PostgreSQL: 30 parallel
attempts with a wrong password check at most the limit's number of passwords, for one account and for
one address; a correct password gives its charge back; a window that has run out starts afresh; what was
typed as a user name is never stored."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from churnguard.retention import open_store
from churnguard.retention.accounts import Accounts, LoginLimits
from churnguard.retention.schema import login_limits
from ledgers import keyed

NOW = datetime(2026, 1, 5, 9, 0)
PASSWORD = "Lantern-orchid-47-railway"
LIMITS = LoginLimits(per_account=5, per_address=20, window=timedelta(minutes=15))
PARALLEL = 30


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names whose password was checked (every call of ``Accounts.verify``)."""
    calls: list[str] = []
    lock = threading.Lock()
    verify = Accounts.verify

    def counting(self: Accounts, staff_id: str, password: str) -> object:
        with lock:
            calls.append(staff_id)
        return verify(self, staff_id, password)

    monkeypatch.setattr(Accounts, "verify", counting)
    return calls


def _together(attempt: object, n: int = PARALLEL) -> list[str]:
    """``attempt(i)`` in ``n`` threads released at once; the outcomes."""
    barrier = threading.Barrier(n)

    def run(i: int) -> str:
        barrier.wait()
        return attempt(i)

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(run, range(n)))


def test_parallel_wrong_passwords_check_at_most_the_account_limit(store_url: str, checked: list[str]) -> None:
    with open_store(store_url, ledger=keyed(store_url)) as store:
        accounts = Accounts(store)
        accounts.add("racer", name="Racer", role="agent", password=PASSWORD, now=NOW)
        checked.clear()
        outcomes = _together(
            lambda i: accounts.login("racer", f"wrong-password-{i}", source=f"10.0.0.{i}", now=NOW, limits=LIMITS)[0]
        )
        assert len(checked) == LIMITS.per_account, f"{len(checked)} of {PARALLEL} passwords checked"
        assert Counter(outcomes) == {"failed": 5, "locked": 25}
        # Locked: even the right password is not checked, until the window has run out.
        assert accounts.login("racer", PASSWORD, source="10.0.1.1", now=NOW + timedelta(minutes=14), limits=LIMITS)[
            0
        ] == ("locked")
        assert len(checked) == 5
        later = NOW + timedelta(minutes=16)
        outcome, principal = accounts.login("racer", PASSWORD, source="10.0.1.1", now=later, limits=LIMITS)
        assert outcome == "ok" and principal.staff_id == "racer"


def test_parallel_attempts_from_one_address_check_at_most_its_limit(store_url: str, checked: list[str]) -> None:
    limits = LoginLimits(per_account=5, per_address=7, window=timedelta(minutes=15))
    with open_store(store_url, ledger=keyed(store_url)) as store:
        accounts = Accounts(store)
        outcomes = _together(
            lambda i: accounts.login(f"nobody{i}", "wrong-password", source="10.9.9.9", now=NOW, limits=limits)[0]
        )
        assert len(checked) == 7 and Counter(outcomes) == {"failed": 7, "locked": 23}


def test_a_right_password_gives_its_charge_back(store_url: str, checked: list[str]) -> None:
    limits = LoginLimits(per_account=2, per_address=100, window=timedelta(minutes=15))
    with open_store(store_url, ledger=keyed(store_url)) as store:
        accounts = Accounts(store)
        accounts.add("steady", name="Steady", role="agent", password=PASSWORD, now=NOW)
        # Twenty good logins in a row leave the account's two failures to spend.
        for _ in range(20):
            assert accounts.login("steady", PASSWORD, source="10.0.0.1", now=NOW, limits=limits)[0] == "ok"
        assert [accounts.login("steady", "wrong", source="10.0.0.1", now=NOW, limits=limits)[0] for _ in range(3)] == [
            "failed",
            "failed",
            "locked",
        ]


def test_the_limits_keep_no_name_as_typed(store_url: str) -> None:
    typed = "My-Secret-Passw0rd!"  # a password typed into the user-name field
    with open_store(store_url, ledger=keyed(store_url)) as store:
        accounts = Accounts(store)
        assert accounts.login(typed, "x", source="10.0.0.1", now=NOW, limits=LIMITS)[0] == "failed"
        assert accounts.actor_of(typed) == "?"
        with store.engine.connect() as conn:
            keys = [r[0] for r in conn.execute(sa.select(login_limits.c.key))]
        assert len(keys) == 2 and all(len(k) == 64 and typed not in k for k in keys)
        # Rows of windows past are dropped.
        accounts.login("other", "x", source="10.0.0.2", now=NOW + timedelta(hours=1), limits=LIMITS)
        with store.engine.connect() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(login_limits)).scalar_one() == 2
