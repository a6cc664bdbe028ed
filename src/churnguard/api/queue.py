"""The account manager's queue: each open work order as a row to work, from the order's own data.

An order renders whether or not its line is in the served month: a win-back order's line has left, and
a line may have moved or not been scored. What the month knows (current risk and reasons) is used when it
has the line; otherwise the order's own reasons, the line's last score and when and how it left.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from churnguard.api.access import present_line, sees_personal_data
from churnguard.api.present import clean, reasons_of
from churnguard.api.words import SCRIPTS, offer_name, script_for, word
from churnguard.errors import DataError
from churnguard.keys import Keyring
from churnguard.retention.accounts import Principal
from churnguard.retention.policy import CHANNEL_COSTS, reason_key

__all__ = ["CHANNELS", "DUE", "SORTS", "WORKING", "QueueFilters", "manual_order", "order_cards", "select_cards"]

SORTS = ("due", "risk", "value")
DUE = ("all", "overdue", "today", "week")
WORKING = ("open", "in_progress")
CHANNELS = tuple(CHANNEL_COSTS)  # who works an order: VIP manager, call centre, SMS


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    due: str = "all"
    tier: str = ""
    campaign: str = ""
    q: str = ""
    sort: str = "due"
    owner: str = ""  # an account manager's id ("-": the orders no one holds yet)


def order_cards(state: object, principal: Principal, orders: list[dict], *, lang: str, today: date) -> list[dict]:
    """One card per order: who to call and how, why, what to offer, the last contact and the due time."""
    state.ensure_profiles(o["subscriber_id"] for o in orders)
    serving = state.snapshot().serving
    offers = {o["offer_id"]: o for o in state.store.offers()}
    policies = {c["campaign_id"]: c.get("policy") for c in state.store.campaigns()}
    logs = state.store.work_logs([o["order_id"] for o in orders])  # a few queries, not two per order
    cards = []
    for order in orders:
        line = serving.profile(order["subscriber_id"])
        contacts, outcomes = logs[order["order_id"]]
        card = _card(order, line, principal, offers, contacts, outcomes, lang=lang, today=today, keyring=state.keyring)
        if not card["reasons"]:
            # No factor raises the line's risk: say why it was chosen (an uplift campaign picks lines a
            # call is predicted to keep, whatever their risk), not nothing.
            chosen = word(f"queue.chosen.{policies.get(order['campaign_id'])}", lang)
            card["reasons"] = [{"category_name": "", "text": chosen, "action": ""}]
            card["main_reason"] = chosen
        cards.append(card)
    return cards


def _card(
    order: dict,
    line: dict | None,
    principal: Principal,
    offers: dict,
    contacts: list[dict],
    outcomes: list[dict],
    *,
    lang: str,
    today: date,
    keyring: Keyring,
) -> dict:
    evidence = order.get("evidence") or {}
    shown = present_line(line, principal, unmasked=sees_personal_data(principal), keyring=keyring) if line else {}
    in_month = bool(line and line.get("in_month"))
    why = [r for r in reasons_of(line, lang) if r["direction"] == "up"] if in_month else []
    if not why and not in_month:  # the order's own reasons, as they were when it was made
        why = [
            {"category_name": "", "text": word("queue.gone", lang) if text == "gone" else text, "action": ""}
            for text in order.get("reasons") or []
        ]
    offer = offers.get(order.get("offer_id") or "")
    due = order["due_date"] if isinstance(order["due_date"], date) else date.fromisoformat(str(order["due_date"]))
    last = _last_contact(contacts, outcomes)
    follow = [o["follow_up_on"] for o in outcomes if o.get("follow_up_on")]
    msisdn = shown.get("msisdn")
    return clean(
        {
            **{
                k: order.get(k)
                for k in ("order_id", "campaign_id", "channel", "status", "version", "offer_id", "owner_id")
            },
            "due_date": due,
            "due_in_days": (due - today).days,
            "subscriber_id": shown.get("subscriber_id") or order["subscriber_id"],
            "name": shown.get("name"),
            "msisdn": msisdn,
            # Only a number shown in full can be dialled.
            "tel": msisdn if msisdn and "*" not in msisdn else None,
            "county": shown.get("county"),
            "tier": shown.get("tier"),
            "risk_tier": shown.get("risk_tier"),
            "p_churn": shown.get("p_churn") if shown.get("p_churn") is not None else evidence.get("p_churn"),
            "value": order.get("expected_value"),
            "in_month": in_month,
            "left_at": (line or {}).get("left_at"),
            "left_as": (line or {}).get("left_as"),
            "reasons": why,
            "main_reason": why[0]["category_name"] or why[0]["text"] if why else None,
            "offer": None
            if offer is None
            else {
                "name": (named := offer_name(offer["offer_id"], offer["name"], lang)),
                "cost": float(offer["cost"]),
                "eligibility": offer.get("eligibility") or {},
                "script": script_for(_script_key(offer["reason_category"]), lang, named),
            },
            "last_contact": last,
            "contacts": len(contacts),
            "follow_up_on": follow[-1] if follow else None,
        }
    )


def _script_key(category: str) -> str:
    return category if category in SCRIPTS else reason_key(category)


def _last_contact(contacts: list[dict], outcomes: list[dict]) -> dict | None:
    if not contacts:
        return None
    last = contacts[-1]
    result = outcomes[-1]["result"] if outcomes else None
    return {
        "at": last["at"],
        "channel": last["channel"],
        "reached": last["reached"],
        "result": result,
        "note": last.get("note"),
    }


def select_cards(cards: list[dict], filters: QueueFilters) -> list[dict]:
    """The cards the filters keep, in the chosen order (due first by default; riskiest; most valuable)."""
    out = [c for c in cards if c["status"] in ((filters.status,) if filters.status else WORKING)]
    if filters.due == "overdue":
        out = [c for c in out if c["due_in_days"] < 0]
    elif filters.due == "today":
        out = [c for c in out if c["due_in_days"] <= 0]
    elif filters.due == "week":
        out = [c for c in out if c["due_in_days"] <= 7]
    if filters.tier:
        out = [c for c in out if c["tier"] == filters.tier]
    if filters.campaign:
        out = [c for c in out if c["campaign_id"] == filters.campaign]
    if filters.owner:
        out = [c for c in out if (c["owner_id"] or "-") == filters.owner]
    q = filters.q.strip().lower()
    if q:
        fields = ("order_id", "subscriber_id", "name", "msisdn", "county")
        out = [c for c in out if any(q in str(c.get(f) or "").lower() for f in fields)]
    keys = {
        "due": lambda c: (c["due_in_days"], -(c["p_churn"] or 0)),
        "risk": lambda c: (-(c["p_churn"] or 0), c["due_in_days"]),
        "value": lambda c: (-(c["value"] or 0), c["due_in_days"]),
    }
    return sorted(out, key=keys.get(filters.sort, keys["due"]))


def manual_order(
    line: dict,
    principal: Principal,
    *,
    offers: set[str],
    offer_id: str,
    channel: str,
    due_date: str,
    today: date,
    lang: str,
) -> dict:
    """An order opened by hand from a customer's page: owned by the account manager who opens it (else
    by the line's own manager), due on the day chosen (tomorrow when none), with the line's risk-raising
    reasons and score as its evidence. A past due date, an unknown offer or channel is refused."""
    if offer_id and offer_id not in offers:
        raise DataError("order.offer", offer=offer_id)
    if channel not in CHANNELS:
        raise DataError("order.channel", channel=channel, allowed=", ".join(CHANNELS))
    try:
        due = date.fromisoformat(due_date) if due_date else today + timedelta(days=1)
    except ValueError:
        raise DataError("order.due", day=due_date, today=today.isoformat()) from None
    if due < today:
        raise DataError("order.due", day=due.isoformat(), today=today.isoformat())
    owner = principal.staff_id if principal.role == "agent" else line.get("account_manager_id")
    return {
        "subscriber_id": line["subscriber_id"],
        "owner_id": owner if isinstance(owner, str) else None,
        "channel": channel,
        "due_date": due,
        "offer_id": offer_id or None,
        "reasons": [f"{r['category_name']}: {r['text']}" for r in reasons_of(line, lang) if r["direction"] == "up"],
        "evidence": {"p_churn": line.get("p_churn"), "clv": line.get("clv"), "opened_by": principal.staff_id},
        "expected_value": None,
    }
