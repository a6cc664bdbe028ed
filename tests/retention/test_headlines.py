"""Campaign headlines for a list (``followup.headlines``: one aggregate query over every campaign) say what
each campaign's full report says (``headline(campaign_report(...))``), for campaigns in every state."""

from __future__ import annotations

import random
from datetime import date, datetime

import pytest

from churnguard.api.present import clean
from churnguard.retention.followup import campaign_report, headline, headlines
from churnguard.retention.store import Store
from ledgers import open_keyed

NOW = datetime(2025, 5, 2, 9, 0)
DUE = date(2025, 5, 20)


def _campaign(
    store: Store,
    rng: random.Random,
    name: str,
    *,
    treated: int,
    control: int,
    without_order: int = 0,
    clv: bool = True,
) -> tuple[str, list[str], list[str], list[str]]:
    """A campaign with ``treated`` + ``control`` members and an open order for each treated member but the
    last ``without_order``; returns its id, its treated and control lines and its orders."""
    campaign_id = store.add_campaign("2025-04", name, budget=1000.0, control_share=0.2, now=NOW, policy="top_risk")
    lines = [f"{name}-{n:04d}" for n in range(treated + control)]
    members = [
        {
            "subscriber_id": sid,
            "arm": "treated" if n < treated else "control",
            "channel": rng.choice(["sms", "call_centre"]),
            "contact_cost": rng.choice([None, 0.5, 5.0]),
            "offer_cost": rng.choice([None, 12.5, 30.0]),
            "clv": rng.uniform(100, 900) if clv and rng.random() < 0.9 else None,
        }
        for n, sid in enumerate(lines)
    ]
    store.add_members(campaign_id, members)
    worked = lines[: treated - without_order]
    orders = store.add_orders(
        campaign_id, [{"subscriber_id": sid, "channel": "sms", "due_date": DUE} for sid in worked], now=NOW
    )
    return campaign_id, lines[:treated], lines[treated:], orders


def _work(store: Store, rng: random.Random, orders: list[str], *, share: float, close: bool) -> None:
    """Contact a share of the orders (some reached, some accepting); ``close`` leaves every order done
    or cancelled."""
    for order_id in orders:
        if rng.random() < share:
            reached = rng.random() < 0.7
            store.record_contact(order_id, staff_id=None, channel="sms", reached=reached, at=NOW)
            if reached:
                result = rng.choice(["accepted", "accepted", "declined", "follow_up"])
                store.record_outcome(order_id, result=result, at=NOW, status="done" if close else "in_progress")
                continue
        if close:
            store.update_order(order_id, version=store.order(order_id)["version"], now=NOW, status="cancelled")


def _follow(
    store: Store, rng: random.Random, campaign_id: str, lines: list[str], *, left: float, later: bool = True
) -> None:
    """Follow-up of most ``lines``: at 30 days, at 60 days for some (``later``), at 90 days for none."""
    rows = []
    for sid in lines:
        if rng.random() < 0.1:
            continue  # not followed yet
        gone = rng.random() < left
        sixty = (gone or rng.random() < 0.05) if later and rng.random() < 0.6 else None
        rows.append({"subscriber_id": sid, "left_30": gone, "left_60": sixty})
    store.record_member_outcomes(campaign_id, rows, source="observed", now=NOW)


def _operator(store: Store) -> None:
    rng = random.Random(7)
    store.add_campaign("2025-04", "empty", budget=0.0, control_share=0.2, now=NOW)
    _campaign(store, rng, "planned", treated=30, control=8, without_order=4)
    _, _, _, orders = _campaign(store, rng, "running", treated=40, control=10)
    _work(store, rng, orders, share=0.5, close=False)
    _, _, _, orders = _campaign(store, rng, "worked", treated=25, control=6)
    _work(store, rng, orders, share=0.8, close=True)
    # Measured: a clear gain (retention well above the control group's), with money figures.
    gain, treated, control, orders = _campaign(store, rng, "gain", treated=300, control=120, without_order=15)
    _work(store, rng, orders, share=0.9, close=True)
    _follow(store, rng, gain, treated, left=0.08)
    _follow(store, rng, gain, control, left=0.35)
    # The same gain with no line's value known: no ROI.
    novalue, treated, control, orders = _campaign(store, rng, "novalue", treated=200, control=100, clv=False)
    _work(store, rng, orders, share=0.9, close=True)
    _follow(store, rng, novalue, treated, left=0.05)
    _follow(store, rng, novalue, control, left=0.4)
    # Not significant, and a loss.
    even, treated, control, orders = _campaign(store, rng, "even", treated=60, control=15)
    _work(store, rng, orders, share=1.0, close=False)
    _follow(store, rng, even, treated + control, left=0.2, later=False)
    loss, treated, control, orders = _campaign(store, rng, "loss", treated=250, control=120)
    _work(store, rng, orders, share=0.9, close=True)
    _follow(store, rng, loss, treated, left=0.45)
    _follow(store, rng, loss, control, left=0.1)
    # No control group: manual orders, one line worked twice in the month (one member, two orders).
    audit = {"actor": "system", "role": "admin", "source": None, "action": "order.create", "outcome": "ok"}
    member = {"contact_cost": 5.0, "offer_cost": 30.0, "clv": 400.0}
    manual = []
    for n in range(12):
        order = {"subscriber_id": f"manual-{n % 10:04d}", "channel": "sms", "due_date": DUE}
        manual.append(store.add_manual_order("2025-04", order, now=NOW, audit=audit, member=member))
        _work(store, rng, manual[-1:], share=1.0, close=True)
    manual_campaign = store.order(manual[0])["campaign_id"]
    _follow(store, rng, manual_campaign, [f"manual-{n:04d}" for n in range(10)], left=0.2)


@pytest.fixture
def store(store_url: str) -> Store:
    with open_keyed(store_url) as store:
        _operator(store)
        yield store


def test_a_list_of_headlines_says_what_each_campaigns_report_says(store: Store) -> None:
    ids = [c["campaign_id"] for c in store.campaigns()]
    cheap = headlines(store, ids)
    assert list(cheap) == ids
    for campaign_id in ids:
        full, fast = clean(headline(campaign_report(store, campaign_id))), clean(cheap[campaign_id])
        assert list(fast) == list(full), campaign_id
        for key, value in full.items():
            # Sums of costs and values may be added up in another order: equal to the last few bits.
            same = pytest.approx(value, rel=1e-9) if isinstance(value, float) else value
            assert fast[key] == same, (campaign_id, key)
    # The fixture reaches every state and verdict, and a return on investment.
    said = [clean(cheap[c]) for c in ids]
    assert {h["status"] for h in said} == {"planned", "running", "worked", "measured"}
    assert {h["verdict"] for h in said} == {
        None,
        "no_control",
        "not_significant",
        "significant_gain",
        "significant_loss",
    }
    assert any(h["roi"] is not None for h in said)
    assert any(h["verdict"] == "significant_gain" and h["roi"] is None for h in said)  # no value known
    assert {h["horizon_days"] for h in said} == {None, 30, 60}
