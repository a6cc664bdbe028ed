"""A keyed audit chain: each entry carries its place in the log (``seq``) and an HMAC-SHA256 (``mac``) made
with the audit key of the keys file, which no database holds; ``detail`` keeps what a change changed
(before and after). Entries written before keep their plain SHA-256 chain (``prev_hash``, ``hash``) as
written: the log stays append-only, and the first keyed entry (``audit.rechain``) seals them under the
key (see retention/audit.py).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_SQLITE_GUARDS = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
)


def upgrade() -> None:
    # New columns only (SQLite adds them in place): the append-only triggers stay as they are.
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("detail", sa.Text))
        batch.add_column(sa.Column("seq", sa.Integer))
        batch.add_column(sa.Column("mac", sa.String(64)))


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:  # SQLite drops columns by copying the table, which needs the triggers out of the way
        op.execute("DROP TRIGGER audit_log_no_delete")
        op.execute("DROP TRIGGER audit_log_no_update")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("mac")
        batch.drop_column("seq")
        batch.drop_column("detail")
    if sqlite:
        for statement in _SQLITE_GUARDS:
            op.execute(statement)
