"""The operational store: staff, offers, campaigns, work orders, contacts, outcomes, audit log.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff",
        sa.Column("staff_id", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("region", sa.String(50)),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    )
    op.create_table(
        "offers",
        sa.Column("offer_id", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("reason_category", sa.String(30), nullable=False),
        sa.Column("cost", sa.Numeric(12, 2), nullable=False),
        sa.Column("eligibility", sa.JSON, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    )
    op.create_table(
        "campaigns",
        sa.Column("campaign_id", sa.String(32), primary_key=True),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("budget", sa.Numeric(14, 2), nullable=False),
        sa.Column("control_share", sa.Float, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.String(32)),
    )
    op.create_table(
        "work_orders",
        sa.Column("order_id", sa.String(32), primary_key=True),
        sa.Column("campaign_id", sa.String(32), sa.ForeignKey("campaigns.campaign_id"), nullable=False),
        sa.Column("subscriber_id", sa.String(32), nullable=False),
        sa.Column("owner_id", sa.String(32), sa.ForeignKey("staff.staff_id")),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("due_date", sa.Date, nullable=False),
        sa.Column("offer_id", sa.String(32), sa.ForeignKey("offers.offer_id")),
        sa.Column("reasons", sa.JSON, nullable=False),
        sa.Column("evidence", sa.JSON, nullable=False),
        sa.Column("expected_value", sa.Float),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_work_orders_subscriber", "work_orders", ["subscriber_id", "status"])
    op.create_index("ix_work_orders_owner", "work_orders", ["owner_id", "status"])
    op.create_table(
        "contact_attempts",
        sa.Column("attempt_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("order_id", sa.String(32), sa.ForeignKey("work_orders.order_id"), nullable=False),
        sa.Column("staff_id", sa.String(32), sa.ForeignKey("staff.staff_id")),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("reached", sa.Boolean, nullable=False),
        sa.Column("note", sa.Text),
    )
    op.create_table(
        "outcomes",
        sa.Column("outcome_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("order_id", sa.String(32), sa.ForeignKey("work_orders.order_id"), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("result", sa.String(20), nullable=False),
        sa.Column("reason_given", sa.Text),
        sa.Column("follow_up_on", sa.Date),
    )
    op.create_table(
        "audit_log",
        sa.Column("entry_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(32), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("source", sa.String(64)),
        sa.Column("action", sa.String(50), nullable=False),
        sa.Column("object", sa.String(100)),
        sa.Column("outcome", sa.String(20), nullable=False),
    )


def downgrade() -> None:
    for table in ("audit_log", "outcomes", "contact_attempts", "work_orders", "campaigns", "offers", "staff"):
        op.drop_table(table)
