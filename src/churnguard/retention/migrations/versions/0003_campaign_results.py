"""Campaign results: what each member would have been given (so treated and control compare by channel,
offer, tier and owner), the campaign's targeting policy, and each member's follow-up at 30/60/90 days.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_MEMBER_COLUMNS = (
    ("channel", sa.String(20)),
    ("offer_id", sa.String(32)),
    ("owner_id", sa.String(32)),
    ("offer_cost", sa.Float),
    ("contact_cost", sa.Float),
    ("clv", sa.Float),
    ("monthly_revenue", sa.Float),
)


def upgrade() -> None:
    op.add_column("campaigns", sa.Column("policy", sa.String(20)))
    for name, kind in _MEMBER_COLUMNS:
        op.add_column("campaign_members", sa.Column(name, kind))
    op.create_table(
        "member_outcomes",
        sa.Column("campaign_id", sa.String(32), sa.ForeignKey("campaigns.campaign_id"), primary_key=True),
        sa.Column("subscriber_id", sa.String(32), primary_key=True),
        sa.Column("left_30", sa.Boolean),
        sa.Column("left_60", sa.Boolean),
        sa.Column("left_90", sa.Boolean),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("member_outcomes")
    for name, _ in reversed(_MEMBER_COLUMNS):
        op.drop_column("campaign_members", name)
    op.drop_column("campaigns", "policy")
