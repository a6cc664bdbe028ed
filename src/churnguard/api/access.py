"""Who may do what, and what they see. Pure: no I/O, so the rules can be read (and tested) in one place.

Default deny: a permission not granted here is refused. Row-level scope narrows what a granted
permission reaches — an account manager sees only their own lines and orders (another's is "not
found", so it does not even confirm the line exists), a supervisor only their region.
"""

from __future__ import annotations

from churnguard.contracts import CONTRACTS, mask
from churnguard.errors import InternalError
from churnguard.keys import Keyring, is_encrypted
from churnguard.retention.accounts import Principal

__all__ = ["PERMISSIONS", "allowed", "present_line", "scope_of", "sees_personal_data"]

PERMISSIONS: dict[str, frozenset[str]] = {
    "subscribers.read": frozenset({"admin", "analyst", "supervisor", "agent"}),
    "subscribers.export": frozenset({"admin", "analyst", "supervisor"}),
    "orders.read": frozenset({"admin", "supervisor", "agent"}),
    "orders.update": frozenset({"admin", "supervisor", "agent"}),
    "orders.create": frozenset({"admin", "supervisor", "agent"}),
    "staff.read": frozenset({"admin", "supervisor"}),
    "runs.read": frozenset({"admin", "analyst", "supervisor"}),
    "segments.read": frozenset({"admin", "analyst", "supervisor"}),
    "warnings.read": frozenset({"admin", "analyst", "supervisor", "agent"}),
    "campaigns.read": frozenset({"admin", "analyst", "supervisor"}),
    "model.read": frozenset({"admin", "analyst", "supervisor"}),
    "reports.read": frozenset({"admin", "analyst", "supervisor"}),
    "audit.read": frozenset({"admin"}),
    "users.manage": frozenset({"admin"}),
}

_SUBSCRIBER = {c.name: c for c in CONTRACTS["subscribers"].columns}
PERSONAL = tuple(name for name, column in _SUBSCRIBER.items() if column.pii)


def allowed(principal: Principal, permission: str) -> bool:
    return principal.role in PERMISSIONS.get(permission, frozenset())


def scope_of(principal: Principal) -> tuple[str, object]:
    """("all", None), ("region", name), ("owner", staff_id) or ("none", None)."""
    if principal.role in ("admin", "analyst"):
        return ("all", None)
    if principal.role == "supervisor":
        return ("region", principal.region) if principal.region else ("none", None)
    if principal.role == "agent":
        return ("owner", principal.staff_id)
    return ("none", None)


def sees_personal_data(principal: Principal) -> bool:
    """Whether a customer page shows personal data unmasked (every such view is audited). Analysts never
    do; lists and exports are masked for everyone but admins."""
    return principal.role in ("admin", "supervisor", "agent")


def pseudonymous(principal: Principal) -> bool:
    return principal.role == "analyst"


def present_line(line: dict, principal: Principal, *, unmasked: bool = False, keyring: Keyring | None = None) -> dict:
    """A line as ``principal`` may see it. Analysts get the pseudonymous id in place of the line id and
    no account-manager id; personal data is shown by its masked copy (kept at ingest, so nothing is
    decrypted) unless ``unmasked`` and the role allows it: then it is decrypted with ``keyring``, and the
    caller has audited the view."""
    out = {k: v for k, v in line.items() if k not in PERSONAL and k != "pseudonym" and not k.endswith("_masked")}
    show = unmasked and sees_personal_data(principal)
    if show and keyring is None:
        raise InternalError("api.internal")
    for name in PERSONAL:
        if name not in line:
            continue
        value = line[name]
        value = None if value is None or value != value else str(value)
        if value is None:
            out[name] = None
        elif show:
            out[name] = keyring.decrypt(value, f"subscribers.{name}")  # type: ignore[union-attr]
        else:
            masked = line.get(f"{name}_masked")
            # A delivery that arrived masked, or a field never encrypted, is masked here as before.
            out[name] = (
                masked if isinstance(masked, str) else (None if is_encrypted(value) else mask(_SUBSCRIBER[name], value))
            )
    if pseudonymous(principal):
        out["subscriber_id"] = line["pseudonym"]
        out.pop("account_manager_id", None)
        out.pop("birth_year", None)
    return out
