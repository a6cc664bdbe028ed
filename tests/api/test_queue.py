"""The account manager's queue worked as they work it: it opens with win-back orders whose lines left and
are not in the served month, each row says when it is due, why to call and what to offer, filters and
search narrow it, and a contact that contradicts itself is refused with a message."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from world import NOW, PASSWORD, World

from churnguard.api.pages.common import browser_lang
from churnguard.api.present import reason_words
from churnguard.api.serving import load_serving
from churnguard.errors import DataError
from churnguard.retention import open_ops
from churnguard.retention.store import check_contact
from churnguard.warehouse import connect


@pytest.fixture(scope="module")
def agent_of_winback(sqlite_world: World) -> str:
    """The role name of an account manager holding a win-back order (added to the world's users)."""
    owners = {owner for _, owner, _ in sqlite_world.extra["winback"] if owner}
    assert owners, "the win-back campaign must give orders to account managers"
    for role, staff in list(sqlite_world.users.items()):
        if staff in owners:
            return role
    staff = sorted(owners)[0]
    from churnguard.retention.accounts import Accounts

    with open_ops(sqlite_world.settings) as store:
        Accounts(store).add(staff, name=staff, role="agent", password=PASSWORD, now=NOW - timedelta(days=1))
    sqlite_world.users["agent_winback"] = staff
    return "agent_winback"


def test_winback_lines_are_not_in_the_served_month_but_kept_as_they_last_stood(sqlite_world: World) -> None:
    ids = [sid for _, _, sid in sqlite_world.extra["winback"]]
    with connect(str(sqlite_world.warehouse), memory_limit="1GB", threads=1, read_only=True) as wh:
        serving = load_serving(wh, key=sqlite_world.key, with_orders=ids)
    assert all(serving.position(sid) is None for sid in ids)
    for sid in ids:
        line = serving.profile(sid)
        assert line["in_month"] is False and line["left_as"] in ("cancelled", "ported_out")
        assert line["left_at"][:7] == "2025-06" and line["msisdn"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_queue_opens_with_winback_orders(sqlite_world: World, agent_of_winback: str, lang: str) -> None:
    mine = [o for o, owner, _ in sqlite_world.extra["winback"] if owner == sqlite_world.users[agent_of_winback]]
    with sqlite_world.signed_in(agent_of_winback) as client:
        page = client.get(f"/queue?lang={lang}")
        assert page.status_code == 200, page.text[:300]
        for order_id in mine:
            card = page.text.split(f'id="order-{order_id}"')[1].split("</details>")[0]
            assert ("Left on 2025-06" if lang == "en" else "已于 2025-06") in card
            assert 'href="tel:' in card  # the account manager can dial the number
            assert ("Call script" if lang == "en" else "话术") in card
        # Nothing is pre-chosen: one click cannot record an acceptance.
        assert '<option value="" selected>' in page.text
        assert 'value="accepted" selected' not in page.text


def test_a_supervisor_sees_the_winback_orders_of_their_region(sqlite_world: World) -> None:
    with connect(str(sqlite_world.warehouse), memory_limit="1GB", threads=1, read_only=True) as wh:
        county = dict(wh.sql.execute("SELECT subscriber_id, county FROM stg_subscribers").fetchall())
    inside = [o for o, _, sid in sqlite_world.extra["winback"] if county[sid] == sqlite_world.region]
    outside = [o for o, _, sid in sqlite_world.extra["winback"] if county[sid] != sqlite_world.region]
    with sqlite_world.signed_in("supervisor") as client:
        page = client.get("/queue")
        assert page.status_code == 200
        assert all(f'id="order-{o}"' in page.text for o in inside)
        assert not any(f'id="order-{o}"' in page.text for o in outside)
        # The API finds the same orders, with the line as it last stood.
        headers = sqlite_world.token(client, "supervisor")
        for order_id in inside:
            reply = client.get(f"/api/v1/work-orders/{order_id}", headers=headers)
            assert reply.status_code == 200, reply.text
            assert reply.json()["subscriber"]["county"] == sqlite_world.region
        for order_id in outside:
            assert client.get(f"/api/v1/work-orders/{order_id}", headers=headers).status_code == 404


def test_filters_search_and_order(sqlite_world: World) -> None:
    with sqlite_world.signed_in("admin") as client:
        everything = client.get("/queue").text
        total = int(re.search(r'id="queue-count">\D*?(\d+)\D+(\d+)', everything).group(2))
        rows = re.findall(r'id="order-([^"]+)"', everything)
        assert len(rows) == total > 0
        # Most urgent first: the due countdown never goes back.
        days = [int(d) for d in re.findall(r'data-due="(-?\d+)"', everything)]
        assert days == sorted(days) and len(days) == total
        order_id = rows[-1]
        found = client.get("/queue", params={"q": order_id}).text
        assert re.findall(r'id="order-([^"]+)"', found) == [order_id]
        campaign = sqlite_world.campaign
        narrowed = client.get("/queue", params={"campaign": campaign}).text
        kept = re.findall(r'id="order-([^"]+)"', narrowed)
        assert 0 < len(kept) < total
        risky = client.get("/queue", params={"sort": "risk"}).text
        risks = [float(r) for r in re.findall(r'data-risk="([0-9.]+)"', risky)]
        assert risks == sorted(risks, reverse=True)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"reached": "no", "result": "accepted"}, "did not reach the customer"),
        ({"reached": "yes", "result": "follow_up", "follow_up_on": "2025-06-01"}, "already past"),
        ({"reached": "", "result": ""}, "choose whether the customer was reached"),
    ],
)
def test_a_contact_that_contradicts_itself_is_refused(sqlite_world: World, fields: dict, message: str) -> None:
    order_id = sqlite_world.orders["own"]
    with open_ops(sqlite_world.settings) as store:
        before, contacts = store.order(order_id), len(store.contacts(order_id))
    with sqlite_world.signed_in("agent") as client:
        page = client.get("/queue")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        reply = client.post(
            f"/orders/{order_id}/contact",
            data={"csrf_token": token, "version": str(before["version"]), "channel": "phone", **fields},
            follow_redirects=False,
        )
        assert reply.status_code == 422
        assert message in reply.text and 'id="contact-error"' in reply.text
    with open_ops(sqlite_world.settings) as store:
        assert store.order(order_id)["version"] == before["version"]
        assert len(store.contacts(order_id)) == contacts  # nothing written


def test_the_contact_rules_hold_for_every_caller() -> None:
    today = NOW.date()
    check_contact(reached=True, result="accepted", follow_up_on=None, today=today)
    check_contact(reached=False, result="no_answer", follow_up_on=today, today=today)
    with pytest.raises(DataError, match="did not reach"):
        check_contact(reached=False, result="declined", follow_up_on=None, today=today)
    with pytest.raises(DataError, match="already past"):
        check_contact(reached=True, result="follow_up", follow_up_on=today - timedelta(days=1), today=today)


def test_a_failing_page_answers_with_the_styled_error_page_and_a_way_out(
    sqlite_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fault injected into the queue: the agent gets the translated error page whose way back is not the
    page that failed."""

    def broken(*args: object, **kwargs: object) -> list:
        raise RuntimeError("injected fault")

    monkeypatch.setattr("churnguard.api.pages.orders.order_cards", broken)
    app, _ = sqlite_world.app()
    base = "https://testserver"
    with TestClient(app, base_url=base, headers={"Origin": base}, raise_server_exceptions=False) as client:
        page = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        client.post("/login", data={"username": sqlite_world.users["agent"], "password": PASSWORD, "csrf_token": token})
        reply = client.get("/queue?lang=zh")
        assert reply.status_code == 500 and reply.headers["content-type"].startswith("text/html")
        assert "系统内部出错" in reply.text and "injected" not in reply.text
        back = re.search(r'id="error-back" href="([^"]+)"', reply.text).group(1)
        assert back != "/queue" and client.get(back).status_code == 200
        missing = client.get("/no-such-page")
        assert missing.status_code == 404 and 'href="/queue"' in missing.text


def _form_token(client: TestClient, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def test_a_contact_recorded_on_the_customer_page_returns_there(sqlite_world: World) -> None:
    order_id = sqlite_world.extra["orders_of_a"][1]
    with open_ops(sqlite_world.settings) as store:
        order = store.order(order_id)
    sid = order["subscriber_id"]
    with sqlite_world.signed_in("agent") as client:
        page = client.get(f"/customers/{sid}")
        assert page.status_code == 200 and f'action="/orders/{order_id}/contact"' in page.text
        data = {
            "csrf_token": _form_token(client, f"/customers/{sid}"),
            "version": str(order["version"]),
            "back": f"/customers/{sid}",
            "channel": "phone",
            "reached": "yes",
            "result": "follow_up",
            "follow_up_on": (NOW.date() + timedelta(days=3)).isoformat(),
            "note": "call after payday",
        }
        reply = client.post(f"/orders/{order_id}/contact", data=data, follow_redirects=False)
        assert reply.status_code == 303 and reply.headers["location"].startswith(f"/customers/{sid}?saved=")
        shown = client.get(reply.headers["location"]).text
        assert "call after payday" in shown and 'id="saved"' in shown
        # A refused contact stays on the customer's page, with the message.
        refused = client.post(
            f"/orders/{order_id}/contact",
            data=data | {"version": str(order["version"] + 1), "reached": "no", "result": "accepted"},
        )
        assert refused.status_code == 422 and 'id="contact-error"' in refused.text and "c360" not in refused.text
        # Somewhere else is never a way back.
        elsewhere = client.post(
            f"/orders/{order_id}/contact",
            data=data | {"version": str(order["version"] + 1), "back": "https://evil.example/x"},
            follow_redirects=False,
        )
        assert elsewhere.headers["location"].startswith("/queue?saved=")


def test_a_new_order_is_opened_from_the_customer_page(sqlite_world: World) -> None:
    with open_ops(sqlite_world.settings) as store:
        busy = {o["subscriber_id"] for s in ("open", "in_progress") for o in store.orders(status=s)}
    with connect(str(sqlite_world.warehouse), memory_limit="1GB", threads=1, read_only=True) as wh:
        managed = [
            r[0]
            for r in wh.sql.execute(
                "SELECT subscriber_id FROM score_monthly WHERE month = ? AND subscriber_id IN "
                "(SELECT subscriber_id FROM stg_subscribers WHERE account_manager_id = ?) ORDER BY 1",
                [sqlite_world.month, sqlite_world.users["agent"]],
            ).fetchall()
        ]
    sid = next(s for s in managed if s not in busy)
    with sqlite_world.signed_in("agent") as client:
        page = client.get(f"/customers/{sid}?lang=zh")
        assert 'id="new-order"' in page.text and "新建工单" in page.text
        token = _form_token(client, f"/customers/{sid}")
        past = client.post(
            f"/customers/{sid}/orders",
            data={"csrf_token": token, "offer_id": "priority_care", "channel": "call_centre", "due_date": "2025-06-01"},
        )
        assert past.status_code == 422 and "2025-06-01" in past.text
        reply = client.post(
            f"/customers/{sid}/orders",
            data={"csrf_token": token, "offer_id": "priority_care", "channel": "call_centre", "due_date": "2025-07-05"},
            follow_redirects=False,
        )
        assert reply.status_code == 303
        order_id = reply.headers["location"].split("saved=")[1]
        again = client.post(
            f"/customers/{sid}/orders",
            data={"csrf_token": token, "offer_id": "", "channel": "sms", "due_date": ""},
        )
        assert again.status_code == 422  # one open order per line
        queue = client.get("/queue", params={"q": order_id}).text
        assert re.findall(r'id="order-([^"]+)"', queue) == [order_id]
    with open_ops(sqlite_world.settings) as store:
        order = store.order(order_id)
        assert order["owner_id"] == sqlite_world.users["agent"] and order["offer_id"] == "priority_care"
        assert str(order["due_date"]) == "2025-07-05" and order["channel"] == "call_centre"
        campaign = next(c for c in store.campaigns() if c["campaign_id"] == order["campaign_id"])
        assert campaign["policy"] == "manual" and campaign["month"] == sqlite_world.month
        created = [e for e in store.audit_entries() if e["action"] == "order.create"]
        assert created[-1]["object"] == order_id and created[-1]["actor"] == sqlite_world.users["agent"]


@pytest.mark.parametrize("missing", [None, float("nan"), "(missing)"])
def test_a_reason_without_a_value_says_so_in_words(missing: object) -> None:
    assert reason_words("months_to_contract_end", missing, "up", "en") == (
        "Months until the contract ends — none on record"
    )
    assert reason_words("months_to_contract_end", missing, "up", "zh").endswith("无记录")
    assert "nan" not in reason_words("months_to_contract_end", 3.0, "up", "en")


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("en-US,en;q=0.9,zh-CN;q=0.8", "en"),
        ("fr-FR,fr;q=0.9,zh-TW;q=0.5", "zh"),
        ("de-DE", None),
        ("en;q=0.2, zh;q=0.7", "zh"),
        ("", None),
    ],
)
def test_the_browsers_language_is_read_by_preference(header: str, lang: str | None) -> None:
    assert browser_lang(header) == lang


def test_a_chinese_browser_gets_chinese_pages_until_the_reader_switches(sqlite_world: World) -> None:
    app, _ = sqlite_world.app()
    with sqlite_world.client(app) as client:
        assert "登录" in client.get("/login", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).text
        chosen = client.get("/login?lang=en", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
        assert "Sign in" in chosen.text or "Log in" in chosen.text
        # The choice is kept (a cookie) over what the browser asks for.
        assert "登录" not in client.get("/login", headers={"Accept-Language": "zh-CN"}).text


def test_a_card_without_a_risk_raising_reason_says_why_the_line_was_chosen(sqlite_world: World) -> None:
    with sqlite_world.signed_in("admin") as client:
        page = client.get("/queue?lang=en").text
        for body in page.split('<details class="order"')[1:]:
            reasons = body.split('class="small reasons">')[1].split("</ul>")[0]
            assert re.search(r"<li>\S", reasons.replace("<strong>", "")), reasons  # never an empty list
            assert "<li>None.</li>" not in reasons and "No factor raises" not in reasons


def test_each_line_shown_unmasked_on_the_queue_is_audited(sqlite_world: World) -> None:
    agent = sqlite_world.users["agent"]
    with open_ops(sqlite_world.settings) as store:
        before = len([e for e in store.audit_entries() if e["action"] == "queue.view_unmasked"])
    with sqlite_world.signed_in("agent") as client:
        page = client.get("/queue").text
    shown = set(re.findall(r'href="/customers/([^"]+)"', page))
    with open_ops(sqlite_world.settings) as store:
        rows = [e for e in store.audit_entries() if e["action"] == "queue.view_unmasked"][before:]
    assert rows and all(e["actor"] == agent and e["outcome"] == "ok" for e in rows)
    assert shown <= {e["object"] for e in rows}  # every line named, not a count


def test_an_order_made_after_the_snapshot_loaded_still_shows_its_line(sqlite_world: World) -> None:
    """A win-back order written after the service read its snapshot (``churnguard winback`` after
    ``score``): its line is read when the queue needs it, with its number and when it left."""
    agent = sqlite_world.users["agent"]
    with sqlite_world.signed_in("agent") as client:
        client.get("/queue")  # the snapshot is loaded now
        with connect(str(sqlite_world.warehouse), memory_limit="1GB", threads=1, read_only=True) as wh:
            gone = wh.sql.execute(
                "SELECT subscriber_id FROM stg_status_changes WHERE to_status IN ('cancelled', 'ported_out') "
                "AND timestamp < '2025-05-01' ORDER BY subscriber_id LIMIT 1"
            ).fetchone()[0]
        with open_ops(sqlite_world.settings) as store:
            (order_id,) = store.add_orders(
                sqlite_world.campaign,
                [{"subscriber_id": gone, "owner_id": agent, "channel": "vip_manager", "due_date": NOW.date()}],
                now=NOW,
            )
        page = client.get("/queue").text
        card = page.split(f'id="order-{order_id}"')[1].split("</details>")[0]
        assert "Left on 20" in card and 'href="tel:' in card


def _open_order_of_region(client: TestClient, headers: dict) -> dict:
    """An order still to be worked in the supervisor's region (what their queue shows)."""
    rows = client.get("/api/v1/work-orders", params={"status": "open", "page_size": 200}, headers=headers).json()
    return rows["rows"][0]


def test_orders_go_only_to_account_managers_in_the_assigners_scope(sqlite_world: World) -> None:
    a, b = sqlite_world.users["agent"], sqlite_world.users["agent_b"]
    app, _ = sqlite_world.app(reports=False)
    store = app.state.churnguard.store
    with sqlite_world.client(app) as client:
        sup, adm = sqlite_world.token(client, "supervisor"), sqlite_world.token(client, "admin")
        order = _open_order_of_region(client, sup)["order_id"]
        held_by = store.order(order)["owner_id"]

        def give(headers: dict, owner: str) -> object:
            body = {"version": store.order(order)["version"], "owner_id": owner}
            return client.patch(f"/api/v1/work-orders/{order}", json=body, headers=headers)

        # A supervisor: account manager B works in another region; the rest are no account managers at all
        # (or no one): one refusal, word for word the same.
        refusals = [give(sup, owner) for owner in (b, "adm", "ana", "sup", "nobody")]
        assert {r.status_code for r in refusals} == {422} and len({r.content for r in refusals}) == 1
        assert "account managers" in refusals[0].json()["error"]
        assert store.order(order)["owner_id"] == held_by
        assert give(sup, a).status_code == 200 and store.order(order)["owner_id"] == a
        # An admin: any account manager, and still no other role.
        assert [give(adm, owner).status_code for owner in ("ana", "sup", "adm")] == [422] * 3
        assert give(adm, b).status_code == 200 and store.order(order)["owner_id"] == b
        # The account manager holding it may change its status, not its owner.
        assert give(sqlite_world.token(client, "agent_b"), a).status_code == 403
        store.update_order(order, version=store.order(order)["version"], now=NOW, owner_id=held_by)
    refused = [e for e in store.audit_entries() if e["action"] == "order.update" and e["object"] == order]
    assert [e["outcome"] for e in refused].count("refused") == 8


def _assign_options(page: str, order: str) -> list[str]:
    card = page.split(f'id="order-{order}"')[1].split("</details>")[0]
    return re.findall(r'<option value="([^"]*)"', card.split('class="assign"')[1])


def test_the_queues_assign_form_lists_and_allows_only_the_account_managers_in_scope(sqlite_world: World) -> None:
    a, b = sqlite_world.users["agent"], sqlite_world.users["agent_b"]
    with sqlite_world.signed_in("supervisor") as client:
        store = client.app.state.churnguard.store
        order = _open_order_of_region(client, sqlite_world.token(client, "supervisor"))["order_id"]
        held_by = store.order(order)["owner_id"]
        page = client.get("/queue").text
        assert _assign_options(page, order) == ["", a]  # only the region's account manager
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

        def assign(owner: str) -> object:
            form = {"csrf_token": csrf, "version": str(store.order(order)["version"]), "owner_id": owner}
            return client.post(f"/orders/{order}/assign", data=form, follow_redirects=False)

        for owner in (b, "adm", "sup", "ana"):
            refused = assign(owner)
            assert refused.status_code == 422 and "Work orders go to account managers" in refused.text
        assert store.order(order)["owner_id"] == held_by
        done = assign(a)
        assert done.status_code == 303 and done.headers["location"].startswith(f"/queue?saved={order}")
        assert store.order(order)["owner_id"] == a
    with sqlite_world.signed_in("admin") as client:
        page = client.get("/queue").text
        options = _assign_options(page, order)
        assert a in options and b in options and not {"adm", "ana", "sup"} & set(options)
    with sqlite_world.signed_in("agent") as client:
        page = client.get("/queue").text
        assert 'class="assign"' not in page
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        form = {"csrf_token": csrf, "version": str(store.order(order)["version"]), "owner_id": a}
        assert client.post(f"/orders/{order}/assign", data=form, follow_redirects=False).status_code == 403
    store.update_order(order, version=store.order(order)["version"], now=NOW, owner_id=held_by)
