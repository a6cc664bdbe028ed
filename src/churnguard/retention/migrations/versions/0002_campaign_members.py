"""Campaign members: every line a campaign considered, treated or held out as control.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaign_members",
        sa.Column("campaign_id", sa.String(32), sa.ForeignKey("campaigns.campaign_id"), primary_key=True),
        sa.Column("subscriber_id", sa.String(32), primary_key=True),
        sa.Column("arm", sa.String(10), nullable=False),
        sa.Column("tier", sa.String(20)),
        sa.Column("risk_tier", sa.String(10)),
        sa.Column("p_churn", sa.Float),
        sa.Column("expected_value", sa.Float),
    )


def downgrade() -> None:
    op.drop_table("campaign_members")
