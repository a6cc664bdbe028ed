"""The supervisor sees each account manager's load and results: orders in hand and overdue, reach and
acceptance, for the orders of their region only; a row opens that manager's queue."""

from __future__ import annotations

import re
from datetime import date

from world import NOW, World

from churnguard.api.pages.staff import staff_rows
from churnguard.retention import open_ops
from churnguard.retention.worklog import record_work
from churnguard.warehouse import connect


def test_the_rows_count_what_each_manager_holds() -> None:
    today = date(2025, 7, 2)
    orders = [
        {"order_id": "W1", "owner_id": "A", "status": "open", "due_date": date(2025, 7, 1)},
        {"order_id": "W2", "owner_id": "A", "status": "in_progress", "due_date": date(2025, 7, 5)},
        {"order_id": "W3", "owner_id": "A", "status": "done", "due_date": date(2025, 6, 30)},
        {"order_id": "W4", "owner_id": None, "status": "open", "due_date": date(2025, 6, 1)},
    ]
    activity = {
        "W2": {"attempted": True, "reached": False, "accepted": False},
        "W3": {"attempted": True, "reached": True, "accepted": True},
    }
    rows = staff_rows(orders, activity, {"A": "王经理"}, today)
    a, queue = rows
    assert a["name"] == "王经理" and (a["open"], a["overdue"], a["done"]) == (2, 1, 1)
    assert a["reach_rate"] == 0.5 and a["accept_rate"] == 1.0
    assert queue["owner_id"] == "-" and queue["overdue"] == 1 and queue["reach_rate"] is None


def test_a_supervisor_sees_their_regions_managers(sqlite_world: World) -> None:
    own = sqlite_world.orders["own"]
    with open_ops(sqlite_world.settings) as store:
        order = store.order(own)
        record_work(
            store,
            own,
            version=order["version"],
            staff_id=sqlite_world.users["agent"],
            channel="phone",
            reached=True,
            result="accepted",
            at=NOW,
        )
    with sqlite_world.signed_in("supervisor") as client:
        page = client.get("/staff?lang=zh")
        assert page.status_code == 200 and "客户经理" in page.text
        agent = sqlite_world.users["agent"]
        row = page.text.split(f'id="staff-{agent}"')[1].split("</tr>")[0]
        cells = re.findall(r"<td class=\"num[^\"]*\">([^<]*)</td>", row)
        assert int(cells[0]) >= 1 and int(cells[3]) >= 1 and cells[4] == "100.0%" and cells[5] == "100.0%"
        # The row opens that manager's queue, with their orders only.
        queue = client.get(f"/queue?owner={agent}").text
        shown = set(re.findall(r'id="order-([^"]+)"', queue))
        with open_ops(sqlite_world.settings) as store:
            mine = {o["order_id"] for s in ("open", "in_progress") for o in store.orders(owner_id=agent, status=s)}
        assert shown and shown <= mine
        # Only the orders of the supervisor's region are counted: the orders in hand add up to theirs.
        in_hand = sum(
            int(re.findall(r'<td class="num[^"]*">([^<]*)</td>', r)[0]) for r in page.text.split("<tr id=")[1:]
        )
        with connect(str(sqlite_world.warehouse), memory_limit="1GB", threads=1, read_only=True) as wh:
            county = dict(wh.sql.execute("SELECT subscriber_id, county FROM stg_subscribers").fetchall())
        with open_ops(sqlite_world.settings) as store:
            working = [o for s in ("open", "in_progress") for o in store.orders(status=s)]
        inside = [o for o in working if county.get(o["subscriber_id"]) == sqlite_world.region]
        assert in_hand == len(inside) < len(working)
    # Account managers and analysts do not see the page.
    for role in ("agent", "analyst"):
        with sqlite_world.signed_in(role) as other:
            assert other.get("/staff").status_code == 403
