"""Login limits counted atomically: attempts charged against an account or an address in the current
window, one row per keyed hash (``login_limits``). Counting failures in the audit log let parallel
attempts all pass the check before any was written.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_limits",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("window_start", sa.DateTime, nullable=False),
        sa.Column("charged", sa.Integer, nullable=False),
    )
    op.create_index("ix_login_limits_window_start", "login_limits", ["window_start"])


def downgrade() -> None:
    op.drop_index("ix_login_limits_window_start", "login_limits")
    op.drop_table("login_limits")
