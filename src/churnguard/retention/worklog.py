"""An account manager's work on an order: a contact attempt, what the customer said and the order's new
status, written together and only if the order is still at the version the person read."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa

from churnguard.retention.audit import append_entry
from churnguard.retention.schema import contact_attempts, outcomes
from churnguard.retention.store import Store, changed, check_contact, check_status, order_before, versioned_update

__all__ = ["record_work"]


def record_work(
    store: Store,
    order_id: str,
    *,
    version: int,
    staff_id: str | None,
    channel: str,
    reached: bool,
    result: str,
    at: datetime,
    note: str | None = None,
    follow_up_on: date | None = None,
    status: str | None = None,
    audit: dict | None = None,
    today: date | None = None,
) -> int:
    """Record the contact and its outcome and move the order to ``status``; returns the order's new
    version. A stale ``version`` raises ConflictError and writes nothing. ``audit`` (actor, role, source,
    action, object, outcome) lands in the audit log in the same transaction, with what was recorded and
    the status before and after as its detail."""
    # ``today`` is the operator's day (the service passes it in its time zone); ``at`` is UTC.
    check_contact(reached=reached, result=result, follow_up_on=follow_up_on, today=today or at.date())
    check_status(status)
    with store.engine.begin() as conn:
        changes = {} if status is None else {"status": status}
        before = order_before(conn, order_id, version=version, fields=changes)
        new = versioned_update(conn, order_id, version=version, now=at, **changes)
        conn.execute(
            sa.insert(contact_attempts).values(
                order_id=order_id, staff_id=staff_id, at=at, channel=channel, reached=reached, note=note
            )
        )
        conn.execute(
            sa.insert(outcomes).values(
                order_id=order_id, at=at, result=result, reason_given=note, follow_up_on=follow_up_on
            )
        )
        if audit is not None:
            detail = {"result": result, "reached": reached} | changed(before, changes)
            append_entry(conn, at=at, **({"detail": detail} | audit))
    return new
