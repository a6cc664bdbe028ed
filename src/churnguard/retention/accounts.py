"""Who may log in, and how: staff accounts with Argon2id password hashes, browser sessions and API
tokens. Sessions and tokens are random secrets handed to the client once; the store keeps only their
SHA-256, so a copy of the database opens nothing. The login limits are counted in ``login_limits``: an
attempt is charged against its account and its address by one conditional UPDATE each before the
password is checked, so that parallel attempts cannot all pass the limit before any of them counts."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.dialects import postgresql, sqlite
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from churnguard.errors import DataError, NotFoundError
from churnguard.i18n import Term
from churnguard.i18n.domain import ACCOUNT_FIELDS
from churnguard.retention.audit import append_entry
from churnguard.retention.schema import ROLES, api_tokens, login_limits, staff, web_sessions
from churnguard.retention.store import Store

__all__ = ["HASHER", "UNKNOWN_ACCOUNT", "Accounts", "LoginLimits", "Principal", "check_password", "check_role"]

# OWASP's minimum for Argon2id is m=19 MiB, t=2, p=1; this is a little above it.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024 + 1024, parallelism=1)
_COMMON = frozenset(FREQUENCY_LISTS["passwords"])
# Verifying against this keeps a login for an unknown account as slow as one for a known account.
_DUMMY_HASH = HASHER.hash("not a password of anyone " + secrets.token_hex(8))


# What the audit log records as the actor of a login under a name that is no account: what was typed may
# be a password typed into the wrong field, and is never stored.
UNKNOWN_ACCOUNT = "?"


@dataclass(frozen=True)
class LoginLimits:
    """How many attempts an account (``per_account``) and an address (``per_address``) may make in a
    ``window`` before further attempts are refused unchecked. A correct password gives its charge back."""

    per_account: int
    per_address: int
    window: timedelta


@dataclass(frozen=True)
class Principal:
    """The person behind a request."""

    staff_id: str
    name: str
    role: str
    region: str | None


def check_password(password: str, *, staff_id: str = "", name: str = "") -> None:
    """Refuse a password that is too short or long, common, or easy to guess (zxcvbn score below 3).
    Length counts characters after NFC normalisation, so a Chinese passphrase of 12 characters passes."""
    text = unicodedata.normalize("NFC", password)
    if not 12 <= len(text) <= 128:
        raise DataError("account.password_length", length=len(text))
    lowered = text.lower()
    if lowered in _COMMON or (lowered.rstrip("0123456789!") in _COMMON and len(lowered.rstrip("0123456789!")) >= 8):
        raise DataError("account.password_common")
    if zxcvbn(text[:72], user_inputs=[v for v in (staff_id, name) if v])["score"] < 3:
        raise DataError("account.password_weak")


def check_role(role: str, region: str | None) -> str | None:
    """Refuse an unknown role, and a supervisor without a region (their lines are their region's).
    Returns the region, None when blank."""
    if role not in ROLES:
        raise DataError("store.role", role=role, roles=", ".join(ROLES))
    region = (region or "").strip() or None
    if role == "supervisor" and region is None:
        raise DataError("account.region_needed")
    if region is not None and len(region) > staff.c.region.type.length:
        raise DataError("account.too_long", field=Term(*ACCOUNT_FIELDS["region"]), most=staff.c.region.type.length)
    return region


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class Accounts:
    """Accounts, sessions and tokens in the operational store.

    Every change of an account takes an optional ``audit`` entry (at, actor, role, source, action,
    object, outcome), appended to the audit log in the same transaction as the change: the dashboard's
    changes are all recorded, or none is made."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.engine = store.engine
        self.reader = store.reader
        self._limit_key: bytes | None = None

    # ------------------------------------------------------------------ accounts

    def add(
        self,
        staff_id: str,
        *,
        name: str,
        role: str,
        password: str,
        region: str | None = None,
        now: datetime,
        audit: dict | None = None,
    ) -> None:
        """Create a login, or give one to staff already known as work-order owners (an account manager
        added by ``act``); an existing login is refused. A supervisor needs a region."""
        region = check_role(role, region)
        if not staff_id or len(staff_id) > 32 or not staff_id.replace("_", "").replace("-", "").isalnum():
            raise DataError("account.bad_id", staff=staff_id)
        if len(name) > staff.c.name.type.length:
            raise DataError("account.too_long", field=Term(*ACCOUNT_FIELDS["name"]), most=staff.c.name.type.length)
        check_password(password, staff_id=staff_id, name=name)
        values = {"name": name, "role": role, "region": region, "active": True}
        hashed = HASHER.hash(unicodedata.normalize("NFC", password))
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(staff).where(staff.c.staff_id == staff_id)).mappings().first()
            if row is not None and row["password_hash"]:
                raise DataError("account.exists", staff=staff_id)
            if row is None:
                conn.execute(sa.insert(staff).values(staff_id=staff_id, password_hash=hashed, created_at=now, **values))
            else:
                conn.execute(
                    sa.update(staff)
                    .where(staff.c.staff_id == staff_id)
                    .values(password_hash=hashed, created_at=now, **values)
                )
            if audit is not None:
                append_entry(conn, **({"at": now} | audit))

    def set_password(self, staff_id: str, password: str, *, audit: dict | None = None) -> None:
        """A new password; every open session and token of the account ends now."""
        row = self.get(staff_id)
        check_password(password, staff_id=staff_id, name=row["name"])
        with self.engine.begin() as conn:
            conn.execute(
                sa.update(staff)
                .where(staff.c.staff_id == staff_id)
                .values(password_hash=HASHER.hash(unicodedata.normalize("NFC", password)))
            )
            self._end_all(conn, staff_id)
            if audit is not None:
                append_entry(conn, **audit)

    def disable(self, staff_id: str, *, audit: dict | None = None) -> None:
        """No more logins; every open session and token of the account ends now."""
        self.get(staff_id)
        with self.engine.begin() as conn:
            conn.execute(sa.update(staff).where(staff.c.staff_id == staff_id).values(active=False))
            self._end_all(conn, staff_id)
            if audit is not None:
                append_entry(conn, **audit)

    def enable(self, staff_id: str, *, audit: dict | None = None) -> None:
        """Logins again, with the password the account had (sessions and tokens ended at disabling)."""
        self.get(staff_id)
        with self.engine.begin() as conn:
            conn.execute(sa.update(staff).where(staff.c.staff_id == staff_id).values(active=True))
            if audit is not None:
                append_entry(conn, **audit)

    def set_role(self, staff_id: str, role: str, *, region: str | None = None, audit: dict | None = None) -> None:
        """A new role and region, under the same rules as ``add``. Sessions go on: every request reads
        the account's role and region afresh, so the change holds from the next request. The audit entry
        records both before and after."""
        region = check_role(role, region)
        self.get(staff_id)
        with self.engine.begin() as conn:
            was = conn.execute(sa.select(staff.c.role, staff.c.region).where(staff.c.staff_id == staff_id)).one()
            conn.execute(sa.update(staff).where(staff.c.staff_id == staff_id).values(role=role, region=region))
            if audit is not None:
                detail = {"role": [was.role, role], "region": [was.region, region]}
                append_entry(conn, **({"detail": detail} | audit))

    def get(self, staff_id: str) -> dict:
        with self.reader.connect() as conn:
            row = conn.execute(sa.select(staff).where(staff.c.staff_id == staff_id)).mappings().first()
        if row is None:
            raise NotFoundError("store.no_staff", staff=staff_id)
        return dict(row)

    def list(self) -> list[dict]:
        """Every staff member with a login, active or not (no hashes)."""
        query = sa.select(staff).where(staff.c.password_hash.is_not(None)).order_by(staff.c.staff_id)
        with self.reader.connect() as conn:
            return [{k: v for k, v in r.items() if k != "password_hash"} for r in conn.execute(query).mappings()]

    def verify(self, staff_id: str, password: str) -> Principal | None:
        """The account when the password is right and the account active, else None (in about the same
        time either way). A hash made with weaker parameters is upgraded on the way."""
        with self.reader.connect() as conn:
            row = conn.execute(sa.select(staff).where(staff.c.staff_id == staff_id)).mappings().first()
        hashed = row["password_hash"] if row is not None and row["password_hash"] else None
        text = unicodedata.normalize("NFC", password)
        try:
            HASHER.verify(hashed or _DUMMY_HASH, text)
        except (VerificationError, InvalidHashError):
            return None
        if hashed is None or not row["active"]:
            return None
        if HASHER.check_needs_rehash(hashed):
            with self.engine.begin() as conn:
                conn.execute(
                    sa.update(staff).where(staff.c.staff_id == staff_id).values(password_hash=HASHER.hash(text))
                )
        return Principal(row["staff_id"], row["name"], row["role"], row["region"])

    def login(
        self, staff_id: str, password: str, *, source: str, now: datetime, limits: LoginLimits
    ) -> tuple[str, Principal | None]:
        """A login attempt: ("ok", principal), ("failed", None) or ("locked", None). The attempt is charged
        against the account's and the address's limits first; when either is spent, no password is
        checked at all ("locked"). A correct password gives its charges back, so only failures count."""
        keys = [(self._limit_hash("account", staff_id), limits.per_account)]
        keys.append((self._limit_hash("address", source), limits.per_address))
        if not self._charge(keys, now=now, window=limits.window):
            return "locked", None
        principal = self.verify(staff_id, password)
        if principal is None:
            return "failed", None
        self._refund([key for key, _ in keys])
        return "ok", principal

    def actor_of(self, staff_id: str) -> str:
        """How the audit log names whoever logged in as ``staff_id``: the id when it is staff, else
        ``UNKNOWN_ACCOUNT`` (a name that is no account may be a secret typed into the wrong field)."""
        with self.reader.connect() as conn:
            found = conn.execute(sa.select(staff.c.staff_id).where(staff.c.staff_id == staff_id)).first()
        return staff_id if found is not None else UNKNOWN_ACCOUNT

    def _limit_hash(self, kind: str, value: str) -> str:
        if self._limit_key is None:
            self._limit_key = self.secret("login_limits").encode("ascii")
        return hmac.new(self._limit_key, f"{kind}\0{value}".encode(), hashlib.sha256).hexdigest()

    def _charge(self, keys: list[tuple[str, int]], *, now: datetime, window: timedelta) -> bool:
        """Charge one attempt against each key (with its limit), all or none, in one transaction; False
        when a limit is spent. Each charge is one conditional UPDATE: on PostgreSQL a second attempt waits
        for the first's row lock and then re-reads the row, on SQLite writers take turns, so the count can
        never be passed by attempts that looked at it together. A window that has run out starts afresh."""
        since = now - window
        with self.engine.begin() as conn:
            # Rows of windows past are dropped; on PostgreSQL rows another attempt holds are left for later
            # (SKIP LOCKED), so that this never waits while holding a lock of its own.
            spent = sa.select(login_limits.c.key).where(login_limits.c.window_start < since)
            conn.execute(sa.delete(login_limits).where(login_limits.c.key.in_(spent.with_for_update(skip_locked=True))))
        try:
            with self.engine.begin() as conn:
                for key, limit in keys:
                    if not _charge_one(conn, key, limit=limit, now=now, since=since):
                        raise _Spent  # the charges made so far are rolled back with the transaction
        except _Spent:
            return False
        return True

    def _refund(self, keys: list[str]) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                sa.update(login_limits)
                .where(login_limits.c.key.in_(keys), login_limits.c.charged > 0)
                .values(charged=login_limits.c.charged - 1)
            )

    # ------------------------------------------------------------------ sessions and tokens

    def open_session(self, principal: Principal, *, now: datetime, source: str | None) -> tuple[str, str]:
        """A new session (and its CSRF token) for a fresh login; any session the browser held before is
        not reused. Returns (session secret, csrf token)."""
        secret, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            conn.execute(
                sa.insert(web_sessions).values(
                    session_hash=_digest(secret),
                    staff_id=principal.staff_id,
                    csrf_token=csrf,
                    created_at=now,
                    last_seen_at=now,
                    source=source,
                )
            )
        return secret, csrf

    def session(
        self, secret: str, *, now: datetime, idle: timedelta, absolute: timedelta
    ) -> tuple[Principal, str] | None:
        """The session's account and CSRF token, or None when unknown, idle too long, too old or the
        account disabled. A live session's idle clock restarts."""
        query = (
            sa.select(web_sessions, staff.c.name, staff.c.role, staff.c.region, staff.c.active)
            .join(staff, staff.c.staff_id == web_sessions.c.staff_id)
            .where(web_sessions.c.session_hash == _digest(secret))
        )
        with self.reader.connect() as conn:
            row = conn.execute(query).mappings().first()
        if row is None:
            return None
        if not row["active"] or now - row["last_seen_at"] > idle or now - row["created_at"] > absolute:
            self.close_session(secret)
            return None
        # Writing on every request would make every page view a write: a minute's precision is enough.
        if now - row["last_seen_at"] > timedelta(minutes=1):
            with self.engine.begin() as conn:
                conn.execute(
                    sa.update(web_sessions)
                    .where(web_sessions.c.session_hash == row["session_hash"])
                    .values(last_seen_at=now)
                )
        return Principal(row["staff_id"], row["name"], row["role"], row["region"]), row["csrf_token"]

    def close_session(self, secret: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(sa.delete(web_sessions).where(web_sessions.c.session_hash == _digest(secret)))

    def issue_token(self, principal: Principal, *, now: datetime, lifetime: timedelta) -> str:
        token = "cgt_" + secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            conn.execute(
                sa.insert(api_tokens).values(
                    token_hash=_digest(token), staff_id=principal.staff_id, created_at=now, expires_at=now + lifetime
                )
            )
        return token

    def token(self, token: str, *, now: datetime) -> Principal | None:
        query = (
            sa.select(api_tokens, staff.c.name, staff.c.role, staff.c.region, staff.c.active)
            .join(staff, staff.c.staff_id == api_tokens.c.staff_id)
            .where(api_tokens.c.token_hash == _digest(token))
        )
        with self.reader.connect() as conn:
            row = conn.execute(query).mappings().first()
        if row is None or row["revoked"] or not row["active"] or row["expires_at"] <= now:
            return None
        return Principal(row["staff_id"], row["name"], row["role"], row["region"])

    def revoke_token(self, token: str, *, audit: dict | None = None) -> bool:
        """End one token now (with ``audit``'s entry, in the same transaction); False when it was not live."""
        with self.engine.begin() as conn:
            ended = conn.execute(
                sa.update(api_tokens)
                .where(api_tokens.c.token_hash == _digest(token), api_tokens.c.revoked == sa.false())
                .values(revoked=True)
            ).rowcount
            if audit is not None:
                append_entry(conn, **audit)
        return ended > 0

    def revoke_tokens(self, staff_id: str, *, audit: dict | None = None) -> int:
        """End every token of the account now; returns how many were live. ``audit``'s entry (its object
        says how many) lands in the same transaction."""
        with self.engine.begin() as conn:
            ended = _revoke_all(conn, staff_id)
            if audit is not None:
                append_entry(conn, **(audit | {"object": f"{staff_id} tokens={ended}"}))
        return ended

    def sign_out(self, secret: str, staff_id: str) -> None:
        """Dashboard logout: the session ends, and so does every API token of the account (a token handed
        out while signed in must not outlive the sign-out)."""
        with self.engine.begin() as conn:
            conn.execute(sa.delete(web_sessions).where(web_sessions.c.session_hash == _digest(secret)))
            _revoke_all(conn, staff_id)

    def secret(self, name: str) -> str:
        """The service key ``name``, derived from the audit key of the keys file: no database holds a key
        (migration 0007 dropped the table that did)."""
        digest = hmac.new(self._store.audit_key(), f"service secret|{name}".encode(), hashlib.sha256)
        return digest.hexdigest()

    @staticmethod
    def _end_all(conn: sa.Connection, staff_id: str) -> None:
        conn.execute(sa.delete(web_sessions).where(web_sessions.c.staff_id == staff_id))
        _revoke_all(conn, staff_id)


class _Spent(Exception):
    """A login limit is spent: the attempt's transaction is rolled back."""


def _revoke_all(conn: sa.Connection, staff_id: str) -> int:
    return conn.execute(
        sa.update(api_tokens)
        .where(api_tokens.c.staff_id == staff_id, api_tokens.c.revoked == sa.false())
        .values(revoked=True)
    ).rowcount


def _charge_one(conn: sa.Connection, key: str, *, limit: int, now: datetime, since: datetime) -> bool:
    """Charge one attempt against ``key`` if its limit allows: the conditional UPDATE; for a key not yet
    counted, an insert; when a parallel attempt inserted it first, the UPDATE once more."""
    expired = login_limits.c.window_start < since
    charge = (
        sa.update(login_limits)
        .where(login_limits.c.key == key, sa.or_(expired, login_limits.c.charged < limit))
        .values(
            charged=sa.case((expired, 1), else_=login_limits.c.charged + 1),
            window_start=sa.case((expired, now), else_=login_limits.c.window_start),
        )
    )
    if conn.execute(charge).rowcount:
        return True
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    first = dialect.insert(login_limits).values(key=key, window_start=now, charged=1).on_conflict_do_nothing()
    # RETURNING says whether the row went in (psycopg's rowcount for this insert is -1).
    if conn.execute(first.returning(login_limits.c.key)).first() is not None:
        return True
    return bool(conn.execute(charge).rowcount)
