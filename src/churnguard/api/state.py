"""The service's state: settings, the operational store, accounts and the warehouse snapshot.

The snapshot (lines, the month's report, the model report) is read with the warehouse opened briefly
and read-only, then the file is let go. Every ``refresh_seconds`` a request checks whether a newer
scoring run has landed and, if so, loads it; a warehouse busy with the monthly run keeps the old one.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from threading import Event, Lock, Thread
from zoneinfo import ZoneInfo

import duckdb

from churnguard.api.audit_writer import AuditWriter
from churnguard.api.serving import Serving, latest_run, load_profiles, load_serving
from churnguard.config import Settings
from churnguard.errors import ChurnGuardError, NotFoundError, UserError
from churnguard.keys import keyring_of
from churnguard.pipeline import open_warehouse, warehouse_exists
from churnguard.reports import MonthlyReport, monthly_report
from churnguard.reports.model import ModelReport, model_report
from churnguard.retention.accounts import Accounts
from churnguard.retention.store import Store, open_ops

__all__ = ["ServiceLoading", "Snapshot", "State", "utc_now"]

log = logging.getLogger("churnguard.api")


class ServiceLoading(UserError):
    """The first snapshot is still being read from the warehouse."""

    http_status = 503


def utc_now() -> datetime:
    """Now in UTC without a zone: how the store keeps its times."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class Snapshot:
    serving: Serving
    report: MonthlyReport | None
    model: ModelReport | None


class State:
    """What every request shares. ``clock`` gives naive UTC (tests move it to expire sessions)."""

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Callable[[], datetime] = utc_now,
        refresh_seconds: float = 60.0,
        reports: bool = True,
        first_wait: float = 10.0,
    ) -> None:
        self.settings = settings
        self.clock = clock
        # The audit key is read now: a service without its keys file stops at start, not at its first entry.
        self.store: Store = open_ops(settings)
        self.store.audit_key()
        self.accounts = Accounts(self.store)
        self.audit = AuditWriter(self.store)
        # The keys file, never created here: a server with new keys could not read the data it serves.
        self.keyring = keyring_of(settings)
        self.key = self.keyring.pseudonym_key
        self.login_key = self.accounts.secret("login_form").encode("ascii")  # binds the login form to its cookie
        self.refresh_seconds = refresh_seconds
        self.with_reports = reports
        self._snapshot: Snapshot | None = None
        self._checked = 0.0
        self._lock = Lock()
        self._done = Event()
        self._loader: Thread | None = None
        self.first_wait = first_wait
        self._pages: dict[tuple[str, str, str], bytes] = {}
        self._reports: dict[tuple[str, str, str | None], MonthlyReport] = {}
        self._unknown: set[str] = set()  # ids with orders that the subscriber register does not hold

    def close(self) -> None:
        self.audit.close()
        self.store.close()

    # ------------------------------------------------------------------ the warehouse snapshot

    def snapshot(self) -> Snapshot:
        """The newest snapshot. The first load (and every later check for a newer scoring run) runs in a
        thread: requests keep being answered from the current snapshot meanwhile, and before the first
        one exists they wait up to ``first_wait`` seconds, then get 503 (loading) — or 404 with a hint
        when nothing is scored yet."""
        if self._snapshot is None or time.monotonic() - self._checked > self.refresh_seconds:
            self.start_refresh()
        if self._snapshot is None:
            self._done.wait(self.first_wait)
            if self._snapshot is None:
                if self._loader is not None and self._loader.is_alive():
                    raise ServiceLoading("api.loading")
                raise NotFoundError("api.no_scores")
        return self._snapshot

    def start_refresh(self) -> None:
        """Look for a newer scoring run in the background (at most one look at a time)."""
        with self._lock:
            if self._loader is not None and self._loader.is_alive():
                return
            self._checked = time.monotonic()
            self._done.clear()
            self._loader = Thread(target=self._refresh, name="churnguard-snapshot", daemon=True)
            self._loader.start()

    def _refresh(self) -> None:
        try:
            self._load_newest()
        except Exception:  # a failed look must not take the service down; the next one may succeed
            log.exception("loading the warehouse snapshot failed")
        finally:
            self._done.set()

    def _load_newest(self) -> None:
        if not warehouse_exists(self.settings):
            return
        try:
            with open_warehouse(self.settings, read_only=True) as wh:
                newest = latest_run(wh)
                if newest is None or (self._snapshot is not None and self._snapshot.serving.run_id == newest[1]):
                    return
                serving = load_serving(wh, key=self.key, with_orders=self.store.worked_lines())
                report = model = None
                if self.with_reports and serving is not None:
                    report = _quietly(lambda: monthly_report(wh, self.store, self.settings, month=serving.month))
                    model = _quietly(lambda: model_report(wh, self.settings, month=serving.month))
        except duckdb.IOException:
            # The monthly run holds the file: keep serving what we have and look again later.
            log.info("warehouse busy; keeping the current snapshot")
            return
        if serving is not None:
            self._snapshot = Snapshot(serving, report, model)
            self._pages.clear()
            # Millions of long-lived objects: keep the cyclic collector from walking them on every full
            # collection (each walk was a pause of up to seconds in the request latencies).
            gc.collect()
            gc.freeze()

    def today(self) -> date:
        """Today where the operator is (the ``timezone`` setting): due dates, overdue orders and follow-up
        days are the operator's days, not UTC's."""
        return self.clock().replace(tzinfo=UTC).astimezone(ZoneInfo(self.settings.timezone)).date()

    def ensure_profiles(self, subscriber_ids: Iterable[str]) -> None:
        """Lines with work orders that neither the served month nor the snapshot's profiles hold (an order
        made after the snapshot loaded: a win-back order whose line left since) are read once from the
        warehouse, so that their orders show and stay in their region. Ids the register does not know are
        remembered and not asked for again; a warehouse busy with the monthly run is asked next time."""
        serving = self.snapshot().serving
        missing = sorted(
            {s for s in subscriber_ids if serving.position(s) is None and s not in serving.outside} - self._unknown
        )
        if not missing:
            return
        try:
            with open_warehouse(self.settings, read_only=True) as wh:
                found = load_profiles(wh, missing, key=self.key)
        except duckdb.IOException:
            log.info("warehouse busy; %d profiles read later", len(missing))
            return
        serving.outside.update(found)
        self._unknown.update(set(missing) - set(found))

    def report_for(self, month: str, region: str | None = None) -> MonthlyReport:
        """The monthly report of ``month``, of one region's lines when ``region`` is given. Reports made
        here are kept with the snapshot (a new scoring run starts afresh)."""
        snap = self.snapshot()
        if month == snap.serving.month and region is None and snap.report is not None:
            return snap.report
        key = (snap.serving.run_id, month, region)
        found = self._reports.get(key)
        if found is not None:
            return found
        with open_warehouse(self.settings, read_only=True) as wh:
            months = {r[0] for r in wh.sql.execute("SELECT DISTINCT month FROM score_runs").fetchall()}
            if month not in months:
                raise NotFoundError("api.no_report", month=month)
            report = monthly_report(wh, self.store, self.settings, month=month, region=region)
        if len(self._reports) > 32:
            self._reports.clear()
        self._reports[key] = report
        return report

    def page_cache(self, key: tuple[str, str, str], make: Callable[[], bytes]) -> bytes:
        if key not in self._pages:
            self._pages[key] = make()
        return self._pages[key]


def _quietly(make: Callable[[], object]) -> object | None:
    # A report that cannot be built (no model bundle, a month without labels) leaves its page empty
    # with a note; it must not keep the lines from being served.
    try:
        return make()
    except (ChurnGuardError, KeyError, ValueError) as error:
        log.warning("report not built: %s", error)
        return None
