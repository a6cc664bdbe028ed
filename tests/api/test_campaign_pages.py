"""A supervisor reads a campaign as they would judge it: its status, who was treated, held out, reached
and accepted, the lift with its interval and a plain verdict — and no return on investment while the
interval spans zero. Scorecards name the account managers."""

from __future__ import annotations

import re

import pytest
from world import NOW, World

from churnguard.retention import open_ops
from churnguard.retention.outcomes import verdict
from churnguard.retention.worklog import record_work


@pytest.mark.parametrize(
    ("row", "said"),
    [
        ({"control": 50, "lift_low": -0.066, "lift_high": 0.165}, "not_significant"),
        ({"control": 50, "lift_low": 0.01, "lift_high": 0.2}, "significant_gain"),
        ({"control": 50, "lift_low": -0.2, "lift_high": -0.01}, "significant_loss"),
        ({"control": 0, "lift_low": float("nan"), "lift_high": float("nan")}, "no_control"),
    ],
)
def test_the_verdict_follows_the_interval(row: dict, said: str) -> None:
    assert verdict(row) == said


def _follow_up(world: World, *, treated_left: float, control_left: float) -> None:
    """Record the 30-day follow-up: the given share of each arm left (every other member stayed)."""
    with open_ops(world.settings) as store:
        members = store.members(world.campaign)
        rows = []
        for arm, share in (("treated", treated_left), ("control", control_left)):
            part = [m for m in members if m["arm"] == arm]
            cut = round(len(part) * share)
            rows += [{"subscriber_id": m["subscriber_id"], "left_30": i < cut} for i, m in enumerate(part)]
        store.record_member_outcomes(world.campaign, rows, source="test", now=NOW)


def test_a_campaign_whose_lift_spans_zero_shows_no_roi(sqlite_world: World) -> None:
    _follow_up(sqlite_world, treated_left=0.05, control_left=0.06)  # a lift too small for its control group
    with sqlite_world.signed_in("supervisor") as client:
        for lang, words in (("en", ("not yet significant", "measured")), ("zh", ("尚不显著", "已评估"))):
            page = client.get(f"/campaigns/{sqlite_world.campaign}?lang={lang}").text
            verdict_card = page.split('id="verdict"')[1].split("</section>")[0]
            assert words[0] in verdict_card and "ROI" not in verdict_card
            assert words[1] in page.split('id="headline"')[1]
            listed = client.get("/campaigns").text.split(f'id="campaign-{sqlite_world.campaign}"')[1].split("</tr>")[0]
            assert "ROI" not in listed
        # The results table leaves the money figures out while the interval spans zero.
        results = client.get(f"/campaigns/{sqlite_world.campaign}?lang=en").text.split('id="results"')[1]
        row = re.search(r"<tr><td>30</td>(.*?)</tr>", results).group(1)
        cells = re.findall(r"<td>(.*?)</td>", row)
        assert cells[-1] == "–" and cells[-2] == "–"  # ROI and net value
        headers = re.findall(r"<th>(.*?)</th>", results.split("</thead>")[0])
        saved = cells[headers.index("customers saved") - 1]  # the first cell (the horizon) is not in `cells`
        assert re.fullmatch(r"-?\d+", saved.replace(",", "")), saved  # whole customers
        # Scorecards name the account managers.
        with open_ops(sqlite_world.settings) as store:
            names = {p["staff_id"]: p["name"] for p in store.staff()}
        cards = client.get(f"/campaigns/{sqlite_world.campaign}?lang=en").text.split("Account-manager scorecards")[1]
        agent = sqlite_world.users["agent"]
        assert names[agent] in cards
        assert f">{agent}<" not in cards or names[agent] == agent


def test_a_clear_gain_shows_its_roi(sqlite_world: World) -> None:
    _follow_up(sqlite_world, treated_left=0.0, control_left=0.6)
    with open_ops(sqlite_world.settings) as store:  # one accepted contact: the campaign has spent something
        order = store.order(sqlite_world.orders["own"])
        record_work(
            store,
            order["order_id"],
            version=order["version"],
            staff_id=sqlite_world.users["agent"],
            channel="phone",
            reached=True,
            result="accepted",
            at=NOW,
        )
    with sqlite_world.signed_in("admin") as client:
        page = client.get(f"/campaigns/{sqlite_world.campaign}?lang=en").text
        verdict_card = page.split('id="verdict"')[1].split("</section>")[0]
        assert "retained more than the control" in verdict_card and "ROI" in verdict_card
