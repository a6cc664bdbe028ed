"""An account manager's work on an order: a contact attempt, what the customer said and the order's new
status, written together and only if the order is still at the version the person read."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa

from churnguard.errors import ConflictError, DataError, NotFoundError
from churnguard.retention.audit import append_entry
from churnguard.retention.schema import ORDER_STATUSES, RESULTS, contact_attempts, outcomes, work_orders
from churnguard.retention.store import Store

__all__ = ["RESULTS", "record_work"]


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
) -> int:
    """Record the contact and its outcome and move the order to ``status``; returns the order's new
    version. A stale ``version`` raises ConflictError and writes nothing. ``audit`` (actor, role, source,
    action, object, outcome) lands in the audit log in the same transaction."""
    if result not in RESULTS:
        raise DataError("store.outcome", result=result, allowed=", ".join(RESULTS))
    if status is not None and status not in ORDER_STATUSES:
        raise DataError("store.order_status", status=status, allowed=", ".join(ORDER_STATUSES))
    with store.engine.begin() as conn:
        changes: dict[str, object] = {"version": version + 1, "updated_at": at}
        if status is not None:
            changes["status"] = status
        done = conn.execute(
            sa.update(work_orders)
            .where(work_orders.c.order_id == order_id, work_orders.c.version == version)
            .values(**changes)
        )
        if done.rowcount != 1:
            current = conn.execute(
                sa.select(work_orders.c.version).where(work_orders.c.order_id == order_id)
            ).scalar_one_or_none()
            if current is None:
                raise NotFoundError("store.no_order", order=order_id)
            raise ConflictError("store.stale", order=order_id, version=version, current=current)
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
            append_entry(conn, at=at, **audit)
    return version + 1
