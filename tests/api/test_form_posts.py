"""The dashboard's form posts (logout, a contact, a new order, the users page's changes): each declares its
signed-in person through ``form_allowed_to`` / ``form_signed_in``, which check the form's CSRF token before
the route does anything. A post without the session's token is refused with the styled error page and
changes nothing."""

from __future__ import annotations

import re

import pytest
from world import PASSWORD, World

from churnguard.api.access import PERMISSIONS
from churnguard.i18n import t
from churnguard.retention import open_ops
from churnguard.retention.accounts import Accounts

NEW_PASSWORD = "Copper-kettle-91-harbour"

# Every form post of the dashboard, with fields that would be accepted with the right token.
ROUTES = {
    "logout": lambda w: ("/logout", {}),
    "contact": lambda w: (
        f"/orders/{w.orders['own']}/contact",
        {"reached": "yes", "result": "accepted", "channel": "phone", "close": "yes"},
    ),
    "new_order": lambda w: (
        f"/customers/{w.lines['own']}/orders",
        {"offer_id": "priority_care", "channel": "call_centre", "due_date": "2025-07-05"},
    ),
    "add_user": lambda w: (
        "/admin/users",
        {"staff_id": "csrfnew", "name": "", "role": "agent", "region": "", "password": NEW_PASSWORD},
    ),
    "disable_user": lambda w: (f"/admin/users/{w.users['agent_b']}/disable", {}),
    "enable_user": lambda w: (f"/admin/users/{w.users['agent_b']}/enable", {}),
    "set_password": lambda w: (f"/admin/users/{w.users['agent_b']}/password", {"password": NEW_PASSWORD}),
    "set_role": lambda w: (f"/admin/users/{w.users['agent_b']}/role", {"role": "supervisor", "region": w.region}),
}


def _what_a_post_could_change(world: World) -> tuple:
    with open_ops(world.settings) as store:
        accounts = Accounts(store)
        return (
            len(store.audit_entries()),
            accounts.list(),
            accounts.verify(world.users["agent_b"], PASSWORD) is not None,  # the password unchanged
            store.order(world.orders["own"])["version"],
            len(store.contacts(world.orders["own"])),
            len(store.orders(subscriber_id=world.lines["own"])),
        )


@pytest.mark.parametrize("token", ["missing", "forged", "a file"])
@pytest.mark.parametrize("route", sorted(ROUTES))
def test_a_form_post_without_the_session_token_is_refused_and_changes_nothing(
    sqlite_world: World, route: str, token: str
) -> None:
    path, form = ROUTES[route](sqlite_world)
    app, _ = sqlite_world.app(reports=False)
    with sqlite_world.client(app) as client:
        page = client.get("/login")
        login_token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        signed = client.post(
            "/login",
            data={"username": sqlite_world.users["admin"], "password": PASSWORD, "csrf_token": login_token},
            follow_redirects=False,
        )
        assert signed.status_code == 303
        with open_ops(sqlite_world.settings) as store:
            version = store.order(sqlite_world.orders["own"])["version"]
        form = form | ({"version": str(version)} if route == "contact" else {})
        before = _what_a_post_could_change(sqlite_world)
        if token == "a file":  # a multipart field named csrf_token that is a file is no token
            reply = client.post(path, data=form, files={"csrf_token": ("t.txt", b"x")}, follow_redirects=False)
        else:
            sent = form | ({"csrf_token": "forged-token"} if token == "forged" else {})
            reply = client.post(path, data=sent, follow_redirects=False)
        assert reply.status_code == 403
        assert reply.headers["content-type"].startswith("text/html")
        assert 'id="error-back"' in reply.text and t("api.csrf", "en") in reply.text
        assert _what_a_post_could_change(sqlite_world) == before
        assert client.get("/api/v1/me").status_code == 200  # still signed in


def test_whoever_may_post_a_contact_or_an_order_may_read_the_page_it_returns_to() -> None:
    """A refused contact or order is shown on the queue or the customer's page for the person who posted it,
    without asking again for the right to read them: the permission table must grant those rights."""
    for posted in ("orders.update", "orders.create"):
        assert PERMISSIONS[posted] <= PERMISSIONS["orders.read"] & PERMISSIONS["subscribers.read"]
