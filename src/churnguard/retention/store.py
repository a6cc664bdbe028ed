"""The operational store: the only place that reads and writes the ops database.

``open_store(url)`` connects, brings the schema to the latest Alembic revision and returns a
:class:`Store`. SQLite (the default, a file) runs in WAL mode: every writing transaction starts with
``BEGIN IMMEDIATE`` so two writers queue instead of failing half-way, while reads (``Store.reader``)
begin deferred and never wait. PostgreSQL is the production choice. Work orders carry a ``version``:
an update names the version it read, and a stale one is refused with
:class:`~churnguard.errors.ConflictError`, so no change is ever lost silently.
"""

from __future__ import annotations

import random
import sqlite3
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection, Engine

from churnguard.config import Settings
from churnguard.errors import ConflictError, DataError, NotFoundError
from churnguard.retention.audit import LEDGER_OPTION, append_entries, append_entry, head_of, ledger_of, seal_legacy
from churnguard.retention.audit_check import AuditCheck, verify_log
from churnguard.retention.ledger import Ledger, ledger_for
from churnguard.retention.schema import (
    ARMS,
    ORDER_STATUSES,
    RESULTS,
    ROLES,
    audit_log,
    campaign_members,
    campaigns,
    contact_attempts,
    member_outcomes,
    offers,
    outcomes,
    staff,
    work_orders,
)

__all__ = [
    "MANUAL",
    "Store",
    "check_contact",
    "check_result",
    "check_status",
    "open_ops",
    "open_store",
    "store_url",
    "versioned_update",
]

_MIGRATIONS = Path(__file__).parent / "migrations"
_OPEN = ("open", "in_progress")
_MEMBER_FIELDS = (
    "tier",
    "risk_tier",
    "p_churn",
    "expected_value",
    "channel",
    "offer_id",
    "owner_id",
    "offer_cost",
    "contact_cost",
    "clv",
    "monthly_revenue",
)
_HORIZONS = ("left_30", "left_60", "left_90")
_ORDER_FIELDS = ("owner_id", "channel", "status", "due_date", "offer_id", "reasons", "evidence", "expected_value")


def store_url(value: str) -> str:
    """A path becomes a SQLite URL; a URL (``postgresql+psycopg://…``, ``sqlite:///…``) stays."""
    return value if "://" in value else f"sqlite:///{Path(value).expanduser()}"


_READ = "churnguard_read"
_BEGIN_DEADLINE = 30.0


def _sqlite_engine(url: str) -> Engine:
    engine = sa.create_engine(url, connect_args={"timeout": 30})

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, say when a transaction begins (see the "begin" hook).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(_BEGIN_DEADLINE * 1000)}")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        if conn.get_execution_options().get(_READ):
            # A reader in WAL mode sees a snapshot and never waits for a writer, nor a writer for it.
            conn.exec_driver_sql("BEGIN")
        else:
            _begin_immediate(conn.connection.dbapi_connection)

    return engine


def _begin_immediate(dbapi_connection: Any) -> None:
    """Take the write lock at the start, so a read-then-write transaction cannot be overtaken.

    SQLite's own busy handler sleeps ever longer between tries (up to 100 ms), so under a stream of
    short writes a waiter can miss many free moments and wait far longer than the work ahead of it;
    here the wait is retried every millisecond or two (random, so waiters do not move in step) until
    the deadline."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=0")
    try:
        deadline = time.monotonic() + _BEGIN_DEADLINE
        while True:
            try:
                cursor.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) and "busy" not in str(error):
                    raise
                if time.monotonic() > deadline:
                    raise
                time.sleep(random.uniform(0.0005, 0.002))
    finally:
        cursor.execute(f"PRAGMA busy_timeout={int(_BEGIN_DEADLINE * 1000)}")
        cursor.close()


def check_result(result: str) -> None:
    if result not in RESULTS:
        raise DataError("store.outcome", result=result, allowed=", ".join(RESULTS))


# The policy of the campaign that holds each month's orders opened by hand.
MANUAL = "manual"

# Outcomes that can only be heard from the customer: a contact that did not reach them cannot have them.
HEARD = ("accepted", "declined", "do_not_contact")


def check_contact(*, reached: bool, result: str, follow_up_on: date | None, today: date) -> None:
    """A contact record that contradicts itself is refused: an outcome only the customer can give on a
    contact that did not reach them, or a follow-up date already past."""
    check_result(result)
    if not reached and result in HEARD:
        raise DataError("store.unreached_outcome", result=result)
    if follow_up_on is not None and follow_up_on < today:
        raise DataError("store.follow_up_past", day=follow_up_on.isoformat(), today=today.isoformat())


def check_status(status: str | None) -> None:
    if status is not None and status not in ORDER_STATUSES:
        raise DataError("store.order_status", status=status, allowed=", ".join(ORDER_STATUSES))


def versioned_update(conn: Connection, order_id: str, *, version: int, now: datetime, **values: Any) -> int:
    """Change the order only if it is still at ``version``, inside the caller's transaction; returns the
    new version. A stale version raises ConflictError (a missing order NotFoundError) and changes nothing."""
    done = conn.execute(
        sa.update(work_orders)
        .where(work_orders.c.order_id == order_id, work_orders.c.version == version)
        .values(**values, version=version + 1, updated_at=now)
    )
    if done.rowcount == 1:
        return version + 1
    current = conn.execute(
        sa.select(work_orders.c.version).where(work_orders.c.order_id == order_id)
    ).scalar_one_or_none()
    if current is None:
        raise NotFoundError("store.no_order", order=order_id)
    raise ConflictError("store.stale", order=order_id, version=version, current=current)


def open_ops(settings: Settings, *, create_keys: bool = False) -> Store:
    """The store the settings name, with its audit ledger: the audit key of the keys file (read when an
    entry is first written or checked; made there, with ``create_keys``, while the log holds no keyed
    entry) and the checkpoint file. What every command and the service open."""
    return open_store(settings.store, ledger=ledger_for(settings, create_keys=create_keys))


def order_before(conn: Connection, order_id: str, *, version: int, fields: Any) -> dict:
    """The order's ``fields`` as they are before a change made at ``version`` (locked until the change is
    committed, on PostgreSQL); empty when the order is not at that version (the change will say why)."""
    names = [f for f in fields if f in work_orders.c]
    if not names:
        return {}
    query = sa.select(*(work_orders.c[f] for f in names)).where(
        work_orders.c.order_id == order_id, work_orders.c.version == version
    )
    row = conn.execute(query.with_for_update()).mappings().first()
    return dict(row) if row is not None else {}


def changed(before: dict, after: dict) -> dict:
    """What a change changed, for the audit log: each field that differs as [before, after]."""
    return {k: [before.get(k), v] for k, v in sorted(after.items()) if before.get(k) != v}


def open_store(url: str, *, ledger: Ledger | None = None) -> Store:
    """Connect to the store at ``url`` (or a SQLite file path) and migrate it to the latest schema. Without
    ``ledger`` (the audit key and checkpoints) the store reads, and refuses to write audit entries."""
    url = store_url(url)
    try:
        sa.engine.make_url(url).get_dialect()
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as error:
        raise DataError("store.unreachable", url=url, detail=str(error)) from None
    if url.startswith("sqlite"):
        Path(url.split("///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
        engine = _sqlite_engine(url)
    else:
        engine = sa.create_engine(url, pool_pre_ping=True)
    try:
        with engine.begin() as conn:
            config = Config()
            config.set_main_option("script_location", str(_MIGRATIONS))
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    except sa.exc.OperationalError as error:
        engine.dispose()
        raise DataError(
            "store.unreachable", url=engine.url.render_as_string(hide_password=True), detail=str(error.orig)
        ) from None
    return Store(engine, ledger=ledger)


class Store:
    def __init__(self, engine: Engine, *, ledger: Ledger | None = None) -> None:
        self._engine = engine
        self.ledger = ledger
        # Writing connections carry the ledger, so every audit append (here, in accounts, in worklog) is
        # chained with its key, in the caller's transaction.
        self.engine = engine.execution_options(**{LEDGER_OPTION: ledger}) if ledger is not None else engine
        # Connections for reading only: on SQLite their transactions begin deferred (see _sqlite_engine).
        self.reader = engine.execution_options(**{_READ: True})

    def close(self) -> None:
        """Checkpoint what this process appended to the audit log, then let the connections go."""
        try:
            self.checkpoint(final=True)
        finally:
            self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    # ------------------------------------------------------------------ staff, offers, campaigns

    def add_staff(self, staff_id: str, name: str, role: str, region: str | None = None) -> None:
        if role not in ROLES:
            raise DataError("store.role", role=role, roles=", ".join(ROLES))
        with self._tx() as conn:
            conn.execute(sa.insert(staff).values(staff_id=staff_id, name=name, role=role, region=region, active=True))

    def staff(self, role: str | None = None) -> list[dict]:
        query = sa.select(staff).where(staff.c.active == sa.true()).order_by(staff.c.staff_id)
        if role is not None:
            query = query.where(staff.c.role == role)
        with self.reader.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def ensure_offers(self, catalog: Sequence[Any]) -> None:
        """Add the catalog's offers (objects with offer_id, name, reason, cost, save_rate, tiers, payment) not yet in
        the store; offers already there are left as they are."""
        with self._tx() as conn:
            have = {r[0] for r in conn.execute(sa.select(offers.c.offer_id))}
            rows = [
                {
                    "offer_id": o.offer_id,
                    "name": o.name,
                    "reason_category": o.reason,
                    "cost": o.cost,
                    "eligibility": {"tiers": list(o.tiers), "payment": list(o.payment), "save_rate": o.save_rate},
                    "active": True,
                }
                for o in catalog
                if o.offer_id not in have
            ]
            if rows:
                conn.execute(sa.insert(offers), rows)

    def offers(self) -> list[dict]:
        with self.reader.connect() as conn:
            return [dict(r) for r in conn.execute(sa.select(offers).order_by(offers.c.offer_id)).mappings()]

    def add_offer(
        self, offer_id: str, name: str, reason_category: str, cost: float, eligibility: dict | None = None
    ) -> None:
        with self._tx() as conn:
            conn.execute(
                sa.insert(offers).values(
                    offer_id=offer_id,
                    name=name,
                    reason_category=reason_category,
                    cost=cost,
                    eligibility=eligibility or {},
                    active=True,
                )
            )

    def add_campaign(
        self,
        month: str,
        name: str,
        *,
        budget: float,
        control_share: float,
        now: datetime,
        by: str | None = None,
        policy: str | None = None,
    ) -> str:
        fields = {"month": month, "name": name, "budget": budget, "control_share": control_share}
        with self._tx() as conn:
            return _insert_campaign(conn, **fields, created_at=now, created_by=by, policy=policy)

    def campaign(self, campaign_id: str) -> dict:
        with self.reader.connect() as conn:
            row = conn.execute(sa.select(campaigns).where(campaigns.c.campaign_id == campaign_id)).mappings().first()
        if row is None:
            raise NotFoundError("store.no_campaign", campaign=campaign_id)
        return dict(row)

    def campaigns(self, month: str | None = None) -> list[dict]:
        query = sa.select(campaigns).order_by(campaigns.c.created_at, campaigns.c.campaign_id)
        if month is not None:
            query = query.where(campaigns.c.month == month)
        with self.reader.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def add_members(self, campaign_id: str, members: Sequence[dict]) -> None:
        """Record the lines a campaign considered (subscriber_id, arm, and optionally tier, risk_tier,
        p_churn, expected_value, and the channel, offer, owner, costs, CLV and monthly revenue the line was
        or would have been given), all in one transaction."""
        with self._tx() as conn:
            _insert_members(conn, campaign_id, members)

    def members(self, campaign_id: str, arm: str | None = None) -> list[dict]:
        query = sa.select(campaign_members).where(campaign_members.c.campaign_id == campaign_id)
        if arm is not None:
            query = query.where(campaign_members.c.arm == arm)
        with self.reader.connect() as conn:
            return [dict(r) for r in conn.execute(query.order_by(campaign_members.c.subscriber_id)).mappings()]

    def record_member_outcomes(self, campaign_id: str, rows: Sequence[dict], *, source: str, now: datetime) -> int:
        """Record members' follow-up (subscriber_id and left_30 / left_60 / left_90, None where not known yet),
        replacing what was recorded for them before, in one transaction. Returns the rows written."""
        self.campaign(campaign_id)
        known = {m["subscriber_id"] for m in self.members(campaign_id)}
        strangers = sorted({r["subscriber_id"] for r in rows} - known)
        if strangers:
            raise DataError("store.not_member", subscriber=strangers[0], campaign=campaign_id, count=len(strangers))
        values = [
            {
                "campaign_id": campaign_id,
                "subscriber_id": r["subscriber_id"],
                **{h: _flag(r.get(h)) for h in _HORIZONS},
                "source": source,
                "recorded_at": now,
            }
            for r in rows
        ]
        ids = [v["subscriber_id"] for v in values]
        with self._tx() as conn:
            for chunk in range(0, len(ids), 500):
                conn.execute(
                    sa.delete(member_outcomes).where(
                        member_outcomes.c.campaign_id == campaign_id,
                        member_outcomes.c.subscriber_id.in_(ids[chunk : chunk + 500]),
                    )
                )
            if values:
                conn.execute(sa.insert(member_outcomes), values)
        return len(values)

    def member_outcomes(self, campaign_id: str) -> list[dict]:
        query = sa.select(member_outcomes).where(member_outcomes.c.campaign_id == campaign_id)
        with self.reader.connect() as conn:
            return [dict(r) for r in conn.execute(query.order_by(member_outcomes.c.subscriber_id)).mappings()]

    # ------------------------------------------------------------------ work orders

    def add_orders(self, campaign_id: str, orders: Sequence[dict], *, now: datetime) -> list[str]:
        """Create work orders (each a dict with subscriber_id, channel, due_date and optionally owner_id,
        offer_id, reasons, evidence, expected_value) in one transaction. A subscriber who already has an
        open order is refused, and nothing of the batch is written."""
        with self._tx() as conn:
            return _insert_orders(conn, campaign_id, orders, now=now)

    def add_manual_order(
        self, month: str, order: dict, *, now: datetime, audit: dict, member: dict | None = None
    ) -> str:
        """One order opened by hand (from a customer's page), in the month's campaign of manual orders
        (made on first use, with no control group), with the line as a treated member (``member``: tier,
        costs, value … as campaign members keep them) and its audit entry, in one transaction. A line that
        already has an open order is refused. Returns the order id."""
        with self._tx() as conn:
            found = conn.execute(
                sa.select(campaigns.c.campaign_id).where(campaigns.c.month == month, campaigns.c.policy == MANUAL)
            ).first()
            campaign_id = (
                found[0]
                if found
                else _insert_campaign(
                    conn,
                    month=month,
                    name=f"{month} manual orders",
                    budget=0.0,
                    control_share=0.0,
                    created_at=now,
                    created_by=audit.get("actor"),
                    policy=MANUAL,
                )
            )
            (order_id,) = _insert_orders(conn, campaign_id, [order], now=now)
            already = conn.execute(
                sa.select(campaign_members.c.subscriber_id).where(
                    campaign_members.c.campaign_id == campaign_id,
                    campaign_members.c.subscriber_id == order["subscriber_id"],
                )
            ).first()
            if not already:  # a line worked twice in a month is one member
                _insert_members(
                    conn, campaign_id, [{"subscriber_id": order["subscriber_id"], "arm": "treated", **(member or {})}]
                )
            append_entry(conn, at=now, **(audit | {"object": order_id}))
        return order_id

    def plan_campaign(
        self,
        month: str,
        name: str,
        *,
        budget: float,
        control_share: float,
        now: datetime,
        policy: str | None,
        orders: Sequence[dict],
        members: Sequence[dict],
        by: str = "system",
    ) -> str:
        """A campaign with its work orders, its members and an audit entry, in one transaction: all of it
        is written or none (a refused order leaves no empty campaign behind). Returns the campaign id."""
        fields = {"month": month, "name": name, "budget": budget, "control_share": control_share}
        with self._tx() as conn:
            campaign_id = _insert_campaign(conn, **fields, created_at=now, created_by=by, policy=policy)
            _insert_orders(conn, campaign_id, orders, now=now)
            _insert_members(conn, campaign_id, members)
            append_entry(
                conn,
                at=now,
                actor=by,
                role="admin",
                source=None,
                action="campaign.create",
                object=campaign_id,
                outcome="ok",
            )
        return campaign_id

    def order(self, order_id: str) -> dict:
        with self.reader.connect() as conn:
            row = conn.execute(sa.select(work_orders).where(work_orders.c.order_id == order_id)).mappings().first()
        if row is None:
            raise NotFoundError("store.no_order", order=order_id)
        return dict(row)

    def orders(
        self,
        *,
        campaign_id: str | None = None,
        owner_id: str | None = None,
        status: str | None = None,
        subscriber_id: str | None = None,
    ) -> list[dict]:
        query = sa.select(work_orders).order_by(work_orders.c.due_date, work_orders.c.order_id)
        for column, value in (
            ("campaign_id", campaign_id),
            ("owner_id", owner_id),
            ("status", status),
            ("subscriber_id", subscriber_id),
        ):
            if value is not None:
                query = query.where(work_orders.c[column] == value)
        with self.reader.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def worked_lines(self) -> list[str]:
        """The lines with an order still to be worked (open or in progress)."""
        query = sa.select(work_orders.c.subscriber_id).where(work_orders.c.status.in_(("open", "in_progress")))
        with self.reader.connect() as conn:
            return sorted({r[0] for r in conn.execute(query.distinct())})

    def update_order(
        self, order_id: str, *, version: int, now: datetime, audit: dict | None = None, **changes: Any
    ) -> int:
        """Change an order read at ``version``; returns the new version. A stale version raises
        ConflictError and changes nothing. ``audit`` (actor, role, source, action, object, outcome) is
        appended to the audit log in the same transaction as the change."""
        unknown = set(changes) - set(_ORDER_FIELDS)
        if unknown:
            raise DataError("store.order_field", fields=", ".join(sorted(unknown)), allowed=", ".join(_ORDER_FIELDS))
        check_status(changes.get("status"))
        with self._tx() as conn:
            before = order_before(conn, order_id, version=version, fields=changes)
            new = versioned_update(conn, order_id, version=version, now=now, **changes)
            if audit is not None:
                append_entry(conn, at=now, **({"detail": changed(before, changes)} | audit))
            return new

    # ------------------------------------------------------------------ contacts and outcomes

    def record_contact(
        self, order_id: str, *, staff_id: str | None, channel: str, reached: bool, at: datetime, note: str | None = None
    ) -> int:
        with self._tx() as conn:
            self._require_order(conn, order_id)
            if (
                staff_id is not None
                and conn.execute(sa.select(staff.c.staff_id).where(staff.c.staff_id == staff_id)).first() is None
            ):
                raise NotFoundError("store.no_staff", staff=staff_id)
            result = conn.execute(
                sa.insert(contact_attempts).values(
                    order_id=order_id, staff_id=staff_id, at=at, channel=channel, reached=reached, note=note
                )
            )
            return int(result.inserted_primary_key[0])

    def record_outcome(
        self,
        order_id: str,
        *,
        result: str,
        at: datetime,
        reason_given: str | None = None,
        follow_up_on: date | None = None,
        status: str | None = None,
    ) -> int:
        """Record an outcome; with ``status``, move the order to it in the same transaction (the outcome
        and the status land together or not at all)."""
        check_result(result)
        check_status(status)
        with self._tx() as conn:
            self._require_order(conn, order_id)
            inserted = conn.execute(
                sa.insert(outcomes).values(
                    order_id=order_id, at=at, result=result, reason_given=reason_given, follow_up_on=follow_up_on
                )
            )
            if status is not None:
                conn.execute(
                    sa.update(work_orders)
                    .where(work_orders.c.order_id == order_id)
                    .values(status=status, version=work_orders.c.version + 1, updated_at=at)
                )
            return int(inserted.inserted_primary_key[0])

    def record_results(self, results: Sequence[dict], *, at: datetime) -> None:
        """Many orders' contact and outcome at once, in one transaction: each dict has order_id, reached,
        result, and optionally staff_id, channel, note, reason_given and status (the order's new status)."""
        for result in sorted({r["result"] for r in results}):
            check_result(result)
        with self._tx() as conn:
            ids = [r["order_id"] for r in results]
            found: set[str] = set()
            for chunk in range(0, len(ids), 500):
                found |= set(
                    conn.execute(
                        sa.select(work_orders.c.order_id).where(work_orders.c.order_id.in_(ids[chunk : chunk + 500]))
                    ).scalars()
                )
            missing = [i for i in ids if i not in found]
            if missing:
                raise NotFoundError("store.no_order", order=missing[0])
            if not results:
                return
            conn.execute(
                sa.insert(contact_attempts),
                [
                    {
                        "order_id": r["order_id"],
                        "staff_id": r.get("staff_id"),
                        "at": at,
                        "channel": r.get("channel") or "phone",
                        "reached": bool(r["reached"]),
                        "note": r.get("note"),
                    }
                    for r in results
                ],
            )
            conn.execute(
                sa.insert(outcomes),
                [
                    {"order_id": r["order_id"], "at": at, "result": r["result"], "reason_given": r.get("reason_given")}
                    for r in results
                ],
            )
            for status in sorted({r["status"] for r in results if r.get("status")}):
                chosen = [r["order_id"] for r in results if r.get("status") == status]
                for chunk in range(0, len(chosen), 500):
                    conn.execute(
                        sa.update(work_orders)
                        .where(work_orders.c.order_id.in_(chosen[chunk : chunk + 500]))
                        .values(status=status, version=work_orders.c.version + 1, updated_at=at)
                    )

    def campaign_activity(self, campaign_id: str) -> tuple[list[dict], list[dict]]:
        """Every contact attempt and outcome of the campaign's orders (each with its order_id)."""
        order_ids = sa.select(work_orders.c.order_id).where(work_orders.c.campaign_id == campaign_id)
        with self.reader.connect() as conn:
            attempts = conn.execute(
                sa.select(contact_attempts).where(contact_attempts.c.order_id.in_(order_ids))
            ).mappings()
            attempts = [dict(r) for r in attempts]
            results = conn.execute(sa.select(outcomes).where(outcomes.c.order_id.in_(order_ids))).mappings()
            return attempts, [dict(r) for r in results]

    def campaign_tallies(self) -> list[dict]:
        """What every campaign's headline is counted from, in one query: one row per campaign and arm over
        the rows ``followup.member_table`` gives (a member, once per work order of theirs in the campaign):
        ``rows``; ``attempted``, ``reached``, ``accepted`` (rows whose line had, on the campaign's orders, a
        contact attempt, one that reached, an accepted result); ``with_order`` and ``closed`` (rows with an
        order; of those, done or cancelled); per horizon ``known_30`` … (follow-up known) and ``left_30`` …
        (left); ``cost`` (contact costs of the attempted rows and offer costs of the accepted, missing as 0)
        and ``clv`` (None where no row has one)."""
        m, w = campaign_members, work_orders

        def count_if(condition: Any) -> Any:
            return sa.func.sum(sa.case((condition, 1), else_=0))

        def member_of(table: Any) -> Any:
            return sa.and_(table.c.campaign_id == m.c.campaign_id, table.c.subscriber_id == m.c.subscriber_id)

        tried = (
            sa.select(
                contact_attempts.c.order_id,
                sa.func.max(sa.case((contact_attempts.c.reached, 1), else_=0)).label("reached"),
            )
            .group_by(contact_attempts.c.order_id)
            .subquery()
        )
        said = sa.select(outcomes.c.order_id).where(outcomes.c.result == "accepted").distinct().subquery()
        activity = (
            sa.select(
                w.c.campaign_id,
                w.c.subscriber_id,
                sa.func.max(sa.case((tried.c.order_id.is_not(None), 1), else_=0)).label("attempted"),
                sa.func.max(sa.func.coalesce(tried.c.reached, 0)).label("reached"),
                sa.func.max(sa.case((said.c.order_id.is_not(None), 1), else_=0)).label("accepted"),
            )
            .select_from(
                w.outerjoin(tried, tried.c.order_id == w.c.order_id).outerjoin(said, said.c.order_id == w.c.order_id)
            )
            .group_by(w.c.campaign_id, w.c.subscriber_id)
            .subquery()
        )
        attempted, accepted = activity.c.attempted == 1, activity.c.accepted == 1
        followed = [
            column
            for h in _HORIZONS
            for column in (
                sa.func.count(member_outcomes.c[h]).label(h.replace("left", "known")),
                count_if(member_outcomes.c[h]).label(h),
            )
        ]
        query = (
            sa.select(
                m.c.campaign_id,
                m.c.arm,
                sa.func.count().label("rows"),
                count_if(attempted).label("attempted"),
                count_if(activity.c.reached == 1).label("reached"),
                count_if(accepted).label("accepted"),
                sa.func.count(w.c.order_id).label("with_order"),
                count_if(w.c.status.in_(("done", "cancelled"))).label("closed"),
                *followed,
                sa.func.sum(
                    sa.case((attempted, sa.func.coalesce(m.c.contact_cost, 0.0)), else_=0.0)
                    + sa.case((accepted, sa.func.coalesce(m.c.offer_cost, 0.0)), else_=0.0)
                ).label("cost"),
                sa.func.sum(m.c.clv).label("clv"),
            )
            .select_from(
                m.outerjoin(member_outcomes, member_of(member_outcomes))
                .outerjoin(activity, member_of(activity))
                .outerjoin(w, member_of(w))
            )
            .group_by(m.c.campaign_id, m.c.arm)
        )
        with self.reader.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def work_logs(self, order_ids: Sequence[str]) -> dict[str, tuple[list[dict], list[dict]]]:
        """Per order: its contact attempts and outcomes, oldest first (what ``contacts`` and ``outcomes``
        give for one order), read for many orders in a few queries."""
        out: dict[str, tuple[list[dict], list[dict]]] = {o: ([], []) for o in order_ids}
        ids = list(out)
        with self.reader.connect() as conn:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                tried = sa.select(contact_attempts).where(contact_attempts.c.order_id.in_(chunk))
                for r in conn.execute(tried.order_by(contact_attempts.c.at, contact_attempts.c.attempt_id)).mappings():
                    out[r["order_id"]][0].append(dict(r))
                said = sa.select(outcomes).where(outcomes.c.order_id.in_(chunk))
                for r in conn.execute(said.order_by(outcomes.c.at, outcomes.c.outcome_id)).mappings():
                    out[r["order_id"]][1].append(dict(r))
        return out

    def order_activity(self, order_ids: Sequence[str]) -> dict[str, dict]:
        """Per order of ``order_ids``: whether it was attempted, reached, accepted, and its contacts."""
        out = {o: {"attempted": False, "reached": False, "accepted": False, "contacts": 0} for o in order_ids}
        ids = list(out)
        with self.reader.connect() as conn:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                tried = sa.select(
                    contact_attempts.c.order_id,
                    sa.func.count().label("n"),
                    sa.func.max(sa.case((contact_attempts.c.reached, 1), else_=0)).label("reached"),
                ).where(contact_attempts.c.order_id.in_(chunk))
                for r in conn.execute(tried.group_by(contact_attempts.c.order_id)):
                    out[r.order_id] |= {"attempted": True, "reached": bool(r.reached), "contacts": int(r.n)}
                said = sa.select(outcomes.c.order_id).where(
                    outcomes.c.order_id.in_(chunk), outcomes.c.result == "accepted"
                )
                for r in conn.execute(said.distinct()):
                    out[r.order_id]["accepted"] = True
        return out

    def latest_results(self, results: Sequence[str], *, since: datetime) -> dict[str, datetime]:
        """Per subscriber, when a contact last came to one of ``results`` at or after ``since``."""
        query = (
            sa.select(work_orders.c.subscriber_id, sa.func.max(outcomes.c.at).label("at"))
            .join(work_orders, work_orders.c.order_id == outcomes.c.order_id)
            .where(outcomes.c.result.in_(list(results)), outcomes.c.at >= since)
            .group_by(work_orders.c.subscriber_id)
        )
        with self.reader.connect() as conn:
            return {r.subscriber_id: r.at for r in conn.execute(query)}

    def contacts(self, order_id: str) -> list[dict]:
        with self.reader.connect() as conn:
            query = sa.select(contact_attempts).where(contact_attempts.c.order_id == order_id)
            return [dict(r) for r in conn.execute(query.order_by(contact_attempts.c.at)).mappings()]

    def outcomes(self, order_id: str) -> list[dict]:
        with self.reader.connect() as conn:
            query = sa.select(outcomes).where(outcomes.c.order_id == order_id).order_by(outcomes.c.at)
            return [dict(r) for r in conn.execute(query).mappings()]

    # ------------------------------------------------------------------ audit

    def audit(
        self,
        *,
        actor: str,
        role: str,
        action: str,
        outcome: str,
        at: datetime,
        object: str | None = None,
        source: str | None = None,
        detail: dict | None = None,
    ) -> None:
        """Append one audit entry (``detail``: what changed); the store offers no way to change or remove one."""
        with self._tx() as conn:
            append_entry(
                conn,
                at=at,
                actor=actor,
                role=role,
                source=source,
                action=action,
                object=object,
                outcome=outcome,
                detail=detail,
            )

    def audit_many(self, entries: Sequence[dict]) -> None:
        """Append entries (each with at, actor, role, action, outcome, object, source and optionally detail)
        in one transaction."""
        with self._tx() as conn:
            append_entries(conn, list(entries))

    def rechain_audit(self, who: dict) -> int | None:
        """Seal the entries written before the audit key under it now (``who``: at, actor, role, source of
        the ``audit.rechain`` entry); how many were sealed, None when there was nothing to seal."""
        with self._tx() as conn:
            return seal_legacy(conn, who)

    def audit_key(self) -> bytes:
        """The audit key (ConfigError when the store was opened without one, or its keys file is gone)."""
        with self.engine.connect() as conn:
            return ledger_of(conn).key()

    def checkpoint(self, *, final: bool = False) -> None:
        """Write a checkpoint of the log's committed head when this process appended since its last one
        (the service's audit writer calls this when idle); ``final`` (``close``): whenever this process
        appended at all, so that an append committed meanwhile by another thread is not left out."""
        if self.ledger is None or not (self.ledger.dirty or (final and self.ledger.appended)):
            return
        self.ledger.dirty = False
        with self.reader.connect() as conn:
            head = head_of(conn)
        if head is not None:
            self.ledger.write(head)

    def audit_entries(self, *, limit: int | None = None, offset: int = 0, newest_first: bool = False) -> list[dict]:
        order = audit_log.c.entry_id.desc() if newest_first else audit_log.c.entry_id
        query = sa.select(audit_log).order_by(order).offset(offset).limit(limit)
        with self.reader.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def verify_audit(self) -> AuditCheck:
        """Verify the audit log: the keyed chain, the seal of entries written before the key, the signed
        checkpoints outside the database and the database's guards (see ``retention.audit_check``). This
        process's own appends are checkpointed first."""
        key = self.audit_key()
        assert self.ledger is not None  # audit_key refuses a store without one
        self.checkpoint()
        with self.reader.connect() as conn:
            return verify_log(conn, key, self.ledger.checkpoints)

    def find_audit(
        self,
        *,
        actor: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        text: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict]:
        """Audit entries, newest first, matching every filter given: ``actor`` and ``action`` exactly,
        ``since`` <= at < ``until`` (naive UTC, as the log keeps its times) and ``text`` anywhere in the
        object, in any case. Filtered and paged by the database: a long log is never read whole."""
        query = sa.select(audit_log)
        if actor:
            query = query.where(audit_log.c.actor == actor)
        if action:
            query = query.where(audit_log.c.action == action)
        if since is not None:
            query = query.where(audit_log.c.at >= since)
        if until is not None:
            query = query.where(audit_log.c.at < until)
        if text:
            # autoescape: a % or _ in the text is looked for as itself, not as a wildcard.
            query = query.where(sa.func.lower(audit_log.c.object).contains(text.lower(), autoescape=True))
        query = query.order_by(audit_log.c.entry_id.desc()).offset(offset).limit(limit)
        with self.reader.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def audit_actions(self) -> list[str]:
        """Every action the audit log holds, in order (the action index answers it)."""
        query = sa.select(audit_log.c.action).distinct().order_by(audit_log.c.action)
        with self.reader.connect() as conn:
            return [str(a) for a in conn.execute(query).scalars()]

    @staticmethod
    def _require_order(conn: Connection, order_id: str) -> None:
        found = conn.execute(sa.select(work_orders.c.order_id).where(work_orders.c.order_id == order_id)).first()
        if found is None:
            raise NotFoundError("store.no_order", order=order_id)


def _flag(value: object) -> bool | None:
    """A follow-up flag as the database keeps it: unknown (None, NA, NaN) stays unknown."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return bool(value)


def _first_repeat(values: list[str]) -> str:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            return value
        seen.add(value)
    return ""


def _insert_campaign(conn: Connection, **values: object) -> str:
    campaign_id = "C" + uuid.uuid4().hex[:11]
    conn.execute(sa.insert(campaigns).values(campaign_id=campaign_id, **values))
    return campaign_id


def _insert_members(conn: Connection, campaign_id: str, members: Sequence[dict]) -> None:
    bad = sorted({m["arm"] for m in members} - set(ARMS))
    if bad:
        raise DataError("store.arm", arm=bad[0], allowed=", ".join(ARMS))
    rows = [
        {
            "campaign_id": campaign_id,
            "subscriber_id": m["subscriber_id"],
            "arm": m["arm"],
            **{k: m.get(k) for k in _MEMBER_FIELDS},
        }
        for m in members
    ]
    if rows:
        conn.execute(sa.insert(campaign_members), rows)


def _insert_orders(conn: Connection, campaign_id: str, orders: Sequence[dict], *, now: datetime) -> list[str]:
    rows = [
        {
            "order_id": "W" + uuid.uuid4().hex[:11],
            "campaign_id": campaign_id,
            "subscriber_id": order["subscriber_id"],
            "owner_id": order.get("owner_id"),
            "channel": order["channel"],
            "status": "open",
            "due_date": order["due_date"],
            "offer_id": order.get("offer_id"),
            "reasons": order.get("reasons", []),
            "evidence": order.get("evidence", {}),
            "expected_value": order.get("expected_value"),
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        for order in orders
    ]
    ids = [r["subscriber_id"] for r in rows]
    if len(set(ids)) != len(ids):
        raise DataError("store.duplicate_order", subscriber=_first_repeat(ids))
    for chunk in range(0, len(ids), 500):
        taken = conn.execute(
            sa.select(work_orders.c.subscriber_id).where(
                work_orders.c.subscriber_id.in_(ids[chunk : chunk + 500]), work_orders.c.status.in_(_OPEN)
            )
        ).first()
        if taken:
            raise DataError("store.duplicate_order", subscriber=taken[0])
    if rows:
        conn.execute(sa.insert(work_orders), rows)
    return [r["order_id"] for r in rows]
