"""No key in the store: the service's own keys (analysts' pseudonyms, the login form's binding, the login
limits' hashes) were rows of ``app_secrets``; they now come from the keys file, which no database holds.
The table and every key in it are dropped, so a copy of the database yields none of them.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("app_secrets")


def downgrade() -> None:
    op.create_table(
        "app_secrets",
        sa.Column("name", sa.String(50), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )
