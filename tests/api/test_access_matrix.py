"""Every role × every endpoint × own / other's / missing object, on SQLite and on PostgreSQL.

The expected status is stated here from the rules as a user would read them (not from the app's own
permission table): a role without the right gets 403; with it, a missing object is 404, and so is
another account manager's line or order, and a line outside a supervisor's region. Every call is
checked, and a 2xx where none was expected fails the test."""

from __future__ import annotations

import re
import statistics
import time

import pytest
from world import PASSWORD, World

from churnguard.api.serving import pseudonym

# What each role may reach at all (the rules): account managers work their own customers and
# orders; analysts analyse (no orders, masked); supervisors run campaigns in their region; admins all.
READ_ALL = {"admin", "analyst", "supervisor"}
RIGHTS = {
    "subscribers": {"admin", "analyst", "supervisor", "agent"},
    "export": READ_ALL,
    "orders": {"admin", "supervisor", "agent"},
    "campaigns": READ_ALL,
    "model": READ_ALL,
    "reports": READ_ALL,
    "segments": READ_ALL,
    "runs": READ_ALL,
    "warnings": {"admin", "analyst", "supervisor", "agent"},
    "audit": {"admin"},
    "users": {"admin"},
    "assign": {"admin", "supervisor"},
}

# (method, path template, right, object kind): {line}, {order}, {campaign}, {month} and {me} (the caller's
# own account) are filled per case.
ENDPOINTS = [
    ("GET", "/api/v1/me", None, None),
    ("GET", "/api/v1/subscribers", "subscribers", None),
    ("GET", "/api/v1/subscribers/export", "export", None),
    ("GET", "/api/v1/subscribers/{line}", "subscribers", "line"),
    ("GET", "/api/v1/subscribers/{line}/scores", "subscribers", "line"),
    ("GET", "/api/v1/subscribers/{line}/reasons", "subscribers", "line"),
    ("GET", "/api/v1/runs", "runs", None),
    ("GET", "/api/v1/segments", "segments", None),
    ("GET", "/api/v1/warnings", "warnings", None),
    ("GET", "/api/v1/work-orders", "orders", None),
    ("GET", "/api/v1/work-orders/{order}", "orders", "order"),
    ("PATCH", "/api/v1/work-orders/{order}", "orders", "order"),
    ("POST", "/api/v1/work-orders/{order}/contacts", "orders", "order"),
    ("GET", "/api/v1/campaigns", "campaigns", None),
    ("GET", "/api/v1/campaigns/{campaign}", "campaigns", "campaign"),
    ("GET", "/api/v1/model", "model", None),
    ("GET", "/api/v1/reports", "reports", None),
    ("GET", "/api/v1/reports/{month}", "reports", "month"),
    ("GET", "/api/v1/audit", "audit", None),
    # the dashboard's pages, by session cookie
    ("PAGE", "/", "subscribers", None),
    ("PAGE", "/at-risk", "subscribers", None),
    ("PAGE", "/customers/{line}", "subscribers", "line"),
    ("PAGE", "/queue", "orders", None),
    ("PAGE", "/campaigns", "campaigns", None),
    ("PAGE", "/campaigns/{campaign}", "campaigns", "campaign"),
    ("PAGE", "/model", "model", None),
    ("PAGE", "/reports", "reports", None),
    ("PAGE", "/reports/{month}.html", "reports", "month"),
    ("PAGE", "/audit", "audit", None),
    ("PAGE", "/audit/export", "audit", None),
    ("PAGE", "/admin/users", "users", None),
    # the users page's forms, posted so that an admin is refused by the rules (nothing changes): an account
    # without an id, and disabling oneself
    ("ADMIN", "/admin/users", "users", None),
    ("ADMIN", "/admin/users/{me}/disable", "users", None),
    ("FORM", "/orders/{order}/contact", "orders", "order"),
    ("NEW", "/customers/{line}/orders", "orders", "line"),
    # the queue's assign form: the order's own owner again (a change the rules allow, for whoever may
    # assign at all): supervisors and admins only
    ("ASSIGN", "/orders/{order}/assign", "assign", "order"),
    # last: revoking the token the role's calls above were made with
    ("DELETE", "/api/v1/token", None, None),
]
WHICH = ("own", "other", "missing")


def _expected(role: str, right: str | None, kind: str | None, which: str) -> int:
    if right is not None and role not in RIGHTS[right]:
        return 403
    if kind is None:
        return 200
    if which == "missing":
        return 404
    if which == "other" and kind in ("line", "order") and role in ("agent", "supervisor"):
        return 404  # another manager's line or order; for the supervisor, a line or order outside the region
    return 200


def _objects(world: World, role: str, which: str) -> dict[str, str]:
    """The ids ``role`` asks for: "other" is account manager B's for an account manager, outside the
    region for a supervisor, and simply another line or order for the rest."""
    outside = role == "supervisor" and which == "other"
    line = {"own": world.lines["own"], "other": world.lines["out_of_region" if outside else "other"]}.get(which)
    order = {"own": world.orders["own"], "other": world.orders["out_of_region" if outside else "other"]}.get(which)
    return {
        "line": world.line_id(role, "missing")
        if line is None
        else (pseudonym(world.key, line) if role == "analyst" else line),
        "order": order or "W000000000000",
        "campaign": world.campaign if which != "missing" else "C000000000000",
        "month": world.month if which != "missing" else "2019-01",
        "me": world.users[role],
    }


def _call(client, world: World, method: str, path: str, headers: dict, csrf: str, version: int, owner: str = ""):
    if method == "GET":
        return client.get(path, headers=headers)
    if method == "DELETE":
        return client.delete(path, headers=headers)
    if method == "ASSIGN":
        form = {"csrf_token": csrf, "version": str(version), "owner_id": owner}
        return client.post(path, data=form, follow_redirects=False)
    if method == "PAGE":
        return client.get(path, follow_redirects=False)
    if method == "PATCH":
        return client.patch(path, json={"version": version, "status": "in_progress"}, headers=headers)
    if method == "POST":
        body = {"version": version, "reached": False, "result": "no_answer", "status": "in_progress"}
        return client.post(path, json=body, headers=headers)
    if method == "NEW":
        form = {"csrf_token": csrf, "offer_id": "", "channel": "sms", "due_date": ""}
        return client.post(path, data=form, follow_redirects=False)
    if method == "ADMIN":
        form = {"csrf_token": csrf, "staff_id": "", "name": "", "role": "agent", "region": "", "password": ""}
        return client.post(path, data=form, follow_redirects=False)
    form = {"csrf_token": csrf, "version": str(version), "reached": "no", "result": "no_answer", "channel": "phone"}
    return client.post(path, data=form, follow_redirects=False)


def _login(client, world: World, role: str) -> str:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    reply = client.post(
        "/login",
        data={"username": world.users[role], "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert reply.status_code == 303, reply.text
    home = client.get("/at-risk")
    return re.search(r'name="csrf_token" value="([^"]+)"', home.text).group(1)


def test_every_role_reaches_exactly_what_it_may(world: World) -> None:
    app, _ = world.app(reports=True)
    unexpected, wrong = [], []
    calls = 0
    with world.client(app) as anonymous:
        for method, template, _right, _kind in ENDPOINTS:
            path = template.format(**_objects(world, "admin", "own"))
            reply = _call(anonymous, world, method, path, {}, "", 0)
            # pages and forms send the browser to /login
            want = 303 if method in ("PAGE", "FORM", "NEW", "ADMIN", "ASSIGN") else 401
            calls += 1
            if reply.status_code != want:
                wrong.append(("anonymous", method, path, reply.status_code, want))
    for role in ("admin", "analyst", "supervisor", "agent"):
        with world.client(app) as client:
            headers = world.token(client, role)
            csrf = _login(client, world, role)
            for method, template, right, kind in ENDPOINTS:
                for which in WHICH if kind else ("-",):
                    objects = _objects(world, role, which if kind else "own")
                    path = template.format(**objects)
                    version, owner = 0, ""
                    if kind == "order" and which != "missing":
                        found = app.state.churnguard.store.order(objects["order"])
                        version, owner = found["version"], found["owner_id"] or world.users["agent"]
                    reply = _call(client, world, method, path, headers, csrf, version, owner)
                    calls += 1
                    want = _expected(role, right, kind, which if kind else "own")
                    if method in ("POST",) and want == 200:
                        want = 201
                    if method in ("FORM", "ASSIGN") and want == 200:
                        want = 303
                    if method == "DELETE":
                        want = 204
                    if method == "NEW" and want == 200:
                        want = 422  # reached, but the line already has its open order: one per line
                    if method == "ADMIN" and want == 200:
                        want = 422  # reached, but refused by the accounts' rules (no id; not oneself)
                    if role == "agent" and template == "/":
                        want = 303  # an account manager's home is their queue
                    got = reply.status_code
                    if got != want:
                        (unexpected if got < 400 <= want else wrong).append((role, method, path, got, want))
    assert calls >= 297  # 37 anonymous + 4 roles × (23 collections + 14 objects × own, other, missing)
    assert unexpected == [], f"unexpected successes: {unexpected}"
    assert wrong == [], f"other differences: {wrong}"


@pytest.mark.parametrize("role", ["analyst", "supervisor", "agent"])
def test_a_real_line_id_is_no_key_for_an_analyst_and_others_lines_are_hidden(world: World, role: str) -> None:
    app, _ = world.app(reports=False)
    with world.client(app) as client:
        headers = world.token(client, role)
        listed = client.get("/api/v1/subscribers", params={"page_size": 200}, headers=headers).json()
        ids = [r["subscriber_id"] for r in listed["rows"]]
        if role == "analyst":
            # Pseudonymous ids only, and the real id of a line opens nothing.
            assert all(i.startswith("P") and len(i) == 13 for i in ids)
            assert client.get(f"/api/v1/subscribers/{world.lines['own']}", headers=headers).status_code == 404
        elif role == "agent":
            assert world.lines["own"] in ids and world.lines["other"] not in ids
            assert listed["total"] < 600
        else:
            assert all(r["county"] == world.region for r in listed["rows"])
            assert world.lines["out_of_region"] not in ids
        if role in ("supervisor", "agent"):  # the work-order list is scoped the same way
            got, page = set(), 1
            while True:
                rows = client.get("/api/v1/work-orders", params={"page": page, "page_size": 100}, headers=headers)
                rows = rows.json()["rows"]
                got |= {o["order_id"] for o in rows}
                if len(rows) < 100:
                    break
                page += 1
            hidden = world.orders["out_of_region" if role == "supervisor" else "other"]
            assert world.orders["own"] in got and hidden not in got


def _rows_found(client, params: dict, headers: dict) -> dict:
    reply = client.get("/api/v1/subscribers", params=params, headers=headers)
    assert reply.status_code == 200, reply.text
    return reply.json()


def test_an_analysts_search_never_matches_a_real_line_id(world: World) -> None:
    app, _ = world.app(reports=False)
    with world.client(app) as client:
        analyst = world.token(client, "analyst")
        real = [str(s) for s in app.state.churnguard.snapshot().serving.lines["subscriber_id"][:300]]
        # Each of 300 real line ids, and prefixes of them, finds nothing: no id is mapped to its pseudonym.
        assert [_rows_found(client, {"q": sid}, analyst)["total"] for sid in real] == [0] * 300
        assert _rows_found(client, {"q": "S"}, analyst)["total"] == 0
        assert _rows_found(client, {"q": real[0][:5]}, analyst)["total"] == 0
        # The ids the analyst is shown are found.
        own = pseudonym(world.key, real[0])
        found = _rows_found(client, {"q": own}, analyst)
        assert found["total"] == 1 and found["rows"][0]["subscriber_id"] == own
        # The dashboard's list searches the same way.
        _login(client, world, "analyst")
        assert 'href="/customers/' not in client.get("/at-risk", params={"q": real[0]}).text
        assert f'href="/customers/{own}"' in client.get("/at-risk", params={"q": own}).text


def test_a_line_out_of_scope_is_searched_like_a_line_that_does_not_exist(world: World) -> None:
    app, _ = world.app(reports=False)
    with world.client(app) as client:
        supervisor = world.token(client, "supervisor")
        outside, missing = world.lines["out_of_region"], world.line_id("supervisor", "missing")
        hidden = client.get("/api/v1/subscribers", params={"q": outside}, headers=supervisor)
        absent = client.get("/api/v1/subscribers", params={"q": missing}, headers=supervisor)
        assert hidden.status_code == absent.status_code == 200
        assert hidden.content == absent.content and hidden.json()["total"] == 0
        assert _rows_found(client, {"q": world.lines["own"]}, supervisor)["total"] == 1
        # The line itself: the same 404, word for word.
        one = client.get(f"/api/v1/subscribers/{outside}", headers=supervisor)
        other = client.get(f"/api/v1/subscribers/{missing}", headers=supervisor)
        assert one.status_code == other.status_code == 404 and one.content == other.content
        # And in about the same time: each search is asked once (nothing cached), out of scope or unknown.
        serving = app.state.churnguard.snapshot().serving
        lines = serving.lines
        others = [
            str(s)
            for s in lines.loc[(lines["county"] != world.region) & (lines["city"] != world.region)]["subscriber_id"][
                :40
            ]
        ]
        nowhere = [f"S9{n:07d}" for n in range(40)]
        timings: dict[str, list[float]] = {"outside": [], "missing": []}
        for out, gone in zip(others, nowhere, strict=True):
            for label, sid in (("outside", out), ("missing", gone)):
                start = time.perf_counter()
                reply = client.get("/api/v1/subscribers", params={"q": sid}, headers=supervisor)
                timings[label].append(time.perf_counter() - start)
                assert reply.json()["total"] == 0
        ratio = statistics.median(timings["outside"]) / statistics.median(timings["missing"])
        assert 0.5 < ratio < 2.0, timings
