"""Tables of the operational store. Alembic migrations (``migrations/versions``) create and change
them; this metadata is what the code reads and writes, and a test checks the two agree."""

from __future__ import annotations

import sqlalchemy as sa

__all__ = [
    "ARMS",
    "ORDER_STATUSES",
    "RESULTS",
    "ROLES",
    "api_tokens",
    "audit_log",
    "campaign_members",
    "campaigns",
    "contact_attempts",
    "login_limits",
    "member_outcomes",
    "metadata",
    "offers",
    "outcomes",
    "staff",
    "web_sessions",
    "work_orders",
]

ROLES = ("admin", "analyst", "supervisor", "agent")
ORDER_STATUSES = ("open", "in_progress", "done", "cancelled")
# What a contact came to. do_not_contact: the customer asked not to be contacted again (免打扰) — honoured
# by every later campaign for ``do_not_contact_months``.
RESULTS = ("accepted", "declined", "no_answer", "follow_up", "do_not_contact")
ARMS = ("treated", "control")

metadata = sa.MetaData()

staff = sa.Table(
    "staff",
    metadata,
    sa.Column("staff_id", sa.String(32), primary_key=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("region", sa.String(50)),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    # Set for staff who may log in (Argon2id); NULL for staff known only as work-order owners.
    sa.Column("password_hash", sa.String(200)),
    sa.Column("created_at", sa.DateTime),
)

# Only hashes of the secrets are kept: a copy of the database opens no session.
web_sessions = sa.Table(
    "web_sessions",
    metadata,
    sa.Column("session_hash", sa.String(64), primary_key=True),
    sa.Column("staff_id", sa.String(32), sa.ForeignKey("staff.staff_id"), nullable=False),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("last_seen_at", sa.DateTime, nullable=False),
    sa.Column("source", sa.String(64)),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("staff_id", sa.String(32), sa.ForeignKey("staff.staff_id"), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=False),
    sa.Column("revoked", sa.Boolean, nullable=False, server_default=sa.false()),
)

# The login limits: how many attempts are charged against an account or an address in its window. An
# attempt is charged by one conditional UPDATE before its password is checked, so parallel attempts cannot
# all pass the limit before any is counted. Keys are keyed hashes (HMAC-SHA256) of the account name as
# typed, or of the address: what was typed into the user-name field (perhaps a password) is never stored.
login_limits = sa.Table(
    "login_limits",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("window_start", sa.DateTime, nullable=False),
    sa.Column("charged", sa.Integer, nullable=False),
    sa.Index("ix_login_limits_window_start", "window_start"),
)

offers = sa.Table(
    "offers",
    metadata,
    sa.Column("offer_id", sa.String(32), primary_key=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("reason_category", sa.String(30), nullable=False),
    sa.Column("cost", sa.Numeric(12, 2), nullable=False),
    sa.Column("eligibility", sa.JSON, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
)

campaigns = sa.Table(
    "campaigns",
    metadata,
    sa.Column("campaign_id", sa.String(32), primary_key=True),
    sa.Column("month", sa.String(7), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("budget", sa.Numeric(14, 2), nullable=False),
    sa.Column("control_share", sa.Float, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("created_by", sa.String(32)),
    sa.Column("policy", sa.String(20)),  # expected_value | top_risk | uplift | oracle
)

# Every line a campaign considered: treated (given a work order) or control (held out, never contacted).
campaign_members = sa.Table(
    "campaign_members",
    metadata,
    sa.Column("campaign_id", sa.String(32), sa.ForeignKey("campaigns.campaign_id"), primary_key=True),
    sa.Column("subscriber_id", sa.String(32), primary_key=True),
    sa.Column("arm", sa.String(10), nullable=False),
    sa.Column("tier", sa.String(20)),
    sa.Column("risk_tier", sa.String(10)),
    sa.Column("p_churn", sa.Float),
    sa.Column("expected_value", sa.Float),
    # What the line was (or, in control, would have been) given: treated and control compare within a
    # channel, offer, tier or owner.
    sa.Column("channel", sa.String(20)),
    sa.Column("offer_id", sa.String(32)),
    sa.Column("owner_id", sa.String(32)),
    sa.Column("offer_cost", sa.Float),
    sa.Column("contact_cost", sa.Float),
    sa.Column("clv", sa.Float),
    sa.Column("monthly_revenue", sa.Float),
)

# Each member's follow-up: left within 30 / 60 / 90 days of the campaign (NULL = not known yet), observed
# in the warehouse ("warehouse") or played forward by the simulator ("simulated").
member_outcomes = sa.Table(
    "member_outcomes",
    metadata,
    sa.Column("campaign_id", sa.String(32), sa.ForeignKey("campaigns.campaign_id"), primary_key=True),
    sa.Column("subscriber_id", sa.String(32), primary_key=True),
    sa.Column("left_30", sa.Boolean),
    sa.Column("left_60", sa.Boolean),
    sa.Column("left_90", sa.Boolean),
    sa.Column("source", sa.String(20), nullable=False),
    sa.Column("recorded_at", sa.DateTime, nullable=False),
)

work_orders = sa.Table(
    "work_orders",
    metadata,
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
    # One open order per subscriber: enforced by the store (a partial index is not portable enough).
    sa.Index("ix_work_orders_subscriber", "subscriber_id", "status"),
    sa.Index("ix_work_orders_owner", "owner_id", "status"),
)

contact_attempts = sa.Table(
    "contact_attempts",
    metadata,
    sa.Column("attempt_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("order_id", sa.String(32), sa.ForeignKey("work_orders.order_id"), nullable=False),
    sa.Column("staff_id", sa.String(32), sa.ForeignKey("staff.staff_id")),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("channel", sa.String(20), nullable=False),
    sa.Column("reached", sa.Boolean, nullable=False),
    sa.Column("note", sa.Text),
)

outcomes = sa.Table(
    "outcomes",
    metadata,
    sa.Column("outcome_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("order_id", sa.String(32), sa.ForeignKey("work_orders.order_id"), nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("result", sa.String(20), nullable=False),  # one of RESULTS
    sa.Column("reason_given", sa.Text),
    sa.Column("follow_up_on", sa.Date),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("entry_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("actor", sa.String(32), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("source", sa.String(64)),
    sa.Column("action", sa.String(50), nullable=False),
    sa.Column("object", sa.String(100)),
    sa.Column("outcome", sa.String(20), nullable=False),
    # Entries written before migration 0006: a plain SHA-256 chain, kept as written and sealed under the
    # audit key by the first keyed entry (``audit.rechain``; see retention/audit.py).
    sa.Column("prev_hash", sa.String(64)),
    sa.Column("hash", sa.String(64)),
    # What changed, as canonical JSON (e.g. {"status": ["open", "done"]}: before and after).
    sa.Column("detail", sa.Text),
    # The keyed chain: the entry's place in the log (1, 2, …) and an HMAC-SHA256, with the audit key of the
    # keys file, over its place, its fields and the MAC of the entry before it.
    sa.Column("seq", sa.Integer),
    sa.Column("mac", sa.String(64)),
    sa.Index("ix_audit_log_action_at", "action", "at"),
)
